"""Attributions: the part of a sentence that says who reported it ("…, officials in Nairobi
said on Monday", "according to the army"). A place in it is the speaker's, not the event's;
a date in it is the day the report was made."""

from __future__ import annotations

import re
from collections.abc import Iterable

ATTRIBUTION = re.compile(
    r",\s+(?:[^,;]{0,80}?)\b(?:said|says|say|told|reported|reports|added|stated|confirmed|"
    r"announced)\b[^,;]*|\baccording\s+to\b[^,;]*"
)


def attribution_spans(sentence: str, anchor: int | None) -> list[tuple[int, int]]:
    """Attribution phrases of `sentence` that do not contain the trigger at `anchor`."""
    spans = [(m.start(), m.end()) for m in ATTRIBUTION.finditer(sentence)]
    return [(s, e) for s, e in spans if anchor is None or not s <= anchor < e]


def inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)
