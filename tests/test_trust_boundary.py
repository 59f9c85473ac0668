"""The trust boundary is a place on disk: nothing under content/ is ever the project, its theme or its code.

A content-only pull request may add `content/mkdocs.yml` (inheriting the real one, or a symlink to it) and a
whole `content/theme/` whose templates run code. An editor then runs hub from `content/ideas/`, as the README
says they may: hub must still take the project above, never run those templates, and `hub check` must name every
such file as an error. The runs here are real processes, from `content/ideas/`, and the payload is a template
that would write a marker file: the marker must never appear.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import NOW, ROOT, copy_project

PAYLOAD = '{{{{ lipsum.__globals__["__builtins__"]["open"]("{marker}", "w").write("ran") }}}}'
"""A Jinja expression that writes a file: what a hostile theme template can do when hub renders it."""


def hub_process(cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "hub", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def plant_theme(content: Path, marker: Path) -> None:
    """content/theme/: hub's own theme with the payload at the top of every template, and content/content/ so
    that a hub that took content/ for the project would find content to build and reach the templates."""
    theme = content / "theme"
    shutil.copytree(ROOT / "theme", theme)
    for template in [*theme.rglob("templates/**/*.html"), *theme.rglob("templates/new/*.md")]:
        template.write_text(PAYLOAD.format(marker=marker) + template.read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "content", content / "content")


@pytest.fixture(params=["inherit", "symlink"])
def hostile(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, Path]:
    """A project whose content/ holds a configuration (INHERIT of the real one, or a symlink to it) and a theme."""
    project = copy_project(tmp_path / "project")
    marker = tmp_path / "payload-ran"
    content = project / "content"
    if request.param == "inherit":
        (content / "mkdocs.yml").write_text("INHERIT: ../mkdocs.yml\n", encoding="utf-8")
    else:
        (content / "mkdocs.yml").symlink_to("../mkdocs.yml")
    plant_theme(content, marker)
    return project, marker


def test_hub_new_from_content_ideas_writes_into_the_project_and_runs_nothing(hostile: tuple[Path, Path]) -> None:
    project, marker = hostile
    done = hub_process(project / "content" / "ideas", "new", "idea", "A planted theme stays inert", "--now", NOW)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not marker.exists(), "a template under content/ ran"
    written = project / "content" / "ideas" / "a-planted-theme-stays-inert.md"
    assert written.is_file(), done.stdout
    assert "TODO" in written.read_text(encoding="utf-8"), "written from the project's own template"
    assert not list((project / "content" / "content").rglob("a-planted-theme-stays-inert.md"))


def test_hub_check_from_content_ideas_names_every_planted_file(hostile: tuple[Path, Path]) -> None:
    project, marker = hostile
    done = hub_process(project / "content" / "ideas", "check", "--now", NOW)
    assert done.returncode == 1, done.stdout + done.stderr
    assert not marker.exists()
    out = done.stdout
    planted = ("`mkdocs.yml` is not a content file; it is a configuration file" if (project / "content" / "mkdocs.yml")
               .is_file() and not (project / "content" / "mkdocs.yml").is_symlink() else "is a symbolic link to a place outside")
    assert f"content/mkdocs.yml: error: {planted}" in out, out
    assert "content/theme: error: `theme/` is a folder named like a theme, which content/ may not hold" in out, out
    assert "hint: hub takes its theme only from the theme/ folder beside content/" in out


def test_hub_build_from_content_ideas_refuses_and_runs_nothing(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    project, marker = hostile
    done = hub_process(project / "content" / "ideas", "build", "--out", str(tmp_path / "out"), "--now", NOW)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "content/mkdocs.yml: error:" in done.stdout
    assert not marker.exists() and not (tmp_path / "out").exists()


def test_hub_serve_from_content_ideas_serves_the_project_and_runs_nothing(hostile: tuple[Path, Path]) -> None:
    project, marker = hostile
    process = subprocess.Popen([sys.executable, "-m", "hub", "serve", "--port", "0", "--now", NOW],
                               cwd=project / "content" / "ideas", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout

    def pump() -> None:
        for line in stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while not any(line.startswith("Previewing at ") for line in seen) and time.monotonic() < deadline:
            try:
                seen.append(lines.get(timeout=1))
            except queue.Empty:
                assert process.poll() is None, "".join(seen)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    output = "".join(seen)
    assert "Previewing at " in output, output
    assert "content/mkdocs.yml: error:" in output and "Build failed" in output, output
    assert not marker.exists(), "a template under content/ ran"


# -- the configuration search and INHERIT, one rule each ---------------------------------------------


def test_a_mkdocs_yml_in_content_at_any_depth_is_passed_over(tmp_path: Path) -> None:
    """From content/ideas/deep/, with a mkdocs.yml in content/ideas/ and in content/: the project's is taken."""
    from hub.config import find_config

    project = copy_project(tmp_path / "project")
    deep = project / "content" / "ideas" / "deep"
    deep.mkdir()
    for folder in (project / "content", project / "content" / "ideas", deep):
        (folder / "mkdocs.yml").write_text("INHERIT: " + os.path.relpath(project / "mkdocs.yml", folder) +
                                           "\nsite_name: Planted\n", encoding="utf-8")
    config = find_config(None, None, deep)
    assert config.root == project.resolve() and config.name != "Planted"
    assert find_config(None, project / "content" / "ideas", deep).root == project.resolve()


