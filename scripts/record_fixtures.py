#!/usr/bin/env python3
"""Re-record the test fixtures and the Mi Browser example from real client code.

Every session runs a real client (a vendor's SDK from PyPI or npm, Debian's Chromium driven by Playwright,
the Mi Browser emulation on the Sensors Analytics SDK) through mitmdump on 127.0.0.1, which answers
every request itself: nothing leaves the machine. Each session is saved as ``NAME.flows``
(mitmproxy's own format) and ``NAME.har`` (mitmproxy's ``hardump``), plus ``NAME.canaries.json``
with the planted values and the measured truth (which hosts really received each value).

Run it with the product's venv (it reads the recordings with mitmproxy):

    .venv/bin/python scripts/record_fixtures.py                  # everything
    .venv/bin/python scripts/record_fixtures.py --only app-sensors-py --out /tmp/caps
    .venv/bin/python scripts/record_fixtures.py --only 'mibrowser-*'
    .venv/bin/python scripts/record_fixtures.py --list

It installs nothing; a missing dependency stops it with the command that installs it.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from recording import canaries  # noqa: E402
from recording.harness import Proxy, RecordingError  # noqa: E402
from recording.sessions import REPO, Session, all_sessions  # noqa: E402

SCRIPTS = REPO / "scripts"
PY_MODULES = {  # distribution -> import name, for the dependency check
    "SensorsAnalyticsSDK": "sensorsanalytics", "posthog": "posthog", "mixpanel": "mixpanel",
    "segment-analytics-python": "segment.analytics", "snowplow-tracker": "snowplow_tracker",
    "sentry-sdk": "sentry_sdk", "amplitude-analytics": "amplitude",
    "rudder-sdk-python": "rudderstack.analytics",
    "opentelemetry-exporter-otlp-proto-http": "opentelemetry.exporter.otlp.proto.http",
    "rollbar": "rollbar", "bugsnag": "bugsnag", "facebook-business": "facebook_business",
    "customerio": "customerio", "klaviyo-api": "klaviyo_api", "ga4mp": "ga4mp",
    "mparticle": "mparticle", "raygun4py": "raygun4py",
    "flagsmith": "flagsmith", "ddtrace": "ddtrace",
    "stream-chat": "stream_chat", "onesignal-python-api": "onesignal",
    "keen": "keen", "appsflyer": "appsflyer.rest",
    "logtail-python": "logtail", "elastic-apm": "elasticapm",
    "libhoney": "libhoney", "launchdarkly-server-sdk": "ldclient",
    "honeybadger": "honeybadger", "splunk-handler": "splunk_handler",
    "python-logging-loki": "logging_loki", "statsig": "statsig",
    "knockapi": "knockapi", "axiom-py": "axiom_py",
    "castle": "castle", "ably": "ably",
    "pusher": "pusher", "newrelic-telemetry-sdk": "newrelic_telemetry_sdk",
    "python-intercom": "intercom",
    "opentelemetry-exporter-otlp-proto-grpc": "opentelemetry.exporter.otlp.proto.grpc",
}


NODE_PROXY_PRELOAD = SCRIPTS / "recording" / "clients" / "node_proxy.cjs"
RUN_BY_NAME = "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')"


class MissingDependency(RecordingError):
    """A tool or package the recording needs is not installed."""


def find_mitmdump() -> Path:
    try:
        import mitmproxy  # noqa: F401 - the recordings are read back with it
    except ImportError:
        raise MissingDependency("mitmproxy is not importable here; run this script with the product's "
                                "venv: .venv/bin/python scripts/record_fixtures.py") from None
    here = Path(sys.executable).parent / "mitmdump"
    found = here if here.exists() else shutil.which("mitmdump")
    if not found:
        raise MissingDependency("mitmdump not found. Install the project first: "
                                "python3 -m venv .venv && .venv/bin/pip install -e .")
    return Path(found)


def record_python() -> Path:
    py = Path(os.environ.get("PHONEHOME_RECORD_PYTHON", REPO / ".venv-record" / "bin" / "python"))
    if not py.exists():
        raise MissingDependency(
            f"recording venv not found at {py}. Create it: python3 -m venv .venv-record && "
            ".venv-record/bin/pip install -r scripts/requirements-record.txt "
            "(or point PHONEHOME_RECORD_PYTHON at a Python that has the SDKs)")
    return py


def check_python_sdks(py: Path, packages: set[str]) -> dict[str, str]:
    """Versions of the SDK distributions in the recording venv; fail naming what is missing."""
    code = (
        "import importlib, importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for dist, mod in json.loads(sys.argv[1]).items():\n"
        "    try:\n"
        "        importlib.import_module(mod); out[dist] = m.version(dist)\n"
        "    except Exception as e:\n"
        "        out[dist] = None\n"
        "print(json.dumps(out))\n"
    )
    wanted = {p: PY_MODULES[p] for p in packages if p in PY_MODULES}
    res = subprocess.run([str(py), "-c", code, json.dumps(wanted)], capture_output=True, text=True,
                         check=True)
    versions = json.loads(res.stdout)
    missing = sorted(p for p, v in versions.items() if v is None)
    if missing:
        raise MissingDependency(
            f"missing in the recording venv ({py}): {', '.join(missing)}. Install: "
            f"{py} -m pip install -r scripts/requirements-record.txt")
    return versions


def check_node(packages: set[str], browser: bool = True) -> dict[str, str]:
    if not shutil.which("node"):
        raise MissingDependency("node not found. Install: apt-get install -y nodejs npm")
    versions = {}
    for pkg in packages:
        meta = SCRIPTS / "node_modules" / pkg / "package.json"
        if not meta.exists():
            raise MissingDependency(f"npm package {pkg} missing. Install: (cd scripts && npm ci)")
        versions[pkg] = json.loads(meta.read_text())["version"]
    versions["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    if not browser:
        return versions
    chromium = Path(os.environ.get("PHONEHOME_CHROMIUM", "/usr/bin/chromium"))
    if not chromium.exists():
        raise MissingDependency(f"Chromium not found at {chromium}. Install: apt-get install -y chromium")
    out = subprocess.run([str(chromium), "--version"], capture_output=True, text=True)
    found = re.search(r"\d+(\.\d+){3}", out.stdout)
    versions["chromium"] = found.group(0) if found else "unknown"
    return versions


def build_bundles(session: Session) -> None:
    """Bundle an ES-module-only SDK (no script-tag build on npm) into the one script its site serves.

    esbuild (pinned in scripts/package.json) writes a minified IIFE exposing the module's exports
    as a global, as the vendor's CDN build would; the bundle lives under scripts/node_modules. The
    entry is a module in scripts/node_modules, or a site's own entry file (an absolute path).
    """
    esbuild = SCRIPTS / "node_modules" / ".bin" / "esbuild"
    for out, (entry, global_name) in session.bundles.items():
        if not esbuild.exists():
            raise MissingDependency("esbuild missing. Install: (cd scripts && npm ci)")
        subprocess.run([str(esbuild), str(SCRIPTS / "node_modules" / entry), "--bundle", "--minify",
                        "--format=iife", f"--global-name={global_name}", f"--outfile={out}",
                        "--log-level=warning"], check=True)


def needles(session: Session, name: str, values: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Strings that must all appear in a request for the value to count as sent; truth extras."""
    if name == "email_hashed":
        return [values["email_sha256"]], {"hashed": "sha256"}
    if name in session.hashed:  # the SDK hashes it: sha256 of the value as the SDK normalises it
        return [canaries.sdk_sha256(name, values[name])], {"hashed": "sha256"}
    if name == "location":
        lat, lon = repr(float(values["lat"])), repr(float(values["lon"]))
        return [lat, lon], {"match": lat}
    if name.startswith("visited_url"):
        host, path = values[name].split("://", 1)[1].split("/", 1)
        if session.url_in_parts:  # the SDK sends the page's path and its host in separate fields
            return ["/" + path, host], {"match": "/" + path}
        return [values[name]], {"match": "/" + path}
    return [values[name]], {}


