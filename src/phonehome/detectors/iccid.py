"""ICCID: the SIM card serial (``89`` + 17–18 digits, Luhn-checked)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import LEN14_24, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.values import luhn_ok
from phonehome.model import Detection, Field

ICCID_KEYS = KeyLexicon(
    names={"iccid", "simserial", "simserialnumber", "iccid1", "iccid2", "simid", "icc"},
    words={"iccid"},
    pairs=[{"sim", "serial"}],
)
"""Keys naming an ICCID."""

_ICCID = re.compile(r"^89\d{16,18}[0-9Ff]?$")


class IccidDetector:
    """ICCIDs: ``89`` (telecom) prefix, 19–20 digits, valid Luhn check digit."""

    id: ClassVar[str] = "iccid"
    needs: ClassVar[int] = TEXT | LEN14_24
    pure: ClassVar[bool] = True

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report an ICCID value."""
        text = leaf_value(field, 24)
        if text is None or not text.startswith("89") or not _ICCID.match(text):
            return ()
        digits = text.rstrip("Ff")
        keyed = ICCID_KEYS.matches(facts(field).key)
        if not 19 <= len(digits) <= 20 or not luhn_ok(digits):
            if not keyed:
                return ()
        why = "89 prefix, 19-20 digits, Luhn" + (" under an ICCID key" if keyed else "")
        return [Detection("iccid", digits, self.id, 0.95 if keyed else 0.7, why)]
