"""Incremental runs, proven: nothing new → nothing coded or published (unless --force); a new
coder version or --recode codes again. (Killed runs and the run lock: tests/ops/test_crash.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventfold.state.coded_store import version_slug

REPO = Path(__file__).resolve().parents[2]
SAMPLE_TXT = REPO / "raw" / "sample" / "txt"
N_TXT = len(list(SAMPLE_TXT.glob("*.txt")))

pytestmark = pytest.mark.e2e


def run_json(main, capsys, *args: str) -> dict:
    assert main(["run", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_nothing_new_codes_and_publishes_nothing(prefect_harness, tmp_path, capsys):
    from eventfold.cli import main

    where = ["--releases", str(tmp_path / "rel"), "--store", str(tmp_path / "store"),
             "--state", str(tmp_path / "state")]
    first = run_json(main, capsys, str(SAMPLE_TXT), *where, "--version", "2026.11.25")
    assert first["counts"]["coded"] == N_TXT and first["release"] == "2026.11.25"
    assert {"ingest", "code", "normalize", "validate", "publish"} <= set(first["stages"])
    assert all(s["seconds"] >= 0 for s in first["stages"].values())
    index = (tmp_path / "rel" / "index.json").read_bytes()

    assert main(["run", str(SAMPLE_TXT), *where]) == 0
    printed = capsys.readouterr().out
    assert f"coded 0 article(s), {N_TXT} already coded" in printed
    assert "nothing new to code" in printed
    assert "nothing new: release 2026.11.25" in printed
    assert (tmp_path / "rel" / "index.json").read_bytes() == index

    second = run_json(main, capsys, str(SAMPLE_TXT), *where)
    assert second["up_to_date"] and second["counts"]["coded"] == 0
    assert set(second["stages"]) == {"ingest", "code"}

    assert main(["run", str(SAMPLE_TXT), *where, "--quiet"]) == 0
    assert capsys.readouterr().out == ""

    forced = run_json(main, capsys, str(SAMPLE_TXT), *where, "--force", "--version",
                      "2026.11.26")
    assert forced["release"] == "2026.11.26" and forced["counts"]["coded"] == 0
    releases = json.loads((tmp_path / "rel" / "index.json").read_text())["releases"]
    assert [r["version"] for r in releases] == ["2026.11.25", "2026.11.26"]


def test_new_coder_version_and_recode_code_again(prefect_harness, tmp_path, capsys,
                                                 monkeypatch):
    from eventfold.cli import main
    from eventfold.coding.coder import Coder
    from flows.code import get_coder

    where = ["--releases", str(tmp_path / "rel"), "--store", str(tmp_path / "store"),
             "--state", str(tmp_path / "state")]
    first = run_json(main, capsys, str(SAMPLE_TXT), *where, "--version", "2026.11.25")
    assert first["counts"]["coded"] == N_TXT
    coded = tmp_path / "state" / "coded"
    assert [p.name for p in coded.iterdir()] == [version_slug(get_coder().version)]

    # --recode: every article of the current version again (and the tables are rebuilt).
    again = run_json(main, capsys, str(SAMPLE_TXT), *where, "--recode", "--version",
                     "2026.11.26")
    assert again["counts"]["coded"] == N_TXT and again["release"] == "2026.11.26"

    # --recode ID: only that article.
    store_ids = sorted(p.stem for p in (tmp_path / "store").rglob("*.json"))
    one = "art_" + store_ids[0][:16]
    named = run_json(main, capsys, str(SAMPLE_TXT), *where, "--recode", one, "--version",
                     "2026.11.27")
    assert named["counts"]["coded"] == 1 and named["release"] == "2026.11.27"

    # A new coder version (its data or model changed) codes everything again, in its own
    # folder, and publishes a release stamped with it.
    monkeypatch.setattr(Coder, "version", property(lambda self: "0.1.0+test+data.bumped"))
    bumped = run_json(main, capsys, str(SAMPLE_TXT), *where, "--version", "2026.11.28")
    assert bumped["counts"]["coded"] == N_TXT and bumped["release"] == "2026.11.28"
    assert (coded / version_slug("0.1.0+test+data.bumped")).is_dir()
    manifest = json.loads((tmp_path / "rel" / "2026.11.28" / "manifest.json").read_text())
    assert manifest["coder_version"] == "0.1.0+test+data.bumped"
    assert run_json(main, capsys, str(SAMPLE_TXT), *where)["up_to_date"]
