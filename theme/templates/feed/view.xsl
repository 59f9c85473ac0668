<?xml version="1.0" encoding="UTF-8"?>
{#- The feeds' browser view (hub.feeds.view renders it once per site, in the site's language, to
    assets/hub/feed.xsl). Its words come from the catalogs (feed.view.*), its day format from date.day.
    Line breaks and indents are not output (hub's OneLine): text that needs a space sits in <xsl:text>. #}
<!-- hub: shows an RSS 2.0 or Atom feed as a readable page when someone opens it in a browser.
     No request leaves the page: the styles are inline, there are no fonts, images or scripts. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">

  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="rss" select="/rss/channel"/>
  <xsl:variable name="atom" select="/atom:feed"/>
  <xsl:variable name="title" select="normalize-space($rss/title | $atom/atom:title)"/>
  <xsl:variable name="description" select="normalize-space($rss/description | $atom/atom:subtitle)"/>
  <xsl:variable name="self" select="($rss/atom:link[@rel='self'] | $atom/atom:link[@rel='self'])[1]/@href"/>
  <xsl:variable name="page" select="($rss/link | $atom/atom:link[@rel='alternate']/@href)[1]"/>
  <xsl:variable name="lang" select="($rss/language | $atom/@xml:lang)[1]"/>
  <xsl:variable name="site" select="substring-before($self, 'feeds/')"/>
  <xsl:variable name="format">
    <xsl:choose>
      <xsl:when test="$atom">Atom</xsl:when>
      <xsl:otherwise>RSS 2.0</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  {%- set feed_title %}<xsl:value-of select="$title"/>{% endset %}
  {%- set feed_format %}<xsl:value-of select="$format"/>{% endset %}
  <xsl:template match="/">
    <!-- The page's words are in the site's language; an item in another language says so. -->
    <html lang="{{ lang }}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title>{{ _("feed.view.title", title=feed_title) }}</title>
        <style>
          :root { color-scheme: light dark; --text: #1b1b1b; --muted: #4a4a4a; --bg: #ffffff; --link: #0b4f9c;
                  --note-bg: #eef3fb; --edge: #0b4f9c; --line: #767676; }
          @media (prefers-color-scheme: dark) {
            :root { --text: #f2f2f2; --muted: #c8c8c8; --bg: #161616; --link: #9cc3ff;
                    --note-bg: #1f2a3a; --edge: #9cc3ff; --line: #8f8f8f; }
          }
          * { box-sizing: border-box; }
          body { margin: 0; background: var(--bg); color: var(--text);
                 font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
          .wrap { max-width: 46rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
          a { color: var(--link); text-decoration: underline; text-underline-offset: 0.15em; }
          a:focus-visible, input:focus-visible { outline: 3px solid var(--edge); outline-offset: 2px; }
          .skip { position: absolute; left: -999rem; }
          .skip:focus { position: static; display: inline-block; margin: 0.25rem 0; }
          .kind { margin: 0; color: var(--muted); font-size: 0.95rem; }
          h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.25rem 0 0.5rem; overflow-wrap: anywhere; }
          .note { background: var(--note-bg); border-left: 4px solid var(--edge); padding: 0.75rem 1rem; margin: 1.25rem 0; }
          .note h2 { font-size: 1.15rem; margin: 0 0 0.25rem; }
          .note p { margin: 0.5rem 0; }
          label { display: block; font-weight: 600; }
          input { width: 100%; font: inherit; padding: 0.35rem 0.5rem; color: var(--text); background: var(--bg);
                  border: 1px solid var(--line); border-radius: 4px; }
          ol { list-style: none; padding: 0; margin: 0; }
          li { border-top: 1px solid var(--line); padding: 0.75rem 0; }
          h3 { font-size: 1.1rem; margin: 0 0 0.25rem; overflow-wrap: anywhere; }
          .date { color: var(--muted); font-size: 0.9rem; margin: 0; }
          .summary { margin: 0.35rem 0 0; }
          @media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
        </style>
      </head>
      <body>
        <div class="wrap">
          <header>
            <!-- Inside the header landmark: all content sits in landmarks, whatever a browser adds above it. -->
            <a class="skip" href="#items">{{ _("feed.view.skip") }}</a>
            <p class="kind">{{ _("feed.view.kind", format=feed_format) }}</p>
            <h1><xsl:value-of select="$title"/></h1>
            <p><xsl:value-of select="$description"/></p>
          </header>
          <main>
            <section class="note" aria-labelledby="what">
              <h2 id="what">{{ _("feed.view.what.title") }}</h2>
              <p>{{ _("feed.view.what.text") }}</p>
              <p>
                <label for="address">{{ _("feed.view.address") }}</label>
                <input id="address" type="text" readonly="readonly" value="{$self}"/>
              </p>
              <p>
                <xsl:if test="$site">
                  <a href="{$site}subscribe/">{{ _("feed.view.subscribe") }}</a>
                  <xsl:text> · </xsl:text>
                </xsl:if>
                <a href="{$page}">{{ _("feed.view.page") }}</a>
              </p>
            </section>
            <section aria-labelledby="items-title">
              <h2 id="items-title">{{ _("feed.view.items") }}</h2>
              <ol id="items">
                <xsl:apply-templates select="$rss/item | $atom/atom:entry"/>
              </ol>
            </section>
          </main>
        </div>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <article>
        <xsl:if test="$lang and $lang != '{{ lang }}'">
          <xsl:attribute name="lang"><xsl:value-of select="$lang"/></xsl:attribute>
        </xsl:if>
        <h3><a href="{link}"><xsl:value-of select="title"/></a></h3>
        <p class="date">
          <xsl:call-template name="day">
            <xsl:with-param name="iso" select="concat(substring(pubDate, 13, 4), '-',
                format-number(string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec',
                substring(pubDate, 9, 3))) div 3 + 1, '00'), '-', substring(pubDate, 6, 2))"/>
          </xsl:call-template>
        </p>
        <p class="summary"><xsl:value-of select="description"/></p>
      </article>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <article>
        <xsl:if test="@xml:lang and @xml:lang != '{{ lang }}'">
          <xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute>
        </xsl:if>
        <h3><a href="{atom:link[not(@rel) or @rel='alternate'][1]/@href}"><xsl:value-of select="atom:title"/></a></h3>
        <p class="date">
          <xsl:call-template name="day">
            <xsl:with-param name="iso" select="substring(atom:published | atom:updated[not(../atom:published)], 1, 10)"/>
          </xsl:call-template>
        </p>
        <p class="summary"><xsl:value-of select="atom:summary"/></p>
      </article>
    </li>
  </xsl:template>

  <!-- A day (yyyy-mm-dd) as the pages write it, in a <time> that keeps the ISO form. -->
  <xsl:template name="day">
    <xsl:param name="iso"/>
    <xsl:variable name="month" select="number(substring($iso, 6, 2))"/>
    <time datetime="{$iso}">
      {%- for part in date_parts %}
        {%- if part.kind == "text" %}<xsl:text>{{ part.value }}</xsl:text>
        {%- elif part.kind == "year" and part.width == 2 %}<xsl:value-of select="substring($iso, 3, 2)"/>
        {%- elif part.kind == "year" %}<xsl:value-of select="substring($iso, 1, 4)"/>
        {%- elif part.kind == "day" and part.width == 2 %}<xsl:value-of select="substring($iso, 9, 2)"/>
        {%- elif part.kind == "day" %}<xsl:value-of select="number(substring($iso, 9, 2))"/>
        {%- elif part.width == 2 %}<xsl:value-of select="substring($iso, 6, 2)"/>
        {%- elif part.width == 1 %}<xsl:value-of select="$month"/>
        {%- else %}
          <xsl:choose>
            {%- for name in (months if part.width > 3 else short_months) %}
              <xsl:when test="$month = {{ loop.index }}">{{ name }}</xsl:when>
            {%- endfor %}
          </xsl:choose>
        {%- endif %}
      {%- endfor %}
    </time>
  </xsl:template>
</xsl:stylesheet>
