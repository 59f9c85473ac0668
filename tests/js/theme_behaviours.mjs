// Open pages of a built site in headless Chromium and report what content borrowed from the theme: requests beyond
// localhost, dialogs, script errors, and for every element from content (marked `lang="x-hostile"`, with what it
// holds) its classes and attributes and the selectors with a behaviour it matches.
//
//   node tests/js/theme_behaviours.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/", "pages": ["./", …],
//             "selectors": ["pre.mermaid", …]}
// Prints one JSON object: {"blocked": [urls], "dialogs": [...], "errors": [...], "failed": [...], "pages": [{"path",
// "marked", "elements": [{"tag", "classes", "attributes"}], "matches": [[selector, tag]], "globals": [names],
// "scripts": [srcs]}]}. Exits 2 on a usage error only: the Python test makes the assertions.
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("theme_behaviours.mjs");
const browser = await launch(plan.chromium);
const result = { blocked: [], failed: [], errors: [], dialogs: [], pages: [] };
try {
  const context = await localContext(browser, result, { viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context, result, () => true);
  page.on("dialog", async (dialog) => {
    result.dialogs.push(`${page.url()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  for (const path of plan.pages) {
    await page.goto(new URL(path, plan.base).href, { waitUntil: "networkidle" });
    await page.waitForTimeout(500); // Material mounts its components after the page loads
    const found = await page.evaluate((selectors) => {
      const marked = [...document.querySelectorAll('[lang="x-hostile"]')];
      const content = [...new Set(marked.flatMap((el) => [el, ...el.querySelectorAll("*")]))];
      return {
        marked: marked.length,
        elements: content.map((el) => ({
          tag: el.localName,
          classes: [...el.classList],
          attributes: el.getAttributeNames(),
        })),
        matches: selectors.flatMap((selector) => content.filter((el) => el.matches(selector))
          .map((el) => [selector, el.localName])),
        globals: ["mermaid", "__hubHostile"].filter((name) => name in window),
        scripts: [...document.scripts].map((s) => s.src).filter((src) => src && !src.startsWith(location.origin)),
      };
    }, plan.selectors);
    result.pages.push({ path, ...found });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
