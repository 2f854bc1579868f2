"""An app backend reporting through Mixpanel's Python SDK (form ``data=<JSON>`` to api.mixpanel.com)."""

import json
import sys

from mixpanel import BufferedConsumer, Mixpanel


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    consumer = BufferedConsumer(max_size=10, retry_limit=0)
    mp = Mixpanel("0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f", consumer=consumer)
    did = v["android_id"]
    mp.track(did, "Article Viewed", {"$current_url": v["visited_url"], "$os": "Android",
                                     "$os_version": v["os_version"], "$model": v["model"],
                                     "$device_id": did, "imei": v["imei"], "gaid": v["adid"]})
    mp.track(did, "Search", {"mp_keyword": v["query"], "$wifi_mac": v["mac"],
                             "$latitude": float(v["lat"]), "$longitude": float(v["lon"])})
    mp.alias(v["user_id"], did)
    mp.people_set(v["user_id"], {"$email": v["email"], "$phone": v["phone"],
                                 "email_sha256": v["email_sha256"]})
    consumer.flush()


if __name__ == "__main__":
    main(sys.argv[1])
