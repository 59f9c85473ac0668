"""The front-matter schema of guidelines and ideas: from a RawDocument to a typed model."""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import UTC, datetime

from hub.config import SiteConfig
from hub.content.event import read_event
from hub.content.fields import PLACEHOLDER, FieldReader
from hub.content.source import RawDocument
from hub.content.stance import HINTS, Sign, as_question, first_signs, is_question, signs
from hub.models import Guideline, Idea, Link, Sensitivity, Source
from hub.problems import Problem, Severity, counted, did_you_mean, excerpt, shown

GUIDELINE_FIELDS = ("title", "summary", "order", "lang", "updated", "changes")
IDEA_FIELDS = (
    "id", "title", "summary", "date", "expires", "topics", "audiences", "channels", "lang",
    "angles", "facts", "links", "sensitivity", "guidelines", "contact", "image", "draft", "updated", "correction",
    "event",
)
POST_LENGTH = 200
SLUG_LENGTH = 120
"""The longest address a file name may give: the folder names it becomes stay under the file system's 255 bytes."""
"""An angle or fact longer than this reads like a post to copy rather than a way in."""
PLACEHOLDER_URLS = ("https://example.com/", "https://example.com")
"""The address `hub new` writes under `links`; other pages on example domains are real sources in examples."""
UNREAD_DATE = datetime(1970, 1, 1, tzinfo=UTC)
"""The `date` of an idea whose date could not be read (and was reported): cross-checks leave it out."""
NEW_ID_HINT = "run `hub new id` to print a fresh one"


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens: `Café & Co!` -> `cafe-co`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _slug(doc: RawDocument, reader: FieldReader) -> str:
    slug = slugify(doc.path.stem)
    if len(slug) > SLUG_LENGTH:
        reader.problems.append(Problem(doc.display, 1, None, f"the file name gives an address of {len(slug)} characters",
                                       f"rename the file to something shorter (at most {SLUG_LENGTH} letters and digits)"))
    return slug


def _source(doc: RawDocument) -> Source:
    return Source(doc.path, doc.display, doc.body_line)


def _lang(reader: FieldReader, config: SiteConfig) -> str:
    lang = reader.text("lang", default=config.lang)
    if lang not in config.languages:
        reader.problem("lang", f"unknown language `{excerpt(lang)}`",
                       did_you_mean(lang, list(config.languages.terms))
                       + " (languages are defined in mkdocs.yml, extra.hub.languages)")
        return config.lang
    return lang


BODY_ASKS = {
    "idea": ("the context", "what happened, why it matters"),
    "guideline": ("the guidance", "what the page asks of people, short and concrete, with an example"),
}
"""What the body of each kind of file is for, as the hints about an empty or placeholder body say it."""


def _body(reader: FieldReader, doc: RawDocument, kind: str) -> str:
    what, details = BODY_ASKS[kind]
    if not doc.body.strip():
        reader.problems.append(Problem(
            doc.display, doc.body_line, None, "the body is empty",
            f"write {what} below the closing --- line: {details}"))
    elif doc.body.lstrip().startswith(PLACEHOLDER):
        reader.problems.append(Problem(
            doc.display, doc.body_line, None, "the body still holds the placeholder written by `hub new`",
            f"replace it with {what}: {details}", placeholder=True))
    return doc.body


def to_guideline(doc: RawDocument, config: SiteConfig, reader: FieldReader) -> Guideline:
    """A charter page; problems go to the reader."""
    reader.check_keys(GUIDELINE_FIELDS)
    updated = reader.moment("updated")
    changes = reader.text("changes")
    if changes and updated is None:
        reader.problem("changes", "`changes` needs `updated`, the date of that change",
                       "add `updated: 2026-11-25` so the charter feed can date it")
    return Guideline(
        slug=_slug(doc, reader),
        title=reader.text("title", required=True),
        summary=reader.text("summary"),
        order=reader.integer("order", 1000),
        lang=_lang(reader, config),
        updated=updated,
        changes=changes,
        body=_body(reader, doc, "guideline"),
        source=_source(doc),
    )


def _links(reader: FieldReader) -> tuple[Link, ...]:
    raw = reader.doc.metadata.get("links")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        reader.problem("links", "`links` must be a list", "write `- title: …` and `  url: https://…` for each link")
        return ()
    links: list[Link] = []
    for index, item in enumerate(raw):
        if isinstance(item, str) and item.strip():
            item = {"title": item, "url": item}
        if not isinstance(item, dict) or not item.get("url"):
            reader.problem("links", f"`links` item {index + 1} needs a `url`",
                           "write `- title: Where it comes from` and `  url: https://…`", item=index)
            continue
        url, title = str(item["url"]).strip(), str(item.get("title") or item["url"]).strip()
        unknown = set(item) - {"title", "url"}
        if unknown:
            names = excerpt(", ".join(sorted(map(str, unknown))))
            reader.problem("links", f"`links` item {index + 1} has unknown key(s) {names}",
                           "a link has only `title` and `url`", item=index)
        if not re.match(r"^https?://[^\s/]+", url):
            reader.problem("links", f"`links` item {index + 1}: {shown(url)} is not a web address",
                           "write a full address starting with https://", item=index)
            continue
        if PLACEHOLDER in title or PLACEHOLDER in url or url in PLACEHOLDER_URLS:
            reader.problem("links", f"`links` item {index + 1} still holds the placeholder written by `hub new`",
                           "give the title and the https:// address of the public source the facts come from, "
                           "or remove the item", item=index, placeholder=True)
        if not url.startswith("https://"):
            reader.problem("links", f"`links` item {index + 1} is not https: {excerpt(url)}",
                           "use the https:// address; plain http is refused by many networks and readers",
                           item=index, severity=Severity.WARNING)
        links.append(Link(title, url))
    return tuple(links)


