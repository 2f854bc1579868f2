"""mitmproxy addon for recording: answer every request locally, never contact a real server.

Loaded into ``mitmdump -s``. Each request gets the kind of 200 answer the real collector would
send (so the SDK under test is satisfied and does not retry), and requests for a ``.test`` site
listed in the ``record_sites`` option are served from local files (pages and the SDK bundle a page
embeds). Because ``flow.response`` is set in the ``request`` hook and the proxy runs with
``connection_strategy=lazy``, mitmproxy never opens an upstream connection or resolves a name.
"""

from __future__ import annotations

import base64
import html
import json
import mimetypes
import re
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mitmproxy import ctx, http

GIF_1X1 = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
JSON = {"Content-Type": "application/json"}


def _json(obj: object, status: int = 200) -> http.Response:
    return http.Response.make(status, json.dumps(obj, separators=(",", ":")), JSON)


def _sentry_event_id(body: bytes) -> str:
    first = body.split(b"\n", 1)[0]
    try:
        return str(json.loads(first).get("event_id") or "")
    except ValueError:
        return ""


def collector_response(flow: http.HTTPFlow) -> http.Response:
    """A plausible collector answer for an analytics/telemetry request."""
    req = flow.request
    path = req.path.split("?", 1)[0]
    host = req.pretty_host
    ctype = req.headers.get("content-type", "")
    if path.startswith("/i") and "app_key=" in f"{req.query}&{req.get_text(strict=False) or ''}":
        return _json({"result": "Success"})  # Countly write API (GET or POST /i, /i/bulk)
    if path.endswith((".gif", "/i")) or path == "/i":  # Sensors image mode, Snowplow GET pixel
        return http.Response.make(200, GIF_1X1, {"Content-Type": "image/gif"})
    if "/envelope/" in path or path.endswith("/store/"):  # Sentry
        return _json({"id": _sentry_event_id(req.get_content(strict=False) or b"")})
    if path.startswith(("/2/httpapi", "/batch")) and "amplitude" in host:
        body = req.get_content(strict=False) or b""
        try:
            n = len(json.loads(body).get("events", []))
        except (ValueError, AttributeError):
            n = 0
        return _json({"code": 200, "events_ingested": n, "payload_size_bytes": len(body),
                      "server_upload_time": int(time.time() * 1000)})
    if ctype.startswith("application/grpc"):  # any gRPC call: an empty message and status OK (0)
        resp = http.Response.make(200, b"\x00\x00\x00\x00\x00", {"Content-Type": "application/grpc"})
        resp.trailers = http.Headers(grpc_status="0")
        return resp
    if path.startswith(("/v1/traces", "/v1/logs", "/v1/metrics")) and "protobuf" in ctype:  # OTLP/HTTP
        return http.Response.make(200, b"", {"Content-Type": "application/x-protobuf"})
    if path.startswith("/api/1/item"):  # Rollbar
        return _json({"err": 0, "result": {"id": None, "uuid": "00000000-0000-4000-8000-000000000000"}})
    if re.fullmatch(r"(/v\d+\.\d+)?/\d+/events", path):  # Meta Conversions API
        return _json({"events_received": 1, "messages": [], "fbtrace_id": "AbCdEfGhIjKlMnOpQrStUvW"})
    if path.startswith("/sdk/evalx/"):  # LaunchDarkly client-side flag evaluation
        return _json({"new-search-box": {"value": True, "variation": 1, "version": 7, "flagVersion": 7}})
    if path.startswith("/sdk/goals/"):  # LaunchDarkly click/page-view goals
        return _json([])
    if re.fullmatch(r"/v1/datasets/[^/]+/ingest", path):  # Axiom ingest status
        return _json({"ingested": 1, "failed": 0, "failures": [], "processedBytes": len(req.raw_content or b""),
                      "blocksCreated": 0, "walLength": 1})
    if path.startswith("/v1/notices") and "honeybadger" in host:  # Honeybadger: 201 and the notice's id
        return _json({"id": str(uuid.uuid4())}, status=201)
    if path == "/--/api/v2/push/send":  # Expo push: one "ok" ticket per message
        try:
            sent = json.loads(req.get_content(strict=False) or b"[]")
        except ValueError:
            sent = []
        count = len(sent) if isinstance(sent, list) else 1
        return _json({"data": [{"status": "ok", "id": str(uuid.uuid4())} for _ in range(count)]})
    if path.startswith("/v1/get_id_lists"):  # Statsig server SDKs: no ID lists
        return _json({})
    if path.startswith("/v1/download_config_specs"):  # Statsig server SDKs: no rules changed
        return _json({"has_updates": False, "time": 0})
    if path.startswith("/v1/initialize"):  # Statsig
        return _json({"feature_gates": {}, "dynamic_configs": {}, "layer_configs": {}, "has_updates": True,
                      "time": int(time.time() * 1000), "hash_used": "djb2", "derived_fields": {}})
    if path.startswith("/api/v1/identities"):  # Flagsmith: the identity's flags and traits
        return _json({"flags": [{"enabled": True, "feature_state_value": None,
                                 "feature": {"id": 7, "name": "new_search_box", "type": "STANDARD"}}],
                      "traits": []})
    if path.startswith("/api/features/"):  # GrowthBook SDK payload (features + experiments)
        return _json({"status": 200, "features": {"new-player": {"defaultValue": True}}, "experiments": [],
                      "dateUpdated": "2026-11-20T09:00:00.000Z"})
    if path.startswith("/track") and "client_key=" in req.path:  # GrowthBook ingestor
        return _json({"success": True})
    if path == "/a" and req.query.get("t") == "96":  # CleverTap: a script (JSONP) handing back the ids
        guid = req.query.get("gc") or uuid.uuid4().hex
        call = f"window.$WZRK_WR&&$WZRK_WR.s({json.dumps(guid)},{int(req.query.get('i', '0'))},false,"
        return http.Response.make(200, f"{call}{int(req.query.get('rn', '0'))});",
                                  {"Content-Type": "application/javascript"})
    if path == "/_r" and re.fullmatch(r"branch_callback__\d+", req.query.get("callback", "")):
        # Branch's app.link JSONP: the browser fingerprint id
        return http.Response.make(200, f'{req.query["callback"]}("1331977124526385573");',
                                  {"Content-Type": "application/javascript"})
    if path == "/v1/open" and "branch_key" in (req.get_text(strict=False) or ""):  # Branch session
        return _json({"session_id": "1331977125139735416", "identity_id": "1331977125105977139",
                      "device_fingerprint_id": None, "browser_fingerprint_id": "1331977124526385573",
                      "link": "https://k7q2x.app.link?%24identity_id=1331977125105977139",
                      "data": json.dumps({"+clicked_branch_link": False, "+is_first_session": True}),
                      "has_app": False, "identity": None})
    if re.fullmatch(r"/1/[\w-]+", path) and req.query.get("a"):  # New Relic browser RUM call: feature flags
        return _json({"st": 1, "sr": 0, "err": 1, "ins": 1, "spa": 0, "loaded": 1, "app": {
            "agents": [{"entityGuid": "NDQwMzcxMnxCUk9XU0VSfEFQUExJQ0FUSU9OfDExMzQyODg5MTU"}],
            "nrServerTime": int(time.time() * 1000)}})
    if path.endswith("/api/frontend") and req.method == "GET":  # Unleash frontend API: the enabled toggles
        return _json({"toggles": [{"name": "new-search-box", "enabled": True, "impressionData": False,
                                   "variant": {"name": "disabled", "enabled": False}}]})
    if path == "/v1/sdkConfig":  # DevCycle: the project's config for this user (no features)
        return _json({"project": {"_id": "61f97628ff4afcb6d057dbf0", "key": "cafe", "a0_organization": "org_1",
                                  "settings": {"edgeDB": {"enabled": False}}},
                      "environment": {"_id": "61f97628ff4afcb6d057dbf2", "key": "production"},
                      "features": {}, "featureVariationMap": {}, "variableVariationMap": {}, "variables": {},
                      "knownVariableKeys": []})
    if path == "/v1/events" and "devcycle" in host:  # DevCycle's events API answers 201
        return _json({"message": "Successfully received events."}, 201)
    if path == "/api/splitChanges":  # Split: no feature flags changed since the SDK's change number
        now = int(time.time() * 1000)
        return _json({"ff": {"d": [], "s": -1, "t": now}, "rbs": {"d": [], "s": -1, "t": now}})
    if path.startswith("/api/memberships/"):  # Split: the key belongs to no segment
        return _json({"ms": {"k": []}, "ls": {"k": []}})
    if path.startswith("/intake/v2/rum/events"):  # Elastic APM server
        return http.Response.make(202, b"", {"Content-Type": "application/json"})
    if path.startswith(("/flags", "/decide")):  # PostHog feature flags
        return _json({"featureFlags": {}, "featureFlagPayloads": {}, "flags": {},
                      "errorsWhileComputingFlags": False})
    if path.startswith("/v1/") and ("segment" in host or "rudder" in host or "dataplane" in host):
        return _json({"success": True})
    if "com.snowplowanalytics" in path:
        return http.Response.make(200, b"ok", {"Content-Type": "text/plain"})
    if path.rstrip("/").endswith(("/sa", "/debug")) or path.startswith("/sa"):  # Sensors collector
        return http.Response.make(200, b"", {"Content-Type": "text/plain"})
    return _json({"status": 1})


