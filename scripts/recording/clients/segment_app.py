"""An app backend reporting through Segment's Python SDK (JSON POST /v1/batch, Basic auth)."""

import json
import sys

import segment.analytics as analytics


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    analytics.write_key = "FictionalWriteKey0000000000000000"
    analytics.sync_mode = False
    analytics.max_retries = 0
    context = {
        "app": {"name": "Daily Reader", "version": "4.2.0", "namespace": "com.example.dailyreader"},
        "device": {"id": v["android_id"], "advertisingId": v["adid"], "adTrackingEnabled": True,
                   "manufacturer": "Xiaomi", "model": v["model"], "imei": v["imei"]},
        "os": {"name": "Android", "version": v["os_version"]},
        "network": {"wifi": True, "bluetooth_mac": v["mac"]},
        "location": {"latitude": float(v["lat"]), "longitude": float(v["lon"])},
    }
    anon = v["android_id"]
    analytics.screen(anonymous_id=anon, name="Article", properties={"url": v["visited_url"]},
                     context=context)
    analytics.track(anonymous_id=anon, event="Products Searched", properties={"query": v["query"]},
                    context=context)
    analytics.identify(user_id=v["user_id"], anonymous_id=anon, context=context, traits={
        "email": v["email"], "phone": v["phone"], "email_sha256": v["email_sha256"]})
    analytics.flush()
    analytics.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
