"""What changed since the previous release: rows added, removed and changed per table (by
primary key), new actors, and columns added, removed or retyped (the content of diff.json).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from eventfold.publish.csv_io import format_column
from eventfold.publish.parquet_io import read_release_table, release_table_names
from schemas.catalogue import CATALOGUE

MAX_EXAMPLES = 50
NULL = "\x00"


def read_previous(release_dir: Path) -> dict[str, pa.Table]:
    """The Parquet tables of a published release (either layout), by table name."""
    return {name: read_release_table(release_dir, name)
            for name in release_table_names(release_dir)}


def diff_tables(new: dict[str, pa.Table], old: dict[str, pa.Table] | None,
                previous_version: str | None = None) -> dict:
    """The diff of `new` against `old` (None for a first release: everything is added)."""
    old = old or {}
    names = list(new) + sorted(set(old) - set(new))
    tables, schema = {}, {}
    for name in names:
        before, after = old.get(name), new.get(name)
        schema[name] = diff_schema(before, after)
        tables[name] = diff_rows(name, before, after)
    return {
        "previous_version": previous_version,
        "tables": tables,
        "schema_changes": schema,
        "actors_new": new_actors(new.get("actors"), tables.get("actors")),
    }


def type_name(typ: pa.DataType) -> str:
    """Arrow type as text, ignoring list item names (Parquet reads list<item> as list<element>)."""
    if pa.types.is_list(typ) or pa.types.is_large_list(typ):
        return f"list<{type_name(typ.value_type)}>"
    return str(typ)


def diff_schema(before: pa.Table | None, after: pa.Table | None) -> dict:
    old = {f.name: type_name(f.type) for f in before.schema} if before is not None else {}
    new = {f.name: type_name(f.type) for f in after.schema} if after is not None else {}
    return {
        "table": "added" if before is None else "removed" if after is None else "kept",
        "columns_added": [c for c in new if c not in old],
        "columns_removed": [c for c in old if c not in new],
        "columns_retyped": [{"column": c, "before": old[c], "after": new[c]}
                            for c in new if c in old and old[c] != new[c]],
    }


def _primary_key(name: str, table: pa.Table) -> list[str]:
    if name in CATALOGUE.tables:
        return list(CATALOGUE.table(name).primary_key)
    return list(table.column_names)  # a table dropped from the catalogue: whole row is the key


def _rows(table: pa.Table, key: list[str], columns: list[str]) -> dict[tuple, tuple]:
    keys = zip(*[format_column(table[c]) for c in key], strict=True)
    values = zip(*[[NULL if v is None else v for v in format_column(table[c])] for c in columns],
                 strict=True) if columns else ((),) * table.num_rows
    return dict(zip(keys, values, strict=True))


def _show(key: tuple) -> str | list:
    return key[0] if len(key) == 1 else list(key)


def diff_rows(name: str, before: pa.Table | None, after: pa.Table | None) -> dict:
    present = after if after is not None else before
    key = _primary_key(name, present)
    if before is not None and after is not None:
        compared = [f.name for f in after.schema
                    if f.name in before.column_names
                    and type_name(before.schema.field(f.name).type) == type_name(f.type)
                    and f.name not in key]
    else:
        compared = []
    old = _rows(before, key, compared) if before is not None else {}
    new = _rows(after, key, compared) if after is not None else {}
    added = sorted(k for k in new if k not in old)
    removed = sorted(k for k in old if k not in new)
    changed = sorted(k for k in new if k in old and new[k] != old[k])
    columns_changed: dict[str, int] = {}
    for k in changed:
        for col, a, b in zip(compared, old[k], new[k], strict=True):
            if a != b:
                columns_changed[col] = columns_changed.get(col, 0) + 1
    return {
        "primary_key": key,
        "rows_before": len(old),
        "rows_after": len(new),
        "added": len(added),
        "removed": len(removed),
        "changed": len(changed),
        "unchanged": len(new) - len(added) - len(changed),
        "compared_columns": compared,
        "columns_changed": columns_changed,
        "examples": {
            "added": [_show(k) for k in added[:MAX_EXAMPLES]],
            "removed": [_show(k) for k in removed[:MAX_EXAMPLES]],
            "changed": [_show(k) for k in changed[:MAX_EXAMPLES]],
        },
    }


def new_actors(actors: pa.Table | None, actor_diff: dict | None) -> dict:
    """Actors that were not in the previous release: count and up to 50 of them with names."""
    if actors is None or actor_diff is None:
        return {"count": 0, "examples": []}
    wanted = set(actor_diff["examples"]["added"])
    rows = [r for r in actors.select(["actor_id", "name", "actor_type", "country"]).to_pylist()
            if r["actor_id"] in wanted]
    rows.sort(key=lambda r: r["actor_id"])
    return {"count": actor_diff["added"], "examples": rows}