def _severity(config: SiteConfig, field: str) -> Severity:
    return Severity.ERROR if field in config.stance.fail else Severity.WARNING


def _post_like(reader: FieldReader, config: SiteConfig, key: str, text: str, what: str, item: int | None = None) -> None:
    """A warning (an error where `extra.hub.stance.fail` names the field) naming the words that read as a post."""
    found = first_signs(signs(text))
    if found:
        reader.problem(key, f"{what} reads as a post to copy: {', '.join(map(str, found))}", HINTS[key],
                       item=item, severity=_severity(config, key))


def _post_like_items(reader: FieldReader, config: SiteConfig, key: str, items: tuple[str, ...]) -> None:
    for index, item in enumerate(items):
        _post_like(reader, config, key, item, f"`{key}` item {index + 1}", index)
        if len(item) > POST_LENGTH:
            reader.problem(key, f"`{key}` item {index + 1} is {len(item)} characters: long enough to be pasted as a post",
                           f"keep it under {POST_LENGTH} characters; when many colleagues post the same words at once, "
                           "readers notice and the voice stops being credible. Give a way in, not the post",
                           item=index, severity=Severity.WARNING)


BODY_STANCE_LINES = 5
"""The most lines of one body the stance lint reports one by one; the rest are counted in one more problem."""


def _post_like_body(reader: FieldReader, config: SiteConfig, doc: RawDocument) -> None:
    """Each line of the body that reads as a post to copy, with the words (code, addresses and markup left out)."""
    by_line: dict[int, list[Sign]] = {}
    for sign in signs(doc.body, markdown=True):
        by_line.setdefault(doc.body.count("\n", 0, sign.offset), []).append(sign)
    severity = _severity(config, "body")
    for index, (line, found) in enumerate(sorted(by_line.items())):
        if index == BODY_STANCE_LINES:
            reader.problems.append(Problem(
                doc.display, doc.body_line + line, None,
                f"{counted(len(by_line) - index, 'more line')} of the body read as a post to copy", HINTS["body"], severity))
            break
        reader.problems.append(Problem(
            doc.display, doc.body_line + line, None,
            f"the body reads as a post to copy: {', '.join(map(str, first_signs(found)))}", HINTS["body"], severity))


def _not_questions(reader: FieldReader, config: SiteConfig, angles: tuple[str, ...], lang: str) -> None:
    """Each angle that reads as an instruction or a statement, with the same thought as a question."""
    severity = Severity.ERROR if config.stance.questions == "fail" else Severity.WARNING
    for index, angle in enumerate(angles):
        if not is_question(angle):
            reader.problem("angles", f"`angles` item {index + 1} is not a question: {shown(angle, 60)}",
                           "an angle is a question each colleague answers from their own experience; "
                           f"for example: '{as_question(angle, lang)}'", item=index, severity=severity)


def _stance(reader: FieldReader, config: SiteConfig, idea: Idea) -> None:
    """hub's stance in every field an employee sees: a way in, never words to paste."""
    _post_like(reader, config, "title", idea.title, "`title`")
    _post_like(reader, config, "summary", idea.summary, "`summary`")
    _post_like_items(reader, config, "angles", idea.angles)
    _not_questions(reader, config, idea.angles, idea.lang)
    _post_like_items(reader, config, "facts", idea.facts)
    for index, link in enumerate(idea.links):
        if link.title != link.url:
            _post_like(reader, config, "links", link.title, f"`links` item {index + 1}'s title", index)
    _post_like_body(reader, config, reader.doc)


def _correction(reader: FieldReader, date: datetime | None) -> tuple[datetime | None, str]:
    """`updated` and its one-line `correction`: both or neither, and not before `date`."""
    updated = reader.moment("updated")
    correction = reader.text("correction")
    if "\n" in correction:
        reader.problem("correction", "`correction` must be one line",
                       "say in one sentence what was fixed, such as `The figure is 40 %, not 45 %.`")
    if updated is not None and not correction:
        reader.problem("updated", "`updated` needs a `correction`: one line saying what was fixed",
                       "add `correction: The figure is 40 %, not 45 %.`; readers see it with the update")
    if correction and updated is None and "updated" not in reader.doc.metadata:
        reader.problem("correction", "`correction` needs `updated`, the date of the fix",
                       "add `updated: 2026-11-26 14:00` so feed readers show the idea as changed")
    if updated is not None and date is not None and updated < date:
        reader.problem("updated", f"`updated` ({reader.doc.metadata['updated']}) is before `date` "
                       f"({reader.doc.metadata['date']})",
                       "a correction comes after publication: give the day and time of the fix, such as "
                       "`updated: 2026-11-26 14:00`")
    return updated, correction


