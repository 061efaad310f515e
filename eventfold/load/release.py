"""`load_release`: a published release as pandas DataFrames with Arrow-backed dtypes, plus
DuckDB and polars views of the same files and the flat `events_flat` table.

Works on a releases folder (index.json), one release folder (manifest.json), a folder of
downloaded releases, a plain folder of Parquet files, or an HTTP(S) releases URL (downloaded
into a local cache first, sha256-verified).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from eventfold.load.flat import NEEDED, events_flat_arrow, events_flat_sql
from eventfold.load.layout import (
    INDEX,
    MANIFEST,
    parquet_files,
    read_json,
    resolve_version,
    safe_destination,
    tables_in,
    version_key,
)

FLAT = "events_flat"


@dataclass
class Release:
    """One loaded release. `release.events` (or `release["events"]`) is a DataFrame; `files`
    maps each table to its Parquet file(s)."""

    version: str
    path: Path
    manifest: dict | None
    arrow: dict[str, pa.Table]
    files: dict[str, list[Path]]
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every loaded table as a pandas DataFrame (Arrow-backed dtypes)."""
        return {name: self[name] for name in self.arrow}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name == FLAT:
            return self.events_flat
        if name not in self.arrow:
            raise KeyError(f"table {name!r} is not loaded; loaded: {list(self.arrow)}")
        if name not in self._frames:
            self._frames[name] = to_pandas(self.arrow[name])
        return self._frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("_") or name not in self.__dict__.get("arrow", {}):
            raise AttributeError(name)
        return self[name]

    def __contains__(self, name: str) -> bool:
        return name in self.arrow

    @property
    def events_flat(self) -> pd.DataFrame:
        """One row per event × source × target with actor names, countries and sectors."""
        if FLAT not in self._frames:
            self._frames[FLAT] = to_pandas(self.events_flat_arrow())
        return self._frames[FLAT]

    def events_flat_arrow(self) -> pa.Table:
        missing = [t for t in NEEDED if t not in self.arrow]
        if missing:
            raise KeyError(f"events_flat needs tables {list(NEEDED)}; not loaded: {missing}")
        return events_flat_arrow(*(self.arrow[t] for t in NEEDED))

    def as_duckdb(self, connection: Any = None):
        """A DuckDB connection with one view per loaded table (over the Parquet files, both
        layouts) and the `events_flat` view when its tables are loaded."""
        import duckdb

        con = connection or duckdb.connect()
        for name, paths in self.files.items():
            if name not in self.arrow:
                continue
            files = ", ".join("'" + str(p.resolve()).replace("'", "''") + "'" for p in paths)
            con.execute(f'CREATE OR REPLACE VIEW "{name}" AS SELECT * FROM read_parquet('
                        f"[{files}], hive_partitioning = false)")
        if all(t in self.arrow for t in NEEDED):
            con.execute(events_flat_sql(self.arrow["events"].column_names))
        return con

    def as_polars(self) -> dict:
        """Every loaded table as a polars DataFrame, plus `events_flat` when possible."""
        import polars as pl

        out = {name: pl.from_arrow(table) for name, table in self.arrow.items()}
        if all(t in self.arrow for t in NEEDED):
            out[FLAT] = pl.from_arrow(self.events_flat_arrow())
        return out


