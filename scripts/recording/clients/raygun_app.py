"""A web backend reporting a failed request to Raygun Crash Reporting (raygun4py): JSON POST
api.raygun.io/entries with ``X-ApiKey``.

The report carries the affected ``user`` (``identifier``, ``email``, ``fullName``, ``uuid``), the
failing ``request`` (``url``, ``hostName``, ``queryString``), ``userCustomData`` and the exception
whose message names the search term. Environment variables, globals and frame locals are switched
off: they would ship the recording machine's own environment.
"""

import json
import sys

from raygun4py import raygunprovider


def search(query: str) -> None:
    raise LookupError(f"search backend returned no results for {query}")


def main(plan_path: str) -> None:
    plan = json.load(open(plan_path))
    v = plan["values"]
    sender = raygunprovider.RaygunSender("rgApiKey0123456789abcdefXYZ", config={
        "transmit_environment_variables": False, "transmit_global_variables": False,
        "transmit_local_variables": False})
    sender.set_version("3.4.1")
    sender.set_user({"identifier": v["user_id"], "isAnonymous": False, "email": v["email"],
                     "fullName": "Reader", "uuid": v["android_id"]})
    request = {"httpMethod": "GET", "url": v["visited_url"], "hostName": "www.example-news.test",
               "queryString": {"q": v["query"]}, "headers": {"User-Agent": "DailyReader/3.4.1 (Android)"}}
    custom = {"email_sha256": v["email_sha256"], "imei": v["imei"], "wifi_mac": v["mac"],
              "gaid": v["adid"], "phone": v["phone"], "latitude": float(v["lat"]),
              "longitude": float(v["lon"])}
    status = 0
    try:
        search(v["query"])
    except LookupError:
        status, _ = sender.send_exception(exc_info=sys.exc_info(), httpRequest=request,
                                          userCustomData=custom, tags=["search"])
    if status >= 300:
        raise SystemExit(f"raygun answered {status}")


if __name__ == "__main__":
    main(sys.argv[1])
