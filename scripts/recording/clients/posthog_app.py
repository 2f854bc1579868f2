"""A mobile app backend reporting through PostHog's Python SDK with gzip on (POST /batch/)."""

import json
import sys

from posthog import Posthog


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    ph = Posthog("phc_FictionalProjectKey0000000000000000000000", host=plan["host"], gzip=True,
                 sync_mode=False, flush_at=50, flush_interval=0.5, enable_local_evaluation=False)
    did = v["android_id"]
    base = {"$os": "Android", "$os_version": v["os_version"], "$device_model": v["model"],
            "$device_manufacturer": "Xiaomi", "$app_version": "3.1.4"}
    ph.capture("$screen", distinct_id=did, properties={
        **base, "$screen_name": "ArticleDetail", "$current_url": v["visited_url"],
        "imei": v["imei"], "$device_id": did, "advertising_id": v["adid"], "wifi_mac": v["mac"]})
    ph.capture("search_performed", distinct_id=did, properties={
        **base, "query": v["query"], "$geoip_latitude": float(v["lat"]),
        "$geoip_longitude": float(v["lon"])})
    ph.alias(previous_id=did, distinct_id=v["user_id"])
    ph.set(distinct_id=v["user_id"], properties={"email": v["email"], "phone": v["phone"],
                                                 "email_sha256": v["email_sha256"]})
    ph.flush()
    ph.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
