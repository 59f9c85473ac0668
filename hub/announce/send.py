"""Delivery: the only code of hub that talks to the network (urllib for webhooks, smtplib for mail)."""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from hub.announce.fit import encode
from hub.errors import HubError

TIMEOUT = 20.0
"""Seconds before a webhook or an SMTP server that does not answer counts as failed."""
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class DeliveryError(HubError):
    """A target did not take its message; the text never holds the secret. `refused`: the server answered and
    turned this message down (another message may still go); otherwise it could not be reached at all."""

    exit_code = 1

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


def secret_parts(secret: str) -> list[str]:
    """The secret and every piece of it that could identify it: password, path, query values (not the user name)."""
    parts = {secret, unquote(secret)}
    split = urlsplit(secret)
    parts |= {p for p in (split.password, split.path, split.query) if p}
    parts |= {unquote(p) for p in parts}
    parts |= {value for _, value in parse_qsl(split.query) if len(value) >= 6}
    # Path pieces that look like ids or tokens (Slack's T…/B…/…, a workflow's id), not words like `services`.
    parts |= {piece for piece in split.path.split("/") if len(piece) >= 16 or any(c.isdigit() for c in piece)}
    return sorted((p for p in parts if len(p) >= 4 and p != "/"), key=len, reverse=True)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every piece of every secret replaced by `***`."""
    for secret in secrets:
        for part in secret_parts(secret):
            text = text.replace(part, "***")
    return text


def _loopback(host: str | None) -> bool:
    if host is None:
        return False
    if host.lower() in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def webhook_problem(url: str) -> str | None:
    """Why a webhook address must not be used (None when it may): its secret travels in its path or query, so
    only https:// leaves this machine; http:// is for a server on loopback (tests, a local relay)."""
    try:
        split = urlsplit(url)
        host = split.hostname
    except ValueError:
        return "is not a URL; write the address the channel gave, starting with https://"
    if split.scheme == "https" and host:
        return None
    if split.scheme == "http" and _loopback(host):
        return None
    if split.scheme == "http":
        return ("starts with http://, so its secret would travel in clear; "
                "use the https:// address (http:// is refused except to this machine)")
    return "must start with https://"


def post_json(url: str, payload: dict[str, Any]) -> None:
    """POST `payload` as JSON; DeliveryError (scrubbed) unless the webhook answers 2xx within TIMEOUT."""
    problem = webhook_problem(url)
    if problem:
        raise DeliveryError(f"the webhook address {problem}")
    body = encode(payload)
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "hub"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 - scheme checked above
            response.read()
    except urllib.error.HTTPError as exc:
        raise DeliveryError(scrub(f"the webhook answered HTTP {exc.code} {exc.reason}", [url]), refused=True) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            raise DeliveryError(f"the webhook did not answer within {TIMEOUT:g} s") from None
        raise DeliveryError(scrub(f"the webhook could not be reached: {reason}", [url])) from None


def _smtp(url: str) -> smtplib.SMTP:
    split = urlsplit(url)
    if split.scheme not in ("smtp", "smtps") or not split.hostname:
        raise DeliveryError("the SMTP URL must be smtp://user:password@host:587 (STARTTLS) or smtps://…@host:465")
    context = ssl.create_default_context()
    if split.scheme == "smtps":
        return smtplib.SMTP_SSL(split.hostname, split.port or 465, timeout=TIMEOUT, context=context)
    client = smtplib.SMTP(split.hostname, split.port or 587, timeout=TIMEOUT)
    try:
        client.starttls(context=context)  # refuses to go on in clear text when the server offers no TLS
    except BaseException:
        client.close()
        raise
    return client


def send_mail(url: str, message: EmailMessage) -> None:
    """Send `message` through the server of the SMTP URL, over TLS; DeliveryError (scrubbed) on any failure."""
    split = urlsplit(url)
    try:
        client = _smtp(url)
        with client:
            if split.username:
                client.login(unquote(split.username), unquote(split.password or ""))
            client.send_message(message)
    except DeliveryError:
        raise
    except (TimeoutError, smtplib.SMTPException, ssl.SSLError, OSError, ValueError) as exc:
        raise DeliveryError(scrub(f"the SMTP server refused or failed: {exc.__class__.__name__}: {exc}", [url])) from None
