"""Feeds and pages against a real local server: items staged as JSONL records that ingest reads
with their URLs; a second run is conditional (304) and fetches nothing; seen links, max_items."""

from __future__ import annotations

import json
from dataclasses import replace

from eventfold.ingest import ArticleStore, ingest_inputs
from eventfold.sources import Source, SourceConfig, fetch_sources, mark_ingested


def _records(paths):
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]


def _run(config, tmp_path, clock):
    """A fetch whose staged files are then confirmed as ingested (as the pipeline does)."""
    result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    mark_ingested(tmp_path / "st", result.paths)
    return result


def _serve_pages(server, build, names):
    for name in names:
        server.static(f"/pages/{name}.html", build.article_html(f"Talks in {name}", name.title()))


def test_rss_and_atom_items_are_staged_ingested_and_not_fetched_again(
    server, settings, clock, tmp_path, build
):
    _serve_pages(server, build, ["lima", "quito", "hanoi", "hue"])
    server.static("/rss.xml", build.rss_feed([("Lima talks", server.url("/pages/lima.html")),
                                        ("Quito talks", server.url("/pages/quito.html"))]),
                  "application/rss+xml", etag='"rss-1"')
    server.static("/atom.xml", build.atom_feed([("Hanoi talks", "/pages/hanoi.html"),
                                          ("Hue talks", "pages/hue.html")]),
                  "application/atom+xml", last_modified="Tue, 24 Nov 2026 10:00:00 GMT")
    config = SourceConfig(sources=(
        Source(name="herald", kind="feed", url=server.url("/rss.xml"),
               source_name="Harbour Herald"),
        Source(name="mekong", kind="feed", url=server.url("/atom.xml")),
    ), fetch=settings)
    staging, state = tmp_path / "staging", tmp_path / "state"

    first = fetch_sources(config, staging, state, clock=clock)

    assert first.quarantine == []
    assert first.counts["fetched"] == 4 and first.counts["requests"] == 6
    assert first.counts["failed"] == first.counts["skipped_disallowed"] == 0
    assert all(p.suffix == ".jsonl" and p.is_relative_to(staging) for p in first.paths)
    by_url = {r["url"]: r for r in _records(first.paths)}
    assert set(by_url) == {server.url(f"/pages/{n}.html") for n in ("lima", "quito", "hanoi",
                                                                      "hue")}
    lima = by_url[server.url("/pages/lima.html")]
    assert lima["source"] == "Harbour Herald" and lima["title"] is None
    assert lima["published"] is None and "Talks in lima" in lima["html"]
    assert lima["feed_title"] == "Lima talks"
    assert lima["feed_published"] == "2026-11-24T10:00:00+00:00"
    assert lima["fetched_at"] == build.now.isoformat()
    assert by_url[server.url("/pages/hue.html")]["source"] is None  # no source_name configured
    ua = server.requests_to("/rss.xml")[0].headers["user-agent"]
    assert ua == settings.user_agent

    ingested = ingest_inputs(first.paths, ArticleStore(tmp_path / "store"), clock=clock)
    assert ingested.quarantine == []
    urls = {a.url: a for a in ingested.articles}
    assert set(urls) == set(by_url)
    assert urls[server.url("/pages/quito.html")].source_name == "Harbour Herald"
    assert urls[server.url("/pages/hanoi.html")].source_name == "Harbour Herald"  # og:site_name
    mark_ingested(state, first.paths)

    second = fetch_sources(config, staging, state, clock=clock)

    assert second.paths == [] and second.quarantine == []
    assert second.counts["not_modified"] == 2 and second.counts["requests"] == 2
    assert second.counts["fetched"] == 0 and second.counts["bytes"] == 0
    assert server.requests_to("/rss.xml")[1].headers["if-none-match"] == '"rss-1"'
    atom_again = server.requests_to("/atom.xml")[1].headers
    assert atom_again["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert len(server.requests_to("/pages/lima.html")) == 1


def test_a_changed_feed_fetches_only_its_new_items(server, settings, clock, tmp_path, build):
    _serve_pages(server, build, ["lima", "quito"])
    server.static("/rss.xml", build.rss_feed([("Lima", server.url("/pages/lima.html"))]),
                  etag='"v1"')
    config = SourceConfig(sources=(Source(name="herald", kind="feed",
                                          url=server.url("/rss.xml")),), fetch=settings)
    _run(config, tmp_path, clock)
    server.static("/rss.xml", build.rss_feed([("Quito", server.url("/pages/quito.html")),
                                        ("Lima", server.url("/pages/lima.html"))]), etag='"v2"')

    again = _run(config, tmp_path, clock)

    assert [r["url"] for r in _records(again.paths)] == [server.url("/pages/quito.html")]
    assert again.counts["skipped_seen"] == 1
    assert len(server.requests_to("/pages/lima.html")) == 1


def test_max_items_leaves_the_rest_for_the_next_run(server, settings, clock, tmp_path, build):
    names = ["a1", "a2", "a3"]
    _serve_pages(server, build, names)
    server.static("/rss.xml", build.rss_feed([(n, server.url(f"/pages/{n}.html")) for n in names]),
                  etag='"same"')
    source = Source(name="herald", kind="feed", url=server.url("/rss.xml"), max_items=2)
    config = SourceConfig(sources=(source,), fetch=settings)

    first = _run(config, tmp_path, clock)
    second = _run(config, tmp_path, clock)
    third = _run(config, tmp_path, clock)

    assert first.counts["fetched"] == 2
    # the feed's ETag was not kept while items were left over: the second run reads it again
    assert "if-none-match" not in server.requests_to("/rss.xml")[1].headers
    assert [r["url"] for r in _records(second.paths)] == [server.url("/pages/a3.html")]
    assert third.counts["not_modified"] == 1 and third.paths == []


def test_feed_problems_become_quarantine_rows(server, settings, clock, tmp_path, build):
    server.static("/pages/ok.html", build.article_html("Talks in Oslo", "Oslo"))
    server.static("/files/report.pdf", b"%PDF-1.7 not a page", "application/pdf")
    server.static("/rss.xml", build.rss_feed([
        ("Oslo", server.url("/pages/ok.html")),
        ("Gone", server.url("/pages/gone.html")),
        ("A PDF", server.url("/files/report.pdf")),
        ("Mail", "mailto:editor@example.invalid"),
        ("No link", ""),
    ]))
    server.static("/broken.xml", b"<html><body>this is not a feed", "text/html")
    config = SourceConfig(sources=(
        Source(name="herald", kind="feed", url=server.url("/rss.xml")),
        Source(name="broken", kind="feed", url=server.url("/broken.xml")),
    ), fetch=settings)

    result = _run(config, tmp_path, clock)

    rows = {(q.raw_path, q.reason): q for q in result.quarantine}
    assert set(rows) == {
        (server.url("/pages/gone.html"), "http_status"),
        (server.url("/files/report.pdf"), "unsupported_type"),
        ("mailto:editor@example.invalid", "unsupported_type"),
        (server.url("/rss.xml") + "#item5", "missing_field"),
        (server.url("/broken.xml"), "read_error"),
    }
    gone = rows[(server.url("/pages/gone.html"), "http_status")]
    assert gone.detail.startswith("herald: ") and "HTTP 404" in gone.detail
    assert server.url("/pages/gone.html") in gone.detail and gone.seen_at == build.now
    assert "not an RSS/Atom feed" in rows[(server.url("/broken.xml"), "read_error")].detail
    assert len(result.paths) == 1
    assert result.counts["failed"] == 4 and result.counts["skipped_disallowed"] == 1
    assert len(server.requests_to("/pages/gone.html")) == 1  # a 404 is not retried


def test_a_page_source_is_fetched_again_only_when_it_changed(
    server, settings, clock, tmp_path, build
):
    server.static("/statement.html", build.article_html("Statement on Oslo", "Oslo"), etag='"s1"')
    config = SourceConfig(sources=(Source(name="ministry", kind="page",
                                          url=server.url("/statement.html"),
                                          source_name="Ministry"),), fetch=settings)
    first = _run(config, tmp_path, clock)
    unchanged = _run(config, tmp_path, clock)
    changed_page = build.article_html("Statement on Bergen", "Bergen")
    server.static("/statement.html", changed_page, etag='"s2"')
    changed = _run(config, tmp_path, clock)

    assert len(first.paths) == 1 and _records(first.paths)[0]["source"] == "Ministry"
    assert unchanged.paths == [] and unchanged.counts["not_modified"] == 1
    assert len(changed.paths) == 1 and changed.paths[0] != first.paths[0]
    assert first.paths[0].exists()  # a staged file is never overwritten


def test_disabled_sources_are_not_fetched(server, settings, clock, tmp_path, build):
    server.static("/rss.xml", build.rss_feed([]))
    source = Source(name="herald", kind="feed", url=server.url("/rss.xml"))
    config = SourceConfig(sources=(replace(source, enabled=False),), fetch=settings)
    result = _run(config, tmp_path, clock)
    assert result.paths == [] and server.log == []
