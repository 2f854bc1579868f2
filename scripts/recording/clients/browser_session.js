// One browsing session in Debian's Chromium, driven by Playwright, through the recording proxy.
//
// The user opens the site's front page, an article, subscribes to the newsletter with an e-mail
// and a user name on the article page (the page's own script hands them to its analytics SDK),
// then searches from the search box. "normal" sessions use a persistent profile (cookies, and so
// the SDK's cookie id, survive between sessions of the same profile); "private" sessions use a
// fresh incognito context of a fresh browser, as a private window does.
'use strict';

const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const v = plan.values;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  `--proxy-server=${plan.proxy}`, '--ignore-certificate-errors',
];

// Playwright's own HAR of the session too (plan.browser_har): the file a researcher automating a
// browser with Playwright has. A .zip path stores bodies as files beside the HAR (content "attach"),
// a .har path embeds them as text (where binary request bodies are lost).
const recordHar = plan.browser_har ? { recordHar: { path: plan.browser_har } } : {};

async function openContext() {
  const executablePath = process.env.PHONEHOME_CHROMIUM || '/usr/bin/chromium';
  if (plan.mode === 'private') {
    const browser = await chromium.launch({ executablePath, args: ARGS, headless: true });
    const context = await browser.newContext({ ignoreHTTPSErrors: true, ...recordHar }); // incognito context
    return { context, close: async () => { await context.close(); await browser.close(); } };
  }
  const profile = path.join(plan.work, 'profiles', plan.profile);
  if (plan.fresh_profile) fs.rmSync(profile, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath, args: ARGS, headless: true, ignoreHTTPSErrors: true, ...recordHar,
  });
  return { context, close: () => context.close() };
}

async function settle(page) {
  await page.waitForLoadState('networkidle').catch(() => {});
  await sleep(plan.settle_ms || 1500);
}

(async () => {
  const { context, close } = await openContext();
  const page = context.pages()[0] || (await context.newPage());
  if (process.env.PHONEHOME_RECORD_DEBUG) {
    page.on('console', (msg) => console.error(`console.${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => console.error(`pageerror: ${err}`));
    page.on('requestfailed', (req) => console.error(`requestfailed: ${req.url()} ${req.failure().errorText}`));
  }
  await page.goto(`https://${plan.site}/`);
  await settle(page);
  await page.goto(v.visited_url);
  await settle(page);
  await page.fill('#email', v.email);
  await page.fill('#username', v.user_id);
  await page.click('#subscribe');
  await settle(page);
  await page.fill('#q', v.query);
  await Promise.all([page.waitForNavigation(), page.press('#q', 'Enter')]);
  await settle(page);
  if (plan.leave_last_page) {
    await page.goto('about:blank');
    await settle(page);
  }
  await close();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
