// A company's look in headless Chromium, in the light and the dark system setting: axe-core's rules (contrast
// included) on each page, and the colours the page really shows (the body's background, a link, the header).
//
//   node tests/js/look_schemes.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/",
//             "axe": "node_modules/axe-core/axe.min.js", "tags": ["wcag2aa", ...], "paths": ["./", "ideas/x/"],
//             "artifacts": "tests/artifacts/look"}
//
// Prints one JSON object with what it measured; exits 2 on a usage error only: the Python test makes the assertions.
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("look_schemes.mjs");
await mkdir(plan.artifacts, { recursive: true });
const axe = await readFile(plan.axe, "utf8");
const result = { blocked: [], failed: [], errors: [], pages: [] };
const browser = await launch(plan.chromium);

// In the page: the colours a reader sees.
function colours() {
  const style = (selector, property) => {
    const el = document.querySelector(selector);
    return el ? getComputedStyle(el)[property] : null;
  };
  return {
    // The page's background: the body's, else the root element's (Pelican's theme paints `html`).
    body: [style("body", "backgroundColor"), style("html", "backgroundColor")].find((c) => c !== "rgba(0, 0, 0, 0)"),
    text: style("body", "color"),
    link: style("main .hub-page a", "color"),
    header: style(".md-header", "backgroundColor") ?? style(".site-header", "borderTopColor"),
  };
}

try {
  for (const scheme of ["light", "dark"]) {
    const context = await localContext(browser, result, { colorScheme: scheme });
    const page = await watchedPage(context, result);
    for (const path of plan.paths) {
      await page.goto(new URL(path, plan.base).href, { waitUntil: "load" });
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async (tags) => {
        const found = await window.axe.run(document, { runOnly: { type: "tag", values: tags },
                                                      resultTypes: ["violations"] });
        return found.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} :: ${n.failureSummary}`),
        }));
      }, plan.tags);
      result.pages.push({ scheme, path, violations, colours: await page.evaluate(colours) });
      await page.screenshot({ path: join(plan.artifacts, `${scheme}-${path.replace(/\W+/g, "_") || "home"}.png`),
                              fullPage: true });
    }
    await context.close();
  }
} catch (error) {
  result.errors.push(String((error && error.stack) || error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 2));
