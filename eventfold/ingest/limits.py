"""Limits that bound what one ingest run will read (sizes, minimum text length).
Passed to `ingest_inputs`; the defaults suit news articles."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IngestLimits:
    """Size and length limits applied to every input file or record."""

    max_bytes: int = 10 * 1024 * 1024  # per file (.txt/.html) or per record (JSONL line, WARC)
    min_chars: int = 200  # normalized text shorter than this is quarantined as `no_text`
    max_title_chars: int = 300  # a first line longer than this is a paragraph, not a title

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.min_chars < 1:
            raise ValueError(f"min_chars must be at least 1, got {self.min_chars}")
