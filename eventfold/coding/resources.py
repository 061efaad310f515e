"""Read the coder's reviewed data files (eventfold/coding/data/) once per process.

Everything the coder knows about words - countries, named actors, sector nouns, titles, the
PLOVER lexicon and stop-lists - comes from these files, never from literals in code.
"""

from __future__ import annotations

import csv
import hashlib
from functools import cache
from importlib import resources
from typing import Any

import yaml

DATA_PACKAGE = "eventfold.coding"
DATA_FILES = (
    "countries.csv", "actors.yaml", "sectors.yaml", "plover.yaml", "lexicon.yaml",
    "stoplists.yaml", "places_extra.yaml", "confidence.yaml", "people.yaml",
    "constructions.yaml",
)


def data_path(name: str):
    return resources.files(DATA_PACKAGE).joinpath("data").joinpath(name)


@cache
def load_yaml(name: str) -> Any:
    return yaml.safe_load(data_path(name).read_text("utf-8"))


@cache
def load_countries() -> tuple[dict[str, str], ...]:
    text = data_path("countries.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(dict(r) for r in rows)


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


@cache
def data_fingerprint() -> str:
    """A short hash of every data file and of the coder's own modules, part of the coder
    version: changing a rule or a dictionary entry makes the next run code everything again."""
    h = hashlib.sha256()
    for name in DATA_FILES:
        path = data_path(name)
        if path.is_file():
            h.update(name.encode())
            h.update(path.read_bytes())
    package = resources.files(DATA_PACKAGE)
    for module in sorted(p.name for p in package.iterdir() if p.name.endswith(".py")):
        h.update(module.encode())
        h.update(package.joinpath(module).read_bytes())
    return h.hexdigest()[:8]
