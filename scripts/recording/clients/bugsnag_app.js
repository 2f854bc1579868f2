/* A Node.js app backend reporting a handled error with Bugsnag (@bugsnag/js, Node notifier: JSON POST
 * to notify.bugsnag.com). The event carries the user (id, e-mail), the request URL, the search term,
 * and the device identifiers and position the app sent along, as metadata. */
"use strict";
const fs = require("fs");
const Bugsnag = require("@bugsnag/js");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  Bugsnag.start({ apiKey: "0123456789abcdef0123456789abcdef", autoTrackSessions: false,
    appVersion: "3.4.1", releaseStage: "production", logger: null });
  await new Promise((resolve) => Bugsnag.notify(new Error("article render failed"), (event) => {
    event.setUser(v.user_id, v.email, "Reader");
    event.addMetadata("user", { phone: v.phone, email_sha256: v.email_sha256 });
    event.addMetadata("request", { url: v.visited_url });
    event.addMetadata("search", { term: v.query });
    event.addMetadata("device", { imei: v.imei, android_id: v.android_id, advertising_id: v.adid,
      wifi_mac: v.mac, latitude: Number(v.lat), longitude: Number(v.lon) });
  }, () => resolve()));
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
