"""An app backend reporting a handled error through Bugsnag's Python SDK (JSON POST notify.bugsnag.com).

The user (id, e-mail) and metadata tabs carry the values, as a real report's context does.
"""

import json
import sys

import bugsnag


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    bugsnag.configure(api_key="0123456789abcdef0123456789abcdef", asynchronous=False,
                      release_stage="production", app_version="4.2.0", project_root="/srv/app")
    try:
        raise LookupError(f"no results for {v['query']!r}")
    except LookupError as exc:
        bugsnag.notify(exc, context=v["visited_url"], user={"id": v["user_id"], "email": v["email"]},
                       metadata={"device": {"android_id": v["android_id"], "gaid": v["adid"],
                                            "imei": v["imei"], "wifi_mac": v["mac"], "phone": v["phone"],
                                            "lat": float(v["lat"]), "lon": float(v["lon"])},
                                 "account": {"email_sha256": v["email_sha256"]}})


if __name__ == "__main__":
    main(sys.argv[1])
