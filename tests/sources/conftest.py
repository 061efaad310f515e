"""Fixtures for the sources tests: a real HTTP server on 127.0.0.1 (a thread in the test
process) with scriptable routes and a log of every request, fetch settings that may reach it,
a fixed clock, and builders for article pages, RSS/Atom feeds and WARC files."""

from __future__ import annotations

import io
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventfold.sources import FetchSettings

FIXED_NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)


@dataclass
class Reply:
    """What a route answers: a status, headers and a body (bytes, or chunks to stream)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""


@dataclass
class Seen:
    """A request the server received."""

    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived


Route = Callable[[Seen], Reply | tuple]  # a tuple is (status, headers, body)


class LocalServer:
    """ThreadingHTTPServer on 127.0.0.1:<free port>; routes by path; logs every request."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Seen] = []
        self.sent: dict[str, int] = {}  # body bytes written per path
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()},
                            time.monotonic())
                with server._lock:
                    server.log.append(seen)
                route = server.routes.get(self.path.split("?")[0])
                reply = route(seen) if route else Reply(404, {}, b"not found")
                if isinstance(reply, tuple):
                    reply = Reply(*reply)
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if isinstance(reply.body, bytes):
                    if "Content-Length" not in reply.headers:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    chunks: Iterable[bytes] = [reply.body]
                else:
                    self.end_headers()
                    chunks = reply.body
                total = 0
                try:
                    for chunk in chunks:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        total += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                with server._lock:
                    server.sent[self.path] = server.sent.get(self.path, 0) + total

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # failed TLS handshakes and dropped connections are part of the tests

        self.httpd = Server(("127.0.0.1", 0), Handler)
        if ssl_context is not None:
            self.httpd.socket = ssl_context.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if ssl_context is not None else "http"
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.log if s.path.split("?")[0] == path]

    def route(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def static(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8",
               etag: str | None = None, last_modified: str | None = None) -> None:
        """A resource with validators that answers 304 to a matching conditional request."""

        def answer(seen: Seen) -> Reply:
            if etag and seen.headers.get("if-none-match") == etag:
                return Reply(304, {"ETag": etag})
            if last_modified and seen.headers.get("if-modified-since") == last_modified:
                return Reply(304, {"Last-Modified": last_modified})
            headers = {"Content-Type": content_type}
            if etag:
                headers["ETag"] = etag
            if last_modified:
                headers["Last-Modified"] = last_modified
            return Reply(200, headers, body)

        self.routes[path] = answer

    def sequence(self, path: str, replies: list[Reply]) -> None:
        """Answer with each reply in turn, repeating the last one."""
        pending = list(replies)

        def answer(seen: Seen) -> Reply:
            return pending.pop(0) if len(pending) > 1 else pending[0]

        self.routes[path] = answer


@contextmanager
def running_server(ssl_context: ssl.SSLContext | None = None) -> Iterator[LocalServer]:
    srv = LocalServer(ssl_context)
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


@pytest.fixture
def server():
    with running_server() as srv:
        yield srv


@pytest.fixture
def settings() -> FetchSettings:
    """Fast settings that may reach the test server on 127.0.0.1."""
    return FetchSettings(
        user_agent="eventfold-tests/1 (+https://github.com/eventfold/eventfold; tests)",
        timeout_seconds=5.0,
        retries=2,
        retry_backoff_seconds=0.01,
        rate_limit_per_host=1000.0,
        max_bytes=256 * 1024,
        max_download_bytes=1024 * 1024,
        allow_private_addresses=True,
        max_workers=3,
    )


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return lambda: FIXED_NOW


def article_html(title: str, place: str, site: str = "Harbour Herald") -> bytes:
    """An English news page with enough text to pass ingest (distinct per title)."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="2026-11-24T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>The foreign ministers of the two countries met in {place} on Tuesday and agreed to reopen
their embassies, which have been closed since a diplomatic dispute three years ago.</p>
<p>Officials in {place} said the ministers also discussed trade, border security and the
return of refugees, and that a working group would meet next month to prepare a visit by the
president. The report about {title.lower()} was confirmed by both governments.</p>
</article><footer>All rights reserved.</footer></body></html>
""".encode()


def rss_feed(items: list[tuple[str, str]]) -> bytes:
    """RSS 2.0 with (title, link) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>"
        for t, link in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Harbour Herald</title><link>http://example.invalid/</link>"
            f"<description>World news</description>{entries}</channel></rss>").encode()


def atom_feed(items: list[tuple[str, str]]) -> bytes:
    """Atom 1.0 with (title, href) entries (hrefs may be relative)."""
    entries = "".join(
        f'<entry><title>{t}</title><link rel="alternate" href="{href}"/><id>urn:x:{i}</id>'
        f"<updated>2026-11-24T10:00:00Z</updated></entry>"
        for i, (t, href) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Mekong Wire</title><id>urn:x:feed</id><updated>2026-11-24T10:00:00Z</updated>"
            f"{entries}</feed>").encode()


def warc_bytes(pages: list[tuple[str, bytes]]) -> bytes:
    """A gzip-compressed WARC with one HTTP 200 text/html response per (url, html)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, html in pages:
        http_headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                           http_headers=http_headers)
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture
def build() -> SimpleNamespace:
    """The builders above (test modules cannot import conftest under --import-mode=importlib)."""
    return SimpleNamespace(article_html=article_html, rss_feed=rss_feed, atom_feed=atom_feed,
                           warc_bytes=warc_bytes, now=FIXED_NOW, running_server=running_server)
