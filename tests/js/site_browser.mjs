// Drive headless Chromium through a built site, with every request beyond localhost blocked.
//
//   node tests/js/site_browser.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/",
//             "screenshots": "tests/artifacts/x", "pages": [{"name", "path", "expect"}],
//             "search": {"path", "query", "expect"}, "axe": "path/to/axe.min.js",
//             "reload": {"path", "file", "from", "to", "expect"}}   (every key but chromium, base and screenshots optional)
//
// Prints one JSON object: blocked and failed requests, console errors, what each page showed,
// what the search found, and axe-core's violations when asked. Exits 2 on a usage error only:
// the Python test makes the assertions.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium } from "playwright-core";

if (process.argv.length !== 3) {
  console.error("usage: node site_browser.mjs PLAN.json");
  process.exit(2);
}
const plan = JSON.parse(await readFile(process.argv[2], "utf8"));
await mkdir(plan.screenshots, { recursive: true });

const browser = await chromium.launch({
  executablePath: plan.chromium,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const result = { blocked: [], failed: [], errors: [], pages: [], search: null, axe: [] };
const isLocal = (url) => {
  const { protocol, hostname } = new URL(url);
  return protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1" || hostname === "localhost";
};

async function newPage(context) {
  const page = await context.newPage();
  page.on("requestfailed", (r) => {
    if (!result.blocked.includes(r.url())) result.failed.push(`${r.url()} (${r.failure()?.errorText})`);
  });
  page.on("response", (r) => { if (r.status() >= 400) result.failed.push(`${r.url()} (HTTP ${r.status()})`); });
  page.on("console", (m) => { if (m.type() === "error") result.errors.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => result.errors.push(`${page.url()}: ${e.message}`));
  return page;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    result.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await newPage(context);
  const axe = plan.axe ? await readFile(plan.axe, "utf8") : null;

  for (const spec of plan.pages ?? []) {
    await page.goto(new URL(spec.path, plan.base).href, { waitUntil: "networkidle" });
    const text = await page.locator("body").innerText();
    result.pages.push({ name: spec.name, title: await page.title(), found: text.includes(spec.expect) });
    await page.screenshot({ path: join(plan.screenshots, `${spec.name}.png`), fullPage: true });
    if (axe) {
      await page.addScriptTag({ content: axe });
      const found = await page.evaluate(async () =>
        (await window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] }))
          .violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                                    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary) })));
      result.axe.push({ page: spec.name, violations: found });
    }
  }

  // Search with the theme's own client-side search (Material's by default; plan.search may name other selectors):
  // type a word, wait for a result that names the idea.
  if (plan.search) {
    const ui = { button: "label.md-header__button[for=__search]", input: "input.md-search__input",
                 result: ".md-search-result__item", ...plan.search.selectors };
    await page.goto(new URL(plan.search.path, plan.base).href, { waitUntil: "networkidle" });
    // Wide screens show the search box in the header; narrow ones behind a button.
    if (ui.button) {
      const button = page.locator(ui.button);
      if (await button.isVisible()) await button.click();
    }
    const box = page.locator(ui.input);
    await box.click();
    await box.pressSequentially(plan.search.query, { delay: 50 });
    const hit = page.locator(ui.result, { hasText: plan.search.expect }).first();
    let found = true;
    try {
      await hit.waitFor({ state: "visible", timeout: 10000 });
    } catch {
      found = false;
    }
    const items = await page.locator(ui.result).allInnerTexts();
    result.search = { found, items: items.map((t) => t.split("\n")[0]).slice(0, 10) };
    await page.screenshot({ path: join(plan.screenshots, "search.png") });
  }

  // Live reload (hub serve): edit a file, and the open page must show the change by itself.
  if (plan.reload) {
    const { path, file, from, to, expect } = plan.reload;
    await page.goto(new URL(path, plan.base).href, { waitUntil: "load" });
    await page.waitForTimeout(500);
    const start = Date.now();
    await writeFile(file, (await readFile(file, "utf8")).replace(from, to));
    let seen = false;
    try {
      await page.waitForFunction((text) => document.body && document.body.innerText.includes(text), expect,
                                 { timeout: 10000, polling: 50 });
      seen = true;
    } catch {}
    result.reload = { seen, seconds: (Date.now() - start) / 1000 };
  }

  // Reflow: the idea page at 320 CSS pixels wide must not scroll sideways.
  if (plan.pages?.length) {
    const narrow = await browser.newContext({ viewport: { width: 320, height: 800 } });
    await narrow.route("**/*", (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
    const small = await narrow.newPage();
    const spec = plan.pages.find((p) => p.name === "idea") ?? plan.pages[0];
    await small.goto(new URL(spec.path, plan.base).href, { waitUntil: "networkidle" });
    result.reflow = await small.evaluate(() => document.documentElement.scrollWidth);
    await small.screenshot({ path: join(plan.screenshots, `${spec.name}-320px.png`), fullPage: true });
    await narrow.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 2));
