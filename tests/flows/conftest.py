"""Fixtures for the flow tests: a static HTTP server on 127.0.0.1 (a thread in the test process)
that logs every request, and a builder for English news pages and RSS feeds."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class StaticServer:
    """path → (status, content type, body); 404 for anything else; `log` lists request paths."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.log: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server API
                server.log.append(self.path)
                status, ctype, body = server.pages.get(self.path, (404, "text/plain", b"no"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,),
                                       daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes, ctype: str = "text/html; charset=utf-8",
            status: int = 200) -> str:
        self.pages[path] = (status, ctype, body)
        return self.url(path)


@pytest.fixture
def http_server() -> Iterator[StaticServer]:
    srv = StaticServer()
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


def news_page(title: str, place: str, verb: str = "signed a trade agreement with") -> bytes:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Harbour Herald</title>
<meta property="og:site_name" content="Harbour Herald">
<meta property="article:published_time" content="2026-11-24T08:00:00Z"></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>{title}</h1>
<p>Norway {verb} Chile in {place} on Tuesday, the two governments said, ending months of
negotiations over fishing quotas and tariffs on salmon and copper.</p>
<p>Officials in {place} said the ministers also discussed climate research and the return of
scientists to the Antarctic stations, and that a working group would meet next month.</p>
</article><footer>All rights reserved.</footer></body></html>
""".encode()


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{t}</title><link>{u}</link><guid>{u}</guid>"
                      f"<pubDate>Tue, 24 Nov 2026 10:00:00 GMT</pubDate></item>"
                      for t, u in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Harbour Herald</title><link>http://example.invalid/</link>"
            f"<description>World</description>{entries}</channel></rss>").encode()


@pytest.fixture
def pages():
    from types import SimpleNamespace

    return SimpleNamespace(news_page=news_page, rss=rss)
