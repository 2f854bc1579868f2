"""phonehome as a mitmproxy script, for people who already run mitmproxy: ``mitmdump -s $(phonehome addon)``.

Each completed HTTP request is scanned with phonehome's pipeline and its findings are printed as
they arrive. Options (``--set NAME=VALUE``): ``phonehome_canaries`` (a canaries JSON file, as for
``phonehome scan --canaries``) and ``phonehome_mode`` (normal, private, opted-out). Saving is left
to mitmproxy itself (``-w session.flows``, ``--set hardump=session.har``); both files can be
scanned later with ``phonehome scan``.

mitmproxy runs this file as a script, so phonehome must be importable by the Python that runs
mitmproxy (the case when mitmdump comes with phonehome, e.g. ``pipx inject mitmproxy phonehome``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

try:
    from phonehome.config import ScanConfig, load_canaries_file
    from phonehome.errors import PhonehomeError
    from phonehome.readers.flows import exchange_from_flow
    from phonehome.record import LiveScan, format_finding
except ImportError as exc:  # pragma: no cover - depends on how mitmproxy was installed
    raise ImportError(
        f"phonehome is not importable by this mitmproxy ({exc}); run `phonehome record` instead, "
        "or install phonehome into mitmproxy's Python (pipx inject mitmproxy phonehome)"
    ) from exc

logger = logging.getLogger("phonehome")


class PhonehomeAddon:
    """Scan each completed HTTP flow and log its findings."""

    def __init__(self) -> None:
        self.scan: LiveScan | None = None
        self.count = 0

    def load(self, loader: Any) -> None:
        """Declare the addon's options."""
        loader.add_option("phonehome_canaries", str, "", "Canaries JSON file with the values you planted.")
        loader.add_option("phonehome_mode", str, "normal", "Session mode: normal, private or opted-out.")

    def configure(self, updated: set[str]) -> None:
        """(Re)build the scanner when its options change."""
        if self.scan is not None and not updated & {"phonehome_canaries", "phonehome_mode"}:
            return
        from mitmproxy import ctx

        canaries = ctx.options.phonehome_canaries
        try:
            planted = tuple(load_canaries_file(Path(canaries))) if canaries else ()
            self.scan = LiveScan(ScanConfig(canaries=planted), "live", ctx.options.phonehome_mode)
        except PhonehomeError as exc:
            from mitmproxy.exceptions import OptionsError

            raise OptionsError(str(exc)) from exc

    def response(self, flow: Any) -> None:
        """A request got its response: scan it."""
        if flow.websocket is None:
            self._scan(flow)

    def error(self, flow: Any) -> None:
        """A request failed after it was sent: scan it all the same."""
        self._scan(flow)

    def _scan(self, flow: Any) -> None:
        if self.scan is None:
            return
        exchange = exchange_from_flow(self.scan.capture, self.count, flow)
        self.count += 1
        try:
            findings = self.scan.scan(exchange)
        except Exception as exc:  # never break the proxy over a scan problem
            logger.warning(f"phonehome: could not scan {exchange.url[:80]} ({type(exc).__name__}: {exc})")
            return
        for finding in findings:
            logger.warning(format_finding(finding).strip())


addons = [PhonehomeAddon()]
