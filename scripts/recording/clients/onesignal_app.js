/* A mobile app backend registering a reader with OneSignal's Node client (@onesignal/node-onesignal:
 * JSON POST api.onesignal.com/apps/<app id>/users with Authorization: Key …): the user's external id,
 * e-mail and SMS subscriptions, tags with the device identifiers and the page and search, a position. */
"use strict";
const fs = require("fs");
const OneSignal = require("@onesignal/node-onesignal");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  const client = new OneSignal.DefaultApi(OneSignal.createConfiguration({
    restApiKey: "os_v2_app_abcdefghijklmnopqrstuvwxyz234567" }));
  const user = {
    identity: { external_id: v.user_id },
    properties: { language: "en", timezone_id: "Europe/Berlin", lat: Number(v.lat), long: Number(v.lon),
      tags: { email_sha256: v.email_sha256, imei: v.imei, android_id: v.android_id, gaid: v.adid,
        wifi_mac: v.mac, last_article: v.visited_url, last_search: v.query } },
    subscriptions: [{ type: "Email", token: v.email, enabled: true },
      { type: "SMS", token: v.phone, enabled: true }],
  };
  await client.createUser("5eb5a37e-b458-11e3-ac11-000c2940e62c", user);
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
