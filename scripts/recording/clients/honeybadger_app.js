/* A Node.js app backend reporting an error to Honeybadger (@honeybadger-io/js: JSON POST
 * api.honeybadger.io/v1/notices). The notice's context carries the user (user_id, user_email), the
 * page, the search term, the device identifiers and position. */
"use strict";
const fs = require("fs");
const Honeybadger = require("@honeybadger-io/js");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  Honeybadger.configure({ apiKey: "hbp_FictionalApiKey000000000000000000", environment: "production",
    reportData: true, enableUncaught: false, enableUnhandledRejection: false, logger: { log() {}, info() {},
      debug() {}, warn() {}, error() {} } });
  Honeybadger.setContext({ user_id: v.user_id, user_email: v.email, phone: v.phone, email_sha256: v.email_sha256,
    page_url: v.visited_url, search_term: v.query, imei: v.imei, android_id: v.android_id,
    advertising_id: v.adid, wifi_mac: v.mac, latitude: Number(v.lat), longitude: Number(v.lon) });
  await Honeybadger.notifyAsync(new Error("article render failed"));
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
