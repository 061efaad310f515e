"""What the format readers yield: a candidate article (raw text plus metadata) or a rejection.
Readers do no normalization; `run.py` turns candidates into articles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class Candidate:
    """One record read from an input, before normalization and deduplication."""

    raw_path: str
    text: str  # source text; paragraphs separated by blank lines
    title: str | None = None
    url: str | None = None
    source_name: str | None = None
    published_at: datetime | None = None
    language: str | None = None  # declared by the record, if any
    record_id: str | None = None  # the record's own id (JSONL `id`), to detect duplicate ids


@dataclass
class Rejection:
    """An input or record that cannot be used: becomes a quarantine row."""

    raw_path: str
    reason: str  # one of schemas/enums.yaml quarantine_reason
    detail: str


Item = Candidate | Rejection
