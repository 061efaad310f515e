"""Publication dates from records and pages as tz-aware UTC datetimes (date-only → midnight UTC);
anything unparseable is None, never a quarantine and never a guess."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)


def to_utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_published(value: object) -> datetime | None:
    """ISO 8601 ("2018-04-13", "2018-04-13T10:00:00Z", "…+03:00") or RFC 2822 → UTC, else None."""
    if isinstance(value, datetime):
        parsed: datetime | None = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        parsed = _parse_string(value.strip())
    else:
        parsed = None
    if parsed is None:
        return None
    parsed = to_utc(parsed)
    return parsed if parsed >= _EARLIEST else None


def _parse_string(text: str) -> datetime | None:
    if _DATE_ONLY.match(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
