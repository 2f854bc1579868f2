"""An app backend forwarding events through mParticle's Python SDK (Events API, JSON batch POST
s2s.mparticle.com/v2/events).

A batch carries ``user_identities`` (customer id, e-mail, mobile number), ``device_info``
(``android_advertising_id``, ``android_uuid``), ``user_attributes`` and events with their own
``custom_attributes`` and ``location``.
"""

import json
import sys

import mparticle
import urllib3


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    config = mparticle.Configuration()
    config.api_key = "us1-0123456789abcdef0123456789abcdef"
    config.api_secret = "sEcReT0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
    config.ssl_ca_cert = plan["ca_cert"]
    api = mparticle.EventsApi(config)
    # the generated client builds a plain urllib3.PoolManager and ignores HTTPS_PROXY
    api.api_client.rest_client.pool_manager = urllib3.ProxyManager(
        plan["proxy"], cert_reqs="CERT_REQUIRED", ca_certs=plan["ca_cert"])

    batch = mparticle.Batch()
    batch.environment = "development"
    identities = mparticle.UserIdentities()
    identities.customerid = v["user_id"]
    identities.email = v["email"]
    identities.mobile_number = v["phone"]
    batch.user_identities = identities
    device = mparticle.DeviceInformation()
    device.android_advertising_id = v["adid"]
    device.android_uuid = v["android_id"]
    device.platform = "Android"
    device.os_version = v["os_version"]
    device.device_model = v["model"]
    device.device_manufacturer = "Xiaomi"
    batch.device_info = device
    batch.user_attributes = {"email_sha256": v["email_sha256"], "imei": v["imei"], "wifi_mac": v["mac"]}

    where = mparticle.GeoLocation(latitude=float(v["lat"]), longitude=float(v["lon"]))
    screen = mparticle.ScreenViewEvent()
    screen.screen_name = "Article"
    screen.custom_attributes = {"url": v["visited_url"]}
    screen.location = where
    search = mparticle.AppEvent(event_name="Search", custom_event_type="search")
    search.custom_attributes = {"search_term": v["query"]}
    search.location = where
    batch.events = [screen, search]
    api.upload_events(batch)


if __name__ == "__main__":
    main(sys.argv[1])
