"""Files beside the content: only safe types, never through a symlink out of content/, never over hub's own pages,
and no image from another host. Real files, `hub check`, and real builds on both engines."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from hub.build import build_site
from hub.cli import app
from hub.config import load_config
from hub.errors import BuildError
from hub.plan import Asset, SitePlan
from tests.conftest import ENGINES, NOW, SAMPLES, copy_project

IDEA = "content/ideas/2026/ci-energy.md"
FOLDER = "content/ideas/2026"
URL = "ideas/ci-energy/"
HOSTILE = SAMPLES / "content-files" / "hostile.svg"
INSTANT = datetime.fromisoformat(NOW)


def png() -> bytes:
    """A real 1×1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
"""A real 1×1 GIF."""
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
"""The start of a JPEG (hub reads only its signature)."""
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
AVIF = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 16
SAFE = {"photo.png": png(), "photo.jpg": JPEG, "photo.jpeg": JPEG, "anim.gif": GIF, "pic.webp": WEBP,
        "pic.avif": AVIF, "slides.pdf": PDF}


def append(project: Path, text: str, *, front: str = "") -> int:
    """Add lines to the example idea's body (and front matter); the line number of the first body line added."""
    path = project / IDEA
    old = path.read_text(encoding="utf-8")
    if front:
        old = old.replace("\nlang: en\n", f"\nlang: en\n{front}\n", 1)
    old = old.rstrip("\n") + "\n\n"
    path.write_text(old + text + "\n", encoding="utf-8")
    return old.count("\n") + 1


def line_of(project: Path, needle: str) -> int:
    text = (project / IDEA).read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


def build(hub: Callable[..., Result], engine: str, out: Path) -> Result:
    return hub("build", "--engine", engine, "--out", str(out), "--now", NOW)


def check(hub: Callable[..., Result], *args: str) -> Result:
    return hub("check", "content", "--now", NOW, *args)


# A site built once per engine with every kind of content file: published, sanitized, or left out.


@pytest.fixture(scope="module", params=ENGINES)
def files_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    project = copy_project(tmp_path_factory.mktemp(f"files-{request.param}") / "project")
    folder = project / FOLDER
    for name, data in SAFE.items():
        (folder / name).write_bytes(data)
    (folder / "hostile.svg").write_bytes(HOSTILE.read_bytes())
    (folder / "unlinked.png").write_bytes(png())
    append(project, "\n".join(f"![{name}]({name})" if name.split(".")[1] != "pdf" else f"[Slides]({name})"
                              for name in sorted(SAFE)) + "\n\n![Two bars](hostile.svg)")
    old = Path.cwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(app, ["build", "--engine", request.param, "--out", "site", "--now", NOW],
                                    catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    yield project, project / "site"


def test_safe_types_are_published_as_they_are(files_site: tuple[Path, Path]) -> None:
    project, site = files_site
    for name, data in SAFE.items():
        assert (site / URL / name).read_bytes() == data, name
    assert (site / URL / "hostile.svg").is_file()


def test_an_svg_is_published_sanitized(files_site: tuple[Path, Path]) -> None:
    _, site = files_site
    published = (site / URL / "hostile.svg").read_bytes()
    assert published == (SAMPLES / "content-files" / "hostile.expected.svg").read_bytes()
    tree = etree.fromstring(published)
    tags = {etree.QName(e).localname for e in tree.iter() if isinstance(e.tag, str)}
    assert tags == {"svg", "title", "style", "defs", "linearGradient", "stop", "rect", "use", "text", "tspan"}
    attributes = [(k, v) for e in tree.iter() if isinstance(e.tag, str) for k, v in e.attrib.items()]
    assert not [k for k, _ in attributes if etree.QName(k).localname.lower().startswith("on")]
    assert [v for k, v in attributes if etree.QName(k).localname == "href"] == ["#paint"]
    assert b"tracker.example.com" not in published and b"javascript" not in published


def test_unlinked_files_are_not_published(files_site: tuple[Path, Path]) -> None:
    project, site = files_site
    page = (site / URL / "index.html").read_text(encoding="utf-8")
    assert "Our CI now runs on 40% less energy" in page
    published = {p.name for p in (site / URL).iterdir()}
    assert published == {"index.html", "ci-energy.svg", "hostile.svg", *SAFE}  # the example links its own chart


def test_check_warns_about_what_the_svg_sanitizer_removes(project: Path, hub: Callable[..., Result]) -> None:
    (project / FOLDER / "hostile.svg").write_bytes(HOSTILE.read_bytes())
    append(project, "![Two bars](hostile.svg)")
    result = check(hub)
    assert result.exit_code == 0, result.output
    svg = f"{FOLDER}/hostile.svg"
    for line, what in [(6, "the event handler `onload` of <svg>"), (8, "<script>"),
                       (9, "a <style> that loads or runs something"),
                       (14, "a link <a> (its content is kept)"), (14, "the event handler `onclick` of <rect>"),
                       (15, "`fill` of <rect>, which loads or runs something"), (18, "<image>"),
                       (19, "<foreignObject>"), (20, "<set>")]:
        assert f"{svg}:{line}: warning: removed {what}; the SVG is published without it" in result.output
    assert "inkscape" not in result.output  # an editor's own namespaces go quietly
    assert check(hub, "--strict").exit_code == 1


# Refusals: each is an error of `hub check`, and so stops the build.


@pytest.mark.parametrize("engine", ENGINES)
def test_a_symlink_out_of_content_is_refused(project: Path, hub: Callable[..., Result], tmp_path: Path,
                                             engine: str) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png() + b"SECRET")  # a valid image: only the link's target is wrong
    (project / FOLDER / "cover.png").symlink_to(secret)
    (project / FOLDER / "passwd.md").symlink_to("/etc/passwd")
    (project / "content/ideas/up").symlink_to("../..", target_is_directory=True)  # the project itself
    line = append(project, "![Cover](cover.png)")
    result = check(hub)
    assert result.exit_code == 1
    for name in (f"{FOLDER}/cover.png", f"{FOLDER}/passwd.md", "content/ideas/up"):  # files and folders alike
        assert f"{name}: error: is a symbolic link to a place outside content/" in result.output
    assert f"{IDEA}:{line}:" not in result.output  # the link itself is fine: its file is the problem
    assert "root:" not in result.output  # /etc/passwd was never read
    out = project / "out"
    result = build(hub, engine, out)
    assert result.exit_code == 1 and not out.exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_file_swapped_for_a_symlink_after_the_check_is_not_copied(project: Path, tmp_path: Path,
                                                                     engine: str) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(png() + b"SECRET")
    cover = project / FOLDER / "cover.png"
    cover.write_bytes(png())
    append(project, "![Cover](cover.png)")

    def swap(step: str) -> None:
        if step.startswith("Rendering"):  # after the check and the plan, before files are copied
            cover.unlink()
            cover.symlink_to(secret)

    config = load_config(project)
    out = project / "out"
    with pytest.raises(BuildError, match="cover.png: `cover.png` cannot be read"):
        build_site(config, INSTANT, out, engine=engine, progress=swap)
    assert not out.exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".out.")], "staging debris"


