"""The Prefect fetch flow on a local server: one task per source; a source whose own URL keeps
failing is retried as a task (three retries), then reported in quarantine."""

from __future__ import annotations

import json


def test_fetch_flow_stages_feed_items_and_retries_an_unavailable_source(
    prefect_harness, server, tmp_path, build
):
    from flows.fetch import TASK_RETRIES, fetch_flow

    server.static("/pages/oslo.html", build.article_html("Talks in Oslo", "Oslo"))
    server.static("/rss.xml", build.rss_feed([("Oslo", server.url("/pages/oslo.html"))]))
    server.sequence("/down.html", [(500, {}, b"down")])
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"""
fetch:
  allow_private_addresses: true
  retries: 0
  rate_limit_per_host: 1000
sources:
  - name: herald
    kind: feed
    url: {server.url("/rss.xml")}
    source_name: Harbour Herald
  - name: down
    kind: page
    url: {server.url("/down.html")}
""")

    result = fetch_flow(sources, tmp_path / "staging", tmp_path / "state",
                        task_retry_delay_seconds=0)

    (path,) = result.paths
    record = json.loads(path.read_text())
    assert record["url"] == server.url("/pages/oslo.html")
    assert record["source"] == "Harbour Herald"
    assert [(q.raw_path, q.reason) for q in result.quarantine] == [
        (server.url("/down.html"), "http_status")
    ]
    assert len(server.requests_to("/down.html")) == TASK_RETRIES + 1
    assert len(server.requests_to("/rss.xml")) == 1
