// Accessibility of a built site in headless Chromium: axe-core on every page, the skip link, headings, languages,
// reflow at 320 CSS px and at 200 % zoom, reduced motion, and a visible keyboard focus ring.
//
//   node tests/js/a11y.mjs PLAN.json
//
// PLAN.json: {"chromium": "/usr/bin/chromium", "base": "http://127.0.0.1:8000/comms/hub/",
//             "axe": "node_modules/axe-core/axe.min.js", "tags": ["wcag2a", ...], "artifacts": "tests/artifacts/a11y-x",
//             "pages": [{"name", "path", "status": 200, "lang": "fr", "exclude": [["selector"]], "walk": true,
//                        "textIn": "fr", "textSkip": "selector"}],
//             "reflow": {"name", "path"}, "motion": {"paths": []}, "focus": {"path", "id"}}
//
// Prints one JSON object with what it measured; exits 2 on a usage error only: the Python test makes the assertions.
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { launch, localContext, readPlan, watchedPage } from "./harness.mjs";

const plan = await readPlan("a11y.mjs");
await mkdir(plan.artifacts, { recursive: true });
const axe = await readFile(plan.axe, "utf8");
const result = { blocked: [], failed: [], errors: [], pages: [], reflow: [], motion: null, focus: null };
const url = (path) => new URL(path, plan.base).href;
const browser = await launch(plan.chromium);

// In the page: the headings a screen reader lists, in order.
function headings() {
  return [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")]
    .filter((h) => !h.closest("[aria-hidden=true], [hidden]") && h.getClientRects().length > 0)
    .map((h) => ({ level: Number(h.getAttribute("aria-level") || h.tagName.slice(1)), text: h.textContent.trim() }));
}

// In the page: visible elements that show the title's words in a language other than the one they are marked with.
function untaggedTitles(lang) {
  const title = document.querySelector("h1")?.textContent.trim();
  if (!title) return ["no h1"];
  const bad = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim();
    if (own !== title || el.getClientRects().length === 0) continue;
    const marked = el.closest("[lang]")?.getAttribute("lang");
    if (marked !== lang) bad.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} (lang=${marked})`);
  }
  return bad;
}

// In the page: the text marked as language `lang` (its nearest `lang` attribute), outside the browser's own notices
// and the elements that match `skip`.
function textIn([lang, skip]) {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const pieces = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("xslt-warning-banner, script, style") || parent.getClientRects().length === 0) continue;
    if (skip && parent.closest(skip)) continue;
    if (parent.closest("[lang]")?.getAttribute("lang") === lang) pieces.push(node.textContent);
  }
  return pieces.join(" ");
}

// In the page: links in running text that only colour tells apart (no underline, no border).
function plainLinks() {
  return [...document.querySelectorAll(":is(p, li, dd, td, blockquote) a[href]")]
    .filter((a) => a.getClientRects().length > 0 && a.textContent.trim() && !a.closest("nav, header, footer, [role=navigation]"))
    .filter((a) => {
      const style = getComputedStyle(a);
      return !style.textDecorationLine.includes("underline") && parseFloat(style.borderBottomWidth) === 0;
    })
    .map((a) => `${a.textContent.trim().slice(0, 40)} (${a.parentElement.tagName.toLowerCase()}.${[...a.parentElement.classList].join(".")})`);
}

// In the page: the focused element (inside shadow roots too) and how its focus shows, once what the focus
// set moving has stopped (Material's skip link slides in, its search opens over the page).
async function focused() {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));  // let the page react
  await Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => null)));
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  // The ring's contrast with what is behind it (the first opaque background up the tree, from the element
  // itself when the ring is drawn inside it), by WCAG's formula.
  const rgb = (color) => (color.match(/[\d.]+/g) ?? ["255", "255", "255"]).map(Number);
  const luminance = (color) => {
    const [r, g, b] = rgb(color).slice(0, 3).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let behind = "rgb(255, 255, 255)";
  for (let p = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement; p; p = p.parentElement) {
    const background = getComputedStyle(p).backgroundColor;
    if ((rgb(background)[3] ?? 1) > 0.5) { behind = background; break; }
  }
  const [light, dark] = [luminance(style.outlineColor), luminance(behind)].sort((a, b) => b - a);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim().slice(0, 60), href: el.getAttribute("href"),
    outline: { style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor },
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
    ringContrast: style.outlineStyle === "none" ? null : Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10,
    behind,
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 &&
              box.top < innerHeight && box.left < innerWidth && style.visibility === "visible" && style.opacity !== "0",
    // Chromium's own notice above XSL-styled pages, not the page's (see test_a11y.py).
    browserUi: el.getRootNode().host?.localName === "xslt-warning-banner",
  };
}

// axe-core's violations on the page in `page`, outside the `exclude` selectors.
async function runAxe(page, exclude) {
  await page.addScriptTag({ content: axe });
  return page.evaluate(async ({ tags, exclude }) => {
    const found = await window.axe.run(exclude ? { include: [["html"]], exclude } : document,
                                       { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return found.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} :: ${n.failureSummary}`),
    }));
  }, { tags: plan.tags, exclude: exclude ?? null });
}

