"""Parquet files: typed, described, readable by pandas/polars/DuckDB, byte-deterministic."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from eventfold.publish import write_tables
from eventfold.publish.parquet_io import arrow_table, parquet_bytes
from schemas.arrow import arrow_schema
from schemas.catalogue import CATALOGUE


def test_write_tables_one_parquet_per_table(tmp_path, tables):
    paths = write_tables(tables, tmp_path / "out")
    assert paths == {t: tmp_path / "out" / f"{t}.parquet" for t in CATALOGUE.tables}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{t}.parquet" for t in CATALOGUE.tables)


def test_types_descriptions_and_table_metadata(tmp_path, tables):
    paths = write_tables(tables, tmp_path)
    for name, path in paths.items():
        schema = pq.read_schema(path)
        expected = arrow_schema(name)
        assert schema.names == expected.names
        for f in expected:
            got = schema.field(f.name)
            assert got.type.equals(f.type) or (  # list item name differs after Parquet
                pa.types.is_list(got.type) and got.type.value_type == f.type.value_type)
            assert got.metadata[b"description"] == f.metadata[b"description"]
            assert got.nullable == f.nullable
        meta = schema.metadata
        assert meta[b"eventfold.table"] == name.encode()
        assert json.loads(meta[b"eventfold.primary_key"]) == list(CATALOGUE.table(name).primary_key)
        assert meta[b"eventfold.license"] == b"CC-BY-4.0"
        assert b"pandas" not in meta
        md = pq.ParquetFile(path).metadata
        assert md.row_group(0).column(0).compression == "ZSTD"


def test_readers_see_the_right_types(tmp_path, tables):
    path = write_tables(tables, tmp_path)["events"]

    df = pd.read_parquet(path, dtype_backend="pyarrow")
    assert str(df["event_date"].dtype) == "date32[day][pyarrow]"
    assert str(df["quad_class"].dtype) == "int64[pyarrow]"
    assert df["intensity"].tolist()[1] == -5.0
    assert str(df["first_published_at"].dtype) == "timestamp[us, tz=UTC][pyarrow]"

    schema = pl.read_parquet(path).schema
    assert schema["event_date"] == pl.Date
    assert schema["quad_class"] == pl.Int64
    assert schema["first_published_at"] == pl.Datetime("us", "UTC")
    actors = pl.read_parquet(tmp_path / "actors.parquet")
    assert actors.schema["aliases"] == pl.List(pl.String)

    types = {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()}
    assert types["event_date"] == "DATE"
    assert types["quad_class"] == "BIGINT"
    assert types["intensity"] == "DOUBLE"
    assert types["first_published_at"] == "TIMESTAMP WITH TIME ZONE"
    rows = duckdb.sql(f"SELECT count(*) FROM '{path}' WHERE event_date IS NULL").fetchall()
    assert rows == [(1,)]


def test_rows_sorted_by_primary_key_and_bytes_deterministic(tables):
    events = tables["events"]
    shuffled = events.iloc[::-1].reset_index(drop=True)
    a = parquet_bytes(arrow_table("events", events))
    b = parquet_bytes(arrow_table("events", events))
    c = parquet_bytes(arrow_table("events", shuffled))
    assert a == b == c
    ids = pq.read_table(pa.BufferReader(a))["event_id"].to_pylist()
    assert ids == sorted(ids)
    ea = arrow_table("event_actors", tables["event_actors"].iloc[::-1])
    keys = list(zip(*(ea[c].to_pylist() for c in ("event_id", "actor_id", "role")),
                    strict=True))
    assert keys == sorted(keys)


def test_empty_table_writes_a_typed_file(tmp_path):
    from schemas.arrow import empty_frame

    path = write_tables({"quarantine": empty_frame("quarantine")}, tmp_path)["quarantine"]
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.schema.field("seen_at").type == pa.timestamp("us", tz="UTC")


def test_publishing_twice_gives_byte_identical_data_files(tmp_path, tables, publish):
    a = publish(tables, tmp_path / "r", version="2026.01.01")
    b = publish(tables, tmp_path / "r", version="2026.01.02")
    for f in a.files:
        if f["format"] in ("parquet", "csv.gz"):
            assert (a.path / f["path"]).read_bytes() == (b.path / f["path"]).read_bytes()
    assert [f["sha256"] for f in a.files if f["table"]] == [
        f["sha256"] for f in b.files if f["table"]]
