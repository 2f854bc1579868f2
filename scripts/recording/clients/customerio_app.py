"""An app backend feeding Customer.io's Track API (customerio SDK): JSON over HTTP Basic auth.

``identify`` PUTs ``track.customer.io/api/v1/customers/<user id>`` (the id is in the URL path)
with the profile attributes; ``track``/``pageview`` POST ``…/customers/<id>/events``;
``add_device`` PUTs ``…/customers/<id>/devices``.
"""

import json
import sys

from customerio import CustomerIO, Regions


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    cio = CustomerIO("0a1b2c3d4e5f60718293", "a0b1c2d3e4f5a6b7c8d9", region=Regions.US, retries=1)
    uid = v["user_id"]
    cio.identify(id=uid, email=v["email"], phone=v["phone"], email_sha256=v["email_sha256"],
                 android_id=v["android_id"], imei=v["imei"], wifi_mac=v["mac"],
                 latitude=float(v["lat"]), longitude=float(v["lon"]))
    cio.pageview(customer_id=uid, page=v["visited_url"], referrer="android-app://com.dailyreader")
    cio.track(customer_id=uid, name="search", data={"query": v["query"]})
    cio.add_device(customer_id=uid, device_id=v["adid"], platform="android",
                   attributes={"device_model": v["model"], "device_os": v["os_version"]})


if __name__ == "__main__":
    main(sys.argv[1])
