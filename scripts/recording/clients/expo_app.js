/* An app backend sending push notifications to a reader's phone with Expo's server SDK
 * (expo-server-sdk: JSON POST exp.host/--/api/v2/push/send, gzip when over 1 KB). The messages carry
 * the Expo push token and, in their data, what such an app hands its notification handler: the
 * reader's account, the article and search that triggered it, the device and its position. */
"use strict";
const fs = require("fs");
const { pathToFileURL } = require("url");

async function main(planPath) {
  const plan = JSON.parse(fs.readFileSync(planPath, "utf8"));
  const v = plan.values;
  // an ES module: imported from the recording's node_modules (NODE_PATH does not apply to import)
  const entry = require.resolve("expo-server-sdk", { paths: [process.env.NODE_PATH] });
  const { Expo } = await import(pathToFileURL(entry).href);
  const expo = new Expo({ accessToken: "fictional-expo-access-token-0000000000" });
  const to = `ExponentPushToken[${Buffer.from(v.android_id).toString("base64").replace(/=+$/, "")}]`;
  const messages = [
    { to, sound: "default", title: "New on Daily Reader", body: "An article you may like",
      data: { url: v.visited_url, userId: v.user_id, email: v.email, phone: v.phone,
        email_sha256: v.email_sha256, imei: v.imei, androidId: v.android_id, advertisingId: v.adid,
        wifiMac: v.mac, latitude: Number(v.lat), longitude: Number(v.lon) } },
    { to, title: "Saved search", body: "New results", data: { query: v.query, userId: v.user_id } },
  ];
  for (const chunk of expo.chunkPushNotifications(messages)) {
    await expo.sendPushNotificationsAsync(chunk);
  }
}

main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
