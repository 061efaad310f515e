"""Content-addressed article store: root/<sha[:2]>/<sha256>.json holds the article record and its
normalized text; files are written atomically (temporary file + os.replace)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from eventfold.atomic import write_atomic
from eventfold.ingest.discover import STORE_MARKER
from eventfold.records import Article

STORE_FORMAT = "eventfold.article/1"
_SHA = re.compile(r"^[0-9a-f]{64}$")
_ARTICLE_ID = re.compile(r"^art_([0-9a-f]{16})$")
_DATETIME_FIELDS = ("published_at", "ingested_at")


class StoreError(ValueError):
    """A store file that cannot be read back as an article."""


def article_to_json(article: Article) -> str:
    """The stored form: sorted keys, ISO 8601 timestamps, UTF-8, newline at the end."""
    record: dict[str, Any] = {"format": STORE_FORMAT, **article.row(), "text": article.text}
    for key in _DATETIME_FIELDS:
        value = record[key]
        record[key] = value.isoformat() if value is not None else None
    return json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def article_from_json(data: str) -> Article:
    """Inverse of `article_to_json`."""
    record = json.loads(data)
    if not isinstance(record, dict) or record.pop("format", None) != STORE_FORMAT:
        raise ValueError(f"not an {STORE_FORMAT} record")
    for key in _DATETIME_FIELDS:
        value = record.get(key)
        record[key] = datetime.fromisoformat(value) if value is not None else None
    return Article(**record)


class ArticleStore:
    """Articles stored once each, addressed by the SHA-256 of their normalized text."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        if self.root.is_dir():
            self._mark()

    def _mark(self) -> None:
        """A marker file so that folder walks never read a store as input articles."""
        marker = self.root / STORE_MARKER
        if not marker.exists():
            marker.write_text("eventfold article store: not input articles\n", "utf-8")

    def path_for(self, content_sha256: str) -> Path:
        """Where the article with this content hash lives (whether or not it exists)."""
        if not _SHA.match(content_sha256):
            raise ValueError(f"not a SHA-256 hex digest: {content_sha256!r}")
        return self.root / content_sha256[:2] / f"{content_sha256}.json"

    def _find(self, key: str) -> Path | None:
        """The file for an article_id or a content hash, if stored."""
        if _SHA.match(key):
            path = self.path_for(key)
            return path if path.is_file() else None
        match = _ARTICLE_ID.match(key)
        if not match:
            return None
        prefix = match.group(1)
        found = sorted((self.root / prefix[:2]).glob(f"{prefix}*.json"))
        return found[0] if found else None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def get(self, article_id: str) -> Article | None:
        """The stored article for an article_id (or content hash), None when absent."""
        path = self._find(article_id)
        return None if path is None else self.read(path)

    def read(self, path: Path) -> Article:
        """Load one store file; StoreError when it is unreadable or not an article."""
        try:
            return article_from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError) as err:
            raise StoreError(f"cannot read stored article {path}: {err}") from err

    def get_by_sha(self, content_sha256: str) -> Article | None:
        """The stored article with this content hash, None when absent."""
        path = self.path_for(content_sha256)
        return self.read(path) if path.is_file() else None

    def iter_articles(self) -> Iterator[Article]:
        """Every stored article, sorted by article_id (= by content hash)."""
        if not self.root.is_dir():
            return
        for folder in sorted(p for p in self.root.iterdir() if len(p.name) == 2 and p.is_dir()):
            for path in sorted(folder.glob("*.json")):
                if _SHA.match(path.stem):
                    yield self.read(path)

    def put(self, article: Article) -> bool:
        """Store the article atomically; returns False when an identical file is already there."""
        path = self.path_for(article.content_sha256)
        data = article_to_json(article).encode("utf-8")
        try:
            if path.read_bytes() == data:
                return False
        except OSError:
            pass
        write_atomic(path, data)
        self._mark()
        return True
