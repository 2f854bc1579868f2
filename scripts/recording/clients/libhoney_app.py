"""An app backend sending events to Honeycomb (libhoney, the vendor's Python library): gzip JSON
POST api.honeycomb.io/1/batch/<dataset> with ``X-Honeycomb-Team``.

The batch is an array of ``{"data": {...}, "time", "samplerate"}``; ``data`` is the flat set of
fields the app adds to an event: here the request, the signed-in user and the device it came from.
"""

import json
import sys

import libhoney


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    client = libhoney.Client(writekey="hcaik_01abcdefghijklmnopqrstuvwxyz0123456789", dataset="daily-reader-api",
                             block_on_send=True)
    ev = client.new_event()
    ev.add({"name": "GET /article", "duration_ms": 12.5, "user.id": v["user_id"], "user.email": v["email"],
            "user.email_sha256": v["email_sha256"], "user.phone": v["phone"], "http.url": v["visited_url"],
            "app.search_query": v["query"], "device.android_id": v["android_id"],
            "device.advertising_id": v["adid"], "device.imei": v["imei"], "device.wifi_mac": v["mac"],
            "geo.latitude": float(v["lat"]), "geo.longitude": float(v["lon"])})
    ev.send()
    client.close()


if __name__ == "__main__":
    main(sys.argv[1])
