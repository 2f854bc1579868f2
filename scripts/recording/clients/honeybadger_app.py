"""An app backend reporting a failed search and an Insights event to Honeybadger (honeybadger, the
vendor's Python package): JSON POST api.honeybadger.io/v1/notices/ and NDJSON POST /v1/events/,
with ``X-Api-Key``.

The notice carries the error (its message names the search term), ``request.context`` (what the app
set with ``set_context``: the user, the device) and the server block; the hostname and project root
are configured so the recording machine's own do not travel. The event is one JSON line per event.
"""

import json
import sys

from honeybadger import honeybadger


def search(query: str) -> None:
    raise LookupError(f"search backend returned no results for {query}")


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    honeybadger.configure(api_key="hbp_0123456789abcdefABCDEF", environment="production", force_sync=True,
                          hostname="api-1", project_root="/srv/daily-reader", events_batch_size=1)
    honeybadger.set_context(user_id=v["user_id"], user_email=v["email"], email_sha256=v["email_sha256"],
                            phone=v["phone"], android_id=v["android_id"], advertising_id=v["adid"],
                            imei=v["imei"], wifi_mac=v["mac"])
    try:
        search(v["query"])
    except LookupError as e:
        honeybadger.notify(e, context={"page_url": v["visited_url"]})
    honeybadger.event("article_viewed", {"user_id": v["user_id"], "url": v["visited_url"],
                                         "latitude": float(v["lat"]), "longitude": float(v["lon"])})
    honeybadger.events_worker.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
