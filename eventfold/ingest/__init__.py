"""Ingest: raw inputs (text, HTML, JSONL, WARC files and folders) → normalized, deduplicated
articles in a content-addressed store, plus quarantine rows for every unusable input."""

from eventfold.ingest.limits import IngestLimits
from eventfold.ingest.run import IngestResult, ingest_inputs
from eventfold.ingest.store import ArticleStore

__all__ = ["ArticleStore", "IngestLimits", "IngestResult", "ingest_inputs"]