def build_truth(session: Session, values: dict[str, str], flows_path: Path,
                versions: dict[str, str]) -> dict[str, object]:
    from recording import verify

    flows = verify.read_flows(flows_path)
    wanted = {name: needles(session, name, values)[0] for name in session.planted}
    sent = verify.where_sent(flows, wanted)
    problems = []
    out = []
    listing = canaries.canary_list(values, session.planted, session.kinds)
    for name, listed in zip(session.planted, listing, strict=True):
        hosts = sorted(sent[name] - set(session.first_party))
        expected = sorted(session.expect.get(name, []))
        if set(expected) - set(hosts):
            problems.append(f"{name}: expected at {expected}, recorded at {hosts}")
        unexpected = set(hosts) - set(expected)
        if unexpected:
            problems.append(f"{name}: also recorded at {sorted(unexpected)} (not in the session's expect)")
        if not hosts:
            continue
        sdk, org = session.hosts.get(hosts[0], ("", ""))
        entry = {**listed, "sent_to": hosts, "sdk": sdk, "org": org}
        entry.update(needles(session, name, values)[1])
        out.append(entry)
    # a value planted only as a hash must never travel in the clear
    for name in session.hashed:
        plain = verify.where_sent(flows, {name: [values[name]]})[name]
        if plain:
            problems.append(f"{name}: planted hashed-only but its plain value reached {sorted(plain)}")
    if problems:
        raise RecordingError(f"{session.name}: recorded traffic disagrees with the plan:\n  "
                             + "\n  ".join(problems))
    return {
        "capture": session.file_stem, "mode": session.mode, "client": session.client,
        "versions": versions, "first_party": list(session.first_party), "canaries": out,
        "values": values, "requests": len(flows),
    }