def test_symlink_loops_get_a_clear_message(project: Path, hub: Callable[..., Result]) -> None:
    folder = project / FOLDER
    (folder / "a.png").symlink_to("b.png")
    (folder / "b.png").symlink_to("a.png")
    (folder / "gone.png").symlink_to("nothing-here.png")
    (folder / "round").symlink_to("round", target_is_directory=True)
    append(project, "![A](a.png)")
    result = check(hub)  # catch_exceptions=False: a traceback would fail the test
    assert result.exit_code == 1
    assert f"{FOLDER}/a.png: error: is a symbolic link that loops (it leads back to itself)" in result.output
    assert f"{FOLDER}/b.png: error: is a symbolic link that loops" in result.output
    assert f"{FOLDER}/gone.png: error: is a symbolic link to nothing" in result.output
    assert f"{FOLDER}/round: error: is a symbolic link that loops" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("fake.png", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "`fake.png` is named as PNG but does not hold one"),
        ("photo.jpg", png(), "`photo.jpg` is named as JPEG but holds PNG"),
        ("anim.gif", PDF, "`anim.gif` is named as GIF but holds PDF"),
        ("pic.webp", b"RIFF\x00\x00\x00\x00WAVEfmt ", "`pic.webp` is named as WebP but does not hold one"),
        ("pic.avif", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "`pic.avif` is named as AVIF but does not"),
        ("slides.pdf", b"<html><script>alert(1)</script></html>", "`slides.pdf` is named as PDF but does not hold one"),
        ("chart.svg", png(), "`chart.svg` is named as SVG but holds PNG"),
        ("empty.png", b"", "`empty.png` is named as PNG but does not hold one"),
    ],
)
def test_extension_and_content_must_agree(project: Path, hub: Callable[..., Result], name: str, data: bytes,
                                          message: str) -> None:
    (project / FOLDER / name).write_bytes(data)
    line = append(project, f"Intro.\n\n![The file]({name})")
    result = check(hub)
    assert result.exit_code == 1
    assert f"{IDEA}:{line + 2}: error: {message}" in result.output


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
         b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>', "it has a DOCTYPE or entities"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><text>&undefined;</text></svg>', "it is not well-formed XML"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "it is not well-formed XML"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
         "its root element is not <svg> in the SVG namespace"),
        (b"<svg><script>alert(1)</script></svg>", "its root element is not <svg> in the SVG namespace"),
        ('<svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16"), "it is not UTF-8 text"),
    ],
)
def test_an_svg_that_cannot_be_sanitized_is_refused(project: Path, hub: Callable[..., Result], data: bytes,
                                                    reason: str) -> None:
    (project / FOLDER / "chart.svg").write_bytes(data)
    line = append(project, "![Chart](chart.svg)")
    result = check(hub)
    assert result.exit_code == 1
    assert f"{IDEA}:{line}: error: `chart.svg` cannot be published: {reason}" in result.output


