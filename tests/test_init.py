"""`hub init` makes a company's own hub that passes its checks at once, refuses any folder that is not empty or
missing (touching nothing), and `hub forms` / `hub check` keep the issue form in step with mkdocs.yml."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from hub import __version__
from hub.commands.forms import idea_form
from hub.commands.init import PACKAGE
from hub.config import load_config
from hub.content.load import load_content
from tests.conftest import NOW, ROOT, file_tree
from tests.test_workflows import actionlint, option_slugs  # noqa: F401 - actionlint is a fixture

__all__ = ["actionlint"]

URL = "https://intranet.acme.example/social"


def init(hub: Callable[..., Result], folder: Path, lang: str, *extra: str) -> Result:
    return hub("init", str(folder), "--name", "Acme: «voices»", "--url", URL, "--language", lang, *extra)


@pytest.fixture(params=["en", "fr"])
def site(request: pytest.FixtureRequest, tmp_path: Path, hub: Callable[..., Result],
         monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = init(hub, tmp_path / "acme", str(request.param), "--timezone", "Europe/Paris")
    assert result.exit_code == 0, result.output
    return tmp_path / "acme"


def test_init_writes_a_company_hub_and_no_tool(site: Path) -> None:
    files = set(file_tree(site))
    assert {"mkdocs.yml", "README.md", "requirements.txt", ".gitignore", ".github/CODEOWNERS",
            ".github/dependabot.yml", ".github/workflows/check.yml", ".github/workflows/deploy.yml",
            ".github/ISSUE_TEMPLATE/idea.yml", ".github/ISSUE_TEMPLATE/config.yml"} <= files
    assert len([f for f in files if f.startswith("content/guidelines/")]) >= 3
    assert [f for f in files if f.startswith("content/ideas/")], "a draft example shows the format"
    assert not [f for f in files if f.startswith(("hub/", "theme/", "tests/")) or f.endswith(".py")], "no tool code"
    assert not list(site.parent.glob(".acme.hub-init-*")), "the staging folder is gone"


def test_the_new_site_has_the_identity_asked(site: Path) -> None:
    config = load_config(site)
    assert config.name == "Acme: «voices»" and config.base_url == URL + "/"
    assert config.timezone.key == "Europe/Paris"
    assert list(config.languages.terms) == [config.lang]
    loaded = load_content(config)
    assert {g.lang for g in loaded.content.guidelines} == {config.lang}
    assert all(idea.draft for idea in loaded.content.ideas), "nothing goes live"


def test_each_key_of_mkdocs_yml_is_explained_in_a_comment(site: Path) -> None:
    lines = (site / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    keys = ("site_name", "site_description", "site_url", "theme", "language", "extra", "hub", "timezone",
            "feed_items", "languages", "topics", "audiences", "channels")
    for key in keys:
        index = next(i for i, line in enumerate(lines) if re.match(rf"\s*{key}:", line))
        above = lines[index - 1].strip()
        assert above.startswith("#") and len(above) > 10, f"{key}: no comment above it"


def test_the_new_site_passes_check_strict_and_builds(site: Path, hub: Callable[..., Result]) -> None:
    checked = hub("check", "--strict", "--now", NOW, cwd=site)
    assert checked.exit_code == 0, checked.output
    built = hub("build", "--out", "site", "--now", NOW)
    assert built.exit_code == 0, built.output
    lang = load_config(site).lang
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert f'lang="{lang}"' in home and "Acme: «voices»" in home


def test_the_workflows_install_the_pinned_hub_and_pass_actionlint(site: Path, actionlint: list[str]) -> None:
    assert f"{PACKAGE}=={__version__}" in (site / "requirements.txt").read_text(encoding="utf-8").splitlines()
    workflows = sorted((site / ".github" / "workflows").glob("*.yml"))
    for path in workflows:
        text = path.read_text(encoding="utf-8")
        assert "pip install -r requirements.txt" in text and "pip install -e" not in text, path.name
        assert "{%" not in text and "{{ " not in text.replace("${{ ", ""), "no template syntax left"
    done = subprocess.run([*actionlint, *map(str, workflows)], cwd=site, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_codeowners_start_with_a_catch_all_owner(site: Path) -> None:
    rules = [line.split() for line in (site / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert rules[0][0] == "*" and rules[0][1].startswith("@")


def test_the_issue_form_offers_the_new_site_s_vocabularies(site: Path) -> None:
    form = yaml.safe_load((site / ".github" / "ISSUE_TEMPLATE" / "idea.yml").read_text(encoding="utf-8"))
    fields = {f["id"]: f for f in form["body"] if "id" in f}
    hub_config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["hub"]
    for field in ("topics", "audiences", "channels"):
        assert option_slugs(fields[field]) == list(hub_config[field])
    assert option_slugs(fields["lang"]) == list(hub_config["languages"])
    assert sorted(option_slugs(fields["guidelines"])) == sorted(p.stem for p in (site / "content/guidelines").glob("*.md"))


def test_the_form_speaks_the_site_s_language(tmp_path: Path, hub: Callable[..., Result]) -> None:
    assert init(hub, tmp_path / "fr", "fr").exit_code == 0
    assert init(hub, tmp_path / "en", "en").exit_code == 0
    assert yaml.safe_load((tmp_path / "fr/.github/ISSUE_TEMPLATE/idea.yml").read_text(encoding="utf-8"))["name"] \
        == "Idée de sujet"
    assert yaml.safe_load((tmp_path / "en/.github/ISSUE_TEMPLATE/idea.yml").read_text(encoding="utf-8"))["name"] \
        == "Story idea"
    assert "Pourquoi" in (tmp_path / "fr/content/guidelines/pourquoi-participer.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setup", ["file-inside", "a-file", "hidden-file"])
def test_init_refuses_anything_but_an_empty_or_missing_folder(tmp_path: Path, hub: Callable[..., Result],
                                                              setup: str) -> None:
    target = tmp_path / "acme"
    if setup == "a-file":
        target.write_text("mine\n", encoding="utf-8")
    else:
        target.mkdir()
        (target / ("notes.txt" if setup == "file-inside" else ".git")).write_text("mine\n", encoding="utf-8")
    before = file_tree(tmp_path)
    result = init(hub, target, "en")
    assert result.exit_code == 2, result.output
    assert "empty or missing folder" in result.output and "Traceback" not in result.output
    assert file_tree(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["acme"]


def test_init_fills_an_empty_folder(tmp_path: Path, hub: Callable[..., Result]) -> None:
    (tmp_path / "acme").mkdir()
    assert init(hub, tmp_path / "acme", "en").exit_code == 0
    assert (tmp_path / "acme" / "mkdocs.yml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme"]


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "Acme", "--url", "intranet.acme.example", "--language", "en"], "--url"),
    (["--name", "Acme", "--url", URL, "--language", "de"], "--language"),
    (["--name", " ", "--url", URL, "--language", "en"], "--name"),
    (["--name", "Acme", "--url", URL, "--language", "en", "--timezone", "Mars/Olympus"], "--timezone"),
    (["--url", URL, "--language", "en"], "--name is required"),
])
def test_init_refuses_wrong_values_with_exit_2_and_writes_nothing(tmp_path: Path, hub: Callable[..., Result],
                                                                  args: list[str], message: str) -> None:
    result = hub("init", str(tmp_path / "acme"), *args)  # no terminal here: nothing is asked
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_init_asks_on_a_terminal_for_what_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from hub import cli

    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    result = CliRunner().invoke(cli.app, ["init", str(tmp_path / "acme"), "--timezone", "Europe/Paris"],
                                input=f"Acme\n{URL}\nfr\n")
    assert result.exit_code == 0, result.output
    assert "Site name" in result.output and "Language" in result.output
    config = load_config(tmp_path / "acme")
    assert (config.name, config.base_url, config.lang) == ("Acme", URL + "/", "fr")


# -- the issue form, kept in step ---------------------------------------------------------------------------------


def test_check_says_when_the_form_no_longer_matches_and_hub_forms_fixes_it(site: Path,
                                                                           hub: Callable[..., Result]) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    first_topic = next(iter(yaml.safe_load(text)["extra"]["hub"]["topics"]))
    config.write_text(text.replace(f"      {first_topic}: ", "      renamed-topic: ", 1), encoding="utf-8")
    (site / "content" / "guidelines" / "extra-page.md").write_text("---\ntitle: An extra page\n---\n\nText.\n",
                                                                   encoding="utf-8")
    for idea in (site / "content" / "ideas").glob("*.md"):
        idea.write_text(idea.read_text(encoding="utf-8").replace(f"[{first_topic}]", "[renamed-topic]"),
                        encoding="utf-8")
    relaxed = hub("check", "--now", NOW, cwd=site)
    assert relaxed.exit_code == 0, relaxed.output
    lines = [line for line in relaxed.output.splitlines() if line.startswith(".github/ISSUE_TEMPLATE/idea.yml")]
    assert len(lines) == 2 and "topics" in lines[0] + lines[1] and "guidelines" in lines[0] + lines[1], lines
    assert "warning" in lines[0] and "run `hub forms`" in relaxed.output
    assert hub("check", "--strict", "--now", NOW).exit_code == 1
    written = hub("forms")
    assert written.exit_code == 0, written.output
    assert "renamed-topic: " in (site / ".github/ISSUE_TEMPLATE/idea.yml").read_text(encoding="utf-8")
    assert hub("check", "--strict", "--now", NOW).exit_code == 0


def test_a_project_without_a_form_gets_no_warning_about_it(site: Path, hub: Callable[..., Result]) -> None:
    (site / ".github" / "ISSUE_TEMPLATE" / "idea.yml").unlink()
    result = hub("check", "--strict", "--now", NOW, cwd=site)
    assert result.exit_code == 0 and "idea.yml" not in result.output


def test_an_unreadable_form_is_a_warning_not_a_traceback(site: Path, hub: Callable[..., Result]) -> None:
    (site / ".github" / "ISSUE_TEMPLATE" / "idea.yml").write_text("body: [unclosed\n", encoding="utf-8")
    result = hub("check", "--now", NOW, cwd=site)
    assert result.exit_code == 0 and "idea.yml: warning: cannot be read" in result.output, result.output


def test_this_repository_s_form_is_the_generated_one() -> None:
    config = load_config(ROOT)
    expected = idea_form(config, load_content(config).content.guidelines)
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / "idea.yml").read_text(encoding="utf-8") == expected, \
        "run `hub forms` in the repository"