def run_client(session: Session, plan_path: Path, env: dict[str, str], record_py: Path | None) -> None:
    if session.runner == "python":
        # by its bare name from its own folder: SDKs that record the caller's file name (Sensors'
        # $lib_detail) then say "emulate.py", not this machine's path
        # (Python makes a script's __file__ absolute; runpy keeps the name as given)
        cmd = [str(record_py), "-c", RUN_BY_NAME, session.script.name, str(plan_path)]
    elif session.runner == "node-app":  # a Node.js client: its fetch and http(s) routed to the proxy
        cmd = ["node", "--require", str(NODE_PROXY_PRELOAD), session.script.name, str(plan_path)]
        env = {**env, "NODE_PATH": str(SCRIPTS / "node_modules")}
    else:
        cmd = ["node", session.script.name, str(plan_path)]
        env = {**env, "NODE_PATH": str(SCRIPTS / "node_modules")}
    res = subprocess.run(cmd, env=env, cwd=str(session.script.parent), capture_output=True, text=True,
                         timeout=300)
    if env.get("PHONEHOME_RECORD_DEBUG"):  # the page's console and errors, as the client logged them
        sys.stderr.write(res.stderr)
    if res.returncode != 0:
        raise RecordingError(f"{session.name}: client {' '.join(cmd)} failed ({res.returncode}):\n"
                             f"{res.stdout[-2000:]}{res.stderr[-4000:]}")


def check_no_upstream(log: Path, name: str) -> None:
    text = log.read_text(errors="replace")
    for marker in ("server connect", "Server connection to"):
        if marker in text:
            raise RecordingError(f"{name}: mitmdump opened an upstream connection (see {log}); "
                                 "the addon must answer every request")


