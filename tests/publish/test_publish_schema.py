"""Schema versions across releases: removing or retyping a column is refused unless allowed,
and then bumps the major version; adding one bumps the minor version."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from eventfold.cli import build_parser
from eventfold.publish import ReleaseError
from eventfold.publish.schema_version import next_schema_version
from schemas.catalogue import CATALOGUE


def _rewrite_previous(info, change) -> None:
    """Make the published release look as if its events table had another schema."""
    path = info.path / "events.parquet"
    pq.write_table(change(pq.read_table(path)), path)


def _with_goldstein(t: pa.Table) -> pa.Table:
    return t.append_column("goldstein", pa.array([1.0] * t.num_rows))


def _quad_as_text(t: pa.Table) -> pa.Table:
    i = t.schema.get_field_index("quad_class")
    return t.set_column(i, "quad_class", pc.cast(t["quad_class"], pa.string()))


@pytest.mark.parametrize("change, what", [
    (_with_goldstein, "events.goldstein removed"),
    (_quad_as_text, "events.quad_class retyped string -> int64"),
], ids=["removed", "retyped"])
def test_breaking_change_is_refused_without_the_flag(tmp_path, tables, publish, snapshot_tree,
                                                     change, what):
    root = tmp_path / "releases"
    _rewrite_previous(publish(tables, root, version="2026.11.24"), change)
    before = snapshot_tree(root)
    with pytest.raises(ReleaseError) as err:
        publish(tables, root, version="2026.11.25")
    message = str(err.value)
    assert what in message and "2.0.0" in message and "allow_breaking_schema" in message
    assert "--allow-breaking-schema" in message
    assert snapshot_tree(root) == before  # nothing written, index untouched


def test_allowed_breaking_change_bumps_the_major_version(tmp_path, tables, publish):
    root = tmp_path / "releases"
    _rewrite_previous(publish(tables, root, version="2026.11.24"), _with_goldstein)
    info = publish(tables, root, version="2026.11.25", allow_breaking_schema=True)
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert manifest["schema_version"] == "2.0.0"
    index = json.loads((root / "index.json").read_text())
    assert [r["schema_version"] for r in index["releases"]] == ["1.0.0", "2.0.0"]
    meta = pq.read_schema(info.path / "events.parquet").metadata
    assert meta[b"eventfold.schema_version"] == b"2.0.0"
    diff = json.loads((info.path / "diff.json").read_text())
    assert diff["schema_version"] == {"version": "2.0.0", "previous": "1.0.0", "bump": "major",
                                      "breaking": ["events.goldstein removed"], "additive": []}
    assert diff["schema_changes"]["events"]["columns_removed"] == ["goldstein"]
    changelog = (info.path / "CHANGELOG.md").read_text()
    assert "`events.goldstein` removed" in changelog
    assert "Schema version 1.0.0 -> 2.0.0 (major" in changelog
    assert "- schema version: 2.0.0" in (info.path / "README.md").read_text()

    same = publish(tables, root, version="2026.11.26")  # no change: stays 2.0.0, no flag needed
    assert json.loads((same.path / "manifest.json").read_text())["schema_version"] == "2.0.0"


def test_added_column_bumps_the_minor_version(tmp_path, tables, publish):
    root = tmp_path / "releases"
    _rewrite_previous(publish(tables, root, version="2026.11.24"),
                      lambda t: t.drop_columns(["cameo_root"]))
    info = publish(tables, root, version="2026.11.25")
    assert json.loads((info.path / "manifest.json").read_text())["schema_version"] == "1.1.0"
    diff = json.loads((info.path / "diff.json").read_text())
    assert diff["schema_version"]["additive"] == ["events.cameo_root added"]


def test_first_release_uses_the_catalogue_version(tmp_path, tables, publish):
    info = publish(tables, tmp_path / "r")
    manifest = json.loads((info.path / "manifest.json").read_text())
    assert manifest["schema_version"] == CATALOGUE.schema_version
    assert json.loads((info.path / "diff.json").read_text())["schema_version"]["bump"] is None


def test_next_schema_version_rules():
    assert next_schema_version("1.0.0", None, ["x"], []) == "1.0.0"
    assert next_schema_version("1.0.0", "1.0.0", ["x"], []) == "2.0.0"
    assert next_schema_version("1.0.0", "1.4.2", [], ["y"]) == "1.5.0"
    assert next_schema_version("1.0.0", "2.0.0", [], []) == "2.0.0"  # never goes back
    assert next_schema_version("3.0.0", "2.1.0", ["x"], []) == "3.0.0"  # catalogue bumped


def test_cli_run_has_the_flag():
    args = build_parser().parse_args(["run", "--allow-breaking-schema"])
    assert args.allow_breaking_schema is True
    assert build_parser().parse_args(["run"]).allow_breaking_schema is False
