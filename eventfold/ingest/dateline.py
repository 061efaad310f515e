"""Wire-story datelines at the start of an article's first body paragraph:
"GAO, Mali, March 4, 2025 (Eventfold Wire) —", "RABAT, June 14 (Reuters) -", "MANILA, 9 July
(Archipelago Times) —", "WASHINGTON (AP) —", "Kyiv, 2025-11-15 —". They give the publication
date (midnight UTC, like other date-only values) and the agency, for articles without metadata.

Strict on purpose, so that prose is never read as a dateline:
- only the first DATELINE_CHARS characters of the first paragraph after the headline;
- only the dateline shape: a place of capitalised words (up to three comma-separated parts),
  a comma and a date, an optional "(Agency)", then a dash (—, – or a spaced -);
- English month names and abbreviations ("Jan", "Sept."), Title-case or UPPER-case, month-day
  or day-month, with or without a year, or an ISO date; a day that does not exist (February 30)
  or a year outside 1800-2100 means it is not a dateline;
- a date without a year gives no date: the dateline cannot tell which year, and it is not
  guessed (the agency is still taken);
- without a date the place must be UPPER-case and an agency must follow ("WASHINGTON (AP) —").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from eventfold.ingest.candidates import Candidate
from eventfold.ingest.normalize import same_headline

DATELINE_CHARS = 120  # a dateline, dash included, ends within this many characters
HEAD_SCAN_CHARS = 4000  # the headline and the first paragraph's start are looked for in here
MAX_PLACE_CHARS = 60
MIN_YEAR, MAX_YEAR = 1800, 2100

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Lower-case words allowed inside a Title-case place name ("Rio de Janeiro", "Frankfurt am Main").
PLACE_PARTICLES = frozenset(
    "de del della des di da das do dos du la le les el al am an der den van von sur upon of".split()
)
# Words a place never starts with: sentence openers that look like "Place, Date —".
NOT_PLACE_START = frozenset(
    "on in at by as for from since until till before after during through between around "
    "early late last next this that meanwhile today yesterday tomorrow tonight".split()
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _month_pattern() -> str:
    forms = []
    for word in sorted([*MONTHS, *ABBREVIATIONS], key=len, reverse=True):
        dot = r"\.?" if word in ABBREVIATIONS else ""
        forms.append(f"(?:{word.title()}|{word.upper()}){dot}")
    return "(?:" + "|".join(forms) + r")(?![^\W\d_])"


_WORD = r"[^\W\d_](?:[^\W\d_]|[.'’\-])*"
_PART = rf"{_WORD}(?:[^\S\n]+{_WORD}){{0,4}}"
_MONTH = _month_pattern()
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:,?[^\S\n]+(?P<{name}>\d{{4}})(?!\d))?"
_DATELINE = re.compile(
    rf"""
    (?P<place>{_PART}(?:,[^\S\n]*{_PART}){{0,2}})
    (?:,[^\S\n]*(?:
        (?P<month1>{_MONTH})[^\S\n]+(?P<day1>{_DAY}){_YEAR.format(name="year1")}
      | (?P<day2>{_DAY})[^\S\n]+(?P<month2>{_MONTH}){_YEAR.format(name="year2")}
      | (?P<iso>\d{{4}}-\d{{2}}-\d{{2}})(?!\d)
    ))?
    (?:[^\S\n]*\((?P<agency>[^()\n]{{1,60}})\))?
    (?:[^\S\n]*[—–]|[^\S\n]+--?(?=\s|$))
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline; `published_at` is None when it has no date or no year."""

    place: str
    published_at: datetime | None
    source_name: str | None


def _valid_place(place: str, dated: bool) -> bool:
    if len(place) > MAX_PLACE_CHARS:
        return False
    parts = [part.split() for part in place.split(",")]
    words = [word for part in parts for word in part]
    if not words or words[0].casefold() in NOT_PLACE_START:
        return False
    if any(word.strip(".").casefold() in WEEKDAYS for word in words):
        return False
    for part in parts:
        for index, word in enumerate(part):
            if not (word[0].isupper() or (index > 0 and word in PLACE_PARTICLES)):
                return False
    if not dated:  # "WASHINGTON (AP) —": only an UPPER-case place is trusted without a date
        first = " ".join(parts[0])
        return first.isupper() and sum(c.isalpha() for c in first) >= 2
    return True


def _month_number(word: str) -> int:
    key = word.rstrip(".").lower()
    return MONTHS.get(key) or ABBREVIATIONS[key]


class _NoSuchDate(ValueError):
    """A dateline date that does not exist (February 30) or is out of range: not a dateline."""


def _date(match: re.Match[str]) -> datetime | None:
    """The dateline's date at midnight UTC; None when it has no date or no year."""
    if match["iso"]:
        try:
            parsed = datetime.fromisoformat(match["iso"]).replace(tzinfo=UTC)
        except ValueError as err:
            raise _NoSuchDate(match["iso"]) from err
    elif match["month1"] or match["month2"]:
        n = "1" if match["month1"] else "2"
        month, day = _month_number(match[f"month{n}"]), int(match[f"day{n}"].rstrip("stndrh"))
        year = int(match[f"year{n}"]) if match[f"year{n}"] else None
        try:  # without a year, 2000 (a leap year) only checks that the day exists
            parsed = datetime(year or 2000, month, day, tzinfo=UTC)
        except ValueError as err:
            raise _NoSuchDate(match.group(0)) from err
        if year is None:
            return None  # the year cannot be known from the dateline: no guess
    else:
        return None
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise _NoSuchDate(match.group(0))
    return parsed