def to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas with Arrow-backed dtypes, as pd.read_parquet(dtype_backend="pyarrow")."""
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def is_url(value: object) -> bool:
    return isinstance(value, str) and re.match(r"^https?://", value, re.I) is not None


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eventfold"


def cache_folder(url: str, cache_dir: Path | None) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", re.sub(r"^https?://", "", url)).strip("_")[:60]
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:10]
    return (cache_dir or default_cache_dir()) / f"{slug}-{digest}"


def locate(path: Path, version: str) -> Path:
    """The release folder meant by `path` and `version`."""
    if not path.exists():
        raise FileNotFoundError(f"no such release folder: {path}")
    if (path / MANIFEST).is_file():
        found = read_json(path / MANIFEST).get("version")
        if version not in ("latest", found):
            raise LookupError(f"{path} holds release {found}, not {version}")
        return path
    if (path / INDEX).is_file():
        entry = resolve_version(read_json(path / INDEX), version)
        return safe_destination(path, entry.get("path") or entry["version"])
    candidates = [p for p in path.iterdir() if p.is_dir() and (p / MANIFEST).is_file()]
    if candidates:
        if version == "latest":
            return max(candidates, key=lambda p: version_key(p.name))
        chosen = path / version
        if chosen in candidates:
            return chosen
        raise LookupError(f"release {version} not found in {path} "
                          f"(found: {', '.join(sorted(p.name for p in candidates))})")
    if any(path.glob("*.parquet")):
        return path  # a plain folder of tables (eventfold run --out DIR)
    raise FileNotFoundError(f"{path} holds no eventfold release (no manifest.json, index.json "
                            "or Parquet files)")


def load_release(path_or_url: str | os.PathLike, version: str = "latest",
                 tables: Iterable[str] | str | None = None, *, cache_dir: Path | None = None,
                 verify: bool = False) -> Release:
    """Load a release: `tables` (default all) as pandas DataFrames with Arrow dtypes.

    `path_or_url` is a releases folder or URL (then `version` picks the release, default the
    latest), or one release folder. A URL is downloaded into `cache_dir` (default
    ~/.cache/eventfold) with every sha256 checked; `verify=True` checks local files too.
    """
    wanted = _table_list(tables)
    if is_url(path_or_url):
        from eventfold.load.download import download_release

        result = download_release(str(path_or_url), version,
                                  cache_folder(str(path_or_url), cache_dir),
                                  tables=wanted, formats=("parquet",), metadata=False)
        folder = result.path
    else:
        folder = locate(Path(path_or_url), version)
    manifest = read_json(folder / MANIFEST) if (folder / MANIFEST).is_file() else None
    available = tables_in(folder, manifest)
    names = available if wanted is None else wanted
    unknown = [t for t in names if t not in available]
    if unknown:
        raise KeyError(f"no table {', '.join(unknown)} in release at {folder}; "
                       f"tables: {', '.join(available)}")
    files = {name: parquet_files(folder, name, manifest) for name in names}
    if verify and manifest is not None:
        from eventfold.load.download import verify_files

        verify_files(folder, [f for f in manifest["files"] if f.get("table") in names
                              and f.get("format") == "parquet"])
    arrow = {name: read_table(paths, name) for name, paths in files.items()}
    version_name = manifest.get("version") if manifest else folder.name
    return Release(version=version_name, path=folder, manifest=manifest, arrow=arrow,
                   files=files)


def _table_list(tables: Iterable[str] | str | None) -> list[str] | None:
    if tables is None:
        return None
    if isinstance(tables, str):
        tables = tables.split(",")
    names = [t.strip() for t in tables if t and t.strip()]
    return list(dict.fromkeys(names)) or None


def read_table(paths: list[Path], name: str) -> pa.Table:
    """A table from its file(s); partitions are concatenated and sorted by primary key, so
    both layouts load the same rows in the same order."""
    if not paths:
        raise FileNotFoundError(f"table {name}: no Parquet file")
    parts = [pq.ParquetFile(p).read() for p in paths]
    if len(parts) == 1:
        return parts[0]
    table = pa.concat_tables(parts)
    key = primary_key(table, name)
    return table.sort_by([(k, "ascending") for k in key]) if key else table


def primary_key(table: pa.Table, name: str) -> list[str]:
    """The primary key written in the file's metadata (eventfold.primary_key)."""
    meta = table.schema.metadata or {}
    raw = meta.get(b"eventfold.primary_key")
    if raw:
        return list(json.loads(raw))
    return []
