"""End to end: the real `pipeline` flow on the sample corpus under Prefect's test harness."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from schemas.catalogue import CATALOGUE
from schemas.validation import ValidationFailed, validate_tables

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "raw" / "sample"
BROKEN = REPO / "tests" / "fixtures" / "broken"

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def sample_release(prefect_harness, tmp_path_factory):
    from flows.pipeline import pipeline

    root = tmp_path_factory.mktemp("release")
    result = pipeline(inputs=[SAMPLE], store_dir=root / "store", state_dir=root / "state",
                      releases_dir=root / "releases", version="2026.11.25")
    return result, root / "releases"


def read_release(path: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(path / f"{t}.parquet", dtype_backend="pyarrow")
            for t in CATALOGUE.tables}


def test_release_has_every_file_of_the_contract(sample_release):
    result, releases = sample_release
    release = releases / "2026.11.25"
    assert result.release_path == release
    for table in CATALOGUE.tables:
        assert (release / f"{table}.parquet").is_file()
        assert (release / "csv" / f"{table}.csv.gz").is_file()
    for name in ("datapackage.json", "manifest.json", "CHANGELOG.md", "diff.json", "README.md"):
        assert (release / name).is_file(), name
    assert (release / "quality").is_dir()
    index = json.loads((releases / "index.json").read_text())
    assert index["latest"] == "2026.11.25"
    assert [r["version"] for r in index["releases"]] == ["2026.11.25"]


def test_release_tables_meet_the_contract(sample_release):
    result, releases = sample_release
    release = releases / "2026.11.25"
    for table, spec in CATALOGUE.tables.items():
        schema = pq.read_schema(release / f"{table}.parquet")
        assert schema.names == spec.columns
        for f in spec.fields:
            assert schema.field(f.name).metadata[b"description"].decode() == f.description
    manifest = json.loads((release / "manifest.json").read_text())
    rows = {f["table"]: f["rows"] for f in manifest["files"] if f.get("format") == "parquet"}
    assert rows == result.rows
    tables = {t: pd.read_parquet(release / f"{t}.parquet") for t in CATALOGUE.tables}
    from schemas.arrow import conform

    report = validate_tables({t: conform(t, f) for t, f in tables.items()})
    assert report.ok, str(report)


def test_sample_corpus_is_coded_into_many_event_types(sample_release):
    result, releases = sample_release
    tables = read_release(releases / "2026.11.25")
    assert result.counts["articles"] >= 24
    events = tables["events"]
    assert len(events) >= 24
    assert events["event_type"].nunique() >= 10
    # overlapping articles: more mentions than events
    assert len(tables["mentions"]) >= len(events)
    assert (events["date_source"] == "text").sum() > 0
    assert set(tables["event_actors"]["event_id"]) <= set(events["event_id"])


def test_failed_validation_publishes_nothing(prefect_harness, tmp_path, monkeypatch):
    import flows.pipeline as pipeline_module
    from eventfold.normalize import build_tables

    def corrupt(*args, **kwargs):
        tables = build_tables(*args, **kwargs)
        tables["events"].loc[0, "event_type"] = "PARTY"  # not a PLOVER type
        return tables

    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / "index.json").write_text('{"latest": null, "releases": []}\n')
    before = (releases / "index.json").read_bytes()
    monkeypatch.setattr(pipeline_module, "build_tables", corrupt)
    with pytest.raises(ValidationFailed) as err:
        pipeline_module.pipeline(inputs=[SAMPLE / "txt"], store_dir=tmp_path / "store",
                                 state_dir=tmp_path / "state", releases_dir=releases,
                                 version="2026.11.25")
    assert "events.event_type" in str(err.value)
    assert sorted(p.name for p in releases.iterdir()) == ["index.json"]
    assert (releases / "index.json").read_bytes() == before


def test_broken_inputs_are_quarantined_and_good_ones_published(prefect_harness, tmp_path):
    from flows.pipeline import pipeline

    inputs = tmp_path / "inputs"
    shutil.copytree(BROKEN, inputs / "broken")
    shutil.copytree(SAMPLE / "txt", inputs / "good")
    (inputs / "broken" / "huge.txt").write_text("Big news. " * 5_300_000)  # ~53 MB
    result = pipeline(inputs=[inputs], store_dir=tmp_path / "store", state_dir=tmp_path / "state",
                      releases_dir=tmp_path / "releases", version="2026.11.25")
    q = pd.read_parquet(tmp_path / "releases" / "2026.11.25" / "quarantine.parquet")
    reasons = dict(zip(q["raw_path"], q["reason"], strict=True))
    assert "too_large" in reasons.values()
    assert {"empty", "binary", "undecodable", "malformed_json", "http_status"} <= set(
        reasons.values())
    assert all(q["detail"].str.len() > 0)
    assert result.rows["articles"] >= len(list((SAMPLE / "txt").glob("*.txt")))


def test_same_inputs_give_byte_identical_tables(prefect_harness, tmp_path, monkeypatch):
    from flows.pipeline import pipeline

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764028800")
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        pipeline(inputs=[SAMPLE / "jsonl"], store_dir=tmp_path / f"store{n}",
                 state_dir=tmp_path / f"state{n}", out_dir=out)
        outs.append(out)
    for table in CATALOGUE.tables:
        a = (outs[0] / f"{table}.parquet").read_bytes()
        b = (outs[1] / f"{table}.parquet").read_bytes()
        assert a == b, table
