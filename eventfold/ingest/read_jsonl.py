"""Reads `.jsonl` article records (id, url, title, published, text or html, source, language),
streaming line by line; every bad line becomes its own rejection at `file#L<n>`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from eventfold.ingest.candidates import Candidate, Item, Rejection
from eventfold.ingest.dateline import fill_from_dateline
from eventfold.ingest.dates import parse_published
from eventfold.ingest.decode import check_binary, check_binary_text
from eventfold.ingest.limits import IngestLimits
from eventfold.ingest.read_html import html_candidate

_SKIP_CHUNK = 1 << 20


def _text_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


def _skip_rest_of_line(handle: IO[bytes]) -> None:
    while True:
        chunk = handle.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def record_candidate(record: dict[str, Any], raw_path: str) -> Candidate | Rejection:
    """A candidate from one decoded JSON object (`text` wins over `html` when both are given).

    The record's own fields win; a missing `published` or `source` is taken from the page's
    metadata (`html` records) or else from the dateline that opens the text.
    """
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        problem = check_binary_text(text, raw_path)
        if problem:
            return problem
        candidate = Candidate(raw_path=raw_path, text=text)
    elif isinstance(html, str) and html.strip():
        problem = check_binary_text(html, raw_path)
        if problem:
            return problem
        found = html_candidate(html, raw_path, url=_text_field(record, "url"))
        if isinstance(found, Rejection):
            return found
        candidate = found
    elif "text" not in record and "html" not in record:
        return Rejection(raw_path, "missing_field", "the record has no `text` or `html` field")
    elif isinstance(text, str) or isinstance(html, str):
        return Rejection(raw_path, "no_text", "the record's `text`/`html` field is blank")
    else:
        kind = type(text if "text" in record else html).__name__
        return Rejection(raw_path, "missing_field", f"`text`/`html` is {kind}, not a string")
    candidate.url = _text_field(record, "url") or candidate.url
    candidate.title = _text_field(record, "title") or candidate.title
    candidate.source_name = _text_field(record, "source") or candidate.source_name
    candidate.published_at = parse_published(record.get("published")) or candidate.published_at
    candidate.language = _text_field(record, "language")
    fill_from_dateline(candidate)
    record_id = record.get("id")
    if isinstance(record_id, str | int) and not isinstance(record_id, bool):
        candidate.record_id = str(record_id)
    return candidate


def parse_line(line: bytes, raw_path: str) -> Candidate | Rejection:
    """Decode and parse one JSONL line into a candidate."""
    try:
        decoded = line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as err:
        return Rejection(raw_path, "undecodable", f"invalid UTF-8 at byte {err.start} of the line")
    try:
        record = json.loads(decoded)
    except json.JSONDecodeError as err:
        return Rejection(
            raw_path,
            "malformed_json",
            f"invalid JSON ({err.msg}, column {err.colno} of {len(decoded)})",
        )
    if not isinstance(record, dict):
        return Rejection(
            raw_path, "malformed_json", f"expected a JSON object, got {type(record).__name__}"
        )
    return record_candidate(record, raw_path)


def read_jsonl_file(path: Path, raw_path: str, limits: IngestLimits) -> Iterator[Item]:
    """One candidate or rejection per non-blank line; `empty` when the file has no records."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Rejection(raw_path, "read_error", f"{type(err).__name__}: {err.strerror or err}")
        return
    with handle:
        problem = check_binary(handle.read(8192), raw_path)
        if problem:
            yield problem
            return
        handle.seek(0)
        n_records = 0
        line_no = 0
        while True:
            try:
                line = handle.readline(limits.max_bytes + 1)
            except OSError as err:
                yield Rejection(raw_path, "read_error", f"after line {line_no}: {err}")
                return
            if not line:
                break
            line_no += 1
            line_path = f"{raw_path}#L{line_no}"
            if len(line.rstrip(b"\r\n")) > limits.max_bytes:
                if not line.endswith(b"\n"):
                    _skip_rest_of_line(handle)
                yield Rejection(
                    line_path, "too_large", f"line is over the limit of {limits.max_bytes} bytes"
                )
                n_records += 1
                continue
            if not line.strip():
                continue
            n_records += 1
            yield parse_line(line, line_path)
        if n_records == 0:
            yield Rejection(raw_path, "empty", "no JSON records in the file")
