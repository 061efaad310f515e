"""Reading fetched bytes into work lists: RSS/Atom feed items (link plus title and date hints,
through feedparser on bytes, never letting it fetch) and WARC URL lists (CC-NEWS warc.paths)."""

from __future__ import annotations

import calendar
import gzip
import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from eventfold.sources.config import check_http_url

GZIP_MAGIC = b"\x1f\x8b"


class NotAFeed(ValueError):
    """Bytes that feedparser cannot read as RSS or Atom."""


@dataclass(frozen=True)
class FeedItem:
    """One feed entry: the page to fetch and what the feed says about it."""

    link: str | None  # absolute; None when the entry has no link
    title: str | None
    published: str | None  # ISO 8601 UTC, from the entry's published/updated date
    position: int  # 1-based place in the feed


def _iso(parsed: object) -> str | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).isoformat()  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def parse_feed(data: bytes, url: str, content_type: str = "") -> list[FeedItem]:
    """The entries of an RSS/Atom document; relative links are resolved against `url`."""
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes bytes (a str would be fetched by feedparser as a URL)")
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    # A stream, not bytes: feedparser would try bytes as a local file name first.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    if parsed.bozo and not parsed.entries:
        raise NotAFeed(f"not an RSS/Atom feed: {parsed.get('bozo_exception', 'unreadable')}")
    if not parsed.entries and not parsed.get("version"):
        raise NotAFeed("not an RSS/Atom feed: no feed element found")
    items: list[FeedItem] = []
    for position, entry in enumerate(parsed.entries, start=1):
        link = (entry.get("link") or "").strip() or None
        if link is not None:
            link = urljoin(url, link)
        title = (entry.get("title") or "").strip() or None
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        items.append(FeedItem(link=link, title=title, published=published, position=position))
    return items


def gunzip_bounded(data: bytes, limit: int) -> bytes:
    """Gzip-compressed bytes decompressed (at most `limit` bytes); other bytes as they are."""
    if not data.startswith(GZIP_MAGIC):
        return data
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as err:
        raise gzip.BadGzipFile(f"broken gzip data: {err}") from None
    if len(out) > limit:
        raise OverflowError(f"decompressed list is over the limit of {limit} bytes")
    return out


@dataclass(frozen=True)
class ListedWarc:
    """One line of a WARC URL list: the absolute URL, or why the line is unusable."""

    line_no: int
    url: str | None
    problem: str | None = None


def parse_warc_list(text: str, base_url: str | None) -> list[ListedWarc]:
    """WARC URLs one a line (blank lines and `#` comments skipped); relative paths — the CC-NEWS
    `warc.paths` format — are resolved against `base_url`."""
    listed: list[ListedWarc] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "://" in line or line.lower().startswith(("file:", "ftp:", "gopher:", "data:")):
            problem = check_http_url(line)
            listed.append(ListedWarc(line_no, None if problem else line, problem))
        elif base_url is None:
            listed.append(ListedWarc(line_no, None,
                                     f"relative path {line!r} and the source has no base_url"))
        else:
            listed.append(ListedWarc(line_no, urljoin(base_url, line.lstrip("/"))))
    return listed
