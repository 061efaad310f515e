"""Reads `.html`/`.htm` files (and HTML held in JSONL or WARC records) into candidates: bytes are
decoded as UTF-8 or the declared charset, then trafilatura extracts main text and metadata."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from eventfold.ingest.candidates import Candidate, Item, Rejection
from eventfold.ingest.decode import check_binary, check_empty, decode_html
from eventfold.ingest.extract_html import extract_html
from eventfold.ingest.limits import IngestLimits
from eventfold.ingest.read_files import file_url, read_bounded


def html_candidate(
    html: str, raw_path: str, url: str | None = None, fallback_url: str | None = None
) -> Candidate | Rejection:
    """A candidate from decoded HTML; `no_text` when trafilatura finds no main text.

    `url` is where the page was found (kept); `fallback_url` is used only when the page names
    no canonical URL.
    """
    extract = extract_html(html, url=url)
    if extract is None:
        return Rejection(raw_path, "no_text", "no main text found in the HTML (no body or no text)")
    return Candidate(
        raw_path=raw_path,
        text=extract.text,
        title=extract.title,
        url=url or extract.url or fallback_url,
        source_name=extract.source_name,
        published_at=extract.published_at,
    )


def html_bytes_candidate(
    data: bytes,
    raw_path: str,
    *,
    url: str | None = None,
    fallback_url: str | None = None,
    header_charset: str | None = None,
) -> Candidate | Rejection:
    """Empty/binary/charset checks on HTML bytes, then `html_candidate`."""
    problem = check_empty(data, raw_path) or check_binary(data, raw_path)
    if problem:
        return problem
    html = decode_html(data, raw_path, header_charset)
    if isinstance(html, Rejection):
        return html
    return html_candidate(html, raw_path, url=url, fallback_url=fallback_url)


def read_html_file(path: Path, raw_path: str, limits: IngestLimits) -> Iterator[Item]:
    """One candidate (or rejection) for an HTML file; its URL is the page's canonical link."""
    data = read_bounded(path, raw_path, limits)
    if isinstance(data, Rejection):
        yield data
        return
    yield html_bytes_candidate(data, raw_path, fallback_url=file_url(path))
