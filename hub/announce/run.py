"""One `hub announce` run: for each target, what is due, sent or previewed, and the state kept."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from hub.announce.config import Kind, Target, announce_targets
from hub.announce.context import IdeaView, idea_view
from hub.announce.email import email_digest
from hub.announce.send import DeliveryError, post_json, scrub, send_mail, webhook_problem
from hub.announce.slack import slack_message
from hub.announce.state import TargetState, load_state, save_state
from hub.announce.targets import after_digest, after_run, digest_due, due_ideas, period
from hub.announce.teams import teams_message
from hub.announce.templates import render
from hub.config import SiteConfig
from hub.errors import ContentError
from hub.models import Idea
from hub.plan import SitePlan, make_plan
from hub.problems import counted

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
    json: bool = False
    """A dry run that prints one JSON document (the previews) instead of words."""
    previews: list[dict[str, Any]] = field(default_factory=list)

    @property
    def theme(self) -> Path:
        return self.plan.config.theme_dir

    def secret(self, target: Target) -> str:
        return self.env.get(target.secret_env, "").strip()

    def views(self, ideas: tuple[Idea, ...]) -> list[IdeaView]:
        return [idea_view(idea, self.plan) for idea in ideas]


def _missing(target: Target) -> str:
    return (f"the environment variable {target.secret_env} is empty or not set; "
            "in GitHub, add it as a repository secret and pass it to the announce step")


def _address_problem(run: Run, target: Target) -> str | None:
    """Why the target's webhook address is refused, naming its variable and never the address (None if fine)."""
    url = run.secret(target)
    problem = webhook_problem(url) if url and target.kind is not Kind.EMAIL else None
    return f"the webhook address in ${target.secret_env} {problem}" if problem else None


def _messages(run: Run, target: Target, due: tuple[Idea, ...]) -> list[dict[str, Any]]:
    build = teams_message if target.kind is Kind.TEAMS else slack_message
    return [build(run.theme, view) for view in run.views(due)]


def _preview(run: Run, target: Target, due: tuple[Idea, ...]) -> dict[str, Any]:
    """What the target would get, as data (`--format json`) after saying it in words (`--format text`)."""
    state = "set" if run.secret(target) else "not set"
    problem = _address_problem(run, target)
    preview: dict[str, Any] = {"name": target.name, "kind": target.kind.value, "secret_env": target.secret_env,
                               "secret": state, "problem": problem, "due": [idea.id for idea in due]}
    digest = None
    if target.kind is Kind.EMAIL:
        digest = email_digest(run.theme, run.plan.config.name, target, run.views(due), run.now) if due else None
        preview["email"] = digest.as_string() if digest is not None else None
    else:
        preview["messages"] = _messages(run, target, due)
    if run.json:
        return preview
    run.echo(f"=== {target.name} ({target.kind}, secret in ${target.secret_env}: {state.replace('not set', 'NOT SET')}): "
             f"{counted(len(due), 'idea')} due ===")
    if problem:
        run.echo(f"{target.name}: would fail: {problem}")
    if digest is not None:
        for header in ("Subject", "From", "To", "List-Unsubscribe"):
            run.echo(f"{header}: {digest[header]}")
        body = digest.get_body(("plain",))
        run.echo("\n" + (body.get_content() if body is not None else ""))
        return preview
    for view in run.views(due):
        run.echo("\n" + render(run.theme, "idea.txt", view.lang, idea=view).strip() + "\n")
    return preview


