"""Two levels of language, end to end on both engines: a French company's site (`theme.language: fr`) speaks French
throughout, in its chrome, pages and feeds, with French typography and dates; a French idea on the English example
site speaks French inside its own region, and only there.

"English words" are computed from the catalogs: the words of the English catalog that the French one does not use.
Until the French catalog is complete, the project copies here fill each missing key with a stand-in that keeps the
English string's HTML and placeholders and replaces its words with "mot"; with a complete catalog they add nothing.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from html import escape
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from babel.dates import format_date
from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po

from hub.build import build_site
from hub.config import load_config
from hub.plan import PageKind, SitePlan
from hub.render.pages import french_first
from hub.render.templates import words
from hub.timeparse import parse_instant
from tests.browser import JS, SUB_PATH, SubPathHandler, require_browser, run_driver
from tests.conftest import ARTIFACTS, ENGINES, EXAMPLE, NOW, copy_project
from tests.test_a11y import AXE_TAGS
from tests.test_engines_compare import assert_same_site

FRENCH_IDEA = "ideas/bilan-carbone-2025/"
FRENCH_IDEA_SOURCE = EXAMPLE / "content" / "ideas" / "2026" / "bilan-carbone-2025.md"
BRANDS = frozenset({"atom", "rss", "opml", "outlook", "thunderbird", "feedly", "inoreader", "feedbro", "newsblur",
                    "newsboat", "firefox", "chrome", "edge", "windows", "javascript"})
"""Names that stay the same in every language: never counted as English words."""
_WORD = re.compile(r"[^\W\d_]{3,}")
_MARKUP = re.compile(r"<[^>]+>|%\(\w+\)[sd]|%%|&\w+;")
_VERBATIM = frozenset({"code", "pre", "script", "style", "kbd", "samp", "template", "title"})
"""Not counted: code, and the `<title>` (it cannot mark a title in another language; the page's `<h1>` does)."""
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def _tokens(text: str) -> set[str]:
    """The words of a text, addresses left out (a URL's path is not prose: `…/audiences/engineers/`)."""
    return {w.lower() for w in _WORD.findall(re.sub(r"\bhttps?://\S+", " ", text))}


def _strings(path: Path) -> list[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    out: list[str] = []
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            out.extend(str(s or "") for s in strings)
    return out


def english_words(theme: Path) -> frozenset[str]:
    """Words of the English catalog that the French catalog does not use (and are no product names)."""
    english = set().union(*(_tokens(_MARKUP.sub(" ", s)) for s in _strings(theme / "locales/en/LC_MESSAGES/messages.po")))
    french = set().union(*(_tokens(_MARKUP.sub(" ", s)) for s in _strings(theme / "locales/fr/LC_MESSAGES/messages.po")))
    return frozenset(english - french - BRANDS)


def _stand_in(english: str) -> str:
    """The English string's tags and placeholders, its words replaced by "mot"."""
    parts = re.split(r"(<[^>]+>|%\(\w+\)[sd]|%%|&\w+;)", english)
    return "".join(p if i % 2 else re.sub(r"[A-Za-z]+", "mot", p) for i, p in enumerate(parts))


def complete_french_catalog(theme: Path) -> int:
    """Give every English key the French catalog lacks a stand-in (written to the project's overrides); return how
    many were missing."""
    locales = theme / "locales"
    with (locales / "en/LC_MESSAGES/messages.po").open("rb") as handle:
        english = read_po(handle)
    path = locales / "fr/LC_MESSAGES/messages.po"
    with path.open("rb") as handle:
        french = read_po(handle, locale="fr")
    missing = 0
    for message in english:
        if not message.id or (message.id in french and french[message.id].string):
            continue
        missing += 1
        if isinstance(message.string, (tuple, list)):
            french[message.id] = Message(message.id, tuple(_stand_in(s) for s in message.string))
        else:
            french[message.id] = Message(message.id, _stand_in(str(message.string)))
    if missing:  # in the project's overrides: hub's own catalog is the installed one
        target = theme / "overrides" / "locales/fr/LC_MESSAGES/messages.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            write_po(handle, french, width=0)
    return missing


def _set_front_matter(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    if not re.search(rf"^{key}:", text.split("\n---", 1)[0], re.MULTILINE):
        path.write_text(text.replace("---\n", f"---\n{key}: {value}\n", 1), encoding="utf-8")


def french_project(target: Path) -> Path:
    """The example project as a French company sets it up: `theme.language: fr`, a French name and description;
    the English guidelines and ideas say they are English."""
    root = copy_project(target)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("  language: en\n", "  language: fr\n", 1)
    text = re.sub(r"^site_name: .*$", 'site_name: "Parlez-en : avec vos mots"', text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^site_description: >-\n(?:  .*\n)+", "site_description: Notre charte des réseaux sociaux, et des "
                  "idées de sujets facultatives.\n", text, count=1, flags=re.MULTILINE)
    assert "language: fr" in text and "Parlez-en :" in text and "Notre charte" in text
    config.write_text(text, encoding="utf-8")
    for guideline in sorted((root / "content" / "guidelines").glob("*.md")):
        _set_front_matter(guideline, "lang", "en")
    return root


def build_both(root: Path) -> tuple[SitePlan, dict[str, Path]]:
    config = load_config(root)
    now = parse_instant(NOW, config.timezone)
    sites: dict[str, Path] = {}
    plan = None
    for engine in ENGINES:
        result = build_site(config, now, root.parent / f"site-{engine}", engine=engine)
        plan, sites[engine] = result.plan, result.out
    assert plan is not None
    return plan, sites


@pytest.fixture(scope="module")
def french_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SitePlan, dict[str, Path]]:
    root = french_project(tmp_path_factory.mktemp("french") / "project")
    complete_french_catalog(root / "theme")
    plan, sites = build_both(root)
    return root, plan, sites


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SitePlan, dict[str, Path]]:
    root = copy_project(tmp_path_factory.mktemp("english") / "project")
    complete_french_catalog(root / "theme")
    plan, sites = build_both(root)
    return root, plan, sites


class _Text(HTMLParser):
    """A page's visible words by language: text nodes (and aria-labels), code and scripts aside; each piece with the
    language of its element, and the `lang` attributes found, with their element and classes."""

    def __init__(self, start: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = [("", start, False)]
        self.pieces: list[tuple[str, str]] = []
        self.labels: list[tuple[str, str]] = []
        """aria-label values: words a screen reader says, though typography never touches attributes."""
        self.langs: list[tuple[str, str, dict[str, str | None]]] = []
        self.times: list[tuple[str, str]] = []
        self._time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or self.stack[-1][1]
        if "lang" in values:
            self.langs.append((tag, str(values["lang"]), values))
        if values.get("aria-label") and not self.stack[-1][2]:
            self.labels.append((lang, str(values["aria-label"])))
        if tag == "time":
            self._time = str(values.get("datetime"))
            self.times.append((self._time, ""))
        if tag not in _VOID:
            self.stack.append((tag, lang, self.stack[-1][2] or tag in _VERBATIM))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        if tag == "time":
            self._time = None

    def handle_data(self, data: str) -> None:
        if not self.stack[-1][2]:
            self.pieces.append((self.stack[-1][1], data))
        if self._time is not None:
            self.times[-1] = (self._time, self.times[-1][1] + data)


def parsed(html: str, start: str = "") -> _Text:
    parser = _Text(start)
    parser.feed(html)
    parser.close()
    return parser


def french_text(html: str, start: str = "", *, labels: bool = True) -> str:
    """The French text of `html` (with its aria-labels, unless told not to)."""
    found = parsed(html, start)
    pieces = found.pieces + (found.labels if labels else [])
    return " ".join(text for lang, text in pieces if lang.split("-")[0] == "fr")


def _strings_in(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def _config_words(root: Path) -> set[str]:
    """Words the company wrote in mkdocs.yml (name, description, vocabulary labels and descriptions): content."""
    settings = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    chosen = [settings.get("site_name"), settings.get("site_description"), settings["extra"]["hub"]]
    return set().union(*(_tokens(s) for s in _strings_in(chosen)))


def _pages(plan: SitePlan, site: Path) -> Iterator[tuple[str, str]]:
    for page in plan.pages:
        yield page.url, (site / page.output_path).read_text(encoding="utf-8")


def _french_content_words(root: Path) -> set[str]:
    """Words of the French content (ideas with `lang: fr`): the content's, which may borrow an English word."""
    files = (p.read_text(encoding="utf-8") for p in sorted((root / "content").rglob("*.md")))
    return set().union(*(_tokens(text) for text in files if re.search(r"^lang: fr$", text, re.MULTILINE)))


def _site_text(html: str, plan: SitePlan, url: str) -> str:
    """A page's French text: the copy of an English title in Material's header is marked English, so it is not in it."""
    return french_text(html)


# --- A French company's site ---


@pytest.mark.parametrize("engine", ENGINES)
def test_a_french_site_says_no_english_word_in_its_french_text(
    french_site: tuple[Path, SitePlan, dict[str, Path]], engine: str,
) -> None:
    root, plan, sites = french_site
    english = english_words(root / "theme") - _config_words(root)
    assert {"ideas", "subscribe", "charter", "home", "newest", "sensitivity"} <= english, "the word list is too thin"
    english -= _french_content_words(root)
    found = {}
    for url, html in _pages(plan, sites[engine]):
        assert re.search(r'<html[^>]* lang="fr"', html), url
        words = _tokens(_site_text(html, plan, url)) & english
        if words:
            found[url or "home"] = sorted(words)
    assert found == {}


@pytest.mark.parametrize("engine", ENGINES)
def test_english_ideas_on_a_french_site_are_marked_english_and_speak_english(
    french_site: tuple[Path, SitePlan, dict[str, Path]], engine: str,
) -> None:
    _, plan, sites = french_site
    english_idea = next(p for p in plan.pages if p.kind is PageKind.IDEA and p.lang == "en")
    html = (sites[engine] / english_idea.output_path).read_text(encoding="utf-8")
    assert '<div class="hub-idea" lang="en">' in html
    region = _idea_region(html)
    english = words(load_config(EXAMPLE), "en")
    for key in ("idea.angles.title", "idea.context.title"):  # the idea's own language decides its headings
        assert f">{escape(english(key))} <a class=\"hub-permalink\"" in region, key


def test_a_french_site_has_the_same_urls_and_byte_identical_feeds_on_both_engines(
    french_site: tuple[Path, SitePlan, dict[str, Path]],
) -> None:
    _, plan, sites = french_site
    assert_same_site(plan, sites)


def test_a_french_sites_feeds_have_french_titles_descriptions_items_and_rfc_dates(
    french_site: tuple[Path, SitePlan, dict[str, Path]],
) -> None:
    root, _, sites = french_site
    english = english_words(root / "theme") - _config_words(root) - _french_content_words(root)
    feeds = sorted((sites["mkdocs"] / "feeds").rglob("*.xml"))
    assert {"ideas.atom.xml", "ideas.rss.xml", "charter.atom.xml", "charter.rss.xml"} <= {f.name for f in feeds}
    french_items = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, path
        declared = feed.feed.get("language") or feed.feed.get("title_detail", {}).get("language") or ""
        # A language's feed says the language of its items; every other feed, the site's. Titles are the site's.
        assert declared == (path.name.split(".")[0] if path.parent.name == "languages" else "fr"), path
        heading = f"{feed.feed.get('title', '')} {feed.feed.get('subtitle', '')}"
        assert not (_tokens(heading) & english), (path.name, heading)
        raw = path.read_text(encoding="utf-8")
        if path.name.endswith(".rss.xml"):  # RFC 822 dates, whatever the language
            dates = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]+)<", raw)
            assert dates and all(re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", d)
                                 for d in dates), dates[:3]
        for entry in feed.entries:
            content = entry.get("content") or [entry.get("summary_detail", {})]
            if (content[0].get("language") or "").startswith("fr"):
                text = french_text(content[0].get("value", ""), "fr")
                assert not (_tokens(text) & english), (path.name, entry.title, sorted(_tokens(text) & english))
                french_items += 1
    assert french_items > 5
    opml = (sites["mkdocs"] / "feeds" / "all.opml").read_text(encoding="utf-8")
    titles = " ".join(re.findall(r'(?:title|text)="([^"]*)"', opml))
    assert not (_tokens(titles) & english), titles


@pytest.mark.parametrize("engine", ENGINES)
def test_a_french_site_has_french_typography_in_its_text_and_none_in_code_urls_or_times(
    french_site: tuple[Path, SitePlan, dict[str, Path]], engine: str,
) -> None:
    _, plan, sites = french_site
    loose: dict[str, list[str]] = {}
    spaced = 0
    for url, html in _pages(plan, sites[engine]):
        text = french_text(html, labels=False)
        spaced += text.count("\u202f") + text.count("\u00a0")
        bad = [text[max(0, m.start() - 20):m.end() + 5] for m in re.finditer(r" [?!;»:](?=\s|$)|« ", text)]
        if bad:
            loose[url] = bad
        # never in attributes (URLs, datetime), code or times
        assert not re.search(r'(?:href|src|datetime)="[^"]*[\u00a0\u202f]', html), url
        for code in re.findall(r"<code>(.*?)</code>", html, re.DOTALL):
            assert "\u202f" not in code and "\u00a0" not in code, (url, code)
        assert not re.search(r"\d[\u00a0\u202f]:\d", html), url
    assert loose == {}
    assert spaced > 50, "no French no-break space anywhere: typography is not applied"


@pytest.mark.parametrize("engine", ENGINES)
def test_dates_on_french_pages_read_like_15_septembre_2026_with_iso_datetime(
    french_site: tuple[Path, SitePlan, dict[str, Path]], english_site: tuple[Path, SitePlan, dict[str, Path]],
    engine: str,
) -> None:
    checked = 0
    for _, plan, sites in (french_site, english_site):
        for page in plan.pages:
            html = (sites[engine] / page.output_path).read_text(encoding="utf-8")
            parser = parsed(html)
            for (stamp, shown), lang in zip(parser.times, _time_langs(html), strict=True):
                moment = datetime.fromisoformat(stamp)
                # An instant, or a day (the last day an idea is live, a whole-day event's days).
                assert stamp in (moment.isoformat(), f"{moment:%Y-%m-%d}"), stamp
                if lang.startswith("fr"):
                    expected = french_first(format_date(moment.date(), "long", locale="fr"), moment.day, "fr")
                    # An event's times: its day and time, or the time it ends on the same day.
                    ends = re.fullmatch(r"\d+\u00a0h\u00a0\d\d", shown)
                    assert shown == expected or shown.startswith(f"{expected} à ") or ends, (page.url, stamp, shown)
                    checked += 1
                else:
                    assert shown in (f"{moment:%Y-%m-%d}", f"{moment:%Y-%m-%d %H:%M}", f"{moment:%H:%M}"), \
                        (page.url, stamp, shown)
    assert checked > 20


def _time_langs(html: str) -> list[str]:
    """The language each `<time>` of a page is in, in order."""
    out: list[str] = []

    class Finder(_Text):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "time":
                out.append(dict(attrs).get("lang") or self.stack[-1][1])
            super().handle_starttag(tag, attrs)

    Finder().feed(html)
    return out


# --- A French idea on the English example site ---


def _idea_region(html: str) -> str:
    """The idea's content region: from its `<div class="hub-idea" …>` to the end of the page's content."""
    start = html.index('<div class="hub-idea"')
    end = html.index("</main>", start) if "</main>" in html[start:] else html.index("</article>", start)
    return html[start:end]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_french_idea_on_the_english_site_says_no_english_word_inside_its_region(
    english_site: tuple[Path, SitePlan, dict[str, Path]], engine: str,
) -> None:
    root, plan, sites = english_site
    page = plan.page(FRENCH_IDEA)
    html = (sites[engine] / page.output_path).read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="en"', html)
    region = _idea_region(html)
    assert region.startswith('<div class="hub-idea" lang="fr">')
    own = _tokens(FRENCH_IDEA_SOURCE.read_text(encoding="utf-8")) | _config_words(root)
    english = english_words(root / "theme")
    assert {"facts", "context", "sensitivity", "before", "ways"} <= english
    words = _tokens(french_text(region)) & english - own
    assert sorted(words) == []
    assert re.search(r"[\w»][\u202f][?!;»]|\w\u00a0:", french_text(region)), "no French typography in the idea"


@pytest.mark.parametrize("engine", ENGINES)
def test_lang_attributes_mark_exactly_where_the_language_changes(
    english_site: tuple[Path, SitePlan, dict[str, Path]], engine: str,
) -> None:
    _, plan, sites = english_site
    site = sites[engine]
    idea = (site / plan.page(FRENCH_IDEA).output_path).read_text(encoding="utf-8")
    title = re.search(r"<h1[^>]*>", idea)
    assert title and 'lang="fr"' in title.group(0), title
    region = parsed(_idea_region(idea), "en")
    marks = [(tag, lang) for tag, lang, _ in region.langs]
    assert marks[0] == ("div", "fr")
    guidelines = {g.slug: g.lang for g in plan.guidelines}
    for tag, lang, attrs in region.langs[1:]:  # inside: only what is not French, the English guidelines' titles
        slug = str(attrs.get("href", "")).rstrip("/").rsplit("/", 1)[-1]
        assert tag == "a" and guidelines.get(slug) == lang != "fr", (tag, lang, attrs)
    lists = (site / "ideas" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<article class="hub-card"[^>]*>.*?</article>', lists, re.DOTALL)
    french = [c for c in cards if 'href="../ideas/bilan-carbone-2025/"' in c or "bilan-carbone-2025/" in c]
    assert french, "the French idea has no card on the list"
    card = parsed(french[0], "en")
    assert [(t, lang) for t, lang, _ in card.langs] in ([("h3", "fr"), ("p", "fr")], [("h2", "fr"), ("p", "fr")])
    english_pages = [p for p in plan.pages if p.kind is PageKind.IDEA and p.lang == "en"]
    for page in english_pages[:3]:
        html = (site / page.output_path).read_text(encoding="utf-8")
        assert '<div class="hub-idea">' in html and not re.search(r"<h1[^>]*lang=", html), page.url


@pytest.mark.parametrize("engine", ENGINES)
def test_a_french_title_on_the_english_site_is_marked_french_with_french_typography_header_copy_too(
    tmp_path: Path, engine: str,
) -> None:
    """The `<h1>` on both engines, and on Material the copy of the title its header shows once the page scrolls."""
    root = copy_project(tmp_path / "project")
    source = root / "content" / "ideas" / "2026" / "bilan-carbone-2025.md"
    text = source.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.MULTILINE)
    assert title, "the French idea has no title line"
    source.write_text(text.replace(title.group(0), 'title: "Notre bilan carbone : enfin public ?"', 1), encoding="utf-8")
    config = load_config(root)
    result = build_site(config, parse_instant(NOW, config.timezone), tmp_path / "site", engine=engine)
    html = (result.out / result.plan.page(FRENCH_IDEA).output_path).read_text(encoding="utf-8")
    assert re.search(r'<h1[^>]* lang="fr">Notre bilan carbone\u00a0: enfin public\u202f\?</h1>', html)
    if engine != "mkdocs":
        return
    topic = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis"([^>]*)>(.*?)</span>', html,
                      re.DOTALL)
    assert topic, "Material's header has no copy of the page's title"
    assert topic.group(1) == ' lang="fr"' and topic.group(2).strip() == "Notre bilan carbone\u00a0: enfin public\u202f?"
    english = next(p for p in result.plan.pages if p.kind is PageKind.IDEA and p.lang == "en")
    html = (result.out / english.output_path).read_text(encoding="utf-8")
    topic = re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis"([^>]*)>', html)
    assert topic and topic.group(1) == "", "an English idea on the English site needs no lang"


