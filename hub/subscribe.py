"""The subscribe page: every feed with its URL, and a picker that makes an OPML of a few."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from hub.opml import OPML_PATH, Outline, feed_outlines
from hub.plan import FACETS, SitePlan

SCRIPT_URL = "assets/hub/subscribe.js"
STYLE_URL = "assets/hub/subscribe.css"
DOWNLOAD_NAME = "hub-feeds.opml"
GROUPS = (("ideas", "All ideas and the charter"), ("charter", None), ("topics", "By topic"),
          ("audiences", "By audience"), ("languages", "By language"), ("channels", "By channel"))
"""The picker's fieldsets in order; the charter feed shares the first one."""

Href = Callable[[str], str]


def _feed(o: Outline, href: Href) -> str:
    ident = "hub-feed-" + o.ref.key.replace("/", "-")
    data = (f' data-title="{escape(o.ref.title)}" data-description="{escape(o.ref.description)}"'
            f' data-xml-url="{escape(o.xml_url)}" data-html-url="{escape(o.html_url)}" data-lang="{escape(o.lang)}"')
    return (
        f'<li class="hub-feed"><input type="checkbox" id="{ident}" value="{escape(o.ref.key)}"'
        f' aria-describedby="{ident}-about"{data}> <label for="{ident}">{escape(o.label)}</label>'
        f'<p class="hub-feed__about" id="{ident}-about">{escape(o.about)}</p>'
        f'<p class="hub-feed__urls">RSS: <a href="{href(o.ref.rss_path)}" type="application/rss+xml">'
        f'<code>{escape(o.xml_url)}</code></a><br>Atom: <a href="{href(o.ref.atom_path)}" type="application/atom+xml">'
        f"<code>{escape(o.atom_url)}</code></a></p></li>"
    )


def _picker(outlines: tuple[Outline, ...], href: Href, site_name: str) -> str:
    fieldsets = []
    for group, legend in GROUPS:
        if legend is None:
            continue
        members = [o for o in outlines if o.group == group or (group == "ideas" and o.group == "charter")]
        if members:
            fieldsets.append(f'<fieldset class="hub-feed-group"><legend>{legend}</legend><ul class="hub-feed-list">'
                             + "".join(_feed(o, href) for o in members) + "</ul></fieldset>")
    return (
        f'<div class="hub-picker" data-hub-picker data-opml-title="{escape(site_name)}: chosen feeds"'
        f' data-file-name="{DOWNLOAD_NAME}">' + "".join(fieldsets)
        + '<p id="hub-picker-help" class="hub-picker__help">Tick one or more feeds, then download a file with just '
        "those and import it into your reader. With no feed ticked, the button only says so.</p>"
        '<p class="hub-picker__actions"><button type="button" class="hub-button" data-hub-download hidden'
        ' aria-describedby="hub-picker-help">Download OPML of the chosen feeds</button></p>'
        '<p class="hub-picker__status" role="status" aria-live="polite" data-hub-status></p>'
        "<noscript><p>Making a file of a few feeds needs JavaScript. You can still download the file with every "
        "feed, or copy each feed's address into your reader.</p></noscript></div>"
    )


_HOW_TO = """<h2 id="how">How to subscribe in your reader</h2>
<p>Each feed comes in two formats with the same items: RSS 2.0, which every reader understands, and Atom.
Pick one format per feed, not both, or you will see every idea twice.</p>
<h3>Outlook (classic, on Windows)</h3>
<ol>
<li>Copy the RSS address of a feed above.</li>
<li>In the folder pane, right-click <strong>RSS Subscriptions</strong> (or <strong>RSS Feeds</strong>) and choose
<strong>Add a New RSS Feed…</strong>. Paste the address, choose <strong>Add</strong>, then <strong>Yes</strong>.
Another way: <strong>File › Account Settings › Account Settings</strong>, the <strong>RSS Feeds</strong> tab,
<strong>New…</strong>.</li>
<li>For several feeds at once, download an OPML file on this page, then choose <strong>File › Open &amp; Export ›
Import/Export › Import RSS Feeds from an OPML file</strong>, pick the file and tick the feeds you want.</li>
</ol>
<p>The new Outlook and Outlook on the web have no feed reader. If classic Outlook shows no RSS folder, your IT
department may have turned feeds off: use one of the other readers.</p>
<h3>Thunderbird</h3>
<ol>
<li>Once: create a feed account with <strong>New › Feed Account…</strong> (from the ≡ menu or the
<strong>File</strong> menu), give it a name and finish.</li>
<li>Right-click the feed account and choose <strong>Subscribe…</strong>. Paste a feed address and choose
<strong>Add</strong>.</li>
<li>For several feeds at once, open the same <strong>Subscribe…</strong> window, choose <strong>Import</strong>
and pick an OPML file downloaded on this page.</li>
</ol>
<h3>A browser extension</h3>
<p>Install a feed reader extension that your IT department allows, from your browser's own extension store
(Feedbro, for example, exists for Edge, Chrome and Firefox). Choose one that reads feeds from your computer,
not through an online account. Add a feed address, or import an OPML file from this page.</p>
<h3>newsboat (terminal)</h3>
<p>Add each address on its own line to <code>~/.newsboat/urls</code> (or <code>~/.config/newsboat/urls</code>),
or import a downloaded file with <code>newsboat -i hub-feeds.opml</code>.</p>
"""


def subscribe_html(plan: SitePlan, href: Href) -> str:
    """The subscribe page's content; `href` makes a site-relative URL relative to the page."""
    outlines = feed_outlines(plan)
    intro = ('<p class="hub-lead">Get new ideas in your own feed reader: all of them, or only the topics, audiences, '
             "languages or channels you care about. It is optional, like everything here.</p>"
             '<div class="hub-banner hub-banner--note" role="note"><p><strong>On the company network only.</strong> '
             "These feeds live on the intranet. Online readers such as Feedly, Inoreader or NewsBlur fetch feeds "
             "from the internet and cannot reach them: use a reader on your own computer, as described below.</p>"
             "</div>")
    if not outlines:
        return intro + "<p>There are no feeds yet: they appear with the first published idea.</p>"
    facets = sum(1 for o in outlines if o.group in FACETS)
    everything = (
        '<h2 id="all-feeds">Every feed in one file</h2>'
        f'<p><a href="{href(OPML_PATH)}" download="hub-all-feeds.opml">Download all {len(outlines)} feeds as one '
        f"OPML file</a>, then import it into your reader. It lists all ideas, the changes to the charter, and "
        f"{facets} feeds by topic, audience, language and channel: you probably want fewer, so you may prefer to "
        f"choose below. Its address: <code>{escape(plan.absolute(OPML_PATH))}</code>.</p>"
    )
    choose = ('<h2 id="choose">Choose your feeds</h2><p>Each feed has an address to copy into your reader. '
              "Or tick a few and download a file with just those.</p>"
              + _picker(outlines, href, plan.config.name))
    return (
        f'<div class="hub-subscribe"><link rel="stylesheet" href="{href(STYLE_URL)}">'
        f"{intro}{everything}{choose}{_HOW_TO}"
        f'<script src="{href(SCRIPT_URL)}" defer></script></div>'
    )