class RecordingResponder:
    """Answers every request itself; serves configured ``.test`` sites from local files."""

    def load(self, loader) -> None:
        loader.add_option(
            "record_sites", str, "",
            'JSON object: hostname -> {"root": DIR, "templates": DIR, "files": {URL_PATH: FILE}} '
            "(or just DIR).",
        )

    def _sites(self) -> dict[str, dict]:
        raw = ctx.options.record_sites
        sites = json.loads(raw) if raw else {}
        return {h: ({"root": cfg} if isinstance(cfg, str) else cfg) for h, cfg in sites.items()}

    def request(self, flow: http.HTTPFlow) -> None:
        site = self._sites().get(flow.request.pretty_host)
        if site is not None:
            flow.response = with_cors(flow, serve_site(site, flow))  # a vendor CDN answers fetch() too
        elif flow.request.method == "OPTIONS":
            flow.response = with_cors(flow, http.Response.make(204))
        else:
            flow.response = with_cors(flow, collector_response(flow))


def with_cors(flow: http.HTTPFlow, resp: http.Response) -> http.Response:
    """Collectors answer browsers' CORS checks (Snowplow's collector echoes the origin)."""
    origin = flow.request.headers.get("origin")
    if origin:
        resp.headers["Access-Control-Allow-Origin"] = origin
        resp.headers["Access-Control-Allow-Credentials"] = "true"
        if flow.request.method == "OPTIONS":
            resp.headers["Access-Control-Allow-Headers"] = flow.request.headers.get(
                "access-control-request-headers", "Content-Type")
            resp.headers["Access-Control-Allow-Methods"] = "POST, GET, OPTIONS"
            resp.headers["Access-Control-Max-Age"] = "3600"
    return resp


