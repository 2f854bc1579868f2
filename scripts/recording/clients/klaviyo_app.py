"""A shop backend sending events to Klaviyo (klaviyo-api SDK): JSON:API POST a.klaviyo.com/api/events.

Each event carries its profile (``email``, ``phone_number``, ``external_id``, ``location``) under
``data.attributes.profile.data.attributes`` and the event's own ``properties``.
"""

import json
import sys

import openapi_client
from klaviyo_api import KlaviyoAPI


def event(name: str, profile: dict, properties: dict) -> dict:
    return {"data": {"type": "event", "attributes": {
        "properties": properties,
        "metric": {"data": {"type": "metric", "attributes": {"name": name}}},
        "profile": {"data": {"type": "profile", "attributes": profile}},
    }}}


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    k = KlaviyoAPI("pk_0123456789abcdef0123456789abcdef01", max_retries=0)
    # the generated client ignores HTTPS_PROXY: hand it the recording proxy and its CA
    k.configuration.proxy = plan["proxy"]
    k.configuration.ssl_ca_cert = plan["ca_cert"]
    k.api_client = openapi_client.ApiClient(k.configuration)
    k.api_client.default_headers["revision"] = k._REVISION
    profile = {"email": v["email"], "phone_number": v["phone"], "external_id": v["user_id"],
               "location": {"latitude": float(v["lat"]), "longitude": float(v["lon"])},
               "properties": {"email_sha256": v["email_sha256"], "android_id": v["android_id"],
                              "gaid": v["adid"], "imei": v["imei"], "wifi_mac": v["mac"]}}
    k.Events.create_event(event("Viewed Page", profile, {"url": v["visited_url"]}))
    k.Events.create_event(event("Searched Site", profile, {"search_term": v["query"]}))


if __name__ == "__main__":
    main(sys.argv[1])
