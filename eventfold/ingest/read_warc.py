"""Reads `.warc`/`.warc.gz` crawls with warcio, streaming record by record: HTTP 200 HTML
responses become candidates, other statuses and types become rejections at `file#<record-id>`."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from eventfold.ingest.candidates import Item, Rejection
from eventfold.ingest.decode import charset_from_content_type
from eventfold.ingest.limits import IngestLimits
from eventfold.ingest.read_html import html_bytes_candidate

HTML_TYPES = ("text/html", "application/xhtml+xml")
GZIP_MAGIC = b"\x1f\x8b"


def _record_path(raw_path: str, record: ArcWarcRecord, iterator: ArchiveIterator) -> str:
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<> ")
    if record_id:
        return f"{raw_path}#{record_id}"
    return f"{raw_path}#{iterator.get_record_offset()}"


def _response_item(record: ArcWarcRecord, raw_path: str, limits: IngestLimits) -> Item:
    """Candidate or rejection for one `response` record."""
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    if record.http_headers is None:
        return Rejection(raw_path, "unsupported_type", f"response without HTTP headers ({url})")
    status = record.http_headers.get_statuscode() or "?"
    if status != "200":
        line = record.http_headers.statusline or status
        return Rejection(raw_path, "http_status", f"HTTP {line} for {url}")
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        shown = content_type or "no Content-Type"
        return Rejection(raw_path, "unsupported_type", f"HTTP 200 with {shown} for {url}")
    if (record.length or 0) > limits.max_bytes:
        return Rejection(
            raw_path, "too_large", f"record of {record.length} bytes is over {limits.max_bytes}"
        )
    data = record.content_stream().read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        return Rejection(raw_path, "too_large", f"decoded body is over {limits.max_bytes} bytes")
    return html_bytes_candidate(
        data, raw_path, url=url, header_charset=charset_from_content_type(content_type)
    )


def check_warc_start(head: bytes, raw_path: str) -> Rejection | None:
    """A WARC starts with "WARC/" (a .warc.gz with a gzip member that does); anything else is
    rejected up front, since warcio would try to read it as an old ARC file."""
    if not head.strip():
        return Rejection(raw_path, "empty", "input is empty")
    if head[:2] == GZIP_MAGIC:
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16)
        except zlib.error as err:
            return Rejection(raw_path, "read_error", f"broken gzip stream: {err}")
    if not head.startswith(b"WARC/"):
        return Rejection(raw_path, "read_error", f"not a WARC file (starts with {head[:12]!r})")
    return None


def read_warc_file(path: Path, raw_path: str, limits: IngestLimits) -> Iterator[Item]:
    """One candidate or rejection per `response` record; other record types are not articles."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield Rejection(raw_path, "read_error", f"{type(err).__name__}: {err.strerror or err}")
        return
    n_responses = 0
    with handle:
        problem = check_warc_start(handle.read(512), raw_path)
        if problem:
            yield problem
            return
        handle.seek(0)
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                if record.rec_type != "response":
                    continue
                n_responses += 1
                item = _response_item(record, "", limits)
                item.raw_path = _record_path(raw_path, record, iterator)
                yield item
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as err:
            where = f"after {n_responses} responses" if n_responses else "at the start"
            yield Rejection(
                raw_path, "read_error", f"broken WARC {where}: {type(err).__name__}: {err}"
            )
            return
    if n_responses == 0:
        yield Rejection(raw_path, "empty", "no WARC response records")