def _webhook(run: Run, target: Target, record: TargetState | None, due: tuple[Idea, ...]) -> TargetState:
    """Post each due idea; one refused message is reported and kept due, the others still go."""
    live = run.plan.live_ideas
    url = run.secret(target)
    if due and not url:
        raise _Failed(after_run(record, live, (), due, run.now), _missing(target))
    problem = _address_problem(run, target)
    if problem:
        raise _Failed(after_run(record, live, (), due, run.now), problem)
    sent: list[Idea] = []
    refused: list[tuple[Idea, str]] = []
    for index, (idea, message) in enumerate(zip(due, _messages(run, target, due), strict=True)):
        try:
            post_json(url, message)
        except DeliveryError as exc:
            if not exc.refused:  # the webhook cannot be reached: the next ones would wait and fail the same way
                left = due[index:]
                record = after_run(record, live, sent, [i for i, _ in refused] + list(left), run.now)
                raise _Failed(record, f"{exc} ({len(sent)} sent, {len(due) - len(sent)} left for the next run)") from None
            refused.append((idea, str(exc)))
            continue
        sent.append(idea)
    if sent or not refused:
        run.echo(f"{target.name}: sent {counted(len(sent), 'message')}" if sent else f"{target.name}: nothing new")
    if not url:
        run.echo(f"{target.name}: warning: {_missing(target)}")
    record = after_run(record, live, sent, [idea for idea, _ in refused], run.now)
    if refused:
        reasons = "; ".join(f"{reason} for the idea {idea.slug}" for idea, reason in refused)
        others = "; the others went" if len(refused) < len(due) else ""
        raise _Failed(record, f"{reasons} ({len(refused)} of {len(due)} refused, tried again on the next run{others})")
    return record


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
    run.echo(f"{target.name}: sent the digest of {counted(len(due), 'idea')} to "
             f"{counted(len(target.to), 'address', 'addresses')}")
    return after_digest(after_run(record, live, due, (), now), target, now, mailed=True)


class _Failed(Exception):
    """A target failed; carries the record to keep (what did go) and the scrubbed reason."""

    def __init__(self, record: TargetState, reason: str) -> None:
        super().__init__(reason)
        self.record = record


def _one_target(run: Run, target: Target, record: TargetState | None) -> tuple[TargetState | None, str | None]:
    """The target's new record (None when nothing changes) and its error, if it failed."""
    if target.kind is Kind.EMAIL and not digest_due(target, record, run.now):
        handled = f"the digest of {period(run.now, target.every)} was handled already"
        if run.json:
            run.previews.append({"name": target.name, "kind": target.kind.value, "skipped": handled})
        else:
            run.echo(f"{target.name}: {handled}")
        return None, None
    due = due_ideas(target, run.plan.live_ideas, record, run.now, run.since)
    if run.dry_run:
        preview = _preview(run, target, due)
        run.previews.append(preview)
        return None, preview["problem"]
    try:
        handle = _digest if target.kind is Kind.EMAIL else _webhook
        return handle(run, target, record, due), None
    except _Failed as failed:
        return failed.record, str(failed)


def announce(config: SiteConfig, now: datetime, *, state_path: Path, since: timedelta, env: Mapping[str, str],
             dry_run: bool, echo: Echo, as_json: bool = False) -> int:
    """Announce what is newly live at `now` to every target; 0 when all went, 1 when one failed.

    `as_json` (with `dry_run`): print one JSON document, each target with exactly the payloads, or the email,
    that a real run would send; the secrets are never in it (only the name of their variable)."""
    from hub.content.load import load_content

    targets = announce_targets(config)
    secrets = [value for t in targets if (value := env.get(t.secret_env, "").strip())]
    say: Echo = lambda text: echo(scrub(text, secrets))  # noqa: E731 - belt and braces: no secret in any line
    if not targets:
        say(json.dumps({"dry_run": True, "targets": []}) if as_json else
            "hub announce: no targets in extra.hub.announce; nothing to do")
        return 0
    loaded = load_content(config)
    if loaded.errors:
        raise ContentError(list(loaded.errors))
    now = now.astimezone(config.timezone)
    run = Run(make_plan(loaded.content, config, now), now, since, env, dry_run, say, json=dry_run and as_json)
    state = load_state(state_path)
    failed = 0
    for target in targets:
        record, error = _one_target(run, target, state.targets.get(target.name))
        if error:
            failed += 1
            if not dry_run:  # a dry run said it in its preview
                say(f"{target.name}: FAILED: {error}")
        if record is not None:
            state = state.with_target(target.name, record)
            save_state(state_path, state)
    if run.json:
        document = {"dry_run": True, "now": now.isoformat(timespec="seconds"), "targets": run.previews}
        say(json.dumps(document, indent=2, ensure_ascii=False))
    elif dry_run:
        say("Dry run: nothing was sent and the state was not changed.")
    return 1 if failed else 0
