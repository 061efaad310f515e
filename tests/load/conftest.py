"""Fixtures for the load/download tests: real releases written by publish_release from the
synthetic tables, and a real HTTP server on 127.0.0.1 (Range requests, and switches to drop a
connection half-way or to corrupt a file)."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "eventfold_test_synthetic", Path(__file__).parents[1] / "publish" / "synthetic.py")
synthetic = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(synthetic)

CLOCK = datetime(2026, 11, 25, 13, 40, tzinfo=UTC)
SNAPSHOT = {"inputs": ["raw/sample"], "articles": 120}


def publish(tables, root: Path, **kw):
    from eventfold.publish import publish_release

    kw.setdefault("coder_version", "coder-0.1")
    kw.setdefault("source_snapshot", SNAPSHOT)
    kw.setdefault("created_at", CLOCK)
    kw.setdefault("quality_report", False)
    return publish_release(tables, root, **kw)


@pytest.fixture(name="publish")
def publish_fixture():
    """tables, releases_dir, **overrides -> ReleaseInfo (no GX suite unless asked)."""
    return publish


@pytest.fixture(scope="session")
def synthetic_tables():
    return synthetic.synthetic_tables()


@pytest.fixture(scope="session")
def releases(tmp_path_factory, synthetic_tables) -> Path:
    """A releases folder with two releases (2026.11.24 and 2026.11.25, the latter latest)
    of the synthetic tables. Read-only for the tests."""
    root = tmp_path_factory.mktemp("served") / "releases"
    small = synthetic.synthetic_tables(n_events=200, seed=3)
    publish(small, root, version="2026.11.24")
    publish(synthetic_tables, root, version="2026.11.25", accuracy=synthetic.ACCURACY)
    return root


@pytest.fixture(scope="session")
def partitioned(tmp_path_factory, synthetic_tables) -> Path:
    """A releases folder whose only release has events split by year (threshold 10)."""
    root = tmp_path_factory.mktemp("partitioned") / "releases"
    tables = dict(synthetic_tables)
    publish(tables, root, version="2026.11.25", partition_threshold=10)
    return root


class Behaviour:
    """What the test server does: drop a connection after N bytes of a file (once), serve a
    corrupted copy of a file; it logs every request."""

    def __init__(self) -> None:
        self.drop_after: dict[str, int] = {}
        self.corrupt: set[str] = set()
        self.log: list[dict] = []
        self.lock = threading.Lock()


def _handler(root: Path, behaviour: Behaviour):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            rel = unquote(urlsplit(self.path).path).lstrip("/")
            path = (root / rel).resolve()
            entry = {"path": rel, "range": self.headers.get("Range"), "status": None, "sent": 0}
            with behaviour.lock:
                behaviour.log.append(entry)
            if not path.is_relative_to(root.resolve()) or not path.is_file():
                entry["status"] = 404
                self.send_error(404)
                return
            data = path.read_bytes()
            if rel.split("/", 1)[-1] in behaviour.corrupt or rel in behaviour.corrupt:
                middle = len(data) // 2
                data = data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]
            start = 0
            if entry["range"]:
                start = int(entry["range"].split("=")[1].split("-")[0])
            body = data[start:]
            if start:
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            entry["status"] = 206 if start else 200
            limit = None
            with behaviour.lock:
                for key in (rel, rel.split("/", 1)[-1]):
                    if key in behaviour.drop_after:
                        limit = behaviour.drop_after.pop(key)  # drop only once
            if limit is not None and limit < len(body):
                self.wfile.write(body[:limit])
                self.wfile.flush()
                entry["sent"] = limit
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.wfile.write(body)
            entry["sent"] = len(body)

    return Handler


@pytest.fixture
def serve():
    """root -> (base URL, Behaviour): serve a folder over HTTP on 127.0.0.1 for one test."""
    servers = []

    def _serve(root: Path):
        behaviour = Behaviour()
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Path(root), behaviour))
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/", behaviour

    yield _serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def copy_tree():
    """src, dst -> a writable copy of a releases folder (symlinks kept)."""
    def _copy(src: Path, dst: Path) -> Path:
        shutil.copytree(src, dst, symlinks=True)
        return dst

    return _copy


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """httpx must talk to 127.0.0.1 directly, whatever proxy the machine has."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
