"""Publication timestamps declared in a page's metadata (Open Graph/article meta tags, itemprop,
Dublin Core, JSON-LD datePublished): exact times that htmldate would reduce to a date."""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime

from eventfold.ingest.dates import parse_published

SCAN_CHARS = 200_000  # metadata sits in the head; do not scan whole long pages
# Meta keys (property, name or itemprop, lower-case) that declare the publication time, best first.
PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_.-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")
_JSON_LD_DATE = re.compile(r""""datePublished"\s*:\s*"([^"]{8,40})\"""")


def _attributes(tag: str) -> dict[str, str]:
    return {
        name.lower(): html_lib.unescape(value.strip("\"'")) for name, value in _ATTR.findall(tag)
    }


def find_published_meta(html: str) -> datetime | None:
    """The publication time a page declares in its metadata, as UTC; None when it declares none."""
    head = html[:SCAN_CHARS]
    declared: dict[str, str] = {}
    for tag in _META_TAG.findall(head):
        attrs = _attributes(tag)
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        if key and "content" in attrs:
            declared.setdefault(key.lower(), attrs["content"])
    json_ld = _JSON_LD_DATE.search(head)
    if json_ld:
        declared.setdefault("datepublished", json_ld.group(1))
    for key in PUBLISHED_KEYS:
        if key in declared:
            parsed = parse_published(declared[key])
            if parsed is not None:
                return parsed
    return None
