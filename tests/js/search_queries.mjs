// Type several queries into a built site's own search box, each on a fresh page, with every request beyond
// localhost blocked.
//
//   node tests/js/search_queries.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/",
//             "screenshots": "tests/artifacts/x",
//             "searches": [{"path", "query", "expect", "selectors": {"button", "input", "result"}}]}
//
// Prints one JSON object: blocked and failed requests, console errors, and for each search whether a result
// naming `expect` showed up, with the first result lines. Material's selectors are the default. Exits 2 on a
// usage error only: the Python test makes the assertions.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("search_queries.mjs");
await mkdir(plan.screenshots, { recursive: true });
const browser = await launch(plan.chromium);
const result = { blocked: [], failed: [], errors: [], searches: [] };

try {
  const context = await localContext(browser, result, { viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, result);
  for (const [n, spec] of (plan.searches ?? []).entries()) {
    const ui = { button: "label.md-header__button[for=__search]", input: "input.md-search__input",
                 result: ".md-search-result__item", ...spec.selectors };
    await page.goto(new URL(spec.path, plan.base).href, { waitUntil: "networkidle" });
    if (ui.button) {
      const button = page.locator(ui.button);
      if (await button.isVisible()) await button.click();
    }
    const box = page.locator(ui.input);
    await box.click();
    await box.pressSequentially(spec.query, { delay: 50 });
    const hit = page.locator(ui.result, { hasText: spec.expect }).first();
    let found = true;
    try {
      await hit.waitFor({ state: "visible", timeout: 10000 });
    } catch {
      found = false;
    }
    const items = await page.locator(ui.result).allInnerTexts();
    result.searches.push({ query: spec.query, expect: spec.expect, found,
                           items: items.map((t) => t.split("\n")[0]).slice(0, 10) });
    await page.screenshot({ path: join(plan.screenshots, `search-${n}.png`) });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 2));