def serve_site(site: dict, flow: http.HTTPFlow) -> http.Response:
    """A tiny site: ``/``, ``/article/SLUG`` and ``/search?q=`` from templates, plus static files."""
    root = Path(site["root"])
    templates = Path(site.get("templates") or root)
    url = urlsplit(flow.request.url)
    path = url.path
    if flow.request.method not in ("GET", "HEAD"):
        return _json({"status": 1})
    subst = {"site": flow.request.pretty_host}
    head = root / "head.html"
    raw = {"head": head.read_text(encoding="utf-8") if head.exists() else ""}
    if path == "/":
        return _page(templates / "index.html", raw, title="Front page", **subst)
    if m := re.fullmatch(r"/article/([a-z0-9-]+)", path):
        title = m.group(1).rsplit("-", 1)[0].replace("-", " ").title()
        return _page(templates / "article.html", raw, title=title, **subst)
    if path == "/search":
        q = parse_qs(url.query).get("q", [""])[0]
        return _page(templates / "search.html", raw, title=f"Search: {q}", query=q, **subst)
    mapped = site.get("files", {}).get(path)
    file = Path(mapped) if mapped else (root / path.lstrip("/")).resolve()
    if not mapped and not file.is_relative_to(root.resolve()):
        file = Path("/nonexistent")
    if not file.is_file():
        return http.Response.make(404, b"not found", {"Content-Type": "text/plain"})
    ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if ctype in ("application/javascript", "text/javascript"):
        ctype = "application/javascript; charset=utf-8"
    resp = http.Response.make(200, file.read_bytes(),
                              {"Content-Type": ctype, "Cache-Control": "public, max-age=86400"})
    if "gzip" in flow.request.headers.get("accept-encoding", "") and ctype.startswith("application/"):
        resp.encode("gzip")  # as a CDN would; also keeps the flow files small
    return resp


def _page(template: Path, raw: dict[str, str], **subst: str) -> http.Response:
    text = template.read_text(encoding="utf-8")
    for key, value in raw.items():
        text = text.replace("{{" + key + "}}", value)
    for key, value in subst.items():
        text = text.replace("{{" + key + "}}", html.escape(value))
    return http.Response.make(200, text.encode(), {"Content-Type": "text/html; charset=utf-8"})


addons = [RecordingResponder()]
