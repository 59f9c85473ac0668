// Teams cards through Microsoft's own adaptivecards package in headless Chromium: parse each card,
// list every warning the parser and the validator give, render it, and screenshot the first one.
// Teams reads a TextBlock's text as Markdown: with `markdown` (markdown-it's browser build) loaded, the
// library renders it the same way, so every link a card would show is an <a> here, listed with its address.
// Usage: node adaptive_cards.mjs PLAN.json, with {chromium, library, markdown, cards: [...], screenshot}.
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("adaptive_cards.mjs");
const result = { blocked: [], failed: [], errors: [], cards: [] };
const browser = await launch(plan.chromium);
try {
  const context = await localContext(browser, result, { viewport: { width: 560, height: 900 } });
  const page = await watchedPage(context, result);
  await page.setContent('<!doctype html><html lang="en"><meta charset="utf-8"><body style="margin:16px;font-family:sans-serif"></body></html>');
  if (plan.markdown) await page.addScriptTag({ path: plan.markdown });
  await page.addScriptTag({ path: plan.library });
  result.cards = await page.evaluate((cards) => {
    const AC = window.AdaptiveCards;
    return cards.map((json, index) => {
      const card = new AC.AdaptiveCard();
      const serialization = new AC.SerializationContext();
      card.parse(json, serialization);
      const events = [];
      for (let i = 0; i < serialization.eventCount; i++) events.push(serialization.getEventAt(i).message);
      for (const event of card.validateProperties().validationEvents) events.push(event.message);
      const element = card.render();
      const holder = document.createElement("div");
      holder.id = `card-${index}`;
      holder.style.cssText = "width:480px;border:1px solid #ccc;margin-bottom:16px";
      if (element) holder.appendChild(element);
      document.body.appendChild(holder);
      const buttons = [...holder.querySelectorAll("button")].map((b) => b.textContent.trim());
      const links = [...holder.querySelectorAll("a")].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute("href") }));
      const emphasis = holder.querySelectorAll("em, strong, code, del, s, h1, h2, h3, ol, blockquote").length;
      return { events, rendered: Boolean(element), text: holder.innerText, buttons, links, emphasis,
               markdown: Boolean(window.markdownit) };
    });
  }, plan.cards);
  await page.locator("#card-0").screenshot({ path: plan.screenshot });
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
