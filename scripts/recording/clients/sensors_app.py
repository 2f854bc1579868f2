"""An Android-style news app reporting through the Sensors Analytics Python SDK (BatchConsumer).

The SDK's batch consumer posts ``data_list=base64(gzip(JSON array))&gzip=1`` to the customer's
collector ``https://HOST/sa?project=P``; the app uses the property keys the Sensors Android SDK
and its docs use (``$model``, ``$os_version``, ``$device_id``, ``$url``, ``$latest_search_keyword``).
"""

import json
import sys

import sensorsanalytics
from sensorsanalytics import SensorsAnalyticsIdentity as Identity


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    consumer = sensorsanalytics.BatchConsumer(plan["collector"], max_size=4, request_timeout=10)
    sa = sensorsanalytics.SensorsAnalytics(consumer, project_name="production")
    sa.register_super_properties({
        "$app_name": "Daily Reader", "$app_version": "4.2.0", "$os": "Android",
        "$os_version": v["os_version"], "$model": v["model"], "$manufacturer": "Xiaomi",
        "$device_id": v["android_id"], "$network_type": "WIFI", "$screen_width": 1080,
        "$screen_height": 2340,
    })
    anon = v["android_id"]
    sa.track(anon, "$AppStart", {"$is_first_time": False, "imei": v["imei"], "gaid": v["adid"],
                                 "mac_address": v["mac"]})
    sa.track(anon, "$AppViewScreen", {"$url": v["visited_url"], "$title": "Article",
                                      "$referrer": "https://www.example-news.test/"})
    sa.track(anon, "search", {"$latest_search_keyword": v["query"], "search_type": "news"})
    sa.track(anon, "location_update", {"latitude": float(v["lat"]), "longitude": float(v["lon"])})
    sa.track_signup(v["user_id"], anon)
    sa.bind(Identity(Identity.LOGIN_ID, v["user_id"]), Identity("$identity_android_id", anon))
    sa.profile_set(v["user_id"], {"phone": v["phone"], "email_sha256": v["email_sha256"],
                                  "$identity_email": v["email"]}, is_login_id=True)
    sa.flush()
    sa.close()


if __name__ == "__main__":
    main(sys.argv[1])