def test_a_french_ideas_feed_item_speaks_french(english_site: tuple[Path, SitePlan, dict[str, Path]]) -> None:
    root, _, sites = english_site
    english = english_words(root / "theme")
    own = _tokens(FRENCH_IDEA_SOURCE.read_text(encoding="utf-8")) | _config_words(root)
    feed = feedparser.parse((sites["mkdocs"] / "feeds" / "ideas.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.link.endswith(FRENCH_IDEA))
    assert entry.content[0].language == "fr"
    assert sorted(_tokens(french_text(entry.content[0].value, "fr")) & english - own) == []


# --- axe-core on a French site ---

A11Y_PAGES: list[dict[str, Any]] = [
    {"name": "home", "path": "./"},
    {"name": "idea", "path": FRENCH_IDEA},
    {"name": "idea-english", "path": "ideas/ci-energy/"},
    {"name": "subscribe", "path": "subscribe/"},
    # A feed's page: its English items say so (lang), only the chrome is read.
    {"name": "feed-page", "path": "feeds/ideas.html", "textIn": "fr", "textSkip": "#items li"},
    {"name": "feed-page-nested", "path": "feeds/topics/engineering.html", "textIn": "fr", "textSkip": "#items li"},
    {"name": "not-found", "path": "no/such/page/", "status": 404},
]


@pytest.mark.browser
@pytest.mark.parametrize("engine", ENGINES)
def test_axe_finds_nothing_on_a_french_site(
    french_site: tuple[Path, SitePlan, dict[str, Path]], engine: str, tmp_path: Path,
) -> None:
    chromium = require_browser("axe-core")
    _, _, sites = french_site
    handler = functools.partial(SubPathHandler, directory=str(sites[engine]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        plan = {"chromium": chromium, "base": base, "axe": str(JS / "node_modules" / "axe-core" / "axe.min.js"),
                "tags": AXE_TAGS, "artifacts": str(ARTIFACTS / f"a11y-fr-{engine}"), "pages": A11Y_PAGES}
        report = run_driver("a11y.mjs", plan, tmp_path, timeout=240)
    finally:
        server.shutdown()
        server.server_close()
    assert report["errors"] == [] and report["blocked"] == [] and report["failed"] == [], report
    assert {p["name"]: p["status"] for p in report["pages"]} == {p["name"]: p.get("status", 200) for p in A11Y_PAGES}
    assert {p["name"]: p["violations"] for p in report["pages"] if p["violations"]} == {}
    # Every page is French, the feeds' pages (theme/templates/feed/view.html) too, and say no English word.
    assert {p["name"]: p["lang"] for p in report["pages"]} == {p["name"]: "fr" for p in A11Y_PAGES}
    root = french_site[0]
    english_chrome = english_words(root / "theme") - _config_words(root) - _french_content_words(root)
    french = words(load_config(root), "fr")
    for name in ("feed-page", "feed-page-nested"):
        shown = next(p for p in report["pages"] if p["name"] == name)
        assert french("feed.view.what.title") in shown["text"] and french("feed.view.subscribe") in shown["text"], name
        assert _tokens(shown["text"]) & english_chrome == set(), name
        assert {h["text"] for h in shown["headings"]} >= {french("feed.view.what.title"), french("feed.view.items")}
    english = next(p for p in report["pages"] if p["name"] == "idea-english")
    assert english["contentLang"] == "en"
