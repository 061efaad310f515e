"""publish_release: the folder it writes, the manifest, the index, and refusals."""

from __future__ import annotations

import gzip
import hashlib
import json
import os

import pyarrow.parquet as pq
import pytest

from eventfold.publish import ReleaseError, ReleaseInfo
from schemas.catalogue import CATALOGUE

EXPECTED = (
    [f"{t}.parquet" for t in CATALOGUE.tables]
    + [f"csv/{t}.csv.gz" for t in CATALOGUE.tables]
    + ["datapackage.json", "manifest.json", "CHANGELOG.md", "diff.json", "README.md",
       "quality/validation.json", "quality/expectations.json", "report.html"]
)


def test_release_has_every_file_design_lists(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "releases", quality_report=True)
    assert isinstance(info, ReleaseInfo)
    assert info.version == "2026.11.25"
    assert info.path == tmp_path / "releases" / "2026.11.25"
    found = sorted(p.relative_to(info.path).as_posix()
                   for p in info.path.rglob("*") if p.is_file())
    docs = [p for p in found if p.startswith("quality/data_docs/")]
    assert "quality/data_docs/index.html" in docs
    assert sorted(p for p in found if p not in docs) == sorted(EXPECTED)
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert sorted(f["path"] for f in manifest["files"]) == sorted(
        p for p in found if p != "manifest.json")
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [
        "2026.11.25", "index.json", "latest"]
    assert info.report.ok and info.rows["events"] == 3


def test_manifest_sha256_bytes_rows_match_files(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "r", accuracy={"gold": {"event_type_f1": 0.8}})
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert manifest["version"] == info.version
    assert manifest["created_at"] == "2026-11-25T13:40:00Z"
    assert manifest["schema_version"] == CATALOGUE.schema_version
    assert manifest["coder_version"] == "coder-0.1"
    assert manifest["source_snapshot"]["articles"] == 2
    assert manifest["accuracy"] == {"gold": {"event_type_f1": 0.8}}
    assert manifest["validation"]["ok"] is True
    paths = [f["path"] for f in manifest["files"]]
    assert sorted(paths) == sorted(p for p in EXPECTED if p != "manifest.json")
    assert manifest["files"] == info.files
    for f in manifest["files"]:
        data = (info.path / f["path"]).read_bytes()
        assert f["bytes"] == len(data)
        assert f["sha256"] == hashlib.sha256(data).hexdigest()
        if f["format"] == "parquet":
            assert f["rows"] == pq.ParquetFile(info.path / f["path"]).metadata.num_rows
            assert f["rows"] == len(tables[f["table"]])
        elif f["format"] == "csv.gz":
            lines = gzip.decompress(data).decode("utf-8").splitlines()
            assert f["rows"] == len(lines) - 1 == len(tables[f["table"]])
        else:
            assert f["rows"] is None and f["table"] is None


