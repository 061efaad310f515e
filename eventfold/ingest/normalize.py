"""Text normalization: the exact text the coder sees and that char offsets and content hashes
refer to (NFC, \\n line ends, no trailing spaces, boilerplate removed, title as first paragraph)."""

from __future__ import annotations

import re
import unicodedata

from eventfold.ingest.boilerplate import remove_boilerplate

_BLANK_RUNS = re.compile(r"\n{3,}")
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC, `\\r\\n`/`\\r` → `\\n`, no trailing spaces or boilerplate, 3+ newlines → 2."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = remove_boilerplate(text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def normalize_title(title: str | None) -> str | None:
    """A headline on one line: NFC, whitespace runs collapsed; blank → None."""
    if title is None:
        return None
    title = _SPACES.sub(" ", unicodedata.normalize("NFC", title)).strip()
    return title or None


def _comparable(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def same_headline(line: str, title: str) -> bool:
    """The line is the headline, or the headline plus a suffix (" | Site"), or a line that begins
    with the headline."""
    first, head = _comparable(line), _comparable(title)
    if not first or not head:
        return False
    return first.startswith(head) or (len(first) >= 10 and head.startswith(first))


def starts_with_title(text: str, title: str, lines: int = 3) -> bool:
    """True when one of the first `lines` non-empty lines already is the headline (a kicker or
    dateline may come before it)."""
    head_lines = [line for line in text.split("\n", 2 * lines)[: 2 * lines] if line.strip()]
    return any(same_headline(line, title) for line in head_lines[:lines])


def join_title(text: str, title: str | None) -> str:
    """Make the title the first paragraph, unless the text already starts with it."""
    if not title or starts_with_title(text, title):
        return text
    return f"{title}\n\n{text}" if text else title