def test_a_project_whose_folder_is_named_content_is_still_a_project(tmp_path: Path) -> None:
    """Only a content folder *of a project above* is content: a checkout that happens to sit in ~/content/ works."""
    from hub.config import find_config

    project = copy_project(tmp_path / "content")
    assert find_config(None, None, project / "content" / "ideas").root == project.resolve()


@pytest.mark.parametrize("how", ["inherit", "inherit-through-symlink", "theme-symlink", "config-symlink",
                                 "config-option"])
def test_configuration_or_theme_from_content_is_a_config_error(tmp_path: Path, hub: Callable[..., Result],
                                                               how: str) -> None:
    project = copy_project(tmp_path / "project")
    content = project / "content"
    (content / "base.yml").write_text("site_name: Planted\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    args: tuple[str, ...] = ()
    if how == "inherit":
        config.write_text("INHERIT: content/base.yml\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    elif how == "inherit-through-symlink":
        (project / "base.yml").symlink_to("content/base.yml")
        config.write_text("INHERIT: base.yml\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    elif how == "theme-symlink":
        shutil.move(project / "theme", content / "theme")
        (project / "theme").symlink_to("content/theme", target_is_directory=True)
    elif how == "config-symlink":
        shutil.move(config, content / "mkdocs.yml")
        config.symlink_to("content/mkdocs.yml")
    else:
        shutil.copy(config, content / "mkdocs.yml")
        args = ("--config", "content/mkdocs.yml")
    result = hub("check", *args, cwd=project)
    assert result.exit_code == 2, result.output
    assert "content/" in result.output and "content only" in result.output, result.output
    assert "Traceback" not in result.output


# -- what content/ may hold: one definition, every other file an error naming it ---------------------


def test_check_names_each_file_content_may_not_hold(project: Path, hub: Callable[..., Result]) -> None:
    content = project / "content"
    planted = {
        "ideas/2026/setup.py": "it is code",
        "ideas/notes.txt": "`notes.txt` is not a content file",
        "ideas/page.html": "it is a web page, template or style sheet",
        "guidelines/site.yaml": "it is a configuration file",
        "ideas/evil.pth": "it is code",
    }
    for name in planted:
        (content / name).write_text("import os\n", encoding="utf-8")
    hidden = {".github/workflows/x.yml": "content/.github: error: `.github` is a hidden folder",
              ".venv/lib/x.pth": "content/.venv: error: `.venv` is a hidden folder",
              "ideas/.env": "content/ideas/.env: error: `.env` is a hidden file",
              "theme/templates/new/idea.md": "content/theme: error: `theme/` is a folder named like a theme"}
    for name in hidden:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x\n", encoding="utf-8")
    leftovers = ["ideas/.DS_Store", "ideas/2026/.ci-energy.md.swp", "ideas/2026/ci-energy.md~", "ideas/.gitkeep"]
    for name in leftovers:
        (content / name).write_text("x\n", encoding="utf-8")
    result = hub("check", "content", "--now", NOW)
    assert result.exit_code == 1, result.output
    for name, what in planted.items():
        assert f"content/{name}: error: " in result.output and what in result.output, (name, result.output)
    for line in hidden.values():
        assert line in result.output, (line, result.output)
    assert result.output.count(": error: ") == len(planted) + len(hidden), result.output
    for name in leftovers:
        assert Path(name).name not in result.output, "an editor's or a system's own file is passed over"
    assert "x.yml" not in result.output and "idea.md" not in result.output, "a refused folder is not entered"


def test_the_example_content_is_only_content() -> None:
    from hub.content.walk import stranger, walk

    found, refused = walk(ROOT / "content")
    assert refused == [] and [rel for rel, _ in found if stranger(rel)] == []


# -- file names with control, invisible or bidirectional characters ---------------------------------

HOSTILE_NAMES = ["\n::error::x.md", "\x1b[31mred.md", "evil\u202egnp.md", "\n::add-mask::secret.png",
                 "zero\u200bwidth.md"]


def _no_raw_control(text: str) -> None:
    assert all(c.isprintable() or c == "\n" for c in text), repr(text)
    assert not any(line.startswith("::") and not line.startswith(("::error file=", "::warning file="))
                   for line in text.splitlines()), text


@pytest.fixture
def hostile_names(project: Path) -> Path:
    ideas = project / "content" / "ideas"
    for name in HOSTILE_NAMES:
        (ideas / name).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (ideas / "sub\x1b]0;title\x07").mkdir()
    (ideas / "sub\x1b]0;title\x07" / "inside.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("fmt", ["text", "github", "json", "markdown"])
def test_unprintable_names_are_errors_shown_escaped_in_every_format(hostile_names: Path, fmt: str) -> None:
    done = hub_process(hostile_names, "check", "content", "--now", NOW, "--format", fmt)
    assert done.returncode == 1, done.stdout + done.stderr
    _no_raw_control(done.stdout + done.stderr)
    out = done.stdout
    if fmt == "json":
        problems = json.loads(out)["problems"]
        paths = {p["path"] for p in problems if "control, invisible" in p["message"]}
        assert paths == {f"content/ideas/{name}" for name in [*HOSTILE_NAMES, "sub\x1b]0;title\x07"]}, paths
        assert "\\u001b" in out and "\\u202e" in out
        return
    for shown in ("\\n::error::x.md", "\\x1b[31mred.md", "evil\\u202egnp.md", "\\n::add-mask::secret.png",
                  "zero\\u200bwidth.md", "sub\\x1b]0;title\\x07"):
        unescaped = out.replace("\\\\", "\\").replace("\\[", "[").replace("%3A", ":").replace("%2C", ",")
        assert shown in unescaped, (shown, out)
    assert "inside.md" not in out, "a folder with such a name is not entered"
    assert "U+001B" in out and "U+202E" in out and "U+000A" in out


def test_unprintable_names_never_reach_a_build_log_raw(hostile_names: Path, tmp_path: Path) -> None:
    done = hub_process(hostile_names, "build", "--out", str(tmp_path / "out"), "--now", NOW)
    assert done.returncode == 1
    _no_raw_control(done.stdout + done.stderr)
    assert "\\n::error::x.md" in done.stdout


def test_every_output_format_escapes_every_value() -> None:
    """Values that did not come from a file name (a message quoting content, a field): escaped alike."""
    from hub.commands.report import problem_lines
    from hub.problems import Problem, ProblemFormat, format_problems

    nasty = "a\n::add-mask::b\x1b[2J\u202ec\x85d\u2028e"
    problem = Problem(nasty, 3, nasty, nasty, nasty)
    for fmt in ProblemFormat:
        text = "\n".join(problem_lines([problem])) if fmt is ProblemFormat.MARKDOWN else format_problems([problem], fmt)
        _no_raw_control(text)
        if fmt is ProblemFormat.JSON:
            assert json.loads(text)["problems"][0]["message"] == nasty, "JSON keeps the value exactly"



def test_serve_prints_a_hostile_file_name_escaped(tmp_path: Path) -> None:
    """The preview names each changed file in the terminal: a name with an escape sequence or a line break is
    printed with its characters made visible, and the file is refused like any other such name."""
    from tests.test_serve import running_server

    project = copy_project(tmp_path / "project")
    with running_server(project) as server:
        (project / "content" / "ideas" / "\x1b[2J\n::error::cleared.md").write_text("---\ntitle: x\n---\n")
        deadline, output = time.monotonic() + 30, ""
        while "Build failed" not in output and time.monotonic() < deadline:
            time.sleep(0.2)
            output += server.output()
    assert "Changed: content/ideas/\\x1b[2J\\n::error::cleared.md" in output, output
    assert "the name holds a control, invisible or direction-changing character" in output, output
    _no_raw_control(output)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_no_value_reaches_an_output_raw(path: str, message: str, hint: str) -> None:
    """Whatever a path, a message or a hint holds, each format prints it on its own lines, with no unprintable
    character, and JSON gives back exactly what it was given."""
    from hub.commands.report import problem_lines
    from hub.problems import Problem, ProblemFormat, format_problems

    problem = Problem(path, 1, message or None, message, hint)
    for fmt in ProblemFormat:
        text = "\n".join(problem_lines([problem])) if fmt is ProblemFormat.MARKDOWN else format_problems([problem], fmt)
        assert all(c.isprintable() or c == "\n" for c in text), (fmt, text)
        if fmt is ProblemFormat.GITHUB:
            assert text.count("\n") == 0 and text.startswith("::error file=")
        if fmt is ProblemFormat.TEXT:
            assert text.count("\n") == (2 if hint else 1)  # the problem, its hint, the closing summary
        if fmt is ProblemFormat.JSON:
            decoded = json.loads(text)["problems"][0]
            assert (decoded["path"], decoded["message"], decoded["hint"]) == (path, message, hint)


_NAMES = st.text(st.characters(exclude_characters="/\x00", exclude_categories=["Cs"]), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(_NAMES)
def test_any_file_name_is_content_refused_or_passed_over_and_shown_escaped(name: str) -> None:
    """A file of any name in content/ideas/: read as content, refused with an error naming it, or (an editor's
    leftover) passed over; never a crash, and never a raw unprintable character in what `hub check` prints."""
    import tempfile

    from hub.config import load_config
    from hub.content.load import load_content
    from hub.problems import format_problems

    if name in (".", ".."):
        return
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        (project / "content" / "ideas").mkdir(parents=True)
        try:
            (project / "content" / "ideas" / name).write_bytes(b"---\ntitle: x\n---\n")
        except OSError:
            return  # a name this filesystem refuses (too long in bytes)
        loaded = load_content(load_config(project))
        text = format_problems(loaded.problems)
        assert all(c.isprintable() or c == "\n" for c in text), text
        named = [p for p in loaded.problems if p.path.endswith(name)]
        if not name.isprintable():
            assert any("control, invisible" in p.message and p.is_error for p in named), text
        elif os.path.splitext(name)[1].lower() not in (".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif",
                                                       ".pdf", ".svg"):
            from hub.content.walk import _LEFTOVER

            assert any(p.is_error for p in named) or _LEFTOVER.fullmatch(name), (name, text)
