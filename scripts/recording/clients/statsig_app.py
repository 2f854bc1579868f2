"""An app backend checking a gate and logging events for a signed-in reader with Statsig's Python
server SDK (statsig): gzip JSON POST statsigapi.net/v1/log_event with ``STATSIG-API-KEY``.

Each event carries the full ``StatsigUser`` (``userID``, ``email``, ``custom`` fields, ``ip`` …),
the event name, ``value`` and ``metadata``; gate exposures are events too. The SDK first downloads
its rules (the recording proxy's answer leaves it on defaults); diagnostics are switched off.
"""

import json
import sys

from statsig import StatsigEvent, StatsigOptions, StatsigUser, statsig


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    statsig.initialize("secret-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d",
                       StatsigOptions(disable_diagnostics=True, init_timeout=5, tier="production"))
    user = StatsigUser(user_id=v["user_id"], email=v["email"], custom={
        "email_sha256": v["email_sha256"], "phone": v["phone"], "android_id": v["android_id"],
        "advertising_id": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"],
        "latitude": float(v["lat"]), "longitude": float(v["lon"])})
    statsig.check_gate(user, "new_search_box")
    statsig.log_event(StatsigEvent(user, "article_viewed", metadata={"page_url": v["visited_url"]}))
    statsig.log_event(StatsigEvent(user, "search", value=v["query"]))
    statsig.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
