// Drive headless Chromium through a built site, with every request beyond localhost blocked.
//
//   node tests/js/site_browser.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/",
//             "screenshots": "tests/artifacts/x", "pages": [{"name", "path", "expect"}],
//             "search": {"path", "query", "expect"},
//             "reload": {"path", "file", "from", "to", "expect"}}   (every key but chromium, base and screenshots optional)
//
// Prints one JSON object: blocked and failed requests, console errors, what each page showed,
// what the search found (accessibility: a11y.mjs). Exits 2 on a usage error only: the Python test makes the
// assertions.
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("site_browser.mjs");
await mkdir(plan.screenshots, { recursive: true });
const browser = await launch(plan.chromium);
const result = { blocked: [], failed: [], errors: [], pages: [], search: null };

try {
  const context = await localContext(browser, result, { viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, result);

  for (const spec of plan.pages ?? []) {
    await page.goto(new URL(spec.path, plan.base).href, { waitUntil: "networkidle" });
    const text = await page.locator("body").innerText();
    result.pages.push({ name: spec.name, title: await page.title(), found: text.includes(spec.expect) });
    await page.screenshot({ path: join(plan.screenshots, `${spec.name}.png`), fullPage: true });
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
    const narrow = await localContext(browser, result, { viewport: { width: 320, height: 800 } });
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
