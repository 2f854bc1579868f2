"""An app backend registering a reader with OneSignal (onesignal-python-api, the official generated
client): JSON POST api.onesignal.com/apps/<app id>/users with ``Authorization: Key …``.

The user carries ``identity.external_id`` (the app's user id), ``properties`` (``tags`` the app
segments by, ``lat``/``long``, language, country) and ``subscriptions``: the e-mail address and the
phone number are subscription ``token``s of type ``Email`` and ``SMS``.
"""

import json
import sys

import onesignal
from onesignal.api import default_api
from onesignal.model.identity_object import IdentityObject
from onesignal.model.properties_object import PropertiesObject
from onesignal.model.subscription import Subscription
from onesignal.model.user import User


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    config = onesignal.Configuration(rest_api_key="os_v2_app_abcdefghijklmnopqrstuvwxyz234567")
    # the generated client ignores HTTPS_PROXY: hand it the recording proxy and its CA
    config.proxy = plan["proxy"]
    config.ssl_ca_cert = plan["ca_cert"]
    tags = {"email_sha256": v["email_sha256"], "android_id": v["android_id"], "gaid": v["adid"],
            "imei": v["imei"], "wifi_mac": v["mac"], "last_page_url": v["visited_url"],
            "last_search": v["query"]}
    user = User(
        identity=IdentityObject(external_id=v["user_id"]),
        properties=PropertiesObject(tags=tags, language="en", country="US", lat=float(v["lat"]),
                                    long=float(v["lon"])),
        subscriptions=[Subscription(type="Email", token=v["email"], enabled=True),
                       Subscription(type="SMS", token=v["phone"], enabled=True)],
    )
    with onesignal.ApiClient(config) as client:
        api = default_api.DefaultApi(client)
        api.create_user("5eb5a37e-b458-11e3-ac11-000c2940e62c", user, _preload_content=False)


if __name__ == "__main__":
    main(sys.argv[1])
