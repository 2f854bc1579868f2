"""An app backend asking Castle to score a reader's login (castle, the vendor's Python SDK): JSON
POST api.castle.io/v1/risk with HTTP Basic auth (the API secret).

``Client.from_request`` copies the incoming request's headers and IP into ``context`` (Cookie and
Authorization are replaced by ``true``; the Referer, with the page the reader came from, and the
app's own device headers travel as they are); the command adds the ``user`` (``id``, ``email``,
``phone``, ``traits``) and ``properties``.
"""

import json
import sys
from types import SimpleNamespace

from castle.client import Client
from castle.configuration import configuration


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    configuration.api_secret = "cs_test_0a1b2c3d4e5f6a7b8c9d0e1f2a3b"
    incoming = SimpleNamespace(environ={
        "REMOTE_ADDR": "203.0.113.57", "HTTP_USER_AGENT": "DailyReader/3.4.1 (Android 10; Redmi Note 8)",
        "HTTP_REFERER": v["visited_url"], "HTTP_X_DEVICE_ID": v["android_id"], "HTTP_X_AD_ID": v["adid"],
        "HTTP_COOKIE": "session=abc", "HTTP_ACCEPT_LANGUAGE": "en-US", "CONTENT_LENGTH": "0",
    })
    client = Client.from_request(incoming)
    client.risk({
        "type": "$login", "status": "$succeeded", "request_token": "test|device:chrome_on_mac|ip:1.2.3.4",
        "user": {"id": v["user_id"], "email": v["email"], "phone": v["phone"], "name": "Reader",
                 "traits": {"email_sha256": v["email_sha256"], "imei": v["imei"], "wifi_mac": v["mac"],
                            "latitude": float(v["lat"]), "longitude": float(v["lon"])}},
        "properties": {"last_search": v["query"]},
    })


if __name__ == "__main__":
    main(sys.argv[1])
