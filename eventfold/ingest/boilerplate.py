"""Removes boilerplate lines (share buttons, comment forms, cookie notices, site tails) from text;
the patterns are reviewed data in boilerplate.yaml, compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.yaml")


@dataclass(frozen=True)
class BoilerplateRules:
    """Compiled boilerplate.yaml."""

    line: re.Pattern[str]
    tail: re.Pattern[str]
    max_line_chars: int
    tail_min_fraction: float


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@cache
def load_rules(path: Path = BOILERPLATE_FILE) -> BoilerplateRules:
    """Read and compile the boilerplate rules (cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return BoilerplateRules(
        line=_alternation(data["line_patterns"]),
        tail=_alternation(data["tail_markers"]),
        max_line_chars=int(data["max_line_chars"]),
        tail_min_fraction=float(data["tail_min_fraction"]),
    )


def remove_boilerplate(text: str, rules: BoilerplateRules | None = None) -> str:
    """Drop boilerplate lines, and cut the text at a tail marker in its latter part.

    `text` uses `\\n` line ends; blank lines are kept (the caller collapses them).
    """
    rules = rules or load_rules()
    lines = text.split("\n")
    min_tail_offset = rules.tail_min_fraction * len(text)
    kept: list[str] = []
    offset = 0
    for line in lines:
        stripped = line.strip()
        if stripped and len(stripped) <= rules.max_line_chars:
            if offset >= min_tail_offset and rules.tail.fullmatch(stripped):
                break
            if rules.line.fullmatch(stripped):
                offset += len(line) + 1
                continue
        kept.append(line)
        offset += len(line) + 1
    return "\n".join(kept)
