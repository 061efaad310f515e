"""datapackage.json: a valid Frictionless tabular data package generated from the catalogue."""

from __future__ import annotations

import json

from frictionless import Package, validate

from schemas.catalogue import CATALOGUE


def _package(tmp_path, tables, publish) -> tuple[dict, object]:
    info = publish(tables, tmp_path / "r")
    return json.loads((info.path / "datapackage.json").read_text()), info


def test_descriptor_metadata(tmp_path, tables, publish):
    pkg, info = _package(tmp_path, tables, publish)
    assert pkg["profile"] == "tabular-data-package"
    assert pkg["name"] == "eventfold"
    assert pkg["version"] == info.version
    assert pkg["created"] == "2026-11-25T13:40:00Z"
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert pkg["title"] and pkg["description"]
    names = [r["name"] for r in pkg["resources"]]
    assert names == [f"{t}-parquet" for t in CATALOGUE.tables] + [
        f"{t}-csv" for t in CATALOGUE.tables]
    files = {f["path"]: f for f in info.files}
    for res in pkg["resources"]:
        f = files[res["path"]]
        assert res["bytes"] == f["bytes"]
        assert res["hash"] == "sha256:" + f["sha256"]


def test_fields_follow_the_catalogue(tmp_path, tables, publish):
    pkg, _ = _package(tmp_path, tables, publish)
    events = next(r for r in pkg["resources"] if r["name"] == "events-csv")
    fields = {f["name"]: f for f in events["schema"]["fields"]}
    assert list(fields) == CATALOGUE.table("events").columns
    assert fields["event_date"]["type"] == "date"
    assert fields["first_published_at"]["type"] == "datetime"
    assert fields["quad_class"] == {
        "name": "quad_class", "type": "integer",
        "description": CATALOGUE.fields["quad_class"].description,
        "constraints": {"required": True, "enum": [1, 2, 3, 4]}}
    assert fields["intensity"]["constraints"] == {"required": True, "minimum": -10,
                                                  "maximum": 10}
    assert fields["event_id"]["constraints"]["pattern"] == "^evt_[0-9a-f]{16}$"
    assert "required" not in fields["event_date"].get("constraints", {})
    assert "AGREE" in fields["event_type"]["constraints"]["enum"]
    assert events["schema"]["primaryKey"] == ["event_id"]
    actors = next(r for r in pkg["resources"] if r["name"] == "actors-parquet")
    assert next(f for f in actors["schema"]["fields"] if f["name"] == "aliases")["type"] == "array"
    ea = next(r for r in pkg["resources"] if r["name"] == "event_actors-csv")
    assert {"fields": ["actor_id"], "reference": {"resource": "actors-csv",
                                                  "fields": ["actor_id"]}} in ea["schema"][
        "foreignKeys"]


def test_frictionless_accepts_descriptor_and_csv_data(tmp_path, tables, publish):
    pkg, info = _package(tmp_path, tables, publish)
    assert Package.validate_descriptor(pkg).valid
    csv_only = dict(pkg, resources=[r for r in pkg["resources"] if r["format"] == "csv"])
    report = validate(csv_only, basepath=str(info.path))
    errors = [(t.name, e.type, e.note) for t in report.tasks for e in t.errors]
    assert report.valid, errors
    assert {t.name for t in report.tasks} == {f"{t}-csv" for t in CATALOGUE.tables}


def test_frictionless_catches_a_tampered_csv(tmp_path, tables, publish):
    import gzip

    pkg, info = _package(tmp_path, tables, publish)
    path = info.path / "csv" / "quarantine.csv.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()) + b"x,nonsense,d,bad\n"))
    res = next(r for r in pkg["resources"] if r["name"] == "quarantine-csv")
    report = validate(dict(pkg, resources=[res]), basepath=str(info.path))
    types = {e.type for t in report.tasks for e in t.errors}
    assert not report.valid
    assert {"hash-count", "byte-count", "constraint-error", "type-error"} <= types
