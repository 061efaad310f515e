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


def starts_with_title(text: str, title: str) -> bool:
    """True when the text's first line already is the headline (or the headline plus a suffix
    such as " | Site name", or the first line begins with the headline)."""
    first = _comparable(text.split("\n", 1)[0])
    head = _comparable(title)
    if not first or not head:
        return False
    return first.startswith(head) or (len(first) >= 20 and head.startswith(first))


def join_title(text: str, title: str | None) -> str:
    """Make the title the first paragraph, unless the text already starts with it."""
    if not title or starts_with_title(text, title):
        return text
    return f"{title}\n\n{text}" if text else title
