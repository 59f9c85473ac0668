"""A realistic generated project (config, 30 guideline pages, N ideas), byte-identical for the same seed.

Usage: python bench/corpus.py OUT --ideas N [--seed S]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

NOW = "2026-10-01T06:00:00+02:00"
"""The instant the benchmarks build for: with it, most ideas are live, some scheduled, expired or draft."""

FIRST_DAY = datetime(2024, 1, 1, 7, 0)
SPAN_MINUTES = (datetime(2027, 1, 31, 20, 0) - FIRST_DAY) // timedelta(minutes=1)
NOW_DAY = date(2026, 10, 1)

TOPICS = {
    "open-source": "Open source", "engineering": "Engineering", "careers": "Careers",
    "sustainability": "Sustainability", "events": "Events", "product": "Product", "community": "Community",
    "research": "Research", "security": "Security", "accessibility": "Accessibility", "design": "Design",
    "data": "Data and analytics", "cloud": "Cloud and operations", "customers": "Customer stories",
    "partners": "Partners", "learning": "Learning and training", "diversity": "Diversity and inclusion",
    "health": "Health and wellbeing", "offices": "Our offices", "history": "Company history",
}
AUDIENCES = {
    "everyone": "Everyone", "engineers": "Engineers", "sales": "Sales and customer teams",
    "managers": "Managers", "new-joiners": "New joiners",
}
CHANNELS = {
    "linkedin": ("LinkedIn", "Professional network; long posts and articles.",
                 "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    "mastodon": ("Mastodon", "The fediverse; pick your own server.", None),
    "bluesky": ("Bluesky", "Short posts, open network.", "https://bsky.app/intent/compose?text={url}"),
    "blog": ("Personal blog", "Your own site or newsletter.", None),
    "meetup": ("Meetups and talks", "Said out loud, in a room.", None),
}
GUIDELINES = [
    "Why we take part", "Be yourself, in the first person", "Say who you work for", "What stays confidential",
    "Regulated and sensitive topics", "Respect and disagreement", "How to use story ideas",
    "When something goes wrong", "Your account is yours", "Photos and people in them", "Customers and partners",
    "Numbers we can quote", "Talking about competitors", "Recruiting on social media", "Events and live posting",
    "Security incidents", "Health claims", "Open-source contributions", "Speaking at conferences",
    "Press and journalists", "Elections and politics", "Crisis and silence", "Accessibility of your posts",
    "Writing with AI tools", "Copyright and images", "Personal and professional accounts", "Leaving the company",
    "Answering criticism", "Internal screenshots", "Who to ask",
]
PEOPLE = ["Inès Moreau", "Tom Becker", "Amina Diallo", "Lucas Martin", "Sofia Rossi", "Karim Haddad",
          "Julie Lefèvre", "Noah Schmidt", "Chloé Bernard", "Priya Natarajan"]
TEAMS = ["Investor relations", "Legal", "Communications", "Security office", "People team", "Works council"]
DOMAINS = ["example.com", "example.org", "research.example.net", "docs.example.com", "blog.example.org",
           "news.example.com", "events.example.org", "github.com/example"]

def _split(text: str) -> list[str]:
    return text.split()


WORDS = {
    "en": _split(
        "team customer release service platform outage incident lesson talk paper meetup community office project "
        "benchmark energy footprint contributor library pipeline deployment test review feedback metric latency "
        "budget roadmap partner volunteer colleague workshop prototype migration dataset model study result "
        "hospital school warehouse network server cluster accessibility keyboard screen reader design interface "
        "week month quarter year morning evening week-end city station river train bike plan question answer"
    ),
    "fr": _split(
        "équipe client version service plateforme panne incident leçon conférence article rencontre communauté "
        "bureau projet mesure énergie empreinte contributeur bibliothèque chaîne déploiement test relecture retour "
        "indicateur latence budget feuille partenaire bénévole collègue atelier prototype migration données modèle "
        "étude résultat hôpital école entrepôt réseau serveur accessibilité clavier lecteur écran interface semaine "
        "mois trimestre année matin soir ville gare fleuve train vélo plan question réponse"
    ),
}
VERBS = {
    "en": _split("built shipped measured fixed explained rewrote tested reviewed shared opened published learned moved "
                 "reduced doubled tracked documented presented started finished planned"),
    "fr": ["a construit", "a livré", "a mesuré", "a corrigé", "a expliqué", "a réécrit", "a testé", "a relu",
           "a partagé", "a ouvert", "a publié", "a appris", "a déplacé", "a réduit", "a doublé", "a suivi",
           "a documenté", "a présenté", "a commencé", "a terminé"],
}
GLUE = {
    "en": _split("the our a this every one small new old shared public internal first last open local careful"),
    "fr": _split("le la notre une cette chaque un petit nouvel ancien partagé public interne premier dernier ouvert "
                 "local"),
}
LINKERS = {
    "en": ["because", "while", "after", "before", "so that", "although", "when", "and then", "but"],
    "fr": ["parce que", "pendant que", "après que", "avant que", "afin que", "bien que", "quand", "puis", "mais"],
}
HEADINGS = {
    "en": ["The context", "What happened", "Why it matters", "What we learned", "What you can say",
           "What to leave out", "Numbers", "The people behind it", "What comes next", "Questions we hear"],
    "fr": ["Le contexte", "Ce qui s'est passé", "Pourquoi c'est important", "Ce que nous avons appris",
           "Ce que vous pouvez dire", "Ce qu'il vaut mieux taire", "Quelques chiffres", "Les personnes derrière",
           "La suite", "Les questions qu'on nous pose"],
}
TITLE_FORMS = {
    "en": ["How our {a} {v} the {b}", "A {a} that {v} our {b}", "What the {a} taught us about {b}",
           "Why we {v} the {b} this {c}", "Our {a} at the {b}", "One {c} with the {a} team"],
    "fr": ["Comment notre {a} {v} le {b}", "Un {a} qui {v} notre {b}", "Ce que le {a} nous a appris sur le {b}",
           "Pourquoi notre {a} {v} le {b}", "Notre {a} au {b}", "Un {c} avec l'{a}"],
}
ANGLES = {
    "en": ["What surprised you most when you first worked on the {a}?", "Which {b} would you show a friend, and why?",
           "What would you tell someone starting on a {a} like this one?", "What did the {b} change in your week?",
           "Which question about the {a} do you still have?", "What is one thing about the {b} people get wrong?"],
    "fr": ["Qu'est-ce qui vous a le plus surpris la première fois, sur le {a} ?",
           "Quel {b} montreriez-vous à un ami, et pourquoi ?",
           "Que diriez-vous à quelqu'un qui commence sur un {a} comme celui-ci ?",
           "Qu'est-ce que le {b} a changé dans votre semaine ?", "Quelle question vous reste-t-il sur le {a} ?",
           "Qu'est-ce que les gens comprennent mal à propos du {b} ?"],
}
FACTS = {
    "en": ["The {a} ran for {n} weeks with {m} colleagues involved.", "{n} % fewer {b} incidents since the change.",
           "The {a} is used by {m} teams in {n} countries.", "It took {n} releases to finish the {b}."],
    "fr": ["Le {a} a duré {n} semaines avec {m} collègues impliqués.", "{n} % d'incidents en moins sur le {b}.",
           "Le {a} est utilisé par {m} équipes dans {n} pays.", "Il a fallu {n} versions pour terminer le {b}."],
}


def _q(text: str) -> str:
    """A YAML scalar: plain when safe, double-quoted (JSON is valid YAML) otherwise."""
    if re.search(r": | #|^[-?:,\[\]{}#&*!|>'\"%@`]|:$|^\s|\s$", text) or text.lower() in ("yes", "no", "true", "false"):
        return json.dumps(text, ensure_ascii=False)
    return text


def _slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class _Writer:
    """Text in one language from a seeded generator."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng, self.lang = rng, lang

    def word(self) -> str:
        return self.rng.choice(WORDS[self.lang])

    def phrase(self) -> str:
        return f"{self.rng.choice(GLUE[self.lang])} {self.word()}"

    def sentence(self) -> str:
        r = self.rng
        parts = [self.phrase(), r.choice(VERBS[self.lang]), self.phrase()]
        if r.random() < 0.6:
            parts += [r.choice(LINKERS[self.lang]), self.phrase(), r.choice(VERBS[self.lang]), self.phrase()]
        if r.random() < 0.3:
            parts.append(f"en {r.randint(2015, 2026)}" if self.lang == "fr" else f"in {r.randint(2015, 2026)}")
        text = " ".join(parts)
        # Five choices as before (the same draws, the same corpus otherwise): no `!`, which reads as a post to copy.
        return text[0].upper() + text[1:] + r.choice([".", ".", ".", ".", " ?" if self.lang == "fr" else "?"])

    def paragraph(self, sentences: int) -> str:
        out = [self.sentence() for _ in range(sentences)]
        r = self.rng
        if r.random() < 0.5:
            i = r.randrange(len(out))
            out[i] += f" *{self.phrase()}*, **{self.word()}**."
        if r.random() < 0.4:
            out.append(f"[{self.phrase()}]({self.url()})")
        return " ".join(out)

    def url(self) -> str:
        r = self.rng
        return f"https://{r.choice(DOMAINS)}/{self.word()}/{r.randint(1, 9999)}".replace(" ", "-")

    def body(self, words: int) -> str:
        """Markdown with headings, paragraphs, lists and links, about `words` words long."""
        r = self.rng
        blocks: list[str] = [self.paragraph(r.randint(2, 4))]
        headings = r.sample(HEADINGS[self.lang], len(HEADINGS[self.lang]))
        while sum(len(b.split()) for b in blocks) < words:
            blocks.append(f"## {headings.pop() if headings else self.phrase().capitalize()}")
            blocks.append(self.paragraph(r.randint(2, 5)))
            kind = r.random()
            if kind < 0.35:
                blocks.append("\n".join(f"- {self.sentence()}" for _ in range(r.randint(3, 5))))
            elif kind < 0.5:
                blocks.append("\n".join(f"{i}. {self.sentence()}" for i in range(1, r.randint(3, 5))))
            elif kind < 0.6:
                blocks.append(f"> {self.sentence()}")
            elif kind < 0.65:
                rows = (f"| {self.word()} | {r.randint(1, 999)} |" for _ in range(3))
                blocks.append("| | |\n|---|---|\n" + "\n".join(rows))
        return "\n\n".join(blocks) + "\n"


