"""diff.json and CHANGELOG.md: rows added/removed/changed by primary key, new actors, schema."""

from __future__ import annotations

import json

import pyarrow as pa

from eventfold.publish.diff import diff_tables
from eventfold.publish.parquet_io import arrow_table
from schemas.catalogue import CATALOGUE

E4 = "evt_" + "4" * 16


def test_first_release_everything_added(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "r")
    diff = json.loads((info.path / "diff.json").read_text())
    assert diff["previous_version"] is None and diff["version"] == info.version
    for name in CATALOGUE.tables:
        t = diff["tables"][name]
        assert (t["added"], t["removed"], t["changed"]) == (len(tables[name]), 0, 0)
        assert diff["schema_changes"][name]["table"] == "added"
        assert diff["schema_changes"][name]["columns_added"] == CATALOGUE.table(name).columns
    assert diff["tables"]["events"]["examples"]["added"] == sorted(tables["events"]["event_id"])
    assert diff["actors_new"]["count"] == 4
    assert diff["tables"]["event_actors"]["examples"]["added"][0] == [
        "evt_1111111111111111", "ISR", "source"]
    changelog = (info.path / "CHANGELOG.md").read_text()
    assert "First release" in changelog and "| events | 0 | 3 | 3 | 0 | 0 |" in changelog


def test_second_release_counts_added_removed_changed(tmp_path, records, build, event, publish):
    root = tmp_path / "releases"
    publish(build(records), root)

    # evt_2 removed (with its mention, actor link and relation), evt_3 changed, evt_4 added
    e2 = "evt_" + "2" * 16
    records["events"] = [e for e in records["events"] if e["event_id"] != e2]
    records["events"][1]["intensity"] = -4.0
    records["events"][1]["num_mentions"] = 3
    records["events"].append(event(E4, event_type="CONSULT", quad_class=1, intensity=1.0,
                                   cameo_root="04"))
    records["mentions"] = [m for m in records["mentions"] if m["event_id"] != e2]
    records["event_actors"] = [a for a in records["event_actors"] if a["event_id"] != e2]
    records["event_actors"].append({"event_id": E4, "actor_id": "USA", "role": "source"})
    records["actors"].append(
        {"actor_id": "USA", "name": "United States", "actor_type": "country", "country": "USA",
         "sector": None, "aliases": [], "wikidata_id": "Q30", "num_mentions": 1,
         "first_seen": None, "last_seen": None})
    second = publish(build(records), root)

    diff = json.loads((second.path / "diff.json").read_text())
    assert diff["previous_version"] == "2026.11.25"
    ev = diff["tables"]["events"]
    assert (ev["rows_before"], ev["rows_after"]) == (3, 3)
    assert (ev["added"], ev["removed"], ev["changed"], ev["unchanged"]) == (1, 1, 1, 1)
    assert ev["examples"] == {"added": [E4], "removed": [e2], "changed": ["evt_" + "3" * 16]}
    assert ev["columns_changed"] == {"intensity": 1, "num_mentions": 1}
    assert diff["tables"]["mentions"]["removed"] == 1
    art = diff["tables"]["articles"]
    assert (art["added"], art["removed"], art["changed"], art["unchanged"]) == (0, 0, 0, 2)
    assert diff["actors_new"] == {"count": 1, "examples": [
        {"actor_id": "USA", "name": "United States", "actor_type": "country",
         "country": "USA"}]}
    assert all(not s["columns_added"] and not s["columns_removed"] and not s["columns_retyped"]
               and s["table"] == "kept" for s in diff["schema_changes"].values())

    changelog = (second.path / "CHANGELOG.md").read_text()
    assert "Changes since release 2026.11.25" in changelog
    assert "| events | 3 | 3 | 1 | 1 | 1 |" in changelog
    assert f"- added (1): `{E4}`" in changelog
    assert "`USA` United States (country, USA)" in changelog
    assert "No schema changes." in changelog


def test_schema_changes_are_reported(tables):
    new = {name: arrow_table(name, frame) for name, frame in tables.items()}
    old = dict(new)
    ev = new["events"]
    old["events"] = (ev.drop_columns(["cameo_root"])
                     .append_column("goldstein", pa.array([1.0] * ev.num_rows))
                     .set_column(ev.schema.get_field_index("quad_class"),
                                 "quad_class", ev["quad_class"].cast(pa.int32())))
    old["legacy"] = pa.table({"x": ["a"]})
    diff = diff_tables(new, old, "2026.01.01")
    s = diff["schema_changes"]["events"]
    assert s["columns_added"] == ["cameo_root"]
    assert s["columns_removed"] == ["goldstein"]
    assert s["columns_retyped"] == [{"column": "quad_class", "before": "int32", "after": "int64"}]
    assert "quad_class" not in diff["tables"]["events"]["compared_columns"]
    assert diff["tables"]["events"]["changed"] == 0
    assert diff["schema_changes"]["legacy"]["table"] == "removed"
    assert diff["tables"]["legacy"]["removed"] == 1
    assert diff["schema_changes"]["actors"]["columns_retyped"] == []


def test_examples_are_capped_at_50(tables):
    from eventfold.publish.diff import MAX_EXAMPLES, diff_rows

    big = pa.table({"raw_path": [f"f{i:03d}" for i in range(120)],
                    "reason": ["empty"] * 120})
    d = diff_rows("quarantine", None, big)
    assert d["added"] == 120 and len(d["examples"]["added"]) == MAX_EXAMPLES == 50
