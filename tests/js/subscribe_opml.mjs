// Drive the subscribe page's picker with the keyboard only, in headless Chromium, and keep the OPML it downloads.
//
//   node tests/js/subscribe_opml.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "url": "http://127.0.0.1:8000/comms/hub/subscribe/",
//             "ids": ["hub-feed-topics-open-source", "hub-feed-languages-fr"], "out": "/tmp/x/chosen.opml",
//             "screenshot": "tests/artifacts/subscribe.png"}
//
// Prints one JSON object (what the live region said at each step, the download's suggested name, the
// requests that left localhost, the page's errors). Exits 2 on a usage error only: Python asserts.
import { launch, localContext, readPlan } from "./harness.mjs";

const plan = await readPlan("subscribe_opml.mjs");
const browser = await launch(plan.chromium);
const result = { blocked: [], errors: [], status: {}, focusedAfterTicks: null, suggested: null, checked: [] };

try {
  const context = await localContext(browser, result, { acceptDownloads: true, viewport: { width: 1000, height: 900 }, permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") result.errors.push(m.text()); });
  page.on("pageerror", (e) => result.errors.push(e.message));
  await page.goto(plan.url, { waitUntil: "networkidle" });

  const status = page.locator("[data-hub-status]");
  // The bar with the count and the button is in view at the top of the picker and in the middle of it.
  result.inView = [];
  for (const where of ["hub-feed-ideas", plan.ids[0]]) {
    await page.locator("#" + where).scrollIntoViewIfNeeded();
    result.inView.push(await page.evaluate(() => {
      const r = document.querySelector("[data-hub-download]").getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    }));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  const button = page.locator("[data-hub-download]");
  result.status.initial = await status.textContent();
  // A copy button beside an address: keyboard-reachable, puts the address on the clipboard, says "Copied".
  const copyButton = page.locator("[data-hub-copy]").first();
  await copyButton.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-hub-copied]").textContent !== "");
  result.copy = { want: await copyButton.getAttribute("data-hub-copy"),
                  said: await page.locator("[data-hub-copied]").textContent(),
                  got: await page.evaluate(() => navigator.clipboard.readText()) };
  result.status.buttonVisible = await button.isVisible();

  // The button with nothing ticked: it stays usable and says what to do.
  await button.focus();
  await page.keyboard.press("Enter");
  result.status.empty = await status.textContent();

  // Tick each feed from the keyboard: Tab until it has focus, then Space. Proves the picker is reachable by Tab.
  for (const id of plan.ids) {
    let found = false;
    await page.locator("body").focus();
    for (let i = 0; i < 400 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate((want) => document.activeElement && document.activeElement.id === want, id);
    }
    if (!found) throw new Error(`could not reach #${id} with Tab`);
    await page.keyboard.press("Space");
  }
  result.status.ticked = await status.textContent();
  result.checked = await page.$$eval("input[type=checkbox]:checked", (boxes) => boxes.map((b) => b.id));

  // Tab on to the button (no trap on the way) and press Enter: the download starts.
  let onButton = false;
  for (let i = 0; i < 400 && !onButton; i++) {
    await page.keyboard.press("Tab");
    onButton = await page.evaluate(() => document.activeElement && document.activeElement.hasAttribute("data-hub-download"));
  }
  if (!onButton) throw new Error("could not reach the download button with Tab");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  result.suggested = download.suggestedFilename();
  await download.saveAs(plan.out);
  result.status.downloaded = await status.textContent();
  if (plan.screenshot) {
    await status.scrollIntoViewIfNeeded();
    await page.screenshot({ path: plan.screenshot });
  }
  // Focus is still on the button, and Tab moves on: no keyboard trap.
  result.focusedAfterTicks = await page.evaluate(() => document.activeElement && document.activeElement.textContent);
  await page.keyboard.press("Tab");
  result.status.movedOn = await page.evaluate(() => !(document.activeElement && document.activeElement.hasAttribute("data-hub-download")));
} catch (error) {
  result.errors.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
