"""Publication dates and agencies from wire datelines ("GAO, Mali, March 4, 2025 (Eventfold
Wire) —"): the shapes that parse, look-alikes that must not, and the fallback order in the
.txt, .jsonl and .html readers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventfold.ingest import ingest_inputs
from eventfold.ingest.dateline import find_dateline, first_body_paragraph, parse_dateline


def day(year: int, month: int, d: int) -> datetime:
    return datetime(year, month, d, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "published", "agency"),
    [
        ("GAO, Mali, March 4, 2025 (Eventfold Wire) — Fighters attacked", day(2025, 3, 4),
         "Eventfold Wire"),
        ("RABAT, July 21, 2022 (Eventfold Wire) — Lieutenant General", day(2022, 7, 21),
         "Eventfold Wire"),
        ("MANILA, Aug 13, 2025 (Eventfold Wire) — Chinese coast guard", day(2025, 8, 13),
         "Eventfold Wire"),
        ("BOGOTÁ, Sept 24, 2025 (Eventfold Wire) — Colombia's", day(2025, 9, 24),
         "Eventfold Wire"),
        ("WASHINGTON, Sept. 24, 2025 (AP) — The", day(2025, 9, 24), "AP"),
        ("NEW YORK, Jan. 3, 2026 (Reuters) - The", day(2026, 1, 3), "Reuters"),
        ("UNITED NATIONS, MARCH 4, 2025 (AFP) -- The", day(2025, 3, 4), "AFP"),
        ("LONDON, 9 July 2025 — Britain", day(2025, 7, 9), None),
        ("The Hague, 4 March, 2025 — Judges", day(2025, 3, 4), None),
        ("Rio de Janeiro, Feb 28, 2025 – Police", day(2025, 2, 28), None),
        ("PORT-AU-PRINCE, Haiti, May 4th, 2025 (AP) — Gangs", day(2025, 5, 4), "AP"),
        ("Kyiv, 2025-11-15 — Russia", day(2025, 11, 15), None),
        ("GAO, Mali, March 4, 2025 (Eventfold Wire)—Fighters", day(2025, 3, 4),
         "Eventfold Wire"),
        # no year: the year cannot be known, so no date (the agency is still taken)
        ("RABAT, June 14 (Reuters) - Morocco", None, "Reuters"),
        ("MANILA, 9 July (Archipelago Times) — Japan", None, "Archipelago Times"),
        ("RABAT, Feb 29 (Reuters) - Morocco", None, "Reuters"),
        # no date at all: an UPPER-case place and an agency
        ("WASHINGTON (AP) — The Senate", None, "AP"),
        ("WASHINGTON, D.C. (AP) — The Senate", None, "AP"),
    ],
)  # fmt: skip
def test_dateline_shapes(line: str, published: datetime | None, agency: str | None) -> None:
    dateline = parse_dateline(line)
    assert dateline is not None
    assert (dateline.published_at, dateline.source_name) == (published, agency)


@pytest.mark.parametrize(
    "line",
    [
        "On March 4, 2025, rebels attacked a town near Gao — officials said.",
        "On Monday, March 4, 2025 — the day the rebels came — nobody slept.",
        "In Gao, March 4, 2025 — a day of mourning.",
        "Tuesday, March 4, 2025 — a day of mourning.",
        "May the talks succeed, the minister said — and he meant it.",
        "Talks may, May 4 — or may not — resume.",
        "LONDON, May be delayed — officials said.",
        "Officials, May 2025 — a report.",
        "The army said, March 4, 2025 — was the worst day.",
        "Rebels said on March 4 — officials disputed it.",
        "GAO, Mali, March 4, 2025, rebels attacked an army post — officials said.",
        "WASHINGTON — The Senate voted.",
        "Washington (AP) — title-case place without a date",
        "Officials (UN) — title-case place without a date",
        "GAO, Mali, February 30, 2025 (AP) — no such day",
        "GAO, Mali, 2025-02-30 — no such day",
        "KHARTOUM, July 18, 1750 (AP) — out of range",
        "2025-03-04 — no place",
        "A very long opening sentence that goes on and on without any dateline at all, "
        "Jerusalem, March 4, 2025 — well past the start",
    ],
)
def test_look_alikes_are_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def test_only_the_first_120_characters_count() -> None:
    place = "GAO, " + "Very Long Region Name " * 4
    late = f"{place.strip()}, March 4, 2025 (An Agency With A Long Name Indeed) — text"
    assert len(late.split("—")[0]) > 120
    assert parse_dateline(late) is None


def test_first_body_paragraph_skips_the_headline_only() -> None:
    text = "Militants attack army post\n\nGAO, Mali, March 4, 2025 —\nFighters attacked.\n\nMore."
    assert first_body_paragraph(text, "Militants attack army post") == (
        "GAO, Mali, March 4, 2025 — Fighters attacked."
    )
    assert first_body_paragraph(text, None) == "Militants attack army post"
    late = "Headline\n\nFirst paragraph has no dateline.\n\nGAO, Mali, March 4, 2025 — late."
    assert find_dateline(late, "Headline") is None


def test_txt_dateline_fills_date_and_source(inputs: Path, store, clock, body: str) -> None:
    (inputs / "a.txt").write_text(
        "Militants attack army post near Gao\n\n"
        f"GAO, Mali, March 4, 2025 (Eventfold Wire) — {body}\n"
    )
    (inputs / "b.txt").write_text(
        "Second headline about the embassies\n\n"
        f"RABAT, June 14 (Reuters) - {body.replace('Tuesday', 'Monday')}\n"
    )
    (inputs / "c.txt").write_text(
        "Third headline about the embassies\n\n"
        f"On March 4, 2025, {body.replace('Tuesday', 'Friday')}\n"
    )
    by_path = {a.raw_path: a for a in ingest_inputs([inputs], store, clock=clock).articles}
    assert (by_path["a.txt"].published_at, by_path["a.txt"].source_name) == (
        day(2025, 3, 4),
        "Eventfold Wire",
    )
    assert (by_path["b.txt"].published_at, by_path["b.txt"].source_name) == (None, "Reuters")
    assert (by_path["c.txt"].published_at, by_path["c.txt"].source_name) == (None, None)


def test_txt_header_wins_over_dateline(inputs: Path, store, clock, body: str) -> None:
    (inputs / "a.txt").write_text(
        "Source: Capital Post\nPublished: 2025-03-05T10:00:00Z\n\nHeadline about the army post\n\n"
        f"GAO, Mali, March 4, 2025 (Eventfold Wire) — {body}\n"
    )
    [article] = ingest_inputs([inputs], store, clock=clock).articles
    assert article.published_at == datetime(2025, 3, 5, 10, tzinfo=UTC)
    assert article.source_name == "Capital Post"
    assert article.text.startswith("Headline about the army post\n\nGAO, Mali")  # text unchanged


def test_jsonl_dateline_only_when_fields_missing(inputs: Path, store, clock, body: str) -> None:
    records = [
        {"id": "1", "title": "First", "text": f"BAMAKO, March 4, 2025 (Sahel Monitor) — {body}"},
        {"id": "2", "title": "Second", "published": "2025-03-06", "source": "Own Name",
         "text": f"BAMAKO, March 4, 2025 (Sahel Monitor) — {body.replace('Tuesday', 'Monday')}"},
        {"id": "3", "title": "Third", "published": "not a date",
         "text": f"Kyiv, 2025-11-15 — {body.replace('Tuesday', 'Friday')}"},
    ]  # fmt: skip
    (inputs / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    by_path = {a.raw_path: a for a in ingest_inputs([inputs], store, clock=clock).articles}
    first, second, third = (by_path[f"feed.jsonl#L{n}"] for n in (1, 2, 3))
    assert (first.published_at, first.source_name) == (day(2025, 3, 4), "Sahel Monitor")
    assert (second.published_at, second.source_name) == (day(2025, 3, 6), "Own Name")
    assert (third.published_at, third.source_name) == (day(2025, 11, 15), None)


HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Russian strikes cut power in Kharkiv region</title>{meta}</head><body><article>
<h1>Russian strikes cut power in Kharkiv region</h1>
<p>KYIV, Nov 17, 2025 (Eventfold Wire) — {first}</p><p>{second}</p></article></body></html>"""


def html_page(body: str, meta: str = "") -> str:
    first, second = body.split("\n\n")
    return HTML.format(meta=meta, first=first, second=second)


def test_html_without_date_metadata_uses_dateline(inputs: Path, store, clock, body) -> None:
    (inputs / "bare.html").write_text(html_page(body))
    [article] = ingest_inputs([inputs], store, clock=clock).articles
    assert article.published_at == day(2025, 11, 17)
    assert article.source_name == "Eventfold Wire"  # the page names no site


def test_html_metadata_wins_over_dateline(inputs: Path, store, clock, body: str) -> None:
    meta = (
        '<meta property="og:site_name" content="Kyiv Ledger">'
        '<meta property="article:published_time" content="2025-11-18T06:00:00Z">'
    )
    (inputs / "page.html").write_text(html_page(body, meta))
    [article] = ingest_inputs([inputs], store, clock=clock).articles
    assert article.published_at == datetime(2025, 11, 18, 6, tzinfo=UTC)
    assert article.source_name == "Kyiv Ledger"
