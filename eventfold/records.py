"""Plain records passed between the library's stages (ingest → code → normalize → publish)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime


def run_clock() -> datetime:
    """The time stamped on new rows: SOURCE_DATE_EPOCH when set (reproducible builds), else now.

    Timestamps are truncated to the second so that tables written twice compare equal.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


@dataclass
class Article:
    """A normalized article: the `articles` table row plus its normalized text."""

    article_id: str
    url: str | None
    source_name: str | None
    title: str | None
    published_at: datetime | None  # UTC, tz-aware
    language: str
    content_sha256: str
    n_chars: int
    ingested_at: datetime  # UTC, tz-aware
    raw_path: str
    text: str = field(repr=False)

    def row(self) -> dict:
        """The `articles` table row (everything but the text)."""
        d = asdict(self)
        d.pop("text")
        return d


@dataclass
class QuarantineRow:
    """An input that could not be used, and why (a `quarantine` table row)."""

    raw_path: str
    reason: str  # one of enums.yaml quarantine_reason
    detail: str
    seen_at: datetime

    def row(self) -> dict:
        return asdict(self)
