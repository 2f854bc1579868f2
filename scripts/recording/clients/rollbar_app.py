"""An app backend reporting a message through Rollbar's Python SDK (JSON POST /api/1/item/).

The person (id, username, e-mail) and custom data carry the values, as a real report's context does.
"""

import json
import sys

import rollbar


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    rollbar.init("0123456789abcdef0123456789abcdef", environment="production", handler="blocking",
                 code_version="4.2.0", capture_ip=True)
    rollbar.report_message(
        f"Search failed for {v['query']!r}", level="error",
        extra_data={"url": v["visited_url"], "device": {
            "android_id": v["android_id"], "gaid": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"],
            "model": v["model"]}, "location": {"lat": float(v["lat"]), "lon": float(v["lon"])},
            "email_sha256": v["email_sha256"], "phone": v["phone"]},
        payload_data={"person": {"id": v["user_id"], "username": v["user_id"], "email": v["email"]}})
    rollbar.wait()


if __name__ == "__main__":
    main(sys.argv[1])
