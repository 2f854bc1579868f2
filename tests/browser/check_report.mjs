// Open a phonehome HTML report in Debian's Chromium and say what happened, as JSON on stdout:
// every request the page made, console errors, CSP violations, whether the summary and a full decode
// chain are visible. Usage: node check_report.mjs REPORT.html SCREENSHOT.png
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [reportPath, screenshotPath] = process.argv.slice(2);
if (!reportPath || !screenshotPath) {
  console.error("usage: node check_report.mjs REPORT.html SCREENSHOT.png");
  process.exit(2);
}
const pageUrl = pathToFileURL(reportPath).href;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const result = { url: pageUrl, requests: [], blocked: [], consoleErrors: [], pageErrors: [], cspViolations: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  // Anything but the report itself is recorded and refused: the report must load nothing.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pageUrl) { return route.continue(); }
    result.blocked.push(url);
    return route.abort();
  });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on("request", (req) => result.requests.push(req.url()));
  page.on("console", (msg) => { if (msg.type() === "error") { result.consoleErrors.push(msg.text()); } });
  page.on("pageerror", (err) => result.pageErrors.push(String(err)));
  const started = Date.now();
  await page.goto(pageUrl, { waitUntil: "load" });
  result.loadMs = Date.now() - started;
  result.title = await page.title();
  result.summaryVisible = await page.locator("#summary table.matrix").first().isVisible();
  result.summaryText = await page.locator("#summary").innerText();
  result.scriptRan = await page.locator("#tools").isVisible();
  result.domNodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  result.chain = await page.evaluate(() => {
    for (const ol of document.querySelectorAll("details.ev[open] ol.chain")) {
      if (!ol.checkVisibility()) { continue; }
      const steps = Array.from(ol.querySelectorAll("li:not(.leaf) > code")).map((c) => c.textContent);
      const mark = ol.querySelector("li.leaf mark.value");
      if (steps.length && mark && mark.checkVisibility()) {
        const ev = ol.closest("details.ev");
        return { steps, value: mark.textContent, requestLine: ev.querySelector("code.rl").textContent };
      }
    }
    return null;
  });
  // Opening a closed evidence section must work too (the reader clicks).
  const closed = page.locator("details.ev:not([open]) > summary:visible").first();
  if (await closed.count()) {
    await closed.click();
    result.clickedOpen = await page.evaluate(() => document.querySelectorAll("details.ev[open]").length);
  }
  // On large reports, evidence past the first items is unpacked when its group opens.
  const lazyGroup = page.locator("details.kind:has(> div.lazy)").last();
  if (await lazyGroup.count()) {
    const before = await lazyGroup.evaluate((d) => {
      d.closest("details.dest").open = true;
      return d.querySelectorAll(":scope > details.ev").length;
    });
    await lazyGroup.locator(":scope > summary").click();
    if (before > 0) { await lazyGroup.locator(":scope > div.lazy > button").click(); }
    const handle = await lazyGroup.elementHandle();
    await page.waitForFunction(([d, n]) => d.querySelectorAll(":scope > details.ev").length > n,
      [handle, before], { timeout: 15000 });
    result.lazyInserted = (await lazyGroup.evaluate((d) => d.querySelectorAll(":scope > details.ev").length)) - before;
    await lazyGroup.locator(":scope > details.ev > summary").last().click();
    result.lazyChainVisible = await lazyGroup.locator(":scope > details.ev[open] ol.chain").last().isVisible();
  }
  await page.screenshot({ path: screenshotPath, fullPage: true });
  result.cspViolations = await page.evaluate(() => window.__csp);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + "\n");
