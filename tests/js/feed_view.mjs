// Opens feed addresses and feeds' pages in headless Chromium: what a person sees there, whether Chromium shows its
// XSLT notice, and axe-core's violations. Plan: {chromium, base, axe, tags, paths: [...], screenshots?: folder}.
// Prints {pages: {path: {status, xsltBanner, rendered, title, firstItem, violations}}, blocked, failed, errors}.
import { readFile } from "node:fs/promises";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("feed_view.mjs");
const axeSource = await readFile(plan.axe, "utf8");
const browser = await launch(plan.chromium);
const result = { pages: {}, blocked: [], failed: [], errors: [] };

// In the page: the feed's title and its first item's title as shown (null when hidden), whatever the document is.
function shown() {
  const visible = (el) => (el && el.getClientRects().length > 0 ? el.textContent.trim() : null);
  const root = document.documentElement;
  const xsltBanner = document.querySelector("xslt-warning-banner") !== null;
  if (root.localName === "rss" || root.localName === "feed") {
    const top = root.localName === "rss" ? [...root.children].find((c) => c.localName === "channel") : root;
    const child = (el, name) => el && [...el.children].find((c) => c.localName === name);
    const first = child(top, root.localName === "rss" ? "item" : "entry");
    return { kind: "xml", xsltBanner, title: visible(child(top, "title")), firstItem: visible(child(first, "title")),
             // The style sheet applies: what only a reader needs (the generator) is hidden.
             styled: getComputedStyle(child(top, "generator")).display === "none" };
  }
  if (document.contentType === "application/json" || document.contentType === "application/feed+json") {
    const feed = JSON.parse(document.body.innerText);
    return { kind: "json", xsltBanner, title: feed.title, firstItem: feed.items[0]?.title ?? null, styled: true };
  }
  return { kind: "html", xsltBanner, title: visible(document.querySelector("h1")),
           firstItem: visible(document.querySelector("#items h3 a")), styled: true };
}

try {
  const context = await localContext(browser, result);
  for (const path of plan.paths) {
    const page = await watchedPage(context, result);
    const response = await page.goto(plan.base + path, { waitUntil: "load" });
    const found = await page.evaluate(shown);
    found.status = response.status();
    await page.evaluate(axeSource);
    found.violations = await page.evaluate(async (tags) => {
      const axeResult = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
      return axeResult.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }, plan.tags);
    if (plan.screenshots) {
      await page.screenshot({ path: `${plan.screenshots}/${path.replaceAll("/", "_")}.png`, timeout: 10000 });
    }
    result.pages[path] = found;
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
