"""The fetcher against a real local server: retries with backoff, HTTP errors, the size limit,
private-address and scheme refusals (also on redirect hops), redirects, the per-host rate limit."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from eventfold.sources import Source, SourceConfig, fetch_sources
from eventfold.sources import safety as safety_module
from eventfold.sources.fetcher import Fetcher, FetchFailed
from eventfold.sources.ratelimit import HostRateLimiter


def _page_config(server, settings, path="/page.html", name="site"):
    return SourceConfig(sources=(Source(name=name, kind="page", url=server.url(path)),),
                        fetch=settings)


def test_a_server_error_is_retried_with_backoff_until_it_succeeds(server, settings, build):
    ok = build.article_html("Talks in Oslo", "Oslo")
    server.sequence("/page.html", [_reply(500), _reply(500), _reply(200, ok)])
    delays: list[float] = []

    with Fetcher(settings, sleep=delays.append) as fetcher:
        fetched = fetcher.get(server.url("/page.html"))

    assert fetched.status == 200 and fetched.body == ok
    assert len(server.requests_to("/page.html")) == 3
    assert delays == [0.01, 0.02]  # retry_backoff_seconds × 1, × 2
    assert fetcher.stats["requests"] == 3


def test_a_server_that_keeps_failing_gives_a_quarantine_row(server, settings, clock, tmp_path):
    server.sequence("/page.html", [_reply(503)])
    result = fetch_sources(_page_config(server, settings), tmp_path / "s", tmp_path / "st",
                           clock=clock)
    assert [(q.reason, q.raw_path) for q in result.quarantine] == [
        ("http_status", server.url("/page.html"))
    ]
    detail = result.quarantine[0].detail
    assert "HTTP 503" in detail and "(3 attempts)" in detail
    assert result.retryable == [server.url("/page.html")]
    assert result.counts["requests"] == 3 and result.counts["failed"] == 1


def test_a_404_is_quarantined_and_not_retried(server, settings, clock, tmp_path):
    result = fetch_sources(_page_config(server, settings, "/missing.html"), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    (row,) = result.quarantine
    assert (row.reason, row.raw_path) == ("http_status", server.url("/missing.html"))
    assert row.detail == f"site: {server.url('/missing.html')}: HTTP 404 Not Found"
    assert len(server.requests_to("/missing.html")) == 1 and result.retryable == []


def test_a_declared_oversized_body_is_not_downloaded(server, settings, clock, tmp_path):
    big = b"<html><body>" + b"x" * (settings.max_bytes * 4) + b"</body></html>"
    server.static("/big.html", big)
    result = fetch_sources(_page_config(server, settings, "/big.html"), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    (row,) = result.quarantine
    assert row.reason == "too_large" and "Content-Length" in row.detail
    assert result.counts["bytes"] == 0 and result.paths == []


def test_an_undeclared_oversized_body_is_cut_off_while_streaming(server, settings, clock,
                                                                  tmp_path):
    chunk = b"<p>" + b"y" * 16 * 1024 + b"</p>"
    total_offered = 200 * len(chunk)  # ~3.3 MB, far over max_bytes (256 KiB)

    def endless(seen):
        return _reply(200, (chunk for _ in range(200)), {"Content-Type": "text/html"})

    server.route("/stream.html", endless)
    result = fetch_sources(_page_config(server, settings, "/stream.html"), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    (row,) = result.quarantine
    assert row.reason == "too_large" and "stopped reading" in row.detail
    assert result.counts["bytes"] <= settings.max_bytes + 2 * 64 * 1024
    assert result.counts["bytes"] < total_offered / 4


def test_private_addresses_are_refused_unless_allowed(server, settings, clock, tmp_path):
    server.static("/page.html", b"<html><body>hello</body></html>")
    strict = replace(settings, allow_private_addresses=False)
    for url in (server.url("/page.html"), f"http://localhost:{server.port}/page.html"):
        config = SourceConfig(sources=(Source(name="site", kind="page", url=url),), fetch=strict)
        result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
        (row,) = result.quarantine
        assert row.reason == "read_error" and row.detail.startswith("site: refused: ")
        assert "loopback address" in row.detail and "allow_private_addresses" in row.detail
        assert result.counts["skipped_disallowed"] == 1 and result.counts["requests"] == 0
    assert server.log == []  # nothing was sent


@pytest.mark.parametrize("ip", ["10.1.2.3", "192.168.0.10", "169.254.169.254", "100.64.0.1",
                                "224.0.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1",
                                "::ffff:127.0.0.1", "240.0.0.1"])
def test_names_resolving_to_non_public_addresses_are_refused(settings, ip):
    strict = replace(settings, allow_private_addresses=False)
    with Fetcher(strict, resolver=lambda host, port: [ip]) as fetcher:
        with pytest.raises(FetchFailed) as failed:
            fetcher.get("http://news.example.invalid/a.html")
    assert failed.value.refused and failed.value.reason == "read_error"
    assert fetcher.stats["requests"] == 0


def test_a_host_with_one_private_address_among_public_ones_is_refused(settings):
    strict = replace(settings, allow_private_addresses=False)
    resolver = lambda host, port: ["93.184.215.14", "10.0.0.7"]  # noqa: E731
    with Fetcher(strict, resolver=resolver) as fetcher:
        with pytest.raises(FetchFailed, match="10.0.0.7, a private address"):
            fetcher.get("https://news.example.invalid/")


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x",
                                    "gopher://127.0.0.1:70/", "data:text/html,hi"])
def test_a_redirect_to_another_scheme_is_refused(server, settings, clock, tmp_path, target):
    server.route("/jump.html", lambda seen: _reply(302, b"", {"Location": target}))
    result = fetch_sources(_page_config(server, settings, "/jump.html"), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    (row,) = result.quarantine
    assert row.reason == "unsupported_type" and "only http and https" in row.detail
    assert row.raw_path == server.url("/jump.html") and "redirected from" in row.detail
    assert result.counts["skipped_disallowed"] == 1


def test_every_redirect_hop_gets_the_address_check(server, settings, monkeypatch):
    """127.0.0.2 plays a private host: the first hop (127.0.0.1) passes, the second is refused."""
    real = safety_module.address_problem
    monkeypatch.setattr(safety_module, "address_problem",
                        lambda ip: "private" if str(ip) == "127.0.0.2" else
                        (None if str(ip) == "127.0.0.1" else real(ip)))
    hop = f"http://127.0.0.2:{server.port}/inside.html"
    server.route("/jump.html", lambda seen: _reply(301, b"", {"Location": hop}))
    strict = replace(settings, allow_private_addresses=False)
    with Fetcher(strict) as fetcher:
        with pytest.raises(FetchFailed, match="127.0.0.2, a private address") as failed:
            fetcher.get(server.url("/jump.html"))
    assert failed.value.refused
    assert [s.path for s in server.log] == ["/jump.html"]


def test_redirects_are_followed_and_the_final_url_is_recorded(server, settings, clock,
                                                              tmp_path, build):
    server.route("/a", lambda seen: _reply(301, b"", {"Location": "/b"}))
    server.route("/b", lambda seen: _reply(307, b"", {"Location": server.url("/final.html")}))
    server.static("/final.html", build.article_html("Talks in Oslo", "Oslo"))
    result = fetch_sources(_page_config(server, settings, "/a"), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    record = json.loads(result.paths[0].read_text())
    assert record["url"] == server.url("/final.html") and record["link"] == server.url("/a")
    assert result.counts["requests"] == 3


def test_a_redirect_loop_stops_after_max_redirects(server, settings, clock, tmp_path):
    server.route("/loop", lambda seen: _reply(302, b"", {"Location": "/loop"}))
    result = fetch_sources(_page_config(server, settings, "/loop"), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    (row,) = result.quarantine
    assert row.reason == "http_status" and "more than 5 redirects" in row.detail
    assert len(server.requests_to("/loop")) == 6


def test_requests_to_one_host_respect_the_rate_limit(server, settings, clock, tmp_path, build):
    rate = 5.0  # one request every 0.2 s
    names = ["p1", "p2", "p3"]
    for name in names:
        server.static(f"/{name}.html", build.article_html(f"Talks in {name}", name))
    server.static("/rss.xml", build.rss_feed([(n, server.url(f"/{n}.html")) for n in names]))
    slow = replace(settings, rate_limit_per_host=rate, max_workers=3)
    config = SourceConfig(sources=(Source(name="herald", kind="feed",
                                          url=server.url("/rss.xml")),), fetch=slow)

    result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)

    assert result.counts["fetched"] == 3
    times = sorted(s.at for s in server.log)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= (1 / rate) * 0.8, gaps


def test_the_rate_limiter_spaces_callers_by_host():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds):
        slept.append(seconds)

    limiter = HostRateLimiter(2.0, monotonic=lambda: now[0], sleep=sleep)
    assert [limiter.wait("a.example"), limiter.wait("A.example"), limiter.wait("b.example"),
            limiter.wait("a.example")] == [0.0, 0.5, 0.0, 1.0]
    with pytest.raises(ValueError):
        HostRateLimiter(0)


def _reply(status, body=b"", headers=None):
    """(status, headers, body): the server turns tuples into replies."""
    return (status, headers or {}, body)
