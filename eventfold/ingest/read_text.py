"""Reads `.txt` articles: the first non-empty line is the title (and stays the first paragraph);
an optional header block ("Title:", "URL:", "Source:", "Published:", "Language:") is honoured.
Without a (parseable) "Published:" or a "Source:", the date and agency come from the dateline
that opens the body ("GAO, Mali, March 4, 2025 (Eventfold Wire) —")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from eventfold.ingest.candidates import Candidate, Item, Rejection
from eventfold.ingest.dateline import fill_from_dateline
from eventfold.ingest.dates import parse_published
from eventfold.ingest.decode import check_binary, check_empty, decode_utf8
from eventfold.ingest.limits import IngestLimits
from eventfold.ingest.read_files import file_url, read_bounded

_HEADER = re.compile(r"^(title|url|source|published|date|language)\s*:\s*(.*)$", re.IGNORECASE)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Leading `Key: value` lines followed by a blank line, as a dict, and the rest of the text.

    Only taken as a header when every leading line is a known key (so prose is never eaten).
    """
    lines = text.lstrip("\ufeff").split("\n")
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[index + 1 :])
            return {}, text
        match = _HEADER.match(line.strip())
        if not match:
            return {}, text
        key = match.group(1).lower()
        header["published" if key == "date" else key] = match.group(2).strip()
    return {}, text


def first_line_title(body: str, limits: IngestLimits) -> str | None:
    """The first non-empty line, when it is short enough to be a headline."""
    for line in body.split("\n"):
        if line.strip():
            line = line.strip()
            return line if len(line) <= limits.max_title_chars else None
    return None


def read_text_file(path: Path, raw_path: str, limits: IngestLimits) -> Iterator[Item]:
    """One candidate (or rejection) for a plain-text article file."""
    data = read_bounded(path, raw_path, limits)
    if isinstance(data, Rejection):
        yield data
        return
    problem = check_empty(data, raw_path) or check_binary(data, raw_path)
    if problem:
        yield problem
        return
    text = decode_utf8(data, raw_path)
    if isinstance(text, Rejection):
        yield text
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, body = split_header(text)
    title = header.get("title") or first_line_title(body, limits)
    candidate = Candidate(
        raw_path=raw_path,
        text=body,
        title=title,
        url=header.get("url") or file_url(path),
        source_name=header.get("source") or None,
        published_at=parse_published(header.get("published")),
        language=header.get("language") or None,
    )
    yield fill_from_dateline(candidate)
