// Email digests in headless Chromium: axe-core on each HTML part, its language and headings, and a screenshot
// of the first. Usage: node email_a11y.mjs PLAN.json, with {chromium, axe, tags, mails: [html...], screenshot}.
import { readFile } from "node:fs/promises";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("email_a11y.mjs");
const axe = await readFile(plan.axe, "utf8");
const result = { blocked: [], failed: [], errors: [], mails: [] };
const browser = await launch(plan.chromium);
try {
  const context = await localContext(browser, result, { viewport: { width: 700, height: 900 } });
  for (const [index, html] of plan.mails.entries()) {
    const page = await watchedPage(context, result);
    await page.setContent(html);
    await page.addScriptTag({ content: axe });
    const found = await page.evaluate(async (tags) => {
      const run = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
      return {
        violations: run.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
        lang: document.documentElement.lang,
        headings: [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => `${h.tagName} ${h.textContent.trim()}`),
        sections: [...document.querySelectorAll("section")].map((s) => s.lang),
      };
    }, plan.tags);
    result.mails.push(found);
    if (index === 0) await page.screenshot({ path: plan.screenshot });  // the top: the h1, the intro and the first idea
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
