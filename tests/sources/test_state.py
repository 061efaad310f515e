"""Fetch state between runs: staged files carried over until confirmed ingested (a crash between
fetch and ingest loses nothing), one fetch at a time, unreadable state files tolerated."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from eventfold.sources import (
    FetchStateLocked,
    Source,
    SourceConfig,
    fetch_sources,
    mark_ingested,
    pending_paths,
)
from eventfold.sources.state import FetchState, state_lock, write_json_atomic


def _feed_config(server, settings, build):
    server.static("/pages/oslo.html", build.article_html("Talks in Oslo", "Oslo"))
    server.static("/rss.xml", build.rss_feed([("Oslo", server.url("/pages/oslo.html"))]),
                  etag='"f1"')
    return SourceConfig(sources=(Source(name="herald", kind="feed",
                                        url=server.url("/rss.xml")),), fetch=settings)


def test_staged_files_are_carried_over_until_marked_ingested(server, settings, clock,
                                                             tmp_path, build):
    config = _feed_config(server, settings, build)
    state = tmp_path / "state"
    first = fetch_sources(config, tmp_path / "s", state, clock=clock)
    # ... the run crashes before ingest: the next fetch gets nothing new, but keeps the file
    second = fetch_sources(config, tmp_path / "s", state, clock=clock)
    assert second.paths == first.paths and second.counts["carried_over"] == 1
    assert second.counts["not_modified"] == 1 and second.counts["fetched"] == 0
    assert pending_paths(state) == first.paths

    mark_ingested(state, second.paths)

    third = fetch_sources(config, tmp_path / "s", state, clock=clock)
    assert third.paths == [] and pending_paths(state) == []


def test_state_files_are_json_written_atomically(server, settings, clock, tmp_path, build):
    config = _feed_config(server, settings, build)
    fetch_sources(config, tmp_path / "s", tmp_path / "state", clock=clock)
    names = sorted(p.name for p in (tmp_path / "state").iterdir())
    assert names == [".fetch.lock", "http_cache.json", "pending.json", "seen_links.json"]
    cache = json.loads((tmp_path / "state" / "http_cache.json").read_text())
    assert cache["urls"][server.url("/rss.xml")]["etag"] == '"f1"'
    seen = json.loads((tmp_path / "state" / "seen_links.json").read_text())
    assert list(seen["sources"]["herald"]) == [server.url("/pages/oslo.html")]


def test_unreadable_state_only_costs_a_refetch(server, settings, clock, tmp_path, build):
    config = _feed_config(server, settings, build)
    state = tmp_path / "state"
    state.mkdir()
    (state / "http_cache.json").write_text("{not json")
    (state / "seen_links.json").write_text('["wrong shape"]')
    result = fetch_sources(config, tmp_path / "s", state, clock=clock)
    assert result.counts["fetched"] == 1 and result.quarantine == []


def test_a_second_concurrent_fetch_gets_a_clear_error(tmp_path):
    with state_lock(tmp_path):
        with pytest.raises(FetchStateLocked, match="another fetch is using"):
            with state_lock(tmp_path):
                pass


def test_seen_links_are_forgotten_once_out_of_the_feed_and_old(tmp_path, build):
    state = FetchState(tmp_path)
    old, now = build.now - timedelta(days=40), build.now
    state.mark_seen("herald", "https://a.invalid/old-gone", old)
    state.mark_seen("herald", "https://a.invalid/old-listed", old)
    state.mark_seen("herald", "https://a.invalid/recent-gone", now - timedelta(days=2))
    state.forget_old_links("herald", ["https://a.invalid/old-listed"], now)
    assert sorted(state.seen["herald"]) == ["https://a.invalid/old-listed",
                                            "https://a.invalid/recent-gone"]


def test_write_json_atomic_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "x.json"
    write_json_atomic(target, {"b": 1, "a": [1, 2]})
    write_json_atomic(target, {"c": "é"})
    assert json.loads(target.read_text(encoding="utf-8")) == {"c": "é"}
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]
