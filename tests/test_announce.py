"""`hub announce`: config checked by `hub check`, state across runs, real webhook and SMTP servers on loopback."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

SMTP_USER, SMTP_PASSWORD = "hub-mailer", "s3cret-Pa55word"
SITE = "https://intranet.example/comms/hub/"
TEAMS_TOKEN, SLACK_TOKEN = "teamsSIG0123456789secret", "T000/B000/slackXYZsecret42"
TARGETS = """\
    announce:
      - name: teams-engineering
        kind: teams
        webhook_env: HUB_TEAMS_ENG
        topics: [engineering]
      - name: slack-everything
        kind: slack
        webhook_env: HUB_SLACK_ALL
      - name: digest-everyone
        kind: email
        smtp_env: HUB_SMTP
        from: "Comms <comms@example.com>"
        to: [everyone@example.com]
        contact: "Comms team <comms-team@example.com>"
        every: week
"""
HALYARD, FATIGUE, BENCHMARK = "halyard-integration-one-year", "fatigue-insights-claims", "scheduling-benchmark-paper"
KEYBOARD = "keyboard-navigation"


def configure(project: Path, targets: str = TARGETS) -> None:
    """Put `targets` under extra.hub in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n  hub:\n", "\n  hub:\n" + targets, 1), encoding="utf-8")