@pytest.mark.parametrize("engine", ENGINES)
def test_other_linked_files_are_errors_naming_the_file_and_line(project: Path, hub: Callable[..., Result],
                                                                engine: str) -> None:
    folder = project / FOLDER
    for name in ("page.html", "app.js", "look.css", "data.json", "README", "cover.bmp"):
        (folder / name).write_text("planted", encoding="utf-8")
    append(project, "[A page](page.html)\n\n<a href=\"app.js\">script</a>\n\n<img src='look.css' alt=''>\n\n"
                    "[data]: data.json\n\n[See the data][data] or [the notes](README).", front="image: cover.bmp")
    result = check(hub)
    assert result.exit_code == 1
    for name, needle in [("page.html", "(page.html)"), ("app.js", '"app.js"'), ("look.css", "'look.css'"),
                         ("data.json", "]: data.json"), ("README", "(README)")]:
        assert f"{IDEA}:{line_of(project, needle)}: error: `{name}` is not a file type hub publishes" in result.output
    assert f"{IDEA}:{line_of(project, 'image: cover.bmp')}: error: image: `cover.bmp` is not a file type" in result.output
    assert "anything else (a web page, a script, a style sheet…) would run" in result.output
    out = project / "out"
    assert build(hub, engine, out).exit_code == 1 and not out.exists()


def test_a_pdf_is_linked_not_shown_as_an_image(project: Path, hub: Callable[..., Result]) -> None:
    (project / FOLDER / "slides.pdf").write_bytes(PDF)
    line = append(project, "![The slides](slides.pdf)", front="image: slides.pdf")
    result = check(hub)
    assert result.exit_code == 1
    assert f"{IDEA}:{line}: error: `slides.pdf` is a PDF, which no browser shows as an image" in result.output
    assert f"{IDEA}:{line_of(project, 'image: slides.pdf')}: error: image: `slides.pdf` is a PDF" in result.output


def test_a_linked_file_may_not_take_a_page_address(project: Path, hub: Callable[..., Result]) -> None:
    (project / FOLDER / "index.html").write_text("<script>alert('planted')</script>", encoding="utf-8")
    (project / FOLDER / "sub").mkdir()
    (project / FOLDER / "sub" / "INDEX.HTM").write_text("planted", encoding="utf-8")
    line = append(project, "[Read more](index.html) and [more](sub/INDEX.HTM)")
    result = check(hub)
    assert result.exit_code == 1
    assert f"{IDEA}:{line}: error: `index.html` would take the address of a page that hub generates" in result.output
    assert f"{IDEA}:{line}: error: `sub/INDEX.HTM` would take the address of a page" in result.output