// Tab from the top of the page until the focus comes round again: how many stops, which show no ring (or
// one under 3:1 against its background) or cannot be seen, and whether Tab got out (no keyboard trap).
// Chromium's own XSL notice is not counted.
async function walkTabs(page) {
  const walk = { stops: 0, unringed: [], unseen: [], wrapped: false };
  let first = null;
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(focused);
    const key = stop && `${stop.tag}#${stop.id}:${stop.text}:${stop.href}`;
    if (!stop || key === first) {
      walk.wrapped = true;
      break;
    }
    first ??= key;
    if (stop.browserUi) continue;
    walk.stops += 1;
    if (!stop.ring || (stop.ringContrast !== null && stop.ringContrast < 3)) walk.unringed.push(stop);
    if (!stop.onScreen) walk.unseen.push(stop);
  }
  return walk;
}

// A menu button in the header (a folded navigation): Tab to it, Enter opens the menu with the focus inside,
// where it can be seen; Escape closes it and returns to the button. null when the header has none.
async function tryMenu(page) {
  const selector = "header button[aria-expanded]";
  if (!(await page.$(selector))) return null;
  const onButton = () => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
  for (let i = 0; i < 20 && !(await onButton()); i++) await page.keyboard.press("Tab");
  const menu = { reached: await onButton() };
  await page.keyboard.press("Enter");
  menu.open = await page.$eval(selector, (b) => b.getAttribute("aria-expanded"));
  menu.focus = await page.evaluate(focused);
  await page.keyboard.press("Escape");
  menu.closed = await page.$eval(selector, (b) => b.getAttribute("aria-expanded"));
  menu.backOnButton = await onButton();
  return menu;
}

// In the page: the longest transition and animation of any element (and its ::before, ::after), in seconds.
function motion() {
  const seconds = (value) => Math.max(0, ...value.split(",").map((v) => parseFloat(v) * (v.trim().endsWith("ms") ? 0.001 : 1)));
  let transition = 0;
  let animation = 0;
  for (const el of document.querySelectorAll("*")) {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      transition = Math.max(transition, seconds(style.transitionDuration));
      if (style.animationName !== "none") animation = Math.max(animation, seconds(style.animationDuration));
    }
  }
  return { transition, animation, scrollBehavior: getComputedStyle(document.documentElement).scrollBehavior };
}

