"""load_release on real releases: Arrow-backed pandas frames, table selection, events_flat in
pandas, DuckDB and polars, loading over HTTP, and `import eventfold` staying cheap."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pytest

import eventfold
from eventfold.load import ChecksumError, load_release
from schemas.catalogue import CATALOGUE


def test_import_eventfold_is_cheap_and_exposes_load_release():
    code = ("import sys, eventfold; heavy = [m for m in ('pandas', 'pyarrow', 'great_expectations',"
            " 'pandera', 'duckdb') if m in sys.modules]; print(heavy); "
            "print(eventfold.load_release.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "eventfold.load.release"
    assert eventfold.load_release is load_release


def test_latest_release_as_arrow_backed_pandas(releases):
    release = load_release(releases)
    assert release.version == "2026.11.25"
    assert list(release.tables) == list(CATALOGUE.tables)
    for name, frame in release.tables.items():
        assert list(frame.columns) == CATALOGUE.table(name).columns
        assert all(isinstance(t, pd.ArrowDtype) for t in frame.dtypes), name
        expected = pd.read_parquet(releases / "2026.11.25" / f"{name}.parquet",
                                   dtype_backend="pyarrow")
        pd.testing.assert_frame_equal(frame, expected)
    events = release.events
    assert str(events["event_date"].dtype) == "date32[day][pyarrow]"
    assert str(events["first_published_at"].dtype) == "timestamp[us, tz=UTC][pyarrow]"
    assert release["actors"] is release.actors
    assert release.manifest["version"] == "2026.11.25"


def test_pick_version_tables_and_folder_kinds(releases, tmp_path):
    older = load_release(releases, version="2026.11.24", tables="events,actors")
    assert older.version == "2026.11.24" and list(older.tables) == ["events", "actors"]
    assert len(older.events) == 200
    one = load_release(releases / "2026.11.25", tables=["mentions"])
    assert one.version == "2026.11.25" and list(one.tables) == ["mentions"]
    with pytest.raises(AttributeError):
        one.events  # noqa: B018 - not loaded
    with pytest.raises(KeyError, match="no table nope"):
        load_release(releases, tables=["nope"])
    with pytest.raises(LookupError, match="1999.01.01"):
        load_release(releases, version="1999.01.01")
    with pytest.raises(LookupError, match="holds release 2026.11.25"):
        load_release(releases / "2026.11.25", version="2026.11.24")
    with pytest.raises(FileNotFoundError, match="no eventfold release"):
        load_release(tmp_path)

    from eventfold.publish import write_tables  # a plain `eventfold run --out DIR` folder

    write_tables({"events": one_release_events(releases)}, tmp_path / "out")
    plain = load_release(tmp_path / "out")
    assert plain.manifest is None and list(plain.tables) == ["events"]


def one_release_events(releases):
    from schemas.arrow import conform

    frame = pd.read_parquet(releases / "2026.11.25" / "events.parquet")
    return conform("events", frame)


def _expected_flat_rows(release) -> int:
    ea = release.event_actors
    src = ea[ea["role"] == "source"].groupby("event_id").size()
    tgt = ea[ea["role"] == "target"].groupby("event_id").size()
    return int(sum(max(src.get(e, 0), 1) * max(tgt.get(e, 0), 1)
                   for e in release.events["event_id"]))


def test_events_flat_in_pandas(releases):
    release = load_release(releases)
    flat = release.events_flat
    assert len(flat) == _expected_flat_rows(release)
    assert list(flat.columns[:8]) == ["event_id", "event_date", "date_precision", "event_type",
                                      "event_mode", "quad_class", "intensity", "cameo_root"]
    for side in ("source", "target"):
        for col in ("actor_id", "name", "country", "sector", "actor_type"):
            assert f"{side}_{col}" in flat.columns
    assert set(release.events.columns) <= set(flat.columns)
    assert all(isinstance(t, pd.ArrowDtype) for t in flat.dtypes)
    row = flat[(flat["source_actor_id"] == "RUS_MIL") & flat["target_actor_id"].notna()].iloc[0]
    assert (row["source_name"], row["source_country"], row["source_sector"]) == (
        "Russian military", "RUS", "MIL")
    assert row["target_name"] == "Ukraine" and pd.isna(row["target_sector"])
    no_target = set(release.events["event_id"]) - set(
        release.event_actors.query("role == 'target'")["event_id"])
    assert no_target
    lonely = flat[flat["event_id"].isin(no_target)]
    assert len(lonely) == len(no_target) and lonely["target_actor_id"].isna().all()
    assert lonely["source_name"].notna().all()
    assert flat["event_id"].is_monotonic_increasing


def test_duckdb_and_polars_views_match_pandas(releases):
    release = load_release(releases)
    con = release.as_duckdb()
    assert isinstance(con, duckdb.DuckDBPyConnection)
    for name, frame in release.tables.items():
        assert con.sql(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] == len(frame)
    duck_flat = con.sql("SELECT * FROM events_flat").to_arrow_table()
    arrow_flat = release.events_flat_arrow()
    assert duck_flat.column_names == arrow_flat.column_names
    assert duck_flat.num_rows == arrow_flat.num_rows
    for col in ("event_id", "source_actor_id", "target_actor_id", "target_name",
                "source_country", "event_date", "quad_class"):
        assert duck_flat[col].to_pylist() == arrow_flat[col].to_pylist(), col
    top = con.sql("SELECT source_name, target_name, count(*) n FROM events_flat WHERE "
                  "target_name IS NOT NULL GROUP BY ALL ORDER BY n DESC LIMIT 1").fetchall()[0]
    assert top[:2] == ("Russian military", "Ukraine")

    frames = release.as_polars()
    assert set(frames) == set(CATALOGUE.tables) | {"events_flat"}
    assert frames["events"].schema["event_date"] == pl.Date
    assert frames["events_flat"].height == len(release.events_flat)
    assert frames["events_flat"]["event_id"].to_list() == arrow_flat["event_id"].to_pylist()


def test_events_flat_needs_its_tables(releases):
    release = load_release(releases, tables=["events"])
    with pytest.raises(KeyError, match="events_flat needs"):
        release.events_flat  # noqa: B018
    assert "events_flat" not in release.as_polars()


def test_load_over_http_downloads_into_a_cache(releases, serve, tmp_path):
    url, server = serve(releases)
    release = load_release(url, tables=["events", "actors"], cache_dir=tmp_path / "cache")
    local = load_release(releases, tables=["events", "actors"])
    pd.testing.assert_frame_equal(release.events, local.events)
    assert release.path.parent.parent == tmp_path / "cache"
    fetched = sorted(e["path"] for e in server.log)
    assert fetched == ["2026.11.25/actors.parquet", "2026.11.25/events.parquet",
                       "2026.11.25/manifest.json", "index.json"]
    server.log.clear()
    load_release(url, version="2026.11.25", tables=["events"], cache_dir=tmp_path / "cache")
    assert [e["path"] for e in server.log] == ["index.json", "2026.11.25/manifest.json"]


def test_verify_catches_a_changed_local_file(releases, copy_tree, tmp_path):
    root = copy_tree(releases, tmp_path / "r")
    path = root / "2026.11.25" / "actors.parquet"
    path.write_bytes(path.read_bytes()[:-1] + b"\0")
    load_release(root, tables=["events"], verify=True)
    with pytest.raises(ChecksumError, match="actors.parquet"):
        load_release(root, tables=["actors"], verify=True)
