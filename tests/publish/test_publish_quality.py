"""The Great Expectations quality report written at publish time: one suite per table, Data
Docs in quality/, expectations.json, the data card's summary; a report, never a gate."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from eventfold.publish.expectations import (
    DATE_ORDER_EVENTS,
    helper_columns,
    row_count_bounds,
    table_checks,
)
from schemas.catalogue import CATALOGUE


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory, synthetic):
    """A first release of 240 synthetic events and a second one of 60 (rows -75%) with one
    event dated after its first publication: both published with the GX suite."""
    from eventfold.publish import publish_release
    from schemas.arrow import conform

    root = tmp_path_factory.mktemp("quality") / "releases"
    kw = {"coder_version": "coder-0.1", "source_snapshot": {"inputs": ["x"]},
          "quality_report": True}
    clock = pd.Timestamp("2026-11-25T13:40:00Z").to_pydatetime()
    first = publish_release(synthetic.synthetic_tables(), root, version="2026.11.25",
                            created_at=clock, accuracy=synthetic.ACCURACY, **kw)
    records = synthetic.synthetic_records(n_events=60, seed=11)
    late = next(e for e in records["events"] if e["event_date"] is not None)
    late["event_date"] = late["first_published_at"].date().replace(year=2027)
    second = publish_release({n: conform(n, r) for n, r in records.items()}, root,
                             version="2026.11.26", created_at=clock, **kw)
    return first, second, late["event_id"]


def _summary(info) -> dict:
    return json.loads((info.path / "quality" / "expectations.json").read_text())


def test_a_suite_per_table_passes_on_a_good_release(two_releases):
    first, _, _ = two_releases
    summary = _summary(first)
    assert summary["engine"].startswith("great_expectations 1.")
    assert summary["gate"] is False and summary["success"] is True
    assert sorted(summary["tables"]) == sorted(CATALOGUE.tables)
    assert summary["evaluated"] == summary["passed"] > 50 and summary["failed"] == 0
    kinds = {e["expectation"] for t in summary["tables"].values() for e in t["expectations"]}
    assert {"expect_table_row_count_to_be_between", "expect_column_values_to_not_be_null",
            "expect_column_values_to_be_in_set", "expect_column_values_to_be_between",
            "expect_column_values_to_match_regex", "expect_column_values_to_be_unique",
            "expect_compound_columns_to_be_unique",
            "expect_column_pair_values_a_to_be_greater_than_b"} <= kinds
    events = summary["tables"]["events"]["expectations"]
    rows = next(e for e in events if e["expectation"] == "expect_table_row_count_to_be_between")
    assert rows["kwargs"] == {"min_value": 0}
    assert rows["observed_value"] == 240
    fks = [e for e in summary["tables"]["event_actors"]["expectations"]
           if e["why"].startswith("foreign key")]
    assert [e["kwargs"]["column"] for e in fks] == ["check__event_id_in_events",
                                                    "check__actor_id_in_actors"]
    assert any(e["kwargs"].get("column") == DATE_ORDER_EVENTS for e in events)


def test_data_docs_are_in_the_release_and_the_manifest(two_releases):
    first, _, _ = two_releases
    docs = first.path / "quality" / "data_docs"
    assert (docs / "index.html").is_file()
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.html"))
    for table in CATALOGUE.tables:
        assert f"expectations/{table}.html" in pages
        assert any(p.startswith(f"validations/{table}/2026.11.25/") for p in pages)
    assert "unique" in (docs / "expectations/events.html").read_text()
    listed = {f["path"] for f in first.files}
    assert {f"quality/data_docs/{p}" for p in pages} <= listed
    assert not (docs / "static" / "fonts").exists()  # unused GX assets are pruned
    total = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
    assert total < 1_500_000


def test_row_count_against_previous_and_date_sanity_fail_without_blocking(two_releases):
    _, second, late_id = two_releases
    summary = _summary(second)
    assert summary["success"] is False
    events = summary["tables"]["events"]
    rows = next(e for e in events["expectations"]
                if e["expectation"] == "expect_table_row_count_to_be_between")
    assert rows["kwargs"] == {"min_value": 120, "max_value": 360}
    assert rows["observed_value"] == 60 and rows["success"] is False
    dates = next(e for e in events["expectations"] if e["kwargs"].get("column")
                 == DATE_ORDER_EVENTS)
    assert dates["success"] is False and dates["unexpected_count"] == 1
    assert dates["unexpected_keys"] == [late_id]
    assert events["failed"] == 2
    readme = (second.path / "README.md").read_text()
    assert "## Quality report" in readme
    assert f"| events | {events['evaluated']} | {events['passed']} | 2 |" in readme
    assert "Failed expectations:" in readme
    assert "no event dated after its first publication" in readme
    assert f"e.g. `{late_id}`" in readme
    index = json.loads((second.path.parent / "index.json").read_text())
    assert index["latest"] == "2026.11.26"  # published all the same: a report, not a gate
    assert late_id.startswith("evt_")


def test_data_card_shows_accuracy_and_quality_tables(two_releases):
    first, _, _ = two_releases
    readme = (first.path / "README.md").read_text()
    assert "| gold_seed / event_type_f1 | 0.812 |" in readme
    assert "| gold_news_v1 / type_source_target_f1 | 0.598 |" in readme
    assert "| table | expectations | passed | failed |" in readme
    assert "Failed expectations" not in readme
    manifest = json.loads((first.path / "manifest.json").read_text())
    assert manifest["accuracy"]["gold_seed"]["event_type_f1"] == 0.812
    summary = _summary(first)
    assert manifest["quality"] == {"ran": True, "success": True,
                                   "evaluated": summary["evaluated"],
                                   "passed": summary["evaluated"], "failed": 0,
                                   "report": "quality/expectations.json",
                                   "data_docs": "quality/data_docs/index.html"}


def test_gx_crash_is_reported_not_raised(tmp_path, tables, publish, monkeypatch):
    import eventfold.publish.quality as quality

    def boom(*a, **kw):
        raise RuntimeError("suite exploded")

    monkeypatch.setattr(quality, "run_suites", boom)
    info = publish(tables, tmp_path / "r", quality_report=True)
    summary = _summary(info)
    assert summary["error"] == "RuntimeError: suite exploded"
    assert "could not run: RuntimeError: suite exploded" in (info.path / "README.md").read_text()
    assert not (info.path / "quality" / "data_docs").exists()


def test_skipped_suite_is_said_in_the_data_card(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "r")  # the test default: quality_report=False
    assert "was not run for this release" in (info.path / "README.md").read_text()


def test_row_count_bounds():
    assert row_count_bounds(None) == (0, None)
    assert row_count_bounds(0) == (0, None)
    assert row_count_bounds(3) == (2, 4)
    assert row_count_bounds(1000) == (500, 1500)


def test_helper_columns_find_orphans_and_late_dates(tables):
    frames = dict(tables)
    ea = frames["event_actors"].copy()
    ea.loc[0, "actor_id"] = "NOBODY"
    frames["event_actors"] = ea
    helpers = helper_columns("event_actors", frames)
    assert helpers["check__actor_id_in_actors"].tolist() == [False, True, True, True]
    assert helpers["check__event_id_in_events"].all()
    events = frames["events"].copy()
    events.loc[0, "event_date"] = date(2023, 1, 1)  # after its publication (2022-06-14)
    frames["events"] = events
    late = helper_columns("events", frames)[DATE_ORDER_EVENTS]
    assert late.tolist() == [False, True, True]  # null dates pass


def test_every_catalogue_rule_has_an_expectation():
    for name, spec in CATALOGUE.tables.items():
        checks = table_checks(spec, 10)
        columns = {c.kwargs.get("column") for c in checks}
        for f in spec.fields:
            if not f.nullable:
                assert f.name in columns, (name, f.name)
            if f.enum or f.min is not None or f.pattern:
                assert sum(c.kwargs.get("column") == f.name for c in checks) >= 1
