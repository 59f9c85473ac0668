"""`hub serve`: a live preview for editors, rebuilt on every change and reloaded in the browser."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

from hub.build import BuildOptions, BuildResult
from hub.commands.incremental import PreviewBuilder
from hub.commands.preview_server import Preview, PreviewHandler
from hub.config import SiteConfig, load_config
from hub.errors import ContentError, HubError, UsageError
from hub.problems import Problem, counted, excerpt, format_text, summary, visible
from hub.themes import project_theme

POLL_SECONDS = 0.2
"""How often the watched files are looked at."""
SETTLE_SECONDS = 0.05
"""After a change, wait this long for the editor to finish writing before building."""


def watched_files(config: SiteConfig) -> dict[str, tuple[int, int]]:
    """Every file whose change calls for a rebuild (content, theme, config), with its mtime and size."""
    found: dict[str, tuple[int, int]] = {}
    folders = [config.content_dir, project_theme(config.root)]
    if config.theme_dir.resolve() != folders[1].resolve():
        folders.append(config.theme_dir)  # hub's own theme, when it is not this project's (an editable install)
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or name.endswith("~"):
                    continue  # editors' swap and backup files
                path = os.path.join(parent, name)
                try:
                    st = os.lstat(path) if os.path.islink(path) else os.stat(path)
                except OSError:  # gone between the listing and now
                    continue
                found[path] = (st.st_mtime_ns, st.st_size)
    try:
        st = os.stat(config.config_path)
        found[str(config.config_path)] = (st.st_mtime_ns, st.st_size)
    except OSError:
        pass
    return found


def _preview_config(config: SiteConfig, host: str, port: int) -> SiteConfig:
    """The configuration as published on localhost: absolute links (404 page, feeds) point to the preview."""
    shown = "localhost" if host in ("0.0.0.0", "::", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return config.with_base_url(f"http://{shown}:{port}/")


def _still_to_write(placeholders: dict[str, tuple[Problem, ...]]) -> list[str]:
    """One line per file still being drafted: its placeholders are not errors in the preview, only a reminder."""
    return [f"Still to write in {visible(path)}: {counted(len(left), 'placeholder')} from `hub new` "
            f"(line{'s' if len(left) > 1 else ''} {', '.join(str(p.line) for p in left)}); "
            "hub check and hub build refuse it until they are replaced."
            for path, left in sorted(placeholders.items())]


def _describe(exc: Exception) -> str:
    if isinstance(exc, ContentError):
        # A file whose only errors are its placeholders is still being drafted: they stay a reminder (as on the
        # pages' banner), never errors that bury the real error of another file. A failing file keeps them all.
        failing = {p.path for p in exc.problems if p.is_error and not p.placeholder}
        shown = [p for p in exc.problems if not p.placeholder or p.path in failing]
        drafting: dict[str, tuple[Problem, ...]] = {}
        for problem in exc.problems:
            if problem.placeholder and problem.path not in failing:
                drafting[problem.path] = (*drafting.get(problem.path, ()), problem)
        return "\n".join([*(format_text(p) for p in shown), summary(shown), *_still_to_write(drafting)])
    if isinstance(exc, HubError):
        return f"hub: {exc}"
    if isinstance(exc, OSError):
        where = f": {visible(str(exc.filename))}" if exc.filename else ""
        return f"hub: the build failed: {exc.strerror or exc}{where}"
    if isinstance(exc, RecursionError):
        return "hub: the build failed: some content nests too deeply (run hub check, then hub build, to find it)"
    return f"hub: the build failed: {type(exc).__name__}: {excerpt(str(exc), 200)}"


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One preview build, whole or of what changed; a failure keeps the last good build served."""

    config: SiteConfig
    builder: PreviewBuilder
    preview: Preview
    host: str
    port: int
    now: Callable[[], datetime]
    echo: Callable[[str], None]

    def __call__(self, *, full: bool) -> None:
        start = time.monotonic()
        try:
            site_config = _preview_config(load_config(self.config.root, self.config.config_path), self.host, self.port)
            result = self.builder.build(site_config, self.now(), self.preview.out, full=full)
        except Exception as exc:  # whatever breaks a build, the preview keeps serving the last good one
            message = _describe(exc)
            self.preview.failed(message)
            self.echo(f"{message}\nBuild failed; still serving the last good build.")
            return
        self.preview.succeeded()
        self.echo(_built(result, time.monotonic() - start))