@pytest.fixture
def announcing(project: Path, webhooks: Webhooks, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example project with three targets, their secrets in the environment, pointing at loopback."""
    configure(project)
    monkeypatch.setenv("HUB_TEAMS_ENG", f"{webhooks.base}/teams/{TEAMS_TOKEN}?sig={TEAMS_TOKEN}")
    monkeypatch.setenv("HUB_SLACK_ALL", f"{webhooks.base}/services/{SLACK_TOKEN}")
    monkeypatch.setenv("HUB_SMTP", f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{mailbox.port}")
    return project


def secrets() -> list[str]:
    return [TEAMS_TOKEN, SLACK_TOKEN, SMTP_PASSWORD, "slackXYZsecret42"]


def run(hub: Callable[..., Result], now: str, *extra: str) -> Result:
    result = hub("announce", "--now", now, "--state", "state.json", *extra)
    for secret in secrets():
        assert secret not in result.output, f"a secret was printed:\n{result.output}"
    state = Path("state.json")
    if state.is_file():
        assert not any(secret in state.read_text(encoding="utf-8") for secret in secrets())
    return result


def teams_path() -> str:
    return f"/teams/{TEAMS_TOKEN}?sig={TEAMS_TOKEN}"


SLACK_PATH = f"/services/{SLACK_TOKEN}"


def card_urls(webhooks: Webhooks) -> list[str]:
    return [body["attachments"][0]["content"]["actions"][0]["url"] for body in webhooks.bodies(teams_path())]


def slack_urls(webhooks: Webhooks) -> list[str]:
    """The "Open the idea" button of each Slack message (the last actions block; guidelines come before it)."""
    return [[block for block in body["blocks"] if block["type"] == "actions"][-1]["elements"][0]["url"]
            for body in webhooks.bodies(SLACK_PATH)]


def mails(mailbox: Mailbox) -> list[EmailMessage]:
    parsed = [email.message_from_bytes(raw, policy=email.policy.default) for _, _, raw in mailbox.messages]
    return [message for message in parsed if isinstance(message, EmailMessage)]


def url(slug: str) -> str:
    return f"{SITE}ideas/{slug}/"


# -- real servers on loopback: a webhook recorder, and aiosmtpd with STARTTLS or TLS ---------


@dataclass
class Webhooks:
    """What the webhook server received, by path; `fail_once` paths answer 500 the next time only."""

    base: str = ""
    calls: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)
    fail_once: set[str] = field(default_factory=set)
    judge: Callable[[str, dict[str, Any], bytes], int] | None = None
    """Like a real channel: the HTTP status for a body (path, JSON, raw bytes); a refused body is not recorded."""

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [body for called, body, _ in self.calls if called == path]


@pytest.fixture
def webhooks() -> Iterator[Webhooks]:
    """An HTTP server on 127.0.0.1 that records each JSON POST (path, body, content type)."""
    record = Webhooks()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                payload = json.loads(body)
                failing = self.path in record.fail_once
                record.fail_once.discard(self.path)
                status = 500 if failing else record.judge(self.path, payload, body) if record.judge else 202
                if status < 300:
                    record.calls.append((self.path, payload, self.headers.get("Content-Type", "")))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    record.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (cert, key), made with the openssl command."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("the SMTP tests need the openssl command: apt-get install openssl")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


@dataclass
class Mailbox:
    """What the SMTP server accepted: (mail from, recipients, raw message bytes)."""

    port: int = 0
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def smtp_server(certificate: tuple[Path, Path], *, implicit_tls: bool) -> Iterator[Mailbox]:
    """aiosmtpd on 127.0.0.1, requiring TLS (STARTTLS, or TLS from the start) and a login."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    box = Mailbox(port=_free_port())
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            box.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
            return "250 OK"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (SMTP_USER.encode(), SMTP_PASSWORD.encode())
        if ok:
            box.logins.append(SMTP_USER)
        return AuthResult(success=ok, handled=False, message=None if ok else "535 5.7.8 Authentication credentials invalid")

    # With TLS from the first byte, aiosmtpd cannot tell the link is encrypted: it would hide AUTH.
    tls = ({"ssl_context": context, "auth_require_tls": False} if implicit_tls
           else {"tls_context": context, "require_starttls": True})
    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port, authenticator=authenticate,
                            auth_required=True, auth_exclude_mechanism=["LOGIN"], **tls)  # type: ignore[arg-type]
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def mailbox(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """An SMTP server with STARTTLS on port 587's rules; hub trusts its certificate through SSL_CERT_FILE."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    yield from smtp_server(certificate, implicit_tls=False)


@pytest.fixture
def tls_mailbox(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """An SMTP server speaking TLS from the first byte (smtps://, port 465's rules)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    yield from smtp_server(certificate, implicit_tls=True)


# -- configuration ---------------------------------------------------------------------------


BAD_TARGETS = """\
    announce:
      - name: Teams Eng
        kind: teams
        webhook_env: https://example.webhook.office.com/secret
        topics: [enginering]
      - name: mail
        kind: email
        smtp_env: HUB_SMTP
        to: []
        every: month
        sensitivty: [open]
      - name: mail
        kind: pigeon
"""


def test_hub_check_reports_every_announce_problem_with_its_key(project: Path, hub: Callable[..., Result]) -> None:
    configure(project, BAD_TARGETS)
    result = hub("check")
    assert result.exit_code == 2, result.output
    out = result.output
    expected = [
        "extra.hub.announce[0] (Teams Eng).name:",
        "extra.hub.announce[0] (Teams Eng).webhook_env: 'https://example.webhook.office.com/secret' is not an environment",
        "extra.hub.announce[0] (Teams Eng).topics: unknown value 'enginering'; did you mean \"engineering\"?",
        "extra.hub.announce[1] (mail).from: required",
        "extra.hub.announce[1] (mail).to: required",
        "extra.hub.announce[1] (mail).every: 'month' is not one of day, week",
        "extra.hub.announce[1] (mail).sensitivty: unknown key for a email; did you mean \"sensitivity\"?",
        "extra.hub.announce[2] (mail).kind: 'pigeon' is not one of teams, slack, email",
    ]
    for line in expected:
        assert line in out, f"missing {line!r} in:\n{out}"
    assert "mkdocs.yml: " in out


def test_announce_with_a_bad_config_is_a_usage_error(project: Path, hub: Callable[..., Result]) -> None:
    configure(project, BAD_TARGETS)
    result = hub("announce", "--dry-run")
    assert result.exit_code == 2
    assert "enginering" in result.output


@pytest.mark.parametrize("since", ["24", "1w", "0h", "soon"])
def test_a_wrong_since_is_a_usage_error(announcing: Path, hub: Callable[..., Result], since: str) -> None:
    result = hub("announce", "--dry-run", "--since", since)
    assert result.exit_code == 2 and "--since" in result.output


def test_a_missing_secret_with_nothing_due_is_a_warning(announcing: Path, hub: Callable[..., Result],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUB_SLACK_ALL")
    result = run(hub, "2026-11-20T09:00:00+01:00", "--since", "1h")
    assert result.exit_code == 0, result.output
    assert "slack-everything: warning: the environment variable HUB_SLACK_ALL is empty or not set" in result.output


def test_no_targets_means_nothing_to_do(project: Path, hub: Callable[..., Result]) -> None:
    result = hub("announce", "--now", "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 0 and "no targets" in result.output


# -- runs across time ------------------------------------------------------------------------


def test_first_run_sends_only_what_went_live_within_since(announcing: Path, hub: Callable[..., Result],
                                                          webhooks: Webhooks, mailbox: Mailbox) -> None:
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 0, result.output
    # Halyard went live 21 hours before; fatigue (3 days) and older ones are before the 24h window.
    assert card_urls(webhooks) == [url(HALYARD)]
    assert slack_urls(webhooks) == [url(HALYARD)]
    [digest] = mails(mailbox)
    assert url(HALYARD) in digest.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert url(FATIGUE) not in digest.as_string()


def test_no_state_with_a_wider_since_window(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks) -> None:
    assert run(hub, "2026-11-20T09:00:00+01:00", "--since", "7d").exit_code == 0
    assert set(slack_urls(webhooks)) == {url(HALYARD), url(FATIGUE)}, "the benchmark paper is 7 days and 17 hours old"
    assert slack_urls(webhooks) == [url(FATIGUE), url(HALYARD)], "oldest first"
    assert card_urls(webhooks) == [url(HALYARD)], "fatigue has no engineering topic"


def test_repeat_sends_nothing_then_new_ideas_go_once(announcing: Path, hub: Callable[..., Result],
                                                     webhooks: Webhooks, mailbox: Mailbox) -> None:
    assert run(hub, "2026-11-20T09:00:00+01:00").exit_code == 0
    first = len(webhooks.calls), len(mailbox.messages)
    again = run(hub, "2026-11-20T09:00:00+01:00")
    assert again.exit_code == 0, again.output
    assert (len(webhooks.calls), len(mailbox.messages)) == first, "re-running the same deploy sends nothing"
    assert "handled already" in again.output
    later = run(hub, "2026-12-04T09:00:00+01:00")  # keyboard-navigation went live on 3 December
    assert later.exit_code == 0, later.output
    assert card_urls(webhooks) == [url(HALYARD), url(KEYBOARD)]
    assert slack_urls(webhooks) == [url(HALYARD), url(KEYBOARD)]
    assert len(mailbox.messages) == 2
    assert url(KEYBOARD) in mails(mailbox)[1].as_string() and url(HALYARD) not in mails(mailbox)[1].as_string()
    state = json.loads(Path("state.json").read_text(encoding="utf-8"))
    assert state["targets"]["digest-everyone"]["digest"]["period"] == "2026-W49"
    preview = run(hub, "2026-12-04T10:00:00+01:00", "--dry-run")
    assert "=== teams-engineering (teams, secret in $HUB_TEAMS_ENG: set): 0 ideas due ===" in preview.output, \
        "a dry run reads the state: it shows what the next run would really send"
    assert json.loads(Path("state.json").read_text(encoding="utf-8")) == state, "and does not change it"


def test_a_week_of_missed_runs_catches_up_without_duplicates(announcing: Path, hub: Callable[..., Result],
                                                             webhooks: Webhooks, mailbox: Mailbox) -> None:
    assert run(hub, "2026-11-13T09:00:00+01:00").exit_code == 0  # the benchmark paper went live the day before
    assert slack_urls(webhooks) == [url(BENCHMARK)]
    assert run(hub, "2026-11-20T09:00:00+01:00").exit_code == 0  # a week later: no run in between
    assert slack_urls(webhooks) == [url(BENCHMARK), url(FATIGUE), url(HALYARD)]
    digests = [message.get_body(("plain",)).get_content() for message in mails(mailbox)]  # type: ignore[union-attr]
    assert len(digests) == 2, "one digest a week"
    assert url(BENCHMARK) in digests[0] and url(FATIGUE) in digests[1] and url(HALYARD) in digests[1]
    assert url(BENCHMARK) not in digests[1]
    assert mails(mailbox)[1]["Subject"] == "Speak in your own voice: 2 new story ideas"


def test_a_failing_target_is_retried_next_run_while_others_go(announcing: Path, hub: Callable[..., Result],
                                                              webhooks: Webhooks, mailbox: Mailbox) -> None:
    webhooks.fail_once.add(SLACK_PATH)
    failed = run(hub, "2026-11-20T09:00:00+01:00")
    assert failed.exit_code == 1, failed.output
    assert "slack-everything: FAILED: the webhook answered HTTP 500" in failed.output
    assert card_urls(webhooks) == [url(HALYARD)] and len(mailbox.messages) == 1, "the other targets still went"
    assert slack_urls(webhooks) == []
    retried = run(hub, "2026-11-20T10:00:00+01:00")
    assert retried.exit_code == 0, retried.output
    assert slack_urls(webhooks) == [url(HALYARD)]
    assert card_urls(webhooks) == [url(HALYARD)] and len(mailbox.messages) == 1, "no duplicate elsewhere"


def test_an_unreachable_smtp_server_fails_its_target_without_the_password(
        announcing: Path, hub: Callable[..., Result], webhooks: Webhooks, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_SMTP", f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:9")
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 1
    assert "digest-everyone: FAILED: the SMTP server refused or failed" in result.output
    assert card_urls(webhooks) == [url(HALYARD)]


def test_a_wrong_smtp_password_is_named_without_the_secret(
        announcing: Path, hub: Callable[..., Result], mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_SMTP", f"smtp://{SMTP_USER}:{SMTP_PASSWORD}x@127.0.0.1:{mailbox.port}")
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 1 and "SMTPAuthenticationError" in result.output
    assert mailbox.messages == []


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server on loopback that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()


@pytest.mark.parametrize("variable", ["HUB_SLACK_ALL", "HUB_SMTP"])
def test_a_target_that_does_not_answer_times_out_and_fails_alone(
        announcing: Path, hub: Callable[..., Result], webhooks: Webhooks, mailbox: Mailbox, silent_server: str,
        monkeypatch: pytest.MonkeyPatch, variable: str) -> None:
    from hub.announce import send

    monkeypatch.setattr(send, "TIMEOUT", 0.5)
    silent = (f"http://{silent_server}/services/{SLACK_TOKEN}" if variable == "HUB_SLACK_ALL"
              else f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@{silent_server}")
    monkeypatch.setenv(variable, silent)
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 1, result.output
    if variable == "HUB_SLACK_ALL":
        assert "slack-everything: FAILED: the webhook did not answer within 0.5 s" in result.output
        assert len(mailbox.messages) == 1
    else:
        assert "digest-everyone: FAILED: the SMTP server refused or failed" in result.output
        assert slack_urls(webhooks) == [url(HALYARD)]
    assert card_urls(webhooks) == [url(HALYARD)]


def test_a_valid_announce_section_passes_hub_check(announcing: Path, hub: Callable[..., Result]) -> None:
    result = hub("check", "--now", "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("secret", "hidden"), [
    ("https://prod-01.westeurope.logic.azure.com:443/workflows/0a1b2c3d/triggers/manual/paths/invoke"
     "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Zx9SIGNATUREvalue", ["Zx9SIGNATUREvalue", "0a1b2c3d"]),
    ("https://hooks.slack.com/services/T01ABC/B02DEF/xoxSecretPart99", ["xoxSecretPart99", "T01ABC/B02DEF"]),
    ("smtp://mailer:p%40ss%3Aw0rd@smtp.example.com:587", ["p@ss:w0rd", "p%40ss%3Aw0rd"]),
])
def test_scrub_hides_every_piece_of_a_secret(secret: str, hidden: list[str]) -> None:
    from hub.announce.send import scrub

    text = f"failed for {secret} (token {hidden[0]}; {hidden[1]})"
    cleaned = scrub(text, [secret])
    assert all(piece not in cleaned for piece in [secret, *hidden]), cleaned
    assert cleaned.startswith("failed for ***")


def test_a_missing_secret_fails_that_target_only(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUB_TEAMS_ENG")
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 1
    assert "teams-engineering: FAILED: the environment variable HUB_TEAMS_ENG is empty or not set" in result.output
    assert slack_urls(webhooks) == [url(HALYARD)]


def test_dry_run_prints_every_target_and_sends_nothing(announcing: Path, hub: Callable[..., Result],
                                                       webhooks: Webhooks, mailbox: Mailbox) -> None:
    result = run(hub, "2026-11-20T09:00:00+01:00", "--dry-run", "--since", "7d")
    assert result.exit_code == 0, result.output
    assert webhooks.calls == [] and mailbox.messages == [] and not Path("state.json").exists()
    out = result.output
    assert "=== teams-engineering (teams, secret in $HUB_TEAMS_ENG: set): 1 idea due ===" in out
    assert "=== slack-everything (slack, secret in $HUB_SLACK_ALL: set): 2 ideas due ===" in out
    assert "Subject: Speak in your own voice: 2 new story ideas" in out
    assert "Open the idea: " + url(HALYARD) in out
    assert "Ask first: talk to Julien Ferrand, Legal (julien.ferrand@example.com)" in out
    assert "Dry run: nothing was sent" in out


# -- what the messages say -------------------------------------------------------------------


def test_slack_blocks_field_by_field(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks) -> None:
    assert run(hub, "2026-11-20T09:00:00+01:00").exit_code == 0
    [(path, body, content_type)] = [call for call in webhooks.calls if call[0] == SLACK_PATH]
    assert content_type == "application/json; charset=utf-8"
    assert body["text"] == "New story idea: One year of the Halyard time-clock integration"
    assert body["unfurl_links"] is False and body["unfurl_media"] is False
    assert body["mrkdwn"] is False, "the top-level text is the notification: no formatting from the title"
    blocks = body["blocks"]
    assert [b["type"] for b in blocks] == ["context", "header", "section", "section", "actions", "section", "section",
                                           "actions", "context"]
    assert blocks[1]["text"] == {"type": "plain_text", "text": "One year of the Halyard time-clock integration"}
    assert blocks[2]["text"]["type"] == "plain_text" and blocks[2]["text"]["text"].startswith("Our integration with Halyard")
    assert blocks[3]["text"] == {"type": "plain_text", "text": "Ask first: talk to Julien Ferrand, Legal "
                                 "(julien.ferrand@example.com) before you post anything about it."}
    assert blocks[4]["elements"] == [
        {"type": "button", "text": {"type": "plain_text", "text": "What stays confidential"},
         "url": f"{SITE}charter/confidential/"},
        {"type": "button", "text": {"type": "plain_text", "text": "Regulated and sensitive topics"},
         "url": f"{SITE}charter/sensitive-topics/"}]
    assert blocks[5]["text"] == {"type": "mrkdwn", "text": "*Questions to start from*"}, "hub's own words only"
    angles = blocks[6]["text"]["text"].splitlines()
    assert blocks[6]["text"]["type"] == "plain_text" and len(angles) == 2
    assert all(line.startswith("• ") and line.endswith("?") for line in angles)
    [button] = blocks[7]["elements"]
    assert button == {"type": "button", "text": {"type": "plain_text", "text": "Open the idea"}, "url": url(HALYARD)}
    assert blocks[8]["elements"][0]["text"].startswith("Optional:")


def test_french_ideas_speak_french_with_vos_mots(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks) -> None:
    # meetup-python-nantes went live on 15 October at 18:30.
    assert run(hub, "2026-10-16T09:00:00+02:00").exit_code == 0
    [body] = webhooks.bodies(SLACK_PATH)
    text = json.dumps(body, ensure_ascii=False)
    assert body["text"] == "Nouvelle idée de sujet : Retour sur notre talk au meetup Python de Nantes"
    assert "Facultatif" in text and "vos mots" in text and "Ouvrir l’idée" in text
    assert "Des questions pour commencer" in text and "Optional" not in text


def test_slack_text_from_content_cannot_mention_or_link(announcing: Path, hub: Callable[..., Result],
                                                         webhooks: Webhooks) -> None:
    idea = announcing / "content" / "ideas" / "2026" / f"{HALYARD}.md"
    text = idea.read_text(encoding="utf-8")
    idea.write_text(text.replace("summary: Our integration", "summary: <!channel> <https://evil.example|x> & Our integration"),
                    encoding="utf-8")
    assert run(hub, "2026-11-20T09:00:00+01:00").exit_code == 0
    [body] = webhooks.bodies(SLACK_PATH)
    summary = body["blocks"][2]["text"]["text"]
    assert "<!channel>" not in summary and "<https://evil" not in summary and "&amp;" in summary


def test_no_tracking_and_no_ready_made_post(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks,
                                            mailbox: Mailbox) -> None:
    assert run(hub, "2026-11-20T09:00:00+01:00", "--since", "7d").exit_code == 0
    everything = json.dumps([body for _, body, _ in webhooks.calls]) + mails(mailbox)[0].as_string()
    for word in ("utm_", "pixel", "<img", "copy this", "share?", "intent/tweet", "Disposition-Notification-To"):
        assert word.lower() not in everything.lower(), word
    assert set(card_urls(webhooks)) <= {url(HALYARD), url(FATIGUE)}


def test_the_digest_is_accessible_multipart_mail(announcing: Path, hub: Callable[..., Result], mailbox: Mailbox) -> None:
    assert run(hub, "2026-11-20T09:00:00+01:00", "--since", "7d").exit_code == 0
    [(sender, recipients, _)] = mailbox.messages
    assert sender == "comms@example.com" and recipients == ["everyone@example.com"]
    assert mailbox.logins == [SMTP_USER], "logged in over STARTTLS"
    [message] = mails(mailbox)
    assert message.get_content_type() == "multipart/alternative"
    assert message["From"] == "Comms <comms@example.com>" and message["To"] == "everyone@example.com"
    assert message["List-Unsubscribe"] == "<mailto:comms-team@example.com?subject=unsubscribe>"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert text.startswith("2 new story ideas\n")
    assert "To stop getting it, write to Comms team <comms-team@example.com>." in text
    assert "because your address is on the Speak in your own voice list (everyone@example.com)" in text
    assert text.count("Optional: ") == 2 and text.count("Questions to start from") == 2
    assert '<html lang="en">' in html and html.count("<h1") == 1 and html.count("<h2") == 2 and "<h3" in html
    assert f'<a href="{url(HALYARD)}">Open the idea: One year of the Halyard time-clock integration</a>' in html
    assert "Comms team &lt;comms-team@example.com&gt;" in html
    assert "<script" not in html and "<img" not in html


def test_smtps_sends_over_tls_from_the_first_byte(announcing: Path, hub: Callable[..., Result], tls_mailbox: Mailbox,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_SMTP", f"smtps://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{tls_mailbox.port}")
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 0, result.output
    assert len(tls_mailbox.messages) == 1 and tls_mailbox.logins == [SMTP_USER]


def test_the_state_file_is_documented_json(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks) -> None:
    assert run(hub, "2026-11-20T09:00:00+01:00").exit_code == 0
    state: dict[str, Any] = json.loads(Path("state.json").read_text(encoding="utf-8"))
    assert state["version"] == 1 and list(state["targets"]) == sorted(state["targets"])
    teams = state["targets"]["teams-engineering"]
    assert list(teams["sent"].values()) == ["2026-11-20T09:00:00+01:00"]
    assert len(teams["seen"]) == 11, "every other live idea is seen, so it never goes later"
    assert not list(Path(".").glob(".state.json.*")), "no temporary file left"


def test_a_broken_state_file_is_a_usage_error(announcing: Path, hub: Callable[..., Result], webhooks: Webhooks) -> None:
    Path("state.json").write_text("{not json", encoding="utf-8")
    result = run(hub, "2026-11-20T09:00:00+01:00")
    assert result.exit_code == 2 and "delete it to start afresh" in result.output
    assert webhooks.calls == []


# -- the deploy workflow -----------------------------------------------------------------------


def announce_job() -> dict[str, Any]:
    from tests.test_workflows import workflow

    job: dict[str, Any] = workflow("deploy.yml")["jobs"]["announce"]
    return job


def test_deploy_announces_after_a_successful_deploy_only_and_keeps_the_state() -> None:
    job = announce_job()
    assert job["needs"] == ["build", "deploy"] and job["if"] == "needs.deploy.result == 'success'"
    assert job["permissions"] == {"contents": "read"}
    steps = job["steps"]
    names = [str(step.get("uses", step.get("run", ""))).split("@")[0] for step in steps]
    restore, save = names.index("actions/cache/restore"), names.index("actions/cache/save")
    [announce] = [i for i, step in enumerate(steps) if "hub announce" in str(step.get("run", ""))]
    assert restore < announce < save
    assert steps[save]["if"] == "always()", "keep what went even when a target failed"
    key = "hub-announce-${{ github.run_id }}-${{ github.run_attempt }}"
    assert steps[restore]["with"] == {"path": ".hub/announce-state.json", "key": key, "restore-keys": "hub-announce-"}
    assert steps[save]["with"] == {"path": ".hub/announce-state.json", "key": key}
    assert "--state .hub/announce-state.json" in steps[announce]["run"]
    env = steps[announce]["env"]
    assert env["NOW"] == "${{ needs.build.outputs.now }}"
    secrets_env = {k: v for k, v in env.items() if k not in ("NOW", "BASE_URL")}
    assert secrets_env and all(v == f"${{{{ secrets.{k} }}}}" for k, v in secrets_env.items())


@pytest.mark.parametrize("base_url", ["", "https://example-org.github.io/hub"])
def test_the_announce_step_runs_as_written(tmp_path: Path, webhooks: Webhooks, base_url: str) -> None:
    """The step's script, on the example with one target pointing at loopback, twice: the second sends nothing."""
    from tests.conftest import copy_project
    from tests.test_workflows import run_step

    project = copy_project(tmp_path / "project")
    configure(project, "    announce:\n      - {name: slack-fr, kind: slack, webhook_env: HUB_SLACK_FR, languages: [fr]}\n")
    [step] = [step for step in announce_job()["steps"] if "hub announce" in str(step.get("run", ""))]
    import os
    import sys
    env = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
           "NO_MKDOCS_2_WARNING": "1"}
    context = {"needs.build.outputs.now": "2026-10-16T07:00:00Z", "needs.build.outputs.base_url": base_url,
               **{f"secrets.{name}": "" for name in step["env"] if name not in ("NOW", "BASE_URL")}}
    context["secrets.HUB_SLACK_FR"] = f"{webhooks.base}/services/{SLACK_TOKEN}"
    for _ in range(2):
        done = run_step(step, project, env=env, context=context)
        assert done.returncode == 0, done.stdout + done.stderr
        assert SLACK_TOKEN not in done.stdout + done.stderr
    expected = (base_url.rstrip("/") + "/" if base_url else SITE) + "ideas/meetup-python-nantes/"
    assert slack_urls(webhooks) == [expected]
    assert (project / ".hub" / "announce-state.json").is_file()
