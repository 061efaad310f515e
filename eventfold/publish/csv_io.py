"""Gzipped CSV files of the tables: UTF-8, header, ISO dates, lists as JSON, empty for null.

Text cells that a spreadsheet would run as a formula get a leading apostrophe (CSV only, never
Parquet, never numbers); gzip headers carry no name and mtime 0, so bytes are reproducible.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.types as pat

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
GZIP_LEVEL = 9


def escape_formula(value: str | None) -> str | None:
    """Neutralise spreadsheet formula injection: '=1+1' -> "'=1+1"."""
    if value and value.startswith(FORMULA_START):
        return "'" + value
    return value


def format_column(column: pa.ChunkedArray | pa.Array) -> list[str | None]:
    """Text of each cell as it appears in CSV (before escaping); None for null.

    Dates are YYYY-MM-DD, timestamps ISO 8601 in UTC with a Z (fractional seconds only when a
    value of the column has them), numbers in shortest round-trip form, lists as JSON arrays.
    """
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    typ = column.type
    if pat.is_string(typ) or pat.is_large_string(typ):
        return column.to_pylist()
    if pat.is_integer(typ) or pat.is_boolean(typ) or pat.is_date(typ):
        return pc.cast(column, pa.string()).to_pylist()
    if pat.is_floating(typ):
        return [None if v is None else repr(v) for v in column.to_pylist()]
    if pat.is_timestamp(typ):
        return _format_timestamps(column)
    if pat.is_list(typ) or pat.is_large_list(typ):
        return [None if v is None else json.dumps(v, ensure_ascii=False)
                for v in column.to_pylist()]
    raise TypeError(f"no CSV format for Arrow type {typ}")


def _format_timestamps(column: pa.Array) -> list[str | None]:
    utc = column.cast(pa.timestamp(column.type.unit, tz="UTC"))
    try:
        whole = utc.cast(pa.timestamp("s", tz="UTC"), safe=True)
    except pa.ArrowInvalid:  # some value has a fraction of a second: keep it
        return pc.strftime(utc, format="%Y-%m-%dT%H:%M:%SZ").to_pylist()
    return pc.strftime(whole, format="%Y-%m-%dT%H:%M:%SZ").to_pylist()


def csv_text_columns(table: pa.Table) -> list[list[str | None]]:
    """Every column as CSV cell text, with the formula guard on text columns only."""
    columns = []
    for column in table.columns:
        cells = format_column(column)
        if pat.is_string(column.type) or pat.is_large_string(column.type):
            cells = [escape_formula(v) for v in cells]
        columns.append(cells)
    return columns


def write_csv_stream(table: pa.Table, binary: BinaryIO, batch_rows: int = 50_000) -> None:
    """Write the gzipped CSV of `table` to a binary stream, batch by batch.

    Deterministic: the gzip header has no file name and mtime 0, the level is fixed.
    """
    with gzip.GzipFile(filename="", mode="wb", fileobj=binary, mtime=0,
                       compresslevel=GZIP_LEVEL) as gz:
        text = io.TextIOWrapper(gz, encoding="utf-8", newline="", write_through=False)
        writer = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(table.column_names)
        for batch in table.to_batches(max_chunksize=batch_rows):
            writer.writerows(zip(*csv_text_columns(pa.Table.from_batches([batch])), strict=True))
        text.flush()
        text.detach()


def csv_gz_bytes(table: pa.Table) -> bytes:
    raw = io.BytesIO()
    write_csv_stream(table, raw)
    return raw.getvalue()


def write_csv_gz(table: pa.Table, path: Path) -> Path:
    """Write the gzipped CSV of `table` to `path` and fsync it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_csv_stream(table, fh)
        fh.flush()
        os.fsync(fh.fileno())
    return path
