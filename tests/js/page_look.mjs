// How a page looks to a reader beyond the default: in the system's dark mode, printed, and its headings' permalinks.
// Plan: {chromium, base, axe, tags, pages: [path], print: path, artifacts?}. Prints one JSON object.
import { readFile } from "node:fs/promises";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("page_look.mjs");
const axe = await readFile(plan.axe, "utf8");
const browser = await launch(plan.chromium);
const result = { blocked: [], failed: [], errors: [], dark: {}, light: {}, print: null, headings: {} };

async function look(page) {
  return page.evaluate(() => {
    const bg = (el) => getComputedStyle(el).backgroundColor;
    const main = document.querySelector(".hub-page") ?? document.body;
    return { body: bg(document.body), html: bg(document.documentElement), text: getComputedStyle(main).color };
  });
}

try {
  for (const scheme of ["dark", "light"]) {
    const context = await localContext(browser, result, { colorScheme: scheme });
    for (const path of plan.pages) {
      const page = await watchedPage(context, result);
      await page.goto(plan.base + path, { waitUntil: "networkidle" });
      await page.evaluate(axe);
      const violations = await page.evaluate(async (tags) => {
        const found = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
        return found.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }, plan.tags);
      result[scheme][path] = { ...(await look(page)), violations };
      if (plan.artifacts && scheme === "dark") {
        await page.screenshot({ path: `${plan.artifacts}/dark-${path.replaceAll("/", "_") || "home"}.png` });
      }
      if (scheme === "light") {
        result.headings[path] = await page.evaluate(() => [...document.querySelectorAll(".hub-heading")].map((h) => {
          const link = h.querySelector("a.hub-permalink");
          return { id: h.id, text: h.firstChild.textContent.trim(), href: link?.getAttribute("href") ?? null,
                   visible: link ? link.getClientRects().length > 0 && getComputedStyle(link).visibility === "visible" : false,
                   name: link?.getAttribute("aria-label") ?? null };
        }));
      }
      await page.close();
    }
    await context.close();
  }
  const context = await localContext(browser, result);
  const page = await watchedPage(context, result);
  await page.goto(plan.base + plan.print, { waitUntil: "networkidle" });
  await page.emulateMedia({ media: "print" });
  result.print = await page.evaluate(() => [...document.querySelectorAll(".hub-page a[href^='http']")].map((a) => ({
    href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content })));
  result.printHidden = await page.evaluate(() => [...document.querySelectorAll(".hub-permalink")]
    .every((a) => a.getClientRects().length === 0));
  await context.close();
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
