// The subscribe page's copy buttons where the Clipboard API cannot be used, in headless Chromium.
//
//   node tests/js/copy_fallback.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "port": 8123, "path": "/comms/hub/subscribe/"}
//
// The page is opened as an intranet serves it, over plain http under a host name (`intranet.test`, resolved to
// 127.0.0.1 by Chromium itself): not a secure context, so the browser gives it no `navigator.clipboard`. What lands
// on the clipboard is read back from a page of the secure origin http://127.0.0.1, the only one allowed to read it.
// Prints one JSON object, one entry per case; exits 2 on a usage error only: Python asserts.
import { launch, localContext, readPlan } from "./harness.mjs";

const HOST = "intranet.test";
const plan = await readPlan("copy_fallback.mjs");
const browser = await launch(plan.chromium, [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`]);
const secure = `http://127.0.0.1:${plan.port}`;
const result = { blocked: [], errors: [] };
const SENTINEL = "nothing copied yet";

try {
  const context = await localContext(browser, result, {}, [HOST]);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: secure });
  const reader = await context.newPage();
  await reader.goto(secure + plan.path);

  async function clipboard(text) {
    if (text !== undefined) await reader.evaluate((t) => navigator.clipboard.writeText(t), text);
    return reader.evaluate(() => navigator.clipboard.readText());
  }

  // Press the nth copy button from the keyboard; report what it said, where focus is and what is selected.
  async function press(origin, index, before) {
    await clipboard(SENTINEL);
    const page = await context.newPage();
    page.on("pageerror", (e) => result.errors.push(e.message));
    if (before) await page.addInitScript(before);
    await page.goto(origin + plan.path, { waitUntil: "networkidle" });
    const button = page.locator("[data-hub-copy]").nth(index);
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-hub-copied]").textContent !== "");
    const seen = await page.evaluate(() => ({
      secureContext: window.isSecureContext,
      clipboardApi: "clipboard" in navigator,
      said: document.querySelector("[data-hub-copied]").textContent,
      liveRegion: document.querySelector("[data-hub-copied]").getAttribute("aria-live"),
      selected: window.getSelection().toString(),
      focusOnButton: document.activeElement && document.activeElement.hasAttribute("data-hub-copy"),
      denials: window.hubDenials === undefined ? null : window.hubDenials,
    }));
    return { page, seen: { ...seen, want: await button.getAttribute("data-hub-copy"), label: await button.textContent(),
                           clipboard: await clipboard() } };
  }

  // 1. Plain http on an intranet name: no Clipboard API, the copy command does it.
  {
    const { page, seen } = await press(`http://${HOST}:${plan.port}`, 0);
    result.insecure = seen;
    await page.close();
  }
  // 2. The same, in a browser that also refuses the copy command: the address is selected, and Ctrl+C copies it.
  {
    const { page, seen } = await press(`http://${HOST}:${plan.port}`, 1, () => { document.execCommand = () => false; });
    await page.keyboard.press("Control+C");
    result.refused = { ...seen, afterCtrlC: await clipboard() };
    await page.close();
  }
  // 3. A secure context whose Clipboard API refuses to write (permission denied): the copy command does it.
  {
    const deny = () => {
      window.hubDenials = 0;
      Object.defineProperty(navigator.clipboard, "writeText", {
        value: () => {
          window.hubDenials += 1;
          return Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));
        },
      });
    };
    const { page, seen } = await press(secure, 2, deny);
    result.denied = seen;
    await page.close();
  }
} catch (error) {
  result.errors.push(String(error && error.stack || error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
