"""Main text and metadata (title, date, site name, canonical URL) from an HTML page, with
trafilatura in precision mode so comment forms, sidebars and footers stay out of the text.
A page whose metadata has no date (or no site name) falls back to its text's dateline."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import trafilatura

from eventfold.ingest.dateline import find_dateline
from eventfold.ingest.dates import parse_published
from eventfold.ingest.meta_dates import find_published_meta

# htmldate (the fallback after meta_dates): no guessing from years in the body, keep the time.
DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "max_date": "2100-12-31",
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
# trafilatura logs an error for every page without a body; those become quarantine rows instead,
# so its logger is quieted unless the application has configured it.
_TRAFILATURA_LOG = logging.getLogger("trafilatura")
if _TRAFILATURA_LOG.level == logging.NOTSET:
    _TRAFILATURA_LOG.setLevel(logging.CRITICAL)


TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")


@dataclass
class HtmlExtract:
    """What trafilatura found in a page; `text` has one block per paragraph, blank-line apart."""

    text: str
    title: str | None
    published_at: datetime | None
    source_name: str | None
    url: str | None


def strip_site_suffix(title: str | None, site: str | None) -> str | None:
    """ "Headline | Site" → "Headline" when the suffix (or prefix) is the site's own name."""
    if not title or not site:
        return title or None
    for sep in TITLE_SEPARATORS:
        if title.endswith(sep + site):
            return title[: -len(sep + site)].strip() or title
        if title.startswith(site + sep):
            return title[len(site + sep) :].strip() or title
    return title


def extract_html(html: str, url: str | None = None) -> HtmlExtract | None:
    """The page's main text and metadata, or None when it has no main text."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params=dict(DATE_PARAMS),
        )
    except ValueError:  # trafilatura raises on documents it cannot parse at all
        return None
    if doc is None or not doc.text or not doc.text.strip():
        return None
    paragraphs = [line.strip() for line in doc.text.split("\n") if line.strip()]
    text = "\n\n".join(paragraphs)
    source_name = doc.sitename or doc.hostname or None
    title = strip_site_suffix(doc.title, source_name)
    published_at = find_published_meta(html) or parse_published(doc.date)
    if published_at is None or source_name is None:
        dateline = find_dateline(text, title)
        if dateline is not None:
            published_at = published_at or dateline.published_at
            source_name = source_name or dateline.source_name
    return HtmlExtract(
        text=text,
        title=title,
        published_at=published_at,
        source_name=source_name,
        url=doc.url or url,
    )
