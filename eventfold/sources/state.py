"""What fetching remembers between runs, in `state_dir`: HTTP validators per URL
(http_cache.json), feed links and WARCs already fetched (seen_links.json) and staged files not yet
confirmed as ingested (pending.json). Files are written atomically; one fetch at a time (a lock)."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import threading
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from eventfold.atomic import write_text_atomic

log = logging.getLogger(__name__)

HTTP_CACHE = "http_cache.json"
SEEN_LINKS = "seen_links.json"
PENDING = "pending.json"
LOCK = ".fetch.lock"
SEEN_KEEP = timedelta(days=30)  # a seen link no longer in its feed is forgotten after this


class FetchStateLocked(RuntimeError):
    """Another fetch holds the state folder."""




def write_json_atomic(path: Path, data: Any) -> None:
    """Indented, key-sorted JSON written atomically."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def _read_json(path: Path, key: str, kind: type) -> Any:
    """The `key` member of a state file; empty (with a warning) when absent or unreadable, since
    losing state only costs a re-fetch."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return kind()
    except (OSError, ValueError) as err:
        log.warning("ignoring unreadable fetch state %s: %s", path, err)
        return kind()
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        log.warning("ignoring fetch state %s: no %r %s", path, key, kind.__name__)
        return kind()
    return value


@contextlib.contextmanager
def state_lock(state_dir: Path) -> Iterator[None]:
    """Hold the state folder for one fetch; a second concurrent fetch fails with a clear error."""
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FetchStateLocked(
                f"another fetch is using {state_dir} (lock {state_dir / LOCK}); "
                "wait for it to finish"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class FetchState:
    """The three state files, loaded into memory; `save()` writes them back."""

    def __init__(self, state_dir: Path) -> None:
        self.dir = Path(state_dir)
        self._lock = threading.Lock()
        self.http: dict[str, dict[str, str]] = _read_json(self.dir / HTTP_CACHE, "urls", dict)
        self.seen: dict[str, dict[str, str]] = _read_json(self.dir / SEEN_LINKS, "sources", dict)
        self.pending: list[str] = _read_json(self.dir / PENDING, "paths", list)

    # -- HTTP validators ------------------------------------------------------------------
    def conditional_headers(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for a URL fetched before."""
        entry = self.http.get(url) or {}
        headers = {}
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
        return headers

    def remember_validators(self, url: str, etag: str | None, last_modified: str | None,
                            when: datetime) -> None:
        with self._lock:
            if etag or last_modified:
                entry = {"checked_at": when.isoformat()}
                if etag:
                    entry["etag"] = etag
                if last_modified:
                    entry["last_modified"] = last_modified
                self.http[url] = entry
            else:
                self.http.pop(url, None)

    # -- links already fetched ------------------------------------------------------------
    def is_seen(self, source: str, link: str) -> bool:
        return link in self.seen.get(source, {})

    def mark_seen(self, source: str, link: str, when: datetime) -> None:
        with self._lock:
            self.seen.setdefault(source, {}).setdefault(link, when.isoformat())

    def forget_old_links(self, source: str, listed: Iterable[str], now: datetime) -> None:
        """Keep the links still listed by the source, and the others for SEEN_KEEP."""
        listed_set = set(listed)
        cutoff = now - SEEN_KEEP
        with self._lock:
            links = self.seen.get(source, {})
            keep = {}
            for link, when in links.items():
                try:
                    recent = datetime.fromisoformat(when) >= cutoff
                except (TypeError, ValueError):
                    recent = False
                if link in listed_set or recent:
                    keep[link] = when
            self.seen[source] = keep

    # -- staged files not yet ingested ----------------------------------------------------
    def add_pending(self, paths: Iterable[Path]) -> None:
        with self._lock:
            known = set(self.pending)
            for path in paths:
                text = str(Path(path).absolute())
                if text not in known:
                    self.pending.append(text)
                    known.add(text)

    def drop_pending(self, paths: Iterable[Path]) -> None:
        done = {str(Path(p).absolute()) for p in paths}
        with self._lock:
            self.pending = [p for p in self.pending if p not in done]

    def save(self) -> None:
        with self._lock:
            write_json_atomic(self.dir / HTTP_CACHE,
                              {"format": "eventfold.http_cache/1", "urls": self.http})
            write_json_atomic(self.dir / SEEN_LINKS,
                              {"format": "eventfold.seen_links/1", "sources": self.seen})
            write_json_atomic(self.dir / PENDING,
                              {"format": "eventfold.pending/1", "paths": sorted(self.pending)})