def _idea_id(reader: FieldReader) -> str:
    """The `id`, made canonical when it is a UUID."""
    idea_id = reader.text("id", required=True)
    if not idea_id:
        return idea_id
    try:
        return str(uuid.UUID(idea_id))
    except ValueError:
        reader.problem("id", f"`id` must be a UUID, got {shown(idea_id)}",
                       f"`hub new idea` writes one; or {NEW_ID_HINT}. "
                       "Never change it once published: feed readers know the idea by it")
        return idea_id


def _publication(reader: FieldReader) -> tuple[datetime | None, datetime | None]:
    """`date` and `expires`, the second after the first."""
    date = reader.moment("date", required=True)
    expires = reader.moment("expires", end_of_day=True)
    if date and expires and expires <= date:
        metadata = reader.doc.metadata
        reader.problem("expires", f"`expires` ({metadata['expires']}) is not after `date` ({metadata['date']})",
                       "set `expires` later than `date`, or remove it")
    return date, expires


def _sensitivity(reader: FieldReader) -> tuple[Sensitivity, str, tuple[str, ...]]:
    """The sensitivity with what it asks for: `ask` a `contact`, `care` the `guidelines` to re-read."""
    text = reader.text("sensitivity", default="open")
    try:
        sensitivity = Sensitivity(text)
    except ValueError:
        reader.problem("sensitivity", f"unknown sensitivity `{excerpt(text)}`",
                       did_you_mean(text, [s.value for s in Sensitivity])
                       + " (open: share freely; care: re-read a guideline; ask: talk to the contact first)")
        sensitivity = Sensitivity.OPEN
    contact = reader.text("contact")
    guidelines = reader.text_list("guidelines")
    if sensitivity is Sensitivity.ASK and not contact:
        reader.problem("sensitivity", "`sensitivity: ask` needs a `contact`: whom to talk to first",
                       "add a line `contact: Name, team (email)`")
    if sensitivity is Sensitivity.CARE and not guidelines:
        reader.problem("sensitivity", "`sensitivity: care` needs `guidelines`: which charter pages to re-read",
                       "add `guidelines: [confidential]` with the slugs of the pages")
    return sensitivity, contact, guidelines


def _ways_in(reader: FieldReader) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The angles (two or more) and facts, none of them a post to copy."""
    angles = reader.text_list("angles")
    facts = reader.text_list("facts")
    if not angles:
        reader.problem("angles", "no angles: an idea is its ways in",
                       "add `angles:` with two or more prompts such as 'What surprised you when…?', one `- …` per line")
    elif len(angles) < 2:
        reader.problem("angles", "1 angle: give at least two ways in",
                       "an angle is a prompt such as 'What surprised you when…?'; several let each colleague find their own",
                       severity=Severity.WARNING)
    return angles, facts


def _unreadable(reader: FieldReader, date: datetime | None) -> tuple[str, ...]:
    """The publication fields hub could not read (each reported): without them, the idea's status is unknown."""
    unread = tuple(key for key in ("date", "expires") if key in reader.unreadable)
    return unread or (("date",) if date is None else ())


def to_idea(doc: RawDocument, config: SiteConfig, reader: FieldReader) -> Idea:
    """A story idea; problems go to the reader."""
    reader.check_keys(IDEA_FIELDS)
    idea_id = _idea_id(reader)
    date, expires = _publication(reader)
    sensitivity, contact, guidelines = _sensitivity(reader)
    angles, facts = _ways_in(reader)
    updated, correction = _correction(reader, date)
    idea = Idea(
        id=idea_id,
        slug=_slug(doc, reader),
        title=reader.text("title", required=True),
        summary=reader.text("summary", required=True),
        date=date or UNREAD_DATE,  # only when reported above
        expires=expires,
        topics=reader.terms("topics", config.topics),
        audiences=reader.terms("audiences", config.audiences),
        channels=reader.terms("channels", config.channels),
        lang=_lang(reader, config),
        angles=angles,
        facts=facts,
        links=_links(reader),
        sensitivity=sensitivity,
        guidelines=guidelines,
        contact=contact,
        image=reader.text("image") or None,
        draft=reader.boolean("draft"),
        body=_body(reader, doc, "idea"),
        source=_source(doc),
        updated=updated,
        correction=correction,
        unreadable=_unreadable(reader, date),
        event=read_event(reader, expires),
    )
    _stance(reader, config, idea)
    return idea
