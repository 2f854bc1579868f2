"""An app backend reporting in-app events to AppsFlyer's server-to-server events API (appsflyer, a
PyPI client of it): JSON POST api2.appsflyer.com/inappevent/<app id> with the dev key in an
``authentication`` header.

Each event names the device (``appsflyer_id``, ``advertising_id``, ``android_id``, ``imei``) and
the app's user (``customer_user_id``); ``eventValue`` is a JSON string of AppsFlyer's rich event
parameters (``af_content``, ``af_search_string``, ``af_lat``/``af_long``) and the app's own.
"""

import json
import sys

from appsflyer.rest import Client


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = Client(app_id="com.dailyreader.app", dev_key="xY9zAbCdEfGhIjKlMnOpQr")
    device = {"appsflyer_id": "1796598939831-4482097311265873021", "advertising_id": v["adid"],
              "android_id": v["android_id"], "imei": v["imei"], "customer_user_id": v["user_id"],
              "app_version_name": "3.4.1", "bundleIdentifier": "com.dailyreader.app"}
    events = [
        ("af_login", {"email": v["email"], "email_sha256": v["email_sha256"], "phone": v["phone"],
                      "wifi_mac": v["mac"]}),
        ("af_content_view", {"af_content_type": "article", "af_content": v["visited_url"]}),
        ("af_search", {"af_search_string": v["query"]}),
        ("af_location_changed", {"af_lat": v["lat"], "af_long": v["lon"]}),
    ]
    for name, value in events:
        response = client.generate_event(event_name=name, event_value=json.dumps(value), **device)
        if response.status_code >= 300:
            raise SystemExit(f"appsflyer answered {response.status_code}")


if __name__ == "__main__":
    main(sys.argv[1])