def _agency(value: str | None) -> str | None:
    name = " ".join(value.split()) if value else ""
    return name if name and name[0].isupper() else None


def parse_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the very start of `paragraph`, or None when it does not start with one."""
    head = unicodedata.normalize("NFC", paragraph.lstrip())[:DATELINE_CHARS]
    match = _DATELINE.match(head)
    if match is None:
        return None
    dated = bool(match["month1"] or match["month2"] or match["iso"])
    agency = _agency(match["agency"])
    if not (dated or agency) or not _valid_place(match["place"], dated):
        return None
    try:
        published_at = _date(match)
    except _NoSuchDate:
        return None
    place = " ".join(match["place"].split()).replace(" ,", ",")
    return Dateline(place=place, published_at=published_at, source_name=agency)


def first_body_paragraph(text: str, title: str | None = None) -> str:
    """The first paragraph of `text` (its lines joined by spaces) after the headline, when the
    text starts with the headline line."""
    paragraphs: list[list[str]] = []
    blank = True
    for line in text[:HEAD_SCAN_CHARS].split("\n"):
        line = line.strip()
        if not line:
            blank = True
            if len(paragraphs) == 2:
                break
        elif blank:
            paragraphs.append([line])
            blank = False
        else:
            paragraphs[-1].append(line)
    if not paragraphs:
        return ""
    first = paragraphs[0]
    if title and same_headline(first[0], title):
        first = first[1:] or (paragraphs[1] if len(paragraphs) > 1 else [])
    return " ".join(first)


def find_dateline(text: str, title: str | None = None) -> Dateline | None:
    """The dateline that opens the article's first body paragraph, if any."""
    return parse_dateline(first_body_paragraph(text, title))


def fill_from_dateline(candidate: Candidate) -> Candidate:
    """Set a missing publication date and source name from the candidate's dateline."""
    if candidate.published_at is not None and candidate.source_name is not None:
        return candidate
    dateline = find_dateline(candidate.text, candidate.title)
    if dateline is not None:
        candidate.published_at = candidate.published_at or dateline.published_at
        candidate.source_name = candidate.source_name or dateline.source_name
    return candidate