def config_text() -> str:
    """The project's mkdocs.yml: identity, timezone, and the vocabularies."""
    lines = [
        "site_name: Speak in your own voice (benchmark)",
        "site_description: A generated hub for benchmarks.",
        "site_url: https://intranet.example/comms/hub/",
        "", "theme:", "  name: material", "  language: en", "",
        "extra:", "  hub:", "    timezone: Europe/Paris", "    feed_items: 50",
        "    languages:", "      en: {label: English}", "      fr: {label: Français}",
        "    topics:",
    ]
    lines += [f"      {k}: {{label: {v}, description: {json.dumps('Ideas about ' + v.lower() + '.')}}}"
              for k, v in TOPICS.items()]
    lines.append("    audiences:")
    lines += [f"      {k}: {{label: {v}, description: {json.dumps('For ' + v.lower() + '.')}}}"
              for k, v in AUDIENCES.items()]
    lines.append("    channels:")
    for key, (label, description, compose) in CHANNELS.items():
        lines += [f"      {key}:", f"        label: {label}", f"        description: {description}"]
        if compose:
            lines.append(f"        compose: {compose}")
    return "\n".join(lines) + "\n"


def guideline_text(rng: random.Random, index: int, title: str) -> str:
    """One charter page."""
    w = _Writer(rng, "en")
    fm = [f"title: {_q(title)}", f"summary: {_q(w.sentence())}", f"order: {index + 1}"]
    if index % 4 == 0:
        fm += [f"updated: 2026-{1 + index % 9:02d}-{1 + index % 27:02d}", f"changes: {_q(w.sentence())}"]
    return "---\n" + "\n".join(fm) + "\n---\n\n" + w.body(rng.randint(200, 400))


