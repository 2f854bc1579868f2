"""An app backend evaluating flags for a signed-in reader with LaunchDarkly's server-side SDK
(launchdarkly-server-sdk): analytics events go to events.launchdarkly.com/bulk as JSON.

The SDK polls for flags (``stream=False``: the recording proxy answers every request itself) and
sends ``identify``, ``custom`` and summary events; each carries the evaluation context (``kind:
user``, ``key`` and its attributes, here the e-mail, phone, device ids and position) unless the
attributes are marked private. Diagnostic events are switched off.
"""

import json
import sys

import ldclient
from ldclient import Context
from ldclient.config import Config, HTTPConfig


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    # the SDK takes its proxy and CA from its own configuration: hand it the recording proxy's
    http = HTTPConfig(http_proxy=plan["proxy"], ca_certs=plan["ca_cert"])
    ldclient.set_config(Config("sdk-0a1b2c3d-4e5f-6789-abcd-ef0123456789", stream=False, diagnostic_opt_out=True,
                               poll_interval=600, http=http))
    client = ldclient.get()
    context = (Context.builder(v["user_id"]).kind("user").name("Reader").set("email", v["email"])
               .set("email_sha256", v["email_sha256"]).set("phone", v["phone"])
               .set("androidId", v["android_id"]).set("advertisingId", v["adid"]).set("imei", v["imei"])
               .set("wifiMac", v["mac"]).set("latitude", float(v["lat"])).set("longitude", float(v["lon"]))
               .build())
    client.identify(context)
    client.variation("new-search-box", context, False)
    client.track("article-viewed", context, data={"pageUrl": v["visited_url"]})
    client.track("search", context, data={"query": v["query"]})
    client.flush()
    client.close()


if __name__ == "__main__":
    main(sys.argv[1])
