"""The email digest of one target: multipart plain text and HTML, the same for every reader."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from markupsafe import Markup

from hub.announce.config import Target
from hub.announce.context import IdeaView
from hub.announce.templates import render
from hub.render.typography import typeset


def _headers(message: EmailMessage, target: Target, subject: str, now: datetime) -> None:
    sender = parseaddr(target.sender)[1]
    contact = parseaddr(target.contact)[1] or sender
    message["Subject"] = subject
    message["From"] = target.sender
    message["To"] = ", ".join(target.to)
    message["Date"] = format_datetime(now.astimezone(UTC))
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    message["Message-ID"] = f"<hub-announce.{target.name}.{stamp}@{sender.rpartition('@')[2]}>"
    message["Content-Language"] = target.language
    message["Auto-Submitted"] = "auto-generated"
    # A plain mailto: the reader writes to a person; no per-reader link, nothing to track.
    message["List-Unsubscribe"] = f"<mailto:{contact}?subject=unsubscribe>"


def email_digest(theme: Path, site: str, target: Target, ideas: list[IdeaView], now: datetime) -> EmailMessage:
    """The digest of `ideas`: the chrome in the target's language, each idea in its own."""
    lang = target.language
    words = {"site": site, "to": ", ".join(target.to), "contact": target.contact}
    subject = render(theme, "email_subject.txt", lang, ideas=ideas, site=site).strip()
    text = render(theme, "email.txt", lang, subject=subject, **words,
                  sections=[render(theme, "idea.txt", idea.lang, idea=idea).strip() for idea in ideas])
    html = render(theme, "email.html", lang, subject=subject, **words,
                  sections=[Markup(render(theme, "idea.html", idea.lang, idea=idea)) for idea in ideas])
    message = EmailMessage()
    message.set_content(text)
    html = typeset(html, lang)  # French typography in HTML only
    message.add_alternative(html, subtype="html")
    # The same digest, the same bytes: a boundary from the parts, not a random one (a dry run shows what is sent).
    message.set_boundary("=_hub_" + hashlib.sha256((text + "\0" + html).encode("utf-8")).hexdigest()[:32])
    _headers(message, target, subject, now)  # after the parts: making them moves Content-* headers into the first
    return message
