"""IMSI: the SIM subscriber identity (MCC+MNC+MSIN, 14–15 digits) under IMSI-like keys."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from phonehome.detectors.base import DetectContext
from phonehome.detectors.facts import KEY, LEN14_24, TEXT, facts, leaf_value
from phonehome.detectors.keys import KeyLexicon
from phonehome.detectors.values import is_timestamp
from phonehome.model import Detection, Field

IMSI_KEYS = KeyLexicon(names={"imsi", "subscriberid", "simimsi", "imsi1", "imsi2"}, words={"imsi"})
"""Keys naming an IMSI."""


def is_imsi(text: str) -> bool:
    """14–15 digits starting with a plausible mobile country code (2xx–7xx), not a timestamp."""
    return (
        len(text) in (14, 15)
        and text.isdigit()
        and text[0] in "234567"
        and not is_timestamp(text)
        and len(set(text)) >= 4
    )


class ImsiDetector:
    """IMSI values under IMSI/subscriber-id keys (without a key a 15-digit IMSI is indistinguishable)."""

    id: ClassVar[str] = "imsi"
    needs: ClassVar[int] = TEXT | KEY | LEN14_24
    pure: ClassVar[bool] = True

    @staticmethod
    def wants_key(key: str | None) -> bool:
        """Only under an IMSI-like key."""
        return IMSI_KEYS.matches(key)

    def detect(self, field: Field, ctx: DetectContext) -> Iterable[Detection]:
        """Report an IMSI under an IMSI-like key."""
        key = facts(field).key
        if not IMSI_KEYS.matches(key):
            return ()
        text = leaf_value(field, 16)
        if text is None or not is_imsi(text):
            return ()
        return [Detection("imsi", text, self.id, 0.9, f"MCC {text[:3]} + subscriber number under key {key!r}")]
