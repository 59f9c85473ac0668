// Open hostile pages in headless Chromium, hover everything that has a title, and report what ran.
//
//   node tests/js/safety_browser.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/", "pages": ["./", ...]}
//
// Prints one JSON object: the dialogs any page opened (a hostile value's alert), requests beyond localhost
// (blocked), script errors, and per page how many [title] elements were hovered. The Python test asserts.
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("safety_browser.mjs");
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
    // Material mounts its tooltips on hover: hover every titled element, as a reader's mouse would.
    const titled = page.locator("[title]");
    const count = await titled.count();
    for (let i = 0; i < count; i++) {
      const element = titled.nth(i);
      if (await element.isVisible()) await element.hover({ timeout: 2000 }).catch(() => {});
    }
    await page.waitForTimeout(300);
    result.pages.push({ path, titled: count });
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
