"""French typography: no-break spaces in French HTML text only, never in code, URLs, attributes or times.

Each expected string was written by hand: N is the narrow no-break space (U+202F), B the no-break space (U+00A0).
"""

from __future__ import annotations

import pytest

from hub.render.typography import typeset

N, B = "\u202f", "\u00a0"

CASES = [
    ("a plain space before ? and ! becomes narrow", "<p>Pourquoi ? Parce que !</p>", f"<p>Pourquoi{N}? Parce que{N}!</p>"),
    ("a missing space is added", "<p>pourquoi?</p>", f"<p>pourquoi{N}?</p>"),
    ("a colon gets a no-break space", "<p>Le contexte : une équipe</p>", f"<p>Le contexte{B}: une équipe</p>"),
    ("guillemets, with or without spaces", "<p>« Bonjour » et «salut»</p>", f"<p>«{N}Bonjour{N}» et «{N}salut{N}»</p>"),
    ("a semicolon", "<p>un point ; un autre</p>", f"<p>un point{N}; un autre</p>"),
    ("a URL with ? and : is left alone", "<p>Voir https://x.fr/a?b=1&amp;c=2 : fin</p>",
     f"<p>Voir https://x.fr/a?b=1&amp;c=2{B}: fin</p>"),
    ("www. addresses too", "<p>www.exemple.fr?x</p>", "<p>www.exemple.fr?x</p>"),
    ("an email address before a colon", "<p>écrivez à a@b.fr: merci</p>", f"<p>écrivez à a@b.fr{B}: merci</p>"),
    ("times and ratios", "<p>À 9:30, format 16:9</p>", "<p>À 9:30, format 16:9</p>"),
    ("code spans, pre and kbd are verbatim", "<p><code>a ? b : c</code> <kbd>Ctrl ;</kbd></p><pre>x ; y</pre>",
     "<p><code>a ? b : c</code> <kbd>Ctrl ;</kbd></p><pre>x ; y</pre>"),
    ("attributes are never touched", '<p><a href="?q=1" title="a ? b : c">lien</a> !</p>',
     f'<p><a href="?q=1" title="a ? b : c">lien</a>{N}!</p>'),
    ("an existing no-break space stays as it is", f"<p>Déjà{B}? oui&nbsp;! non{N}?</p>",
     f"<p>Déjà{B}? oui&nbsp;! non{N}?</p>"),
    ("a ? at the start of a line or element gets nothing", "<p>? au début</p><p>ligne\n? suite</p>",
     "<p>? au début</p><p>ligne\n? suite</p>"),
    ("entities keep their own semicolon", "<p>Tom &amp; Jerry ; fin &#233;</p>", f"<p>Tom &amp; Jerry{N}; fin &#233;</p>"),
    ("after an inline element, the word before still counts", "<p><strong>Pourquoi</strong>?</p>",
     f"<p><strong>Pourquoi</strong>{N}?</p>"),
    ("after a block element, nothing", "<li>un</li><li>?</li>", "<li>un</li><li>?</li>"),
    ("?! is one group", "<p>Vraiment ?!</p>", f"<p>Vraiment{N}?!</p>"),
    ("a colon inside a token", "<p>C:\\dossier et a:b</p>", "<p>C:\\dossier et a:b</p>"),
]


@pytest.mark.parametrize(("name", "html", "expected"), CASES, ids=[c[0] for c in CASES])
def test_french_rules(name: str, html: str, expected: str) -> None:
    assert typeset(html, "fr") == expected


def test_english_text_is_never_changed() -> None:
    html = "<p>Why? Because: it works ; « quoted »</p>"
    assert typeset(html, "en") == html


def test_lang_attributes_switch_the_rules_both_ways() -> None:
    assert typeset('<p>Why? <span lang="fr">Pourquoi ?</span> Then?</p>', "en") == \
        f'<p>Why? <span lang="fr">Pourquoi{N}?</span> Then?</p>'
    assert typeset('<div>Voilà ! <blockquote lang="en">Really?</blockquote> Oui ?</div>', "fr") == \
        f'<div>Voilà{N}! <blockquote lang="en">Really?</blockquote> Oui{N}?</div>'
    assert typeset('<p lang="fr-CA">Quoi ?</p>', "en") == f'<p lang="fr-CA">Quoi{N}?</p>'


def test_void_elements_and_comments_do_not_unbalance_the_languages() -> None:
    html = '<div lang="en"><img src="a.png" alt="x?"><br>Why?<!-- note ? --></div><p>Oui ?</p>'
    assert typeset(html, "fr") == f'<div lang="en"><img src="a.png" alt="x?"><br>Why?<!-- note ? --></div><p>Oui{N}?</p>'


def test_typesetting_twice_changes_nothing_more() -> None:
    once = typeset("<p>« Pourquoi ? » : parce que ; voilà !</p>", "fr")
    assert typeset(once, "fr") == once
