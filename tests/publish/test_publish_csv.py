"""CSV files: ISO dates and timestamps, JSON lists, empty nulls, formula guard, fixed gzip."""

from __future__ import annotations

import csv
import gzip
import io
from datetime import UTC, datetime

import pyarrow as pa

from eventfold.publish.csv_io import csv_gz_bytes, escape_formula, format_column
from eventfold.publish.parquet_io import arrow_table


def _read(table_name, tables) -> list[dict]:
    data = csv_gz_bytes(arrow_table(table_name, tables[table_name]))
    text = gzip.decompress(data).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_dates_timestamps_numbers_and_nulls(tables):
    rows = _read("events", tables)
    first, second = rows[0], rows[1]
    assert first["event_date"] == "2022-06-13"
    assert first["first_published_at"] == "2022-06-14T09:30:00Z"
    assert first["quad_class"] == "1"
    assert second["intensity"] == "-5.0"  # numbers are never escaped
    assert second["event_date"] == "" and second["latitude"] == ""
    assert second["first_published_at"] == ""
    assert list(rows[0]) == list(tables["events"].columns)


def test_lists_are_json_arrays(tables):
    rows = {r["actor_id"]: r for r in _read("actors", tables)}
    assert rows["ISR"]["aliases"] == '["Israeli", "Israel"]'
    assert rows["MAR"]["aliases"] == "[]"
    assert rows["ISR_MIL"]["aliases"] == '["IDF", "=cmd"]'  # starts with "[": not a formula


def test_formula_injection_is_neutralised_in_text_only(tables):
    actors = {r["actor_id"]: r for r in _read("actors", tables)}
    assert actors["ISR_MIL"]["name"] == "'+Israeli military"
    assert actors["MAR_CVL"]["name"] == "'@Moroccan protesters"
    assert actors["ISR"]["name"] == "Israel"
    articles = _read("articles", tables)
    assert articles[0]["title"] == "'=HYPERLINK(\"http://evil\")"
    mentions = {r["mention_id"][-1]: r for r in _read("mentions", tables)}
    assert mentions["3"]["trigger"] == "'-protested"
    assert _read("quarantine", tables)[0]["detail"] == "'\tnot text"
    for value in ("=1", "+1", "-1", "@a", "\tx", "\rx"):
        assert escape_formula(value) == "'" + value
    for value in ("", None, "a=1", "1-2", "'x"):
        assert escape_formula(value) == value


def test_formula_guard_never_touches_parquet(tmp_path, tables):
    import pyarrow.parquet as pq

    from eventfold.publish import write_tables

    path = write_tables(tables, tmp_path)["actors"]
    assert "+Israeli military" in pq.read_table(path)["name"].to_pylist()


def test_fractional_seconds_are_kept():
    col = pa.array([datetime(2022, 6, 14, 9, 30, 0, 250000, tzinfo=UTC), None],
                   pa.timestamp("us", tz="UTC"))
    assert format_column(col) == ["2022-06-14T09:30:00.250000Z", None]


def test_gzip_is_deterministic(tables):
    table = arrow_table("events", tables["events"])
    a, b = csv_gz_bytes(table), csv_gz_bytes(table)
    assert a == b
    assert a[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert a[3] & 0x08 == 0  # no file name in the header
    assert gzip.decompress(a).decode("utf-8").startswith("event_id,event_type,")
