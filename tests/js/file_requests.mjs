// Open files of a built site straight in headless Chromium (an SVG as its own document, and the page that shows
// it), with every request beyond localhost blocked, and report what each one asked for or ran.
//
//   node tests/js/file_requests.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/", "paths": ["a.svg", …]}
// Prints one JSON object: {"blocked": [urls], "dialogs": [messages], "errors": [...], "failed": [...]}.
// Exits 2 on a usage error only: the Python test makes the assertions.
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("file_requests.mjs");
const browser = await launch(plan.chromium);
const result = { blocked: [], failed: [], errors: [], dialogs: [] };
try {
  const context = await localContext(browser, result);
  const page = await watchedPage(context, result);
  page.on("dialog", async (dialog) => {
    result.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  for (const path of plan.paths) {
    await page.goto(new URL(path, plan.base).href, { waitUntil: "networkidle" });
    await page.waitForTimeout(300);
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
