"""Events split by year (events/year=YYYY/part-0.parquet) from a threshold: the files, the
manifest and datapackage.json list the parts, and every reader gets the same events."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import polars as pl
import pyarrow.parquet as pq

from eventfold.load import download_release, load_release
from eventfold.publish.parquet_io import PARTITION_THRESHOLD, partition_files


def test_threshold_default_is_one_million():
    assert PARTITION_THRESHOLD == 1_000_000


def test_partition_files_and_manifest(partitioned, synthetic_tables):
    folder = partitioned / "2026.11.25"
    assert not (folder / "events.parquet").exists()
    parts = sorted(p.relative_to(folder).as_posix() for p in (folder / "events").rglob("*"))
    assert "events/year=2026/part-0.parquet" in parts
    assert "events/year=undated/part-0.parquet" in parts
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {f["path"]: f for f in manifest["files"] if f["table"] == "events"}
    assert set(listed) == {"events/year=2026/part-0.parquet",
                           "events/year=undated/part-0.parquet", "csv/events.csv.gz"}
    assert sum(f["rows"] for p, f in listed.items() if p.endswith(".parquet")) == len(
        synthetic_tables["events"])
    undated = pq.read_table(folder / "events/year=undated/part-0.parquet")
    assert undated["event_date"].null_count == undated.num_rows > 0
    package = json.loads((folder / "datapackage.json").read_text())
    res = next(r for r in package["resources"] if r["name"] == "events-parquet")
    assert res["path"] == ["events/year=2026/part-0.parquet",
                           "events/year=undated/part-0.parquet"]
    assert res["bytes"] == sum(f["bytes"] for p, f in listed.items() if p.endswith(".parquet"))
    index = json.loads((partitioned / "index.json").read_text())
    assert {"events/year=2026/part-0.parquet"} <= {f["path"] for f in
                                                   index["releases"][0]["files"]}
    readme = (folder / "README.md").read_text()
    assert "events/year=YYYY/part-0.parquet" in readme


def test_partitions_by_year_with_a_small_threshold(synthetic_tables):
    from eventfold.publish.parquet_io import arrow_table

    table = arrow_table("events", synthetic_tables["events"])
    assert [p for p, _ in partition_files("events", table, threshold=10**9)] == [
        "events.parquet"]
    assert [p for p, _ in partition_files("actors", table, threshold=1)] == ["actors.parquet"]
    parts = partition_files("events", table, threshold=1)
    assert sum(t.num_rows for _, t in parts) == table.num_rows
    for _, t in parts:
        ids = t["event_id"].to_pylist()
        assert ids == sorted(ids)


def test_every_reader_gets_the_same_events(partitioned, releases):
    single = load_release(releases, tables=["events"]).events
    split = load_release(partitioned)
    pd.testing.assert_frame_equal(split.events, single)
    assert split.files["events"][0].name == "part-0.parquet"
    con = split.as_duckdb()
    assert con.sql("SELECT count(*) FROM events").fetchall()[0][0] == len(single)
    assert "year" not in [c[0] for c in con.sql("DESCRIBE events").fetchall()]
    assert con.sql("SELECT count(*) FROM events_flat").fetchall()[0][0] == len(split.events_flat)
    assert split.as_polars()["events"].height == len(single)

    folder = partitioned / "2026.11.25"
    # what the data card tells people to do without eventfold
    assert len(pd.read_parquet(folder / "events")) == len(single)
    assert pl.read_parquet(folder / "events" / "**" / "*.parquet").height == len(single)
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/events/*/*.parquet', "
                   "hive_partitioning = true)").fetchall()[0][0]
    assert n == len(single)


def test_download_and_diff_handle_partitions(partitioned, tmp_path, synthetic_tables,
                                             copy_tree, publish):
    result = download_release(partitioned, "latest", tmp_path / "dl", tables=["events"],
                              formats=["parquet"], metadata=False)
    assert sorted(f.path for f in result.files) == ["events/year=2026/part-0.parquet",
                                                    "events/year=undated/part-0.parquet"]
    pd.testing.assert_frame_equal(load_release(tmp_path / "dl").events,
                                  load_release(partitioned).events)

    root = copy_tree(partitioned, tmp_path / "r")  # next release, single file, diffed
    info = publish(synthetic_tables, root, version="2026.11.26")
    diff = json.loads((info.path / "diff.json").read_text())
    events = diff["tables"]["events"]
    assert events["rows_before"] == events["rows_after"] == len(synthetic_tables["events"])
    assert events["added"] == events["removed"] == events["changed"] == 0
    assert (info.path / "events.parquet").is_file()
