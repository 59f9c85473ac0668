// What the Node drivers share: headless Chromium launched the same way, and no request beyond localhost.
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";

/** The JSON plan named on the command line; exits 2 (a usage error) without one. */
export async function readPlan(script) {
  if (process.argv.length !== 3) {
    console.error(`usage: node ${script} PLAN.json`);
    process.exit(2);
  }
  return JSON.parse(await readFile(process.argv[2], "utf8"));
}

/** Headless Chromium at `executablePath`, quiet: no sync, no updates, no QUIC; `extraArgs` appended. */
export function launch(executablePath, extraArgs = []) {
  return chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", ...extraArgs],
  });
}

/** True for addresses on this machine (and data:/blob: URLs made by the page itself); `alsoLocal` names other
 *  host names that the browser was told (--host-resolver-rules) lead to this machine. */
export function isLocal(url, alsoLocal = []) {
  const { protocol, hostname } = new URL(url);
  return protocol === "data:" || protocol === "blob:" || hostname === "127.0.0.1" || hostname === "localhost"
    || alsoLocal.includes(hostname);
}

/** A browser context whose requests beyond localhost (and `alsoLocal`) are aborted and listed in `result.blocked`. */
export async function localContext(browser, result, options = {}, alsoLocal = []) {
  const context = await browser.newContext({ serviceWorkers: "block", ...options });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url, alsoLocal)) return route.continue();
    result.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  return context;
}

/** A new page whose failed requests and script errors are listed in `result.failed` and `result.errors`.
 *  `expected(url, status)` says which error statuses are meant (a 404 page); requests the browser itself
 *  abandons when it moves to the next page (net::ERR_ABORTED) are not failures. */
export async function watchedPage(context, result, expected = () => false) {
  const page = await context.newPage();
  const statuses = new Map();
  page.on("requestfailed", (r) => {
    const error = r.failure()?.errorText;
    if (!result.blocked.includes(r.url()) && error !== "net::ERR_ABORTED") result.failed.push(`${r.url()} (${error})`);
  });
  page.on("response", (r) => {
    if (r.status() < 400) return;
    statuses.set(r.url(), r.status());
    if (!expected(r.url(), r.status())) result.failed.push(`${r.url()} (HTTP ${r.status()})`);
  });
  page.on("console", (m) => {
    const { url } = m.location();
    if (m.type() !== "error" || (statuses.has(url) && expected(url, statuses.get(url)))) return;
    result.errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => result.errors.push(`${page.url()}: ${e.message}`));
  return page;
}