def test_index_latest_and_calver_suffix(tmp_path, tables, publish):
    root = tmp_path / "releases"
    first = publish(tables, root)
    second = publish(tables, root)
    assert (first.version, second.version) == ("2026.11.25", "2026.11.25.2")
    index_text = (root / "index.json").read_text()
    index = json.loads(index_text)
    assert index_text == json.dumps(index, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert index["latest"] == "2026.11.25.2"
    assert [r["version"] for r in index["releases"]] == ["2026.11.25", "2026.11.25.2"]
    entry = index["releases"][1]
    assert entry["result"] == "success"
    assert entry["path"] == "2026.11.25.2"
    assert entry["created_at"] == "2026-11-25T13:40:00Z"
    assert entry["tables"] == {t: len(tables[t]) for t in CATALOGUE.tables}
    assert entry["previous_version"] == "2026.11.25"
    manifest = (root / "2026.11.25.2" / "manifest.json").read_bytes()
    assert entry["manifest_sha256"] == hashlib.sha256(manifest).hexdigest()
    assert {f["path"] for f in entry["files"]} >= {"events.parquet", "csv/events.csv.gz"}
    assert os.readlink(root / "latest") == "2026.11.25.2"
    assert (root / "latest" / "events.parquet").is_file()


def test_latest_is_newest_version_even_after_a_backfill(tmp_path, tables, publish):
    root = tmp_path / "releases"
    publish(tables, root, version="2026.11.25")
    publish(tables, root, version="2026.10.01")
    index = json.loads((root / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == ["2026.10.01", "2026.11.25"]
    assert index["latest"] == "2026.11.25"
    assert os.readlink(root / "latest") == "2026.11.25"
    diff = json.loads((root / "2026.10.01" / "diff.json").read_text())
    assert diff["previous_version"] is None


def test_existing_version_is_never_overwritten(tmp_path, tables, publish, snapshot_tree):
    root = tmp_path / "releases"
    publish(tables, root, version="2026.01.01")
    before = snapshot_tree(root)
    with pytest.raises(ReleaseError, match="immutable"):
        publish(tables, root, version="2026.01.01")
    assert snapshot_tree(root) == before


@pytest.mark.parametrize("version", ["latest", "../evil", ".hidden", "a/b", ""])
def test_bad_version_names_are_refused(tmp_path, tables, publish, version):
    with pytest.raises(ReleaseError, match="invalid release version"):
        publish(tables, tmp_path / "r", version=version)
    assert not (tmp_path / "r").exists()


def _bad_enum(records):
    records["events"][0]["event_type"] = "INVADE"


def _orphan_fk(records):
    records["event_actors"][0]["actor_id"] = "NOBODY"


@pytest.mark.parametrize("spoil", [_bad_enum, _orphan_fk], ids=["bad-enum", "orphan-fk"])
def test_failed_validation_writes_nothing(tmp_path, records, build, tables, publish,
                                          snapshot_tree, spoil):
    root = tmp_path / "releases"
    publish(tables, root)
    before = snapshot_tree(root)
    spoil(records)
    with pytest.raises(ReleaseError) as err:
        publish(build(records), root, version="2026.12.01")
    assert "validation failed" in str(err.value)
    assert "INVADE" in str(err.value) or "NOBODY" in str(err.value)
    assert err.value.report is not None and not err.value.report.ok
    assert snapshot_tree(root) == before  # no folder, no temp, same index and latest


def test_failed_validation_does_not_create_releases_dir(tmp_path, records, build, publish):
    _bad_enum(records)
    with pytest.raises(ReleaseError):
        publish(build(records), tmp_path / "new" / "releases")
    assert not (tmp_path / "new").exists()


def test_custom_validate_is_called_first(tmp_path, tables, publish):
    from schemas.validation import Failure, ValidationReport

    seen = []

    def refuse(t):
        seen.append(sorted(t))
        return ValidationReport(tables={}, failures=[Failure("events", None, "custom", ["x"], 1)])

    with pytest.raises(ReleaseError, match="custom"):
        publish(tables, tmp_path / "r", validate=refuse)
    assert seen == [sorted(CATALOGUE.tables)]
    assert not (tmp_path / "r").exists()


def test_crash_while_writing_leaves_no_temp_and_same_index(tmp_path, tables, publish,
                                                           snapshot_tree, monkeypatch):
    import eventfold.publish.release as release

    root = tmp_path / "releases"
    publish(tables, root)
    before = snapshot_tree(root)

    def boom(**kw):
        raise OSError("disk full")

    monkeypatch.setattr(release, "render_readme", boom)
    with pytest.raises(OSError, match="disk full"):
        publish(tables, root)
    assert snapshot_tree(root) == before


def test_failed_index_write_removes_the_unlisted_release(tmp_path, tables, publish,
                                                         snapshot_tree, monkeypatch):
    import eventfold.publish.index as index

    root = tmp_path / "releases"
    publish(tables, root)
    before = snapshot_tree(root)

    def boom(*a, **kw):
        raise OSError("read-only file system")

    monkeypatch.setattr(index, "write_index", boom)
    with pytest.raises(OSError):
        publish(tables, root)
    assert snapshot_tree(root) == before


def test_stale_temp_folder_of_a_killed_run_is_removed(tmp_path, tables, publish):
    root = tmp_path / "releases"
    (root / ".tmp-2026.11.24-99999" / "csv").mkdir(parents=True)
    publish(tables, root)
    assert not list(root.glob(".tmp-*"))


def test_corrupt_index_refuses_to_publish(tmp_path, tables, publish, snapshot_tree):
    root = tmp_path / "releases"
    root.mkdir()
    (root / "index.json").write_text("{not json")
    before = snapshot_tree(root)
    with pytest.raises(ReleaseError, match="index.json"):
        publish(tables, root)
    assert snapshot_tree(root) == before


def test_naive_created_at_is_refused(tmp_path, tables, publish):
    from datetime import datetime

    with pytest.raises(ReleaseError, match="time zone"):
        publish(tables, tmp_path / "r", created_at=datetime(2026, 11, 25, 13, 40))
    assert not (tmp_path / "r").exists()


def test_readme_is_a_data_card(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "r")
    readme = (info.path / "README.md").read_text()
    for text in ["# eventfold 2026.11.25", "coder-0.1", "## How it was made",
                 "Not measured in this release.", "## Data dictionary", "### `events` (3 rows)",
                 "| `event_date` | date, nullable |", 'dtype_backend="pyarrow"',
                 "pl.read_parquet", "FROM 'events.parquet'", "read_parquet(\"events.parquet\")",
                 "leading apostrophe", "CC-BY-4.0", "validation passed",
                 "raw/sample/feed.jsonl"]:
        assert text in readme, text
    for spec in CATALOGUE.tables.values():
        for f in spec.fields:
            assert f"| `{f.name}` |" in readme

    measured = publish(tables, tmp_path / "r", accuracy={"gold_v1": {"event_type_f1": 0.8125}})
    readme = (measured.path / "README.md").read_text()
    assert "| gold_v1 / event_type_f1 | 0.812 |" in readme
    assert "Not measured" not in readme


def test_quality_validation_json(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "r")
    report = json.loads((info.path / "quality" / "validation.json").read_text())
    assert report == {"ok": True, "rows": {t: len(tables[t]) for t in CATALOGUE.tables},
                      "failures": []}
