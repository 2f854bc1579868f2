/* A Node.js app backend reporting an error with Sentry's Node SDK (@sentry/node: envelope POST to
 * the DSN's ingest host). The scope carries what such a backend sets: the user (id, e-mail, phone),
 * the request URL, the search term, and the device identifiers and position the app sent along. */
"use strict";
const fs = require("fs");
const Sentry = require("@sentry/node");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  Sentry.init({ dsn: plan.dsn, sendDefaultPii: true, tracesSampleRate: 0, autoSessionTracking: false,
    defaultIntegrations: false, release: "daily-reader-api@3.4.1", environment: "prod" });
  Sentry.setUser({ id: v.user_id, email: v.email, phone: v.phone, email_sha256: v.email_sha256 });
  Sentry.setContext("device", { imei: v.imei, android_id: v.android_id, advertising_id: v.adid,
    wifi_mac: v.mac, model: v.model });
  Sentry.setContext("location", { latitude: Number(v.lat), longitude: Number(v.lon) });
  Sentry.setTag("search.term", v.query);
  Sentry.withScope((scope) => {
    scope.setExtra("page_url", v.visited_url);
    Sentry.captureException(new Error("article render failed"));
  });
  await Sentry.flush(10000);
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