try {
  // Every page: status, language, headings, axe-core, then the skip link from the keyboard.
  const context = await localContext(browser, result, { viewport: { width: 1280, height: 900 } });
  const statuses = new Map(plan.pages.map((p) => [url(p.path), p.status ?? 200]));
  const page = await watchedPage(context, result, (address, status) => statuses.get(address) === status);
  for (const spec of plan.pages) {
    // Chromium never reports an XSL-styled feed as network-idle: wait for its load event.
    const waitUntil = spec.path.endsWith(".xml") ? "load" : "networkidle";
    const response = await page.goto(url(spec.path), { waitUntil });
    const seen = {
      name: spec.name, path: spec.path, status: response.status(), title: await page.title(),
      lang: await page.evaluate(() => document.documentElement.getAttribute("lang")),
      headings: await page.evaluate(headings),
      untagged: spec.lang ? await page.evaluate(untaggedTitles, spec.lang) : [],
      banner: await page.evaluate(() => document.querySelector("[class*='hub-banner--']")?.textContent.trim() ?? null),
      contentLang: await page.evaluate(() => document.querySelector(".hub-idea")?.closest("[lang]")?.getAttribute("lang") ?? null),
      plainLinks: await page.evaluate(plainLinks),
      text: spec.textIn ? await page.evaluate(textIn, [spec.textIn, spec.textSkip ?? null]) : null,
    };
    seen.violations = await runAxe(page, spec.exclude);
    // The first Tab lands on a visible skip link; after Enter, the next Tab skips the navigation.
    await page.keyboard.press("Tab");
    seen.skip = await page.evaluate(focused);
    for (let i = 0; i < 10 && seen.skip?.browserUi; i++) {  // past the links and buttons of Chromium's notice
      await page.keyboard.press("Tab");
      seen.skip = await page.evaluate(focused);
    }
    await page.keyboard.press("Enter");
    const hash = await page.evaluate(() => location.hash);
    await page.keyboard.press("Tab");
    seen.afterSkip = await page.evaluate((hash) => {
      const target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
      const next = document.activeElement;
      return { hash, targetInMain: Boolean(target && target.closest("main, [role=main]")),
               next: next && next !== document.body ? next.textContent.trim().slice(0, 60) : null,
               nextFollowsTarget: Boolean(target && next && next !== document.body &&
                                          target.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING) };
    }, hash);
    // Tab through the whole page: every stop shows a focus ring, and Tab gets past the last one (no trap).
    if (spec.walk) {
      await page.goto(url(spec.path), { waitUntil });
      seen.walk = await walkTabs(page);
    }
    result.pages.push(seen);
  }
  await context.close();

  // Reflow: 320 CSS px wide, and 1280 px at 200 % zoom (640 CSS px at two device pixels each).
  if (plan.reflow) {
    for (const [name, options] of [["320px", { viewport: { width: 320, height: 800 } }],
                                   ["200pct", { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 }]]) {
      const narrow = await localContext(browser, result, options);
      const small = await watchedPage(narrow, result);
      await small.goto(url(plan.reflow.path), { waitUntil: "networkidle" });
      const measured = await small.evaluate(() => {
        // Text of the content (around the h1: not a closed off-canvas menu) that sticks out of the window,
        // unless inside a box that scrolls on its own (code, tables).
        const scrolls = (el) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (/(auto|scroll)/.test(getComputedStyle(p).overflowX)) return true;
          }
          return false;
        };
        const content = document.querySelector("h1").closest("article, main");
        const outside = [...content.querySelectorAll("p, li, h1, h2, h3, h4, dt, dd, a, code")]
          .filter((el) => el.getClientRects().length > 0)
          .filter((el) => { const r = el.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
          .filter((el) => !scrolls(el))
          .map((el) => `${el.tagName.toLowerCase()}: ${el.textContent.trim().slice(0, 40)}`);
        return { width: innerWidth, scrollWidth: document.documentElement.scrollWidth, outside: outside.slice(0, 10) };
      });
      await small.screenshot({ path: join(plan.artifacts, `${plan.reflow.name}-${name}.png`), fullPage: true });
      // Narrow layouts fold things away (Material's menu drawer): nothing folded may keep an invisible tab stop.
      const violations = await runAxe(small);  // narrow layouts show other controls (Material's menu button)
      const walk = await walkTabs(small);
      await small.goto(url(plan.reflow.path), { waitUntil: "networkidle" });
      result.reflow.push({ name, ...options, ...measured, violations, walk, menu: await tryMenu(small) });
      await narrow.close();
    }
  }

  // Motion: the longest transition and animation on any element of a few pages, with and without
  // prefers-reduced-motion, and how the page scrolls to an anchor.
  if (plan.motion) {
    result.motion = {};
    for (const reducedMotion of ["no-preference", "reduce"]) {
      const moving = await localContext(browser, result, { viewport: { width: 1280, height: 900 }, reducedMotion });
      const page = await watchedPage(moving, result);
      result.motion[reducedMotion] = [];
      for (const path of plan.motion.paths) {
        await page.goto(url(path), { waitUntil: "networkidle" });
        result.motion[reducedMotion].push({ path, ...(await page.evaluate(motion)) });
      }
      await moving.close();
    }
  }

  // Keyboard focus: Tab to a checkbox of the subscribe picker; its ring must show (screenshot kept).
  if (plan.focus) {
    const keyed = await localContext(browser, result, { viewport: { width: 1000, height: 700 } });
    const page = await watchedPage(keyed, result);
    await page.goto(url(plan.focus.path), { waitUntil: "networkidle" });
    let tabs = 0;
    for (; tabs < 400; tabs++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate((id) => document.activeElement?.id === id, plan.focus.id)) break;
    }
    result.focus = {
      tabs, element: await page.evaluate(focused),
      picker: await page.evaluate(() => {
        const boxes = [...document.querySelectorAll("[data-hub-picker] input")];
        const button = document.querySelector("[data-hub-download]");
        const status = document.querySelector("[data-hub-status]");
        return {
          checkboxes: boxes.filter((b) => b.type === "checkbox").length, inputs: boxes.length,
          labelled: boxes.filter((b) => b.labels.length === 1 && b.labels[0].textContent.trim()).length,
          button: button?.tagName.toLowerCase(), buttonHidden: button?.hidden,
          status: { role: status?.getAttribute("role"), live: status?.getAttribute("aria-live") },
        };
      }),
    };
    await page.screenshot({ path: join(plan.artifacts, "subscribe-focus.png") });
    await keyed.close();
  }
} catch (error) {
  result.errors.push(String((error && error.stack) || error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result, null, 2));
