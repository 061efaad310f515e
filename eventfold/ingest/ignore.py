"""File-name patterns that a folder walk skips as documentation/tooling (README, scripts,
config) instead of quarantining them; the patterns are reviewed data in ignore.yaml."""

from __future__ import annotations

import fnmatch
import re
from functools import cache
from pathlib import Path

import yaml

IGNORE_FILE = Path(__file__).with_name("ignore.yaml")


@cache
def load_ignore_patterns(path: Path = IGNORE_FILE) -> re.Pattern[str]:
    """ignore.yaml's globs as one case-insensitive regex over file names (cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns = data["patterns"]
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise ValueError(f"{path}: `patterns` must be a list of non-empty strings")
    if any("/" in p for p in patterns):
        raise ValueError(f"{path}: patterns match file names, they cannot contain '/'")
    return re.compile("|".join(fnmatch.translate(p) for p in patterns), re.IGNORECASE)


def is_ignored(name: str, patterns: re.Pattern[str] | None = None) -> bool:
    """Whether a file name found in a folder walk is documentation/tooling, not an input."""
    return bool((patterns or load_ignore_patterns()).match(name))
