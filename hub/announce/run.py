"""One `hub announce` run: for each target, what is due, sent or previewed, and the state kept."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from hub.announce.config import Kind, Target, announce_targets
from hub.announce.context import IdeaView, idea_view
from hub.announce.email import email_digest
from hub.announce.send import DeliveryError, post_json, scrub, send_mail
from hub.announce.slack import slack_message
from hub.announce.state import TargetState, load_state, save_state
from hub.announce.targets import after_digest, after_run, digest_due, due_ideas, period
from hub.announce.teams import teams_message
from hub.announce.templates import render
from hub.config import SiteConfig
from hub.errors import ContentError
from hub.models import Idea
from hub.plan import SitePlan, make_plan
from hub.themes import ThemeDirs

Echo = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Run:
    """What one run works with: the plan at `now`, the window for targets without state, the secrets."""

    plan: SitePlan
    now: datetime
    since: timedelta
    env: Mapping[str, str]
    dry_run: bool
    echo: Echo

    @property
    def theme(self) -> ThemeDirs:
        return self.plan.config.theme_dirs

    def secret(self, target: Target) -> str:
        return self.env.get(target.secret_env, "").strip()

    def views(self, ideas: tuple[Idea, ...]) -> list[IdeaView]:
        return [idea_view(idea, self.plan) for idea in ideas]


def _missing(target: Target) -> str:
    return (f"the environment variable {target.secret_env} is empty or not set; "
            "in GitHub, add it as a repository secret and pass it to the announce step")


def _preview(run: Run, target: Target, due: tuple[Idea, ...]) -> None:
    state = "set" if run.secret(target) else "NOT SET"
    run.echo(f"=== {target.name} ({target.kind}, secret in ${target.secret_env}: {state}): "
             f"{len(due)} idea(s) due ===")
    if target.kind is Kind.EMAIL and due:
        message = email_digest(run.theme, run.plan.config.name, target, run.views(due), run.now)
        for header in ("Subject", "From", "To", "List-Unsubscribe"):
            run.echo(f"{header}: {message[header]}")
        body = message.get_body(("plain",))
        run.echo("\n" + (body.get_content() if body is not None else ""))
        return
    for view in run.views(due):
        run.echo("\n" + render(run.theme, "idea.txt", view.lang, idea=view).strip() + "\n")


def _webhook(run: Run, target: Target, record: TargetState | None, due: tuple[Idea, ...]) -> TargetState:
    live = run.plan.live_ideas
    url = run.secret(target)
    if due and not url:
        raise _Failed(after_run(record, live, (), due, run.now), _missing(target))
    build = teams_message if target.kind is Kind.TEAMS else slack_message
    sent: list[Idea] = []
    for idea, view in zip(due, run.views(due), strict=True):
        try:
            post_json(url, build(run.theme, view))
        except DeliveryError as exc:
            raise _Failed(after_run(record, live, sent, due[len(sent):], run.now),
                          f"{exc} ({len(sent)} sent, {len(due) - len(sent)} left for the next run)") from None
        sent.append(idea)
    run.echo(f"{target.name}: sent {len(sent)} message(s)" if sent else f"{target.name}: nothing new")
    if not url:
        run.echo(f"{target.name}: warning: {_missing(target)}")
    return after_run(record, live, sent, (), run.now)


def _digest(run: Run, target: Target, record: TargetState | None, due: tuple[Idea, ...]) -> TargetState:
    live, now = run.plan.live_ideas, run.now
    if not due:
        run.echo(f"{target.name}: nothing went live since the last digest; no mail")
        if not run.secret(target):
            run.echo(f"{target.name}: warning: {_missing(target)}")
        return after_digest(after_run(record, live, (), (), now), target, now, mailed=False)
    url = run.secret(target)
    if not url:
        raise _Failed(after_run(record, live, (), due, now), _missing(target))
    try:
        send_mail(url, email_digest(run.theme, run.plan.config.name, target, run.views(due), now))
    except DeliveryError as exc:
        raise _Failed(after_run(record, live, (), due, now), f"{exc} (the digest goes on the next run)") from None
    run.echo(f"{target.name}: sent the digest of {len(due)} idea(s) to {len(target.to)} address(es)")
    return after_digest(after_run(record, live, due, (), now), target, now, mailed=True)


class _Failed(Exception):
    """A target failed; carries the record to keep (what did go) and the scrubbed reason."""

    def __init__(self, record: TargetState, reason: str) -> None:
        super().__init__(reason)
        self.record = record


def _one_target(run: Run, target: Target, record: TargetState | None) -> tuple[TargetState | None, str | None]:
    """The target's new record (None when nothing changes) and its error, if it failed."""
    if target.kind is Kind.EMAIL and not digest_due(target, record, run.now):
        run.echo(f"{target.name}: the digest of {period(run.now, target.every)} was handled already")
        return None, None
    due = due_ideas(target, run.plan.live_ideas, record, run.now, run.since)
    if run.dry_run:
        _preview(run, target, due)
        return None, None
    try:
        handle = _digest if target.kind is Kind.EMAIL else _webhook
        return handle(run, target, record, due), None
    except _Failed as failed:
        return failed.record, str(failed)


def announce(config: SiteConfig, now: datetime, *, state_path: Path, since: timedelta, env: Mapping[str, str],
             dry_run: bool, echo: Echo) -> int:
    """Announce what is newly live at `now` to every target; 0 when all went, 1 when one failed."""
    from hub.content.load import load_content

    targets = announce_targets(config)
    secrets = [value for t in targets if (value := env.get(t.secret_env, "").strip())]
    say: Echo = lambda text: echo(scrub(text, secrets))  # noqa: E731 - belt and braces: no secret in any line
    if not targets:
        say("hub announce: no targets in extra.hub.announce; nothing to do")
        return 0
    loaded = load_content(config)
    if loaded.errors:
        raise ContentError(list(loaded.errors))
    now = now.astimezone(config.timezone)
    run = Run(make_plan(loaded.content, config, now), now, since, env, dry_run, say)
    state = load_state(state_path)
    failed = 0
    for target in targets:
        record, error = _one_target(run, target, state.targets.get(target.name))
        if error:
            failed += 1
            say(f"{target.name}: FAILED: {error}")
        if record is not None:
            state = state.with_target(target.name, record)
            save_state(state_path, state)
    if dry_run:
        say("Dry run: nothing was sent and the state was not changed.")
    return 1 if failed else 0
