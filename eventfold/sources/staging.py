"""Where fetched content lands for ingest: each page as a one-record JSONL file (url, source and
the HTML, read by the existing JSONL reader) and downloads under their own names, all in
`staging_dir/<source name>/`. Nothing staged is ever overwritten."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from eventfold.atomic import write_text_atomic
from eventfold.ingest.candidates import Rejection
from eventfold.ingest.decode import (
    charset_from_content_type,
    check_binary,
    check_empty,
    decode_html,
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def url_key(url: str) -> str:
    """A short stable key for a URL (file names, record ids)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def decode_page(data: bytes, url: str, content_type: str) -> tuple[str, str] | Rejection:
    """("html" | "text", decoded text) for a fetched page, or why it cannot be an article."""
    kind = media_type(content_type)
    if kind and kind not in HTML_TYPES + TEXT_TYPES:
        return Rejection(url, "unsupported_type", f"{url}: Content-Type {kind} is not HTML or text")
    problem = check_empty(data, url) or check_binary(data, url)
    if problem:
        problem.detail = f"{url}: {problem.detail}"
        return problem
    decoded = decode_html(data, url, charset_from_content_type(content_type))
    if isinstance(decoded, Rejection):
        decoded.detail = f"{url}: {decoded.detail}"
        return decoded
    return ("text" if kind in TEXT_TYPES else "html"), decoded


def write_page_record(
    folder: Path,
    *,
    url: str,
    body_field: str,
    body: str,
    source_name: str | None,
    fetched_at: datetime,
    link: str | None = None,
    feed_url: str | None = None,
    feed_title: str | None = None,
    feed_published: str | None = None,
) -> Path:
    """Stage one fetched page as `<url key>-<content key>.jsonl` (kept if already there).

    `title` and `published` are null so the page's own metadata is used; what the feed said
    is kept in `feed_title`/`feed_published` (hints the JSONL reader does not read).
    """
    content_key = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    path = folder / f"{url_key(url)}-{content_key}.jsonl"
    if path.exists():
        return path
    record = {
        "id": url_key(link or url),
        "url": url,
        "title": None,
        "published": None,
        body_field: body,
        "source": source_name,
        "fetched_at": fetched_at.isoformat(),
        "link": link or url,
        "feed_url": feed_url,
        "feed_title": feed_title,
        "feed_published": feed_published,
    }
    write_text_atomic(path, json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def download_path(folder: Path, url: str, suffixes: tuple[str, ...], fetched_at: datetime) -> Path:
    """A new file for a download: `<name>-<url key><suffix>` from the URL's last path segment,
    with the fetch time added when a file of that name is already staged."""
    segment = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "download"
    lower = segment.lower()
    suffix = next((s for s in sorted(suffixes, key=len, reverse=True) if lower.endswith(s)),
                  suffixes[0])
    stem = segment[: len(segment) - len(suffix)] if lower.endswith(suffix) else segment
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or "download"
    path = folder / f"{stem}-{url_key(url)[:8]}{suffix}"
    if path.exists():
        path = folder / f"{stem}-{url_key(url)[:8]}-{fetched_at:%Y%m%dT%H%M%S}{suffix}"
    return path