@pytest.mark.parametrize("engine", ENGINES)
def test_a_copy_never_replaces_a_generated_file(project: Path, engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a plan that asked for it (none does today) cannot write a content file over a page or a feed."""
    cover = project / FOLDER / "cover.png"
    cover.write_bytes(png())
    from hub.build import make_plan as real_plan

    def plan_with_collisions(*args: object, **kwargs: object) -> SitePlan:
        plan = real_plan(*args, **kwargs)  # type: ignore[arg-type]
        object.__setattr__(plan, "assets", (Asset(cover, "feeds/ideas.rss.xml"),))
        return plan

    monkeypatch.setattr("hub.build.make_plan", plan_with_collisions)
    out = project / "out"
    with pytest.raises(BuildError, match="would take the address feeds/ideas.rss.xml, which the build already"):
        build_site(load_config(project), INSTANT, out, engine=engine)
    assert not out.exists()

    def plan_over_a_page(*args: object, **kwargs: object) -> SitePlan:
        plan = real_plan(*args, **kwargs)  # type: ignore[arg-type]
        object.__setattr__(plan, "assets", (Asset(cover, URL + "index.html"),))
        return plan

    monkeypatch.setattr("hub.build.make_plan", plan_over_a_page)
    with pytest.raises(BuildError, match=f"would take the address {URL}index.html"):
        build_site(load_config(project), INSTANT, out, engine=engine)


# Images from another host.

EXTERNAL = [
    ("![Chart](https://cdn.example.com/chart.png)", "https://cdn.example.com/chart.png"),
    ("![Chart](HTTP://cdn.example.com/chart.png)", "HTTP://cdn.example.com/chart.png"),
    ("![Chart](//cdn.example.com/chart.png)", "//cdn.example.com/chart.png"),
    ("![Chart](<https://cdn.example.com/chart.png> \"title\")", "https://cdn.example.com/chart.png"),
    ("![Chart](\\\\cdn.example.com\\chart.png)", "\\\\cdn.example.com\\chart.png"),
    ("![Chart](/\\cdn.example.com/chart.png)", "/\\cdn.example.com/chart.png"),
    ("![Chart](&#104;ttps://cdn.example.com/chart.png)", "&#104;ttps://cdn.example.com/chart.png"),
    ("![Chart [2026]](ftp://cdn.example.com/chart.png)", "ftp://cdn.example.com/chart.png"),
    ("![Chart][c]\n\n[c]: https://cdn.example.com/chart.png", "https://cdn.example.com/chart.png"),
    ('<img src="https://cdn.example.com/chart.png" alt="">', "https://cdn.example.com/chart.png"),
    ("<IMG ALT='' SRC=//cdn.example.com/chart.png>", "//cdn.example.com/chart.png"),
    ('<img alt="" src="&#x2F;&#x2F;cdn.example.com/chart.png">', "&#x2F;&#x2F;cdn.example.com/chart.png"),
    ('<img alt="" src=" \thttps://cdn.example.com/chart.png">', "https://cdn.example.com/chart.png"),
    ('<img alt="" src="\\\\cdn.example.com/chart.png">', "\\\\cdn.example.com/chart.png"),
]


@pytest.mark.parametrize(("body", "written"), EXTERNAL)
def test_an_external_image_in_the_body_is_an_error(project: Path, hub: Callable[..., Result], body: str,
                                                   written: str) -> None:
    append(project, body)
    line = line_of(project, written.strip())  # where the address is written (a definition's own line)
    result = check(hub)
    assert result.exit_code == 1, result.output
    found = [row for row in result.output.splitlines() if "is an image on another host" in row]
    assert len(found) == 1, result.output
    assert found[0].startswith(f"{IDEA}:{line}: error: `"), found[0]
    assert written.strip() in found[0]
    assert "hint: copy the image beside the idea and give its file name" in result.output


@pytest.mark.parametrize("image", ["https://cdn.example.com/cover.png", "//cdn.example.com/cover.png",
                                   "\\\\cdn.example.com\\cover.png", "&#47;&#47;cdn.example.com/cover.png"])
def test_an_external_image_field_is_an_error(project: Path, hub: Callable[..., Result], image: str) -> None:
    append(project, "More.", front=f"image: '{image}'")
    result = check(hub)
    assert result.exit_code == 1
    line = line_of(project, "image: ")
    assert f"{IDEA}:{line}: error: image: `{image}` is an image on another host" in result.output


def test_links_and_code_are_not_external_images(project: Path, hub: Callable[..., Result]) -> None:
    (project / FOLDER / "badge.png").write_bytes(png())
    append(project, "[The chart](https://cdn.example.com/chart.png) and [![Badge](badge.png)](https://example.com/)\n\n"
                    "Write `![Chart](https://cdn.example.com/chart.png)` or `<img src=\"//cdn.example.com/a.png\">`.\n\n"
                    "```markdown\n![Chart](https://cdn.example.com/chart.png)\n```\n\n"
                    "\\![Not an image](https://cdn.example.com/chart.png)")
    result = check(hub, "--strict")
    assert result.exit_code == 0, result.output


def test_a_published_svg_runs_and_loads_nothing_in_chromium(files_site: tuple[Path, Path], tmp_path: Path) -> None:
    """Opened as its own document (where a script would run on the site's origin) and shown on its page."""
    import functools
    import shutil
    import threading
    from http.server import ThreadingHTTPServer

    from tests.browser import SUB_PATH, SubPathHandler, require_browser, run_driver

    chromium = require_browser()
    _, site = files_site
    root = tmp_path / "served"
    shutil.copytree(site, root)
    shutil.copy(HOSTILE, root / "control.svg")  # the file as the editor gave it: shows that the test can fail
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(SubPathHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    try:
        published = run_driver("file_requests.mjs", {"chromium": chromium, "base": base,
                                                     "paths": [URL + "hostile.svg", URL]}, tmp_path)
        control = run_driver("file_requests.mjs", {"chromium": chromium, "base": base, "paths": ["control.svg"]},
                             tmp_path)
    finally:
        server.shutdown()
        server.server_close()
    assert published["blocked"] == [] and published["dialogs"] == [], published
    assert "https://tracker.example.com/script" in control["blocked"], control  # the unsanitized file's script ran
