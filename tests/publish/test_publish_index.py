"""index.json helpers: CalVer numbering, version order, previous release, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from eventfold.publish import ReleaseError, write_quality
from eventfold.publish.index import next_version, previous_release, version_key


def test_next_version_counts_up_within_a_day():
    day = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert next_version(day, set()) == "2026.11.25"
    assert next_version(day, {"2026.11.25"}) == "2026.11.25.2"
    taken = {"2026.11.25"} | {f"2026.11.25.{n}" for n in range(2, 10)}
    assert next_version(day, taken) == "2026.11.25.10"
    # the date is the UTC date of the clock
    tokyo = datetime(2026, 11, 26, 1, 0, tzinfo=timezone(timedelta(hours=9)))
    assert next_version(tokyo, set()) == "2026.11.25"


def test_version_order_is_numeric():
    versions = ["2026.11.25.10", "2026.11.25", "2026.11.25.2", "2026.2.1", "2026.11.3"]
    assert sorted(versions, key=version_key) == [
        "2026.2.1", "2026.11.3", "2026.11.25", "2026.11.25.2", "2026.11.25.10"]


def test_previous_release_is_the_newest_older_one():
    index = {"releases": [{"version": v} for v in ("2026.01.01", "2026.03.01", "2026.02.01")]}
    assert previous_release(index, "2026.02.15")["version"] == "2026.02.01"
    assert previous_release(index, "2026.12.31")["version"] == "2026.03.01"
    assert previous_release(index, "2025.12.31") is None


def test_release_error_message_is_the_readable_report(tmp_path, records, build, publish):
    records["events"][0]["quad_class"] = 7
    with pytest.raises(ReleaseError) as err:
        publish(build(records), tmp_path / "r")
    assert str(err.value) == str(err.value.report)
    assert str(err.value).startswith("validation failed")
    assert "events.quad_class" in str(err.value)


def test_unknown_table_is_refused(tmp_path, tables, publish):
    import pandas as pd

    with pytest.raises(ReleaseError, match="unknown \\['extra'\\]"):
        publish({**tables, "extra": pd.DataFrame({"x": [1]})}, tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_missing_previous_release_folder_is_an_error(tmp_path, tables, publish, snapshot_tree):
    import shutil

    root = tmp_path / "releases"
    first = publish(tables, root)
    shutil.rmtree(first.path)
    before = snapshot_tree(root)
    with pytest.raises(ReleaseError, match="is missing"):
        publish(tables, root)
    assert snapshot_tree(root) == before


def test_write_quality_seam_validates_when_given_no_report(tmp_path, tables):
    paths = write_quality(tables, tmp_path / "quality", run_expectations=False)
    assert paths == [tmp_path / "quality" / "validation.json",
                     tmp_path / "quality" / "expectations.json"]
    assert json.loads(paths[0].read_text())["ok"] is True
    assert "not run" in json.loads(paths[1].read_text())["skipped"]
