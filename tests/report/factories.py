"""Hand-built reports for the report tests: the dataclasses filled in the way the pipeline fills them."""

from __future__ import annotations

from dataclasses import replace

from phonehome.model import CaptureInfo, Finding, Identifier, Report, ReportError, Verdict

T0 = 1_717_000_000.0
SENSORS_PATH = ["body", "form:data_list", "base64", "gzip", "json", "[0].properties.$url"]


def finding(**over: object) -> Finding:
    base = Finding(
        kind="visited_url",
        value="https://shop-a.test/article/velvet-juniper-67997",
        canary="visited_url",
        hashed=None,
        capture="captures/shop-1.har",
        exchange=3,
        time=T0 + 1.5,
        method="POST",
        url="https://sa.datasink.shop-a-analytics.test/sa?project=default",
        host="sa.datasink.shop-a-analytics.test",
        party="third",
        org="Sensors Data",
        sdk="Sensors Analytics",
        category="analytics",
        attribution_reason="domain entry sensorsdata (bundled list)",
        path=list(SENSORS_PATH),
        key="$url",
        detector="canary",
        confidence=1.0,
        severity="high",
        why="planted value visited_url matched exactly",
    )
    return replace(base, **over)  # type: ignore[arg-type]


def small_report() -> Report:
    """Two sessions (normal, private), three destinations, an identifier, a verdict, errors."""
    normal, private = "captures/shop-1.har", "captures/shop-2-private.har"
    findings = [
        finding(),
        finding(
            kind="email",
            value="tomas.ferreira79@mailbox.test",
            key="email",
            exchange=4,
            time=T0 + 3,
            path=["body", "form:data", "base64", "json", "properties.email"],
            canary="email",
            url="https://sa.datasink.shop-a-analytics.test/sa?project=default&e=tomas.ferreira79%40mailbox.test",
        ),
        finding(
            kind="search_query",
            value="thistle willow 529",
            exchange=5,
            time=T0 + 9,
            key="$search_keyword",
            path=["body", "form:data", "base64", "json", "properties.$search_keyword"],
            canary="search_query",
        ),
        finding(
            kind="imei",
            value="359173363927718",
            host="t.adnet.test",
            url="https://t.adnet.test/i?imei=359173363927718",
            org="AdNet Ltd",
            sdk=None,
            category="advertising",
            exchange=7,
            time=T0 + 12,
            path=["url", "query:imei"],
            key="imei",
            detector="imei",
            confidence=0.9,
            canary=None,
            why="15 digits, Luhn valid, key 'imei'",
        ),
        finding(
            kind="device_model",
            value="Redmi Note 8",
            host="t.adnet.test",
            url="https://t.adnet.test/i",
            org="AdNet Ltd",
            category="advertising",
            exchange=7,
            time=T0 + 12,
            severity="low",
            path=["header:User-Agent"],
            key="User-Agent",
            detector="device_model",
            confidence=0.6,
            canary=None,
            why="device model in User-Agent",
        ),
        finding(capture=private, exchange=2, time=T0 + 3600),
        finding(
            capture=private,
            kind="email",
            value="tomas.ferreira79@mailbox.test",
            hashed="sha256",
            exchange=2,
            time=T0 + 3601,
            key="$email_sha256",
            path=["body", "json", "properties.$email_sha256"],
            why="sha256 of planted email",
        ),
        finding(
            host="collector.metrics.test",
            org=None,
            sdk=None,
            category=None,
            attribution_reason=None,
            url="https://collector.metrics.test/v1",
            exchange=9,
            time=None,
            path=["body", "json", "page"],
            confidence=0.5,
            severity="medium",
        ),
    ]
    return Report(
        version=1,
        tool="0.1.0",
        captures=[
            CaptureInfo(normal, "har", 40, "normal", "shop-1", limits_hit=1, encrypted=2),
            CaptureInfo(private, "har", 22, "private", "shop-2-private"),
        ],
        findings=findings,
        identifiers=[
            Identifier(
                "18f3c1a2b-0d5e-4c2a",
                ["distinct_id", "$device_id"],
                ["sa.datasink.shop-a-analytics.test"],
                ["shop-1", "shop-2-private"],
                ["normal", "private"],
                True,
                True,
                False,
            ),
        ],
        verdicts=[
            Verdict(
                "shop-2-private",
                "private",
                True,
                ["email", "visited_url"],
                ["sa.datasink.shop-a-analytics.test"],
                ["Sensors Data"],
                ["email", "imei", "search_query", "visited_url"],
                "shop-2-private (private): still sent email, visited_url to Sensors Data; 2 of the 4 kinds "
                "sent in normal mode.",
            ),
        ],
        errors=[
            ReportError(normal, "exchange 11: max_depth at body → base64 → gzip", "limit"),
            ReportError(normal, "2 TLS flows without keys", "notice"),
        ],
        detectors_used=["canary", "email", "imei", "device_model"],
        decoders_used=["base64", "gzip", "json", "form", "query"],
    )


def big_report(n: int = 10_000) -> Report:
    """``n`` distinct findings over 50 hosts, 8 kinds, 4 captures."""
    kinds = ["visited_url", "email", "imei", "adid", "location", "search_query", "user_id", "device_model"]
    captures = [
        CaptureInfo(f"big/s{i}.har", "har", n, "private" if i == 3 else "normal", f"s{i}") for i in range(4)
    ]
    findings = []
    for i in range(n):
        host = f"h{i % 50}.tracker{i % 50 % 7}.test"
        findings.append(
            finding(
                kind=kinds[i % len(kinds)],
                value=f"value-{i:05d}-{'x' * (i % 30)}",
                capture=captures[i % 4].path,
                exchange=i,
                time=T0 + i * 0.37,
                host=host,
                url=f"https://{host}/collect?id={i}&v=value-{i:05d}",
                org=f"Org {i % 7}",
                sdk=f"SDK {i % 5}",
                severity=("high", "medium", "low")[i % 3],
                path=[*SENSORS_PATH[:-1], f"[{i % 20}].properties.k{i % 13}"],
            )
        )
    return Report(
        version=1,
        tool="0.1.0",
        captures=captures,
        findings=findings,
        detectors_used=["canary"],
        decoders_used=["base64", "gzip", "json"],
    )