def _listen(host: str, port: int, preview: Preview) -> ThreadingHTTPServer:
    try:
        server = ThreadingHTTPServer((host, port), partial(PreviewHandler, preview=preview))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port") from None
    server.daemon_threads = True
    preview.listen = (host, server.server_address[1])
    return server


def needs_full_build(config: SiteConfig, before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> bool:
    """Whether a change reaches beyond the content (the theme, mkdocs.yml): then everything is built again."""
    changed = set(before) ^ set(after) | {p for p in before.keys() & after.keys() if before[p] != after[p]}
    content = str(config.content_dir) + os.sep
    return any(not path.startswith(content) for path in changed)


def _watch(config: SiteConfig, seen: dict[str, tuple[int, int]], rebuild: Rebuild) -> None:
    """Rebuild after every change, for ever."""
    while True:
        time.sleep(POLL_SECONDS)
        if watched_files(config) == seen:
            continue
        time.sleep(SETTLE_SECONDS)
        before, seen = seen, watched_files(config)
        rebuild.echo(f"Changed: {_changed(before, seen)}")
        rebuild(full=needs_full_build(config, before, seen))


def serve_forever(
    config: SiteConfig,
    *,
    engine: str = "mkdocs",
    host: str = "127.0.0.1",
    port: int = 8000,
    now: Callable[[], datetime],
    echo: Callable[[str], None] | None = None,
    options: BuildOptions | None = None,
) -> None:
    """Build a preview (drafts and scheduled ideas included), serve it, and rebuild on every change until Ctrl-C:
    after an edit of the content, only what it changed (see hub.commands.incremental); every build with `options`
    (default: one process, the render cache)."""
    folder = Path(tempfile.mkdtemp(prefix="hub-serve-"))
    preview = Preview(folder / "site")
    try:
        server = _listen(host, port, preview)
    except UsageError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    builder = PreviewBuilder(folder / "kept", engine, options or BuildOptions())
    rebuild = Rebuild(config, builder, preview, host, preview.listen[1], now, echo or partial(print, flush=True))
    thread = threading.Thread(target=server.serve_forever, name="hub-serve", daemon=True)
    _stop_on_sigterm()
    try:
        seen = watched_files(config)  # before building: a change made during the build gets its own rebuild
        rebuild(full=True)
        thread.start()
        rebuild.echo(f"Previewing at {_preview_config(config, host, preview.listen[1]).base_url} with {engine}, "
                     "drafts and scheduled ideas included. Ctrl-C to stop.")
        _watch(config, seen, rebuild)
    except KeyboardInterrupt:
        rebuild.echo("Stopped.")
    finally:
        if thread.is_alive():
            server.shutdown()
        server.server_close()
        shutil.rmtree(folder, ignore_errors=True)


def _built(result: BuildResult, seconds: float) -> str:
    """What a rebuild made, and which files the preview shows that `hub check` and `hub build` still refuse."""
    return "\n".join([f"Built {len(result.plan.pages)} pages in {seconds:.2f} s.",
                      *_still_to_write(dict(result.plan.placeholders))])


def _stop_on_sigterm() -> None:
    """Let a process manager's SIGTERM stop the preview as cleanly as Ctrl-C does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def _changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> str:
    """A short list of what changed, for the terminal."""
    names = sorted(set(before) ^ set(after) | {p for p in before.keys() & after.keys() if before[p] != after[p]})
    shown = ", ".join(visible(re.sub(r"^.*/(content|theme)/", r"\1/", n)) for n in names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")

