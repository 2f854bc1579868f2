"""An app backend recording custom events in New Relic (newrelic-telemetry-sdk, the vendor's
Telemetry SDK): gzip JSON POST insights-collector.newrelic.com/v1/accounts/events with ``Api-Key``.

``EventClient.send_batch`` posts a JSON array of events, each ``{"eventType", "timestamp",
<attributes>}`` with the app's attributes flat at the top.
"""

import json
import sys

from newrelic_telemetry_sdk import Event, EventClient


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = EventClient("NRII-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d", ca_certs=plan["ca_cert"])
    viewed = Event("ArticleViewed", {
        "userId": v["user_id"], "userEmail": v["email"], "emailSha256": v["email_sha256"], "phone": v["phone"],
        "androidId": v["android_id"], "advertisingId": v["adid"], "imei": v["imei"], "wifiMac": v["mac"],
        "latitude": float(v["lat"]), "longitude": float(v["lon"]), "pageUrl": v["visited_url"]})
    searched = Event("Search", {"userId": v["user_id"], "searchQuery": v["query"]})
    response = client.send_batch([viewed, searched])
    response.raise_for_status()


if __name__ == "__main__":
    main(sys.argv[1])