def record(session: Session, out_dir: Path, work: Path, versions: dict[str, str],
           record_py: Path | None, mitmdump: Path) -> dict[str, object]:
    values = session.values or canaries.make_values(session.seed or session.name, **session.value_args)
    out_dir.mkdir(parents=True, exist_ok=True)
    flows, har = out_dir / f"{session.file_stem}.flows", out_dir / f"{session.file_stem}.har"
    log = work / "logs" / f"{session.name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    sites = dict(session.sites)
    browser_har = out_dir / f"{session.file_stem}.playwright.{session.browser_har}" if session.browser_har else None
    if browser_har:
        browser_har.unlink(missing_ok=True)
    with Proxy(mitmdump=mitmdump, confdir=work / "mitmproxy", flows=flows, har=har, sites=sites,
               log=log) as proxy:
        plan = {"values": values, "proxy": proxy.url, "ca_cert": str(proxy.ca_cert),
                "work": str(work), **session.plan}
        if browser_har:
            plan["browser_har"] = str(browser_har)
        plan_path = work / "plans" / f"{session.name}.json"
        plan_path.parent.mkdir(parents=True, exist_ok=True)
        plan_path.write_text(json.dumps(plan, indent=2))
        run_client(session, plan_path, proxy.client_env(), record_py)
    check_no_upstream(log, session.name)
    if not har.exists() or not flows.exists():
        raise RecordingError(f"{session.name}: mitmdump did not write {har} / {flows}")
    if browser_har and not browser_har.exists():
        raise RecordingError(f"{session.name}: Playwright did not write {browser_har}")
    truth = build_truth(session, values, flows, versions)
    doc = {"canaries": canaries.canary_list(values, session.planted, session.kinds), "truth": truth}
    (out_dir / f"{session.file_stem}.canaries.json").write_text(json.dumps(doc, indent=2) + "\n")
    return truth


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", default=[],
                    help="session name or glob (repeatable); default: all sessions")
    ap.add_argument("--out", type=Path, help="write every capture here instead of its usual folder")
    ap.add_argument("--work", type=Path, help="scratch folder (mitmproxy CA, browser profiles, logs)")
    ap.add_argument("--list", action="store_true", help="list the sessions and exit")
    args = ap.parse_args(argv)

    sessions = all_sessions()
    if args.only:
        sessions = [s for s in sessions if any(fnmatch.fnmatch(s.name, pat) for pat in args.only)]
        if not sessions:
            print(f"error: no session matches {args.only}; see --list", file=sys.stderr)
            return 2
    if args.list:
        for s in sessions:
            print(f"{s.name:34} {s.client:22} -> {s.out_dir.relative_to(REPO)}")
        return 0
    try:
        mitmdump = find_mitmdump()
        py_pkgs = {p for s in sessions if s.runner == "python" for p in s.packages}
        node_pkgs = {p for s in sessions if s.runner.startswith("node") for p in s.packages}
        record_py = record_python() if py_pkgs or any(s.runner == "python" for s in sessions) else None
        versions = check_python_sdks(record_py, py_pkgs) if record_py else {}
        if node_pkgs:
            versions.update(check_node(node_pkgs, browser=any(s.runner == "node" for s in sessions)))
        work = args.work or Path(tempfile.gettempdir()) / "phonehome-record"
        for s in sessions:
            own = {p: versions[p] for p in s.packages if p in versions}
            if s.runner == "node":
                own["chromium"] = versions.get("chromium", "")
            elif s.runner == "node-app":
                own["node"] = versions.get("node", "")
            build_bundles(s)
            truth = record(s, args.out or s.out_dir, work, own, record_py, mitmdump)
            print(f"recorded {s.name}: {truth['requests']} requests, "
                  f"{len(truth['canaries'])} planted values seen on the wire")
        for hook in {s.group for s in sessions}:
            after_group(hook, sessions, args.out)
    except RecordingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def after_group(group: str, sessions: list[Session], out: Path | None) -> None:
    if group == "mibrowser":
        from recording import mibrowser_sessions

        print(f"wrote {mibrowser_sessions.write_study(out)}")


if __name__ == "__main__":
    sys.exit(main())