def idea_text(rng: random.Random, index: int, guideline_slugs: list[str], used: set[int]) -> tuple[str, str, str]:
    """One idea: (folder, file stem, text)."""
    lang = "fr" if rng.random() < 0.4 else "en"
    w = _Writer(rng, lang)
    title = rng.choice(TITLE_FORMS[lang]).format(a=w.word(), b=w.word(), c=w.word(), v=rng.choice(VERBS[lang]))
    title = title[0].upper() + title[1:]
    idea_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    minute = rng.randrange(SPAN_MINUTES)
    while minute in used:  # distinct timestamps: feed readers skip items whose date does not move
        minute = rng.randrange(SPAN_MINUTES)
    used.add(minute)
    start = FIRST_DAY + timedelta(minutes=minute)
    fm = [f"id: {idea_id}", f"title: {_q(title)}", f"summary: {_q(w.sentence() + ' ' + w.sentence())}",
          f"date: {start:%Y-%m-%d %H:%M}"]
    roll = rng.random()
    if roll < 0.12 and start.date() + timedelta(days=10) < NOW_DAY:  # expired before NOW
        span = (NOW_DAY - start.date()).days - 1
        fm.append(f"expires: {start.date() + timedelta(days=rng.randint(1, min(span, 120)))}")
    elif roll < 0.30:  # expires later: still live at NOW (or scheduled)
        fm.append(f"expires: {max(start.date(), NOW_DAY) + timedelta(days=rng.randint(30, 400))}")
    fm.append("topics: [" + ", ".join(rng.sample(list(TOPICS), rng.randint(1, 3))) + "]")
    fm.append("audiences: [" + ", ".join(rng.sample(list(AUDIENCES), rng.randint(1, 3))) + "]")
    fm.append("channels: [" + ", ".join(rng.sample(list(CHANNELS), rng.randint(1, 3))) + "]")
    fm.append(f"lang: {lang}")
    sensitivity = rng.choices(["open", "care", "ask"], [75, 17, 8])[0]
    refs = rng.sample(guideline_slugs, rng.randint(1, 2)) if sensitivity != "open" or rng.random() < 0.2 else []
    if sensitivity != "open":
        fm.append(f"sensitivity: {sensitivity}")
    if refs:
        fm.append("guidelines: [" + ", ".join(refs) + "]")
    if sensitivity == "ask":
        person = rng.choice(PEOPLE)
        email = _slugify(person).replace("-", ".") + "@example.com"
        fm.append(f"contact: {_q(f'{person}, {rng.choice(TEAMS)} ({email})')}")
    fm.append("angles:")
    fm += [f"  - {_q(rng.choice(ANGLES[lang]).format(a=w.word(), b=w.word()))}" for _ in range(rng.randint(2, 4))]
    fm.append("facts:")
    for _ in range(rng.randint(1, 3)):
        fact = rng.choice(FACTS[lang]).format(a=w.word(), b=w.word(), n=rng.randint(2, 60), m=rng.randint(2, 400))
        fm.append(f"  - {_q(fact)}")
    fm.append("links:")
    for _ in range(rng.randint(1, 3)):
        fm += [f"  - title: {_q(w.phrase().capitalize())}", f"    url: {w.url()}"]
    if rng.random() < 0.03:
        fm.append("draft: true")
    stem = f"{_slugify(title)[:60].rstrip('-')}-{index + 1:05d}"
    folder = f"{start:%Y}" if rng.random() < 0.8 else f"{start:%Y}/{start:%m}"
    return folder, stem, "---\n" + "\n".join(fm) + "\n---\n\n" + w.body(rng.randint(300, 600))


def generate(root: Path, n: int, seed: int = 1) -> None:
    """Write mkdocs.yml and content/ (30 guidelines, n ideas) into root, replacing any previous content/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config_text(), encoding="utf-8")
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "guidelines").mkdir(parents=True)
    rng = random.Random(f"hub-bench-{seed}")
    slugs = []
    for index, title in enumerate(GUIDELINES):
        slugs.append(_slugify(title))
        (content / "guidelines" / f"{slugs[-1]}.md").write_text(guideline_text(rng, index, title), encoding="utf-8")
    minutes: set[int] = set()
    for index in range(n):
        folder, stem, text = idea_text(rng, index, slugs, minutes)
        target = content / "ideas" / folder
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{stem}.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """The command line: python bench/corpus.py OUT --ideas N --seed S."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the project folder to write (mkdocs.yml and content/)")
    parser.add_argument("--ideas", type=int, default=500, help="how many ideas (default 500)")
    parser.add_argument("--seed", type=int, default=1, help="the seed (default 1)")
    args = parser.parse_args(argv)
    generate(args.out, args.ideas, args.seed)
    print(f"Wrote {args.ideas} ideas and {len(GUIDELINES)} guidelines to {args.out} (seed {args.seed}); "
          f"build it with --now {NOW}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
