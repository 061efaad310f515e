"""The schema version of a new release, from its schema changes against the previous release.

Removing or retyping a column (or dropping a table) is breaking: it bumps the major version and
is refused unless the caller allows it; adding a column or table bumps the minor version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from eventfold.publish.diff import diff_schema
from eventfold.publish.parquet_io import release_parquet_paths, release_table_names


@dataclass(frozen=True)
class SchemaVersion:
    version: str  # the new release's schema version
    previous: str | None  # the previous release's schema version
    breaking: list[str] = field(default_factory=list)  # e.g. "events.goldstein removed"
    additive: list[str] = field(default_factory=list)  # e.g. "events.cameo_code added"

    @property
    def bump(self) -> str | None:
        if self.previous is None or parse(self.version) == parse(self.previous):
            return None
        return "major" if parse(self.version)[0] > parse(self.previous)[0] else "minor"

    def to_dict(self) -> dict:
        return {"version": self.version, "previous": self.previous, "bump": self.bump,
                "breaking": self.breaking, "additive": self.additive}


def parse(version: str) -> tuple[int, int, int]:
    parts = [int(p) for p in str(version).split(".")[:3]]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def text(version: tuple[int, int, int]) -> str:
    return ".".join(str(p) for p in version)


def read_schemas(release_dir: Path) -> dict[str, pa.Schema]:
    """The Arrow schema of each table of a published release (first file of each table)."""
    return {name: pq.read_schema(release_parquet_paths(release_dir, name)[0])
            for name in release_table_names(release_dir)}


class _Schema:
    """What diff_schema needs from a table: its `.schema`."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema


def schema_changes(new: dict[str, pa.Schema],
                   old: dict[str, pa.Schema]) -> tuple[list[str], list[str]]:
    """(breaking, additive) changes of `new` against `old`, as readable lines."""
    breaking, additive = [], []
    for name in list(new) + sorted(set(old) - set(new)):
        d = diff_schema(_Schema(old[name]) if name in old else None,
                        _Schema(new[name]) if name in new else None)
        if d["table"] == "removed":
            breaking.append(f"table {name} removed")
            continue
        if d["table"] == "added":
            additive.append(f"table {name} added")
            continue
        breaking += [f"{name}.{c} removed" for c in d["columns_removed"]]
        breaking += [f"{name}.{r['column']} retyped {r['before']} -> {r['after']}"
                     for r in d["columns_retyped"]]
        additive += [f"{name}.{c} added" for c in d["columns_added"]]
    return breaking, additive


def next_schema_version(catalogue_version: str, previous_version: str | None,
                        breaking: list[str], additive: list[str]) -> str:
    """The catalogue's version, bumped past the previous release's when the schema changed
    and the catalogue was not bumped already; never lower than the previous version."""
    cat = parse(catalogue_version)
    if previous_version is None:
        return text(cat)
    prev = parse(previous_version)
    if breaking:
        wanted = (prev[0] + 1, 0, 0)
    elif additive:
        wanted = (prev[0], prev[1] + 1, 0)
    else:
        wanted = prev
    return text(max(cat, wanted))


def decide_schema_version(arrow: dict[str, pa.Table], previous_dir: Path | None,
                          previous_version: str | None,
                          catalogue_version: str) -> SchemaVersion:
    if previous_dir is None:
        return SchemaVersion(text(parse(catalogue_version)), None)
    breaking, additive = schema_changes({n: t.schema for n, t in arrow.items()},
                                        read_schemas(previous_dir))
    version = next_schema_version(catalogue_version, previous_version, breaking, additive)
    return SchemaVersion(version, previous_version, breaking, additive)
