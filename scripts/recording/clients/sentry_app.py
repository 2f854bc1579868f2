"""An app reporting an error message through sentry-sdk with send_default_pii (an envelope POST).

The user context carries e-mail and IP; the message itself and its breadcrumb carry the URL and
search term the user was handling, as real error reports often do.
"""

import json
import sys

import sentry_sdk


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    sentry_sdk.init(dsn=plan["dsn"], send_default_pii=True, release="daily-reader@4.2.0",
                    environment="production", default_integrations=False, auto_enabling_integrations=False,
                    # the SDK picks brotli when the module is installed, else gzip; pin it per capture
                    _experiments={"transport_compression_algo": plan.get("compression", "gzip")})
    sentry_sdk.set_user({"id": v["user_id"], "email": v["email"], "ip_address": "203.0.113.57"})
    sentry_sdk.set_context("device", {"model": v["model"], "manufacturer": "Xiaomi",
                                      "device_id": v["android_id"], "imei": v["imei"],
                                      "wifi_mac": v["mac"]})
    sentry_sdk.set_tag("gaid", v["adid"])
    sentry_sdk.set_tag("email_sha256", v["email_sha256"])
    sentry_sdk.add_breadcrumb(category="navigation", message=f"opened {v['visited_url']}")
    sentry_sdk.capture_message(
        f"Search failed for {v['query']!r} (user {v['email']}, phone {v['phone']}, "
        f"at {v['lat']},{v['lon']})", level="error")
    sentry_sdk.flush(timeout=10)


if __name__ == "__main__":
    main(sys.argv[1])
