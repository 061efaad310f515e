"""The coded-mentions store: what each coder version produced, one file per coded batch.

Layout: `<root>/<coder version slug>/<batch id>.json.gz`, each file holding the codings of a
batch of articles (articles without events included, so they are not coded again). Files are
written to a temporary name and renamed, so a killed run leaves whole batches or nothing;
coding the same article twice (two overlapping batches after a crash) is harmless because
loading keeps one coding per article.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import datetime
from pathlib import Path

from eventfold.atomic import write_atomic
from eventfold.coding.coder import ArticleCoding
from eventfold.coding.serialize import coding_from_dict, coding_to_dict
from eventfold.ids import sha256_hex


def version_slug(coder_version: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", coder_version)


class CodedStore:
    def __init__(self, root: Path, coder_version: str) -> None:
        self.root = Path(root)
        self.coder_version = coder_version
        self.dir = self.root / version_slug(coder_version)

    def _files(self) -> list[Path]:
        if not self.dir.is_dir():
            return []
        return sorted(self.dir.glob("*.json.gz"))

    def coded_ids(self) -> set[str]:
        ids: set[str] = set()
        for path in self._files():
            ids.update(_read(path)["article_ids"])
        return ids

    def save(self, codings: list[ArticleCoding]) -> Path | None:
        if not codings:
            return None
        ids = sorted(c.article_id for c in codings)
        payload = {
            "coder_version": self.coder_version,
            "article_ids": ids,
            "codings": [coding_to_dict(c) for c in sorted(codings, key=lambda c: c.article_id)],
        }
        path = self.dir / f"{sha256_hex(chr(10).join(ids))[:16]}.json.gz"
        data = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        write_atomic(path, gzip.compress(data, mtime=0))
        return path

    def iter_codings(self, article_ids: set[str] | None = None) -> Iterator[ArticleCoding]:
        """Every stored coding once (first batch file wins), optionally only for some articles.
        Equal immutable parts (actor refs, places, dates, affiliations, repeated strings) are
        shared between codings, which keeps all of a large store's codings at a third of the
        memory (measured: 48,850 mentions, 116 MB → 36 MB)."""
        seen: set[str] = set()
        shared = _Sharer()
        for path in self._files():
            for d in _read(path)["codings"]:
                aid = d["article_id"]
                if aid in seen or (article_ids is not None and aid not in article_ids):
                    continue
                seen.add(aid)
                yield shared.coding(coding_from_dict(d))

    def forget(self, article_ids: set[str]) -> int:
        """Forget the codings of some articles (to code them again); returns how many. Each
        batch file holding one of them is rewritten without it (atomically) or removed."""
        forgotten = 0
        for path in self._files():
            data = _read(path)
            keep = [d for d in data["codings"] if d["article_id"] not in article_ids]
            dropped = len(data["codings"]) - len(keep)
            if not dropped:
                continue
            forgotten += dropped
            if keep:
                self.save([coding_from_dict(d) for d in keep])
            path.unlink(missing_ok=True)
        return forgotten

    def clear(self) -> int:
        """Forget this coder version's codings (to re-code everything); returns files removed."""
        files = self._files()
        for path in files:
            path.unlink()
        return len(files)


def _identity(value) -> object:
    """A key equal only for values identical in every field: dataclass `==` ignores fields
    declared `compare=False` (ActorRef.text, the words that named the actor), and aware
    datetimes at the same instant compare equal whatever their offset."""
    if is_dataclass(value):
        return (type(value), tuple(_identity(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, datetime):
        return (datetime, value.isoformat())
    if isinstance(value, list | tuple):
        return (type(value), tuple(_identity(v) for v in value))
    return (type(value), value)


class _Sharer:
    """One instance per identical value of the immutable parts of codings."""

    STRINGS = ("article_id", "trigger", "event_type", "event_mode", "cameo_root",
               "date_precision", "date_source", "source_name")

    def __init__(self) -> None:
        self.pool: dict = {}

    def one(self, value):
        return value if value is None else self.pool.setdefault(_identity(value), value)

    def coding(self, coding: ArticleCoding) -> ArticleCoding:
        one = self.one
        coding.published_at = one(coding.published_at)
        coding.affiliations = [one(a) for a in coding.affiliations]
        for m in coding.mentions:
            m.sources = [one(a) for a in m.sources]
            m.targets = [one(a) for a in m.targets]
            m.place = one(m.place)
            m.event_date = one(m.event_date)
            m.published_at = one(m.published_at)
            for name in self.STRINGS:
                value = getattr(m, name)
                if isinstance(value, str):
                    setattr(m, name, sys.intern(value))
        return coding


def _read(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)
