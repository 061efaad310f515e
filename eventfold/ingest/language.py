"""Cheap English check for texts that do not declare a language: the share of English function
words in a sample of the text (no network, no model); the word list is in language.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LANGUAGE_FILE = Path(__file__).with_name("language.yaml")
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CODE = re.compile(r"^([A-Za-z]{2})(?:[-_].*)?$")


@dataclass(frozen=True)
class EnglishCheck:
    """Compiled language.yaml."""

    stopwords: frozenset[str]
    min_ratio: float
    sample_chars: int
    min_words: int


@cache
def load_english_check(path: Path = LANGUAGE_FILE) -> EnglishCheck:
    """Read the English check's word list and thresholds (cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return EnglishCheck(
        stopwords=frozenset(str(w).lower() for w in data["stopwords"]),
        min_ratio=float(data["min_ratio"]),
        sample_chars=int(data["sample_chars"]),
        min_words=int(data["min_words"]),
    )


def english_ratio(text: str, check: EnglishCheck | None = None) -> tuple[float, int]:
    """Share of English function words among the words at the start of `text`, and their count."""
    check = check or load_english_check()
    words = _WORDS.findall(text[: check.sample_chars].lower())
    if not words:
        return 0.0, 0
    hits = sum(map(check.stopwords.__contains__, words))
    return hits / len(words), len(words)


def looks_english(text: str) -> tuple[bool, str]:
    """Whether the text reads as English, with a human-readable reason."""
    check = load_english_check()
    ratio, n_words = english_ratio(text, check)
    if n_words < check.min_words:
        return True, f"only {n_words} words: taken as English"
    verdict = ratio >= check.min_ratio
    return verdict, f"English function-word ratio {ratio:.2f} (threshold {check.min_ratio:.2f})"


def normalize_language_code(value: object) -> str | None:
    """A declared language ("en", "EN-us", "en_GB") as a lower-case ISO 639-1 code, else None."""
    if not isinstance(value, str):
        return None
    match = _CODE.match(value.strip())
    return match.group(1).lower() if match else None
