"""`eventfold run` reads sources.yaml: fetches a feed and a page from a local HTTP server,
ingests them with the local sources, confirms the staged files and merges the fetch
quarantine into the quarantine table; explicit INPUTs bypass sources.yaml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE_TXT = REPO / "raw" / "sample" / "txt"

pytestmark = pytest.mark.e2e


def write_sources(path: Path, server, local: Path) -> Path:
    path.write_text(f"""
schedule: "0 6 * * *"
fetch:
  allow_private_addresses: true   # the test server is on 127.0.0.1
  rate_limit_per_host: 1000
  retries: 0
sources:
  - name: herald
    kind: feed
    url: {server.url("/rss.xml")}
    source_name: Harbour Herald
  - name: statement
    kind: page
    url: {server.url("/statement.html")}
  - name: gone
    kind: page
    url: {server.url("/gone.html")}
  - name: local
    kind: folder
    path: {local}
""")
    return path


def test_run_fetches_sources_ingests_and_confirms(prefect_harness, http_server, pages,
                                                  tmp_path, capsys):
    from eventfold.cli import main

    oslo = http_server.add("/news/oslo.html", pages.news_page("Deal in Oslo", "Oslo"))
    lima = http_server.add("/news/lima.html", pages.news_page("Deal in Lima", "Lima"))
    http_server.add("/rss.xml", pages.rss([("Oslo", oslo), ("Lima", lima)]),
                    "application/rss+xml")
    statement = http_server.add("/statement.html",
                                pages.news_page("Statement", "Santiago", "met"))
    local = tmp_path / "local"
    shutil.copytree(SAMPLE_TXT, local)
    sources = write_sources(tmp_path / "sources.yaml", http_server, local)
    out = tmp_path / "out"

    assert main(["run", "--sources", str(sources), "--out", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["fetch_fetched"] == 3
    assert summary["counts"]["fetch_local"] == 1
    assert set(summary["stages"]) == {"fetch", "ingest", "code", "normalize", "validate",
                                      "write"}

    articles = pd.read_parquet(out / "articles.parquet")
    assert {oslo, lima, statement} <= set(articles["url"])
    assert len(articles) == 3 + len(list(SAMPLE_TXT.glob("*.txt")))
    quarantine = pd.read_parquet(out / "quarantine.parquet")
    assert list(zip(quarantine["raw_path"], quarantine["reason"], strict=True)) == [
        (http_server.url("/gone.html"), "http_status")]
    staged = sorted(p.name for p in (out / "fetch" / "staging").rglob("*.jsonl"))
    assert len(staged) == 3
    pending = json.loads((out / "fetch" / "state" / "pending.json").read_text())
    assert pending["paths"] == []  # confirmed by mark_ingested

    # Second run: the feed's items were seen and nothing is staged again.
    fetched_before = len(http_server.log)
    assert main(["run", "--sources", str(sources), "--out", str(out), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["counts"]["fetch_fetched"] == 1  # the page source is fetched again (no ETag)
    assert again["counts"]["fetch_skipped_seen"] == 2
    assert again["counts"]["coded"] == 0
    assert "/news/oslo.html" not in http_server.log[fetched_before:]


def test_default_sources_yaml_and_explicit_inputs(prefect_harness, http_server, pages,
                                                  tmp_path, monkeypatch, capsys):
    from eventfold.cli import main

    http_server.add("/rss.xml", pages.rss([]), "application/rss+xml")
    http_server.add("/statement.html", pages.news_page("Statement", "Santiago", "met"))
    local = tmp_path / "local"
    local.mkdir()
    shutil.copy(next(iter(sorted(SAMPLE_TXT.glob("*.txt")))), local)
    write_sources(tmp_path / "sources.yaml", http_server, local)
    monkeypatch.chdir(tmp_path)

    # No INPUT: ./sources.yaml is read, and fetching goes under --out DIR/fetch.
    assert main(["run", "--out", "a", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["fetch_requests"] >= 3
    assert (tmp_path / "a" / "fetch" / "state").is_dir()

    # An explicit INPUT bypasses sources.yaml: no request at all.
    requests = len(http_server.log)
    assert main(["run", str(local), "--out", "b", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert "fetch_requests" not in summary["counts"]
    assert summary["counts"]["articles"] == 1
    assert len(http_server.log) == requests
    assert not (tmp_path / "b" / "fetch").exists()

    # Both at once is refused; so is a broken config, with its line.
    assert main(["run", str(local), "--sources", "sources.yaml"]) == 2
    assert "not both" in capsys.readouterr().err
    (tmp_path / "bad.yaml").write_text("sources:\n  - name: x\n    kind: nope\n    path: y\n")
    assert main(["run", "--sources", "bad.yaml", "--out", "c"]) == 2
    assert "bad.yaml, line 3" in capsys.readouterr().err
