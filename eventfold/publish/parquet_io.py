"""Typed, deterministic Parquet files from conformed catalogue tables.

Rows are sorted by primary key and every writer option is pinned, so the same frame always
gives byte-identical files; column descriptions travel in the Arrow field metadata. A large
`events` table (>= PARTITION_THRESHOLD rows) is split by year: events/year=YYYY/part-0.parquet.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from eventfold.publish.files import fsync_dir, write_bytes
from schemas.arrow import to_arrow
from schemas.catalogue import CATALOGUE

DATA_LICENSE = "CC-BY-4.0"
PARTITION_THRESHOLD = 1_000_000  # events per release from which events are split by year
PARTITIONED = {"events": "event_date"}  # table -> date column whose year names the partition
UNDATED = "undated"  # partition of rows whose date is null (year=undated: readable everywhere)

# Every option that could change the bytes is pinned here (no timestamps are written by
# pyarrow; created_by is the library version only).
WRITE_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "data_page_size": 1 << 20,
    "row_group_size": 1 << 20,
    "store_schema": True,
    "write_page_index": False,
    "write_batch_size": 1024,
}


def table_metadata(name: str) -> dict[str, str]:
    """Table-level key/value metadata: the catalogue's table facts plus keys and licence."""
    spec = CATALOGUE.table(name)
    fks = [
        {"fields": list(fk.fields), "reference": {"table": fk.table, "fields": list(fk.ref_fields)}}
        for fk in spec.foreign_keys
    ]
    return {
        "eventfold.table": spec.name,
        "eventfold.description": spec.description,
        "eventfold.schema_version": CATALOGUE.schema_version,
        "eventfold.primary_key": json.dumps(list(spec.primary_key)),
        "eventfold.foreign_keys": json.dumps(fks, sort_keys=True),
        "eventfold.license": DATA_LICENSE,
    }


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """The catalogue-typed Arrow table of `frame`, rows sorted by primary key."""
    if name not in CATALOGUE.tables:
        raise ValueError(f"unknown table {name!r}; catalogue tables: {list(CATALOGUE.tables)}")
    table = to_arrow(name, frame)
    pk = CATALOGUE.table(name).primary_key
    if table.num_rows > 1:
        table = table.sort_by([(k, "ascending") for k in pk])
    return table.replace_schema_metadata(table_metadata(name))


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, **WRITE_OPTIONS)
    return sink.getvalue().to_pybytes()


def write_parquet(table: pa.Table, path: Path) -> Path:
    """Write one Arrow table as Parquet and fsync it."""
    return write_bytes(path, parquet_bytes(table))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, Path]:
    """Write each table as `<out_dir>/<table>.parquet` (for `eventfold run --out DIR`).

    No validation here; each file is replaced atomically (temp file + os.replace).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    arrow = {name: arrow_table(name, frame) for name, frame in tables.items()}
    paths: dict[str, Path] = {}
    for name, table in arrow.items():
        path = out_dir / f"{name}.parquet"
        tmp = out_dir / f".{name}.parquet.tmp-{os.getpid()}"
        try:
            write_parquet(table, tmp)
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        paths[name] = path
    fsync_dir(out_dir)
    return paths


def partition_files(name: str, table: pa.Table,
                    threshold: int = PARTITION_THRESHOLD) -> list[tuple[str, pa.Table]]:
    """The Parquet file(s) of a table in a release: [(relative path, rows)].

    One `<name>.parquet` normally; for a partitioned table with at least `threshold` rows,
    one `<name>/year=YYYY/part-0.parquet` per year of its date column (ascending, then
    `year=undated` for null dates). Rows keep their primary-key order inside each file.
    """
    column = PARTITIONED.get(name)
    if column is None or table.num_rows < threshold:
        return [(f"{name}.parquet", table)]
    years = pc.year(table[column])
    parts = []
    for year in sorted(y for y in pc.unique(years).to_pylist() if y is not None):
        parts.append((f"{name}/year={year:04d}/part-0.parquet",
                      table.filter(pc.equal(years, year))))
    undated = table.filter(pc.is_null(years))
    if undated.num_rows:
        parts.append((f"{name}/year={UNDATED}/part-0.parquet", undated))
    return parts


def release_parquet_paths(release_dir: Path, name: str) -> list[Path]:
    """The Parquet file(s) of table `name` in a release folder, in either layout."""
    single = release_dir / f"{name}.parquet"
    if single.is_file():
        return [single]
    folder = release_dir / name
    if not folder.is_dir():
        return []
    parts = [p for p in folder.glob("year=*/*.parquet") if p.is_file()]
    return sorted(parts, key=lambda p: (p.parent.name.endswith(f"={UNDATED}"),
                                        p.parent.name, p.name))


def release_table_names(release_dir: Path) -> list[str]:
    """Tables stored as Parquet in a release folder (single-file or partitioned)."""
    names = {p.stem for p in release_dir.glob("*.parquet") if p.is_file()}
    names |= {p.name for p in release_dir.iterdir()
              if p.is_dir() and any(p.glob("year=*/*.parquet"))}
    return sorted(names)


def read_release_table(release_dir: Path, name: str) -> pa.Table:
    """One table of a release folder as a single Arrow table (partitions concatenated, no
    partition column added)."""
    paths = release_parquet_paths(release_dir, name)
    if not paths:
        raise FileNotFoundError(f"no Parquet file for table {name!r} in {release_dir}")
    parts = [pq.read_table(p, partitioning=None) for p in paths]
    return parts[0] if len(parts) == 1 else pa.concat_tables(parts)
