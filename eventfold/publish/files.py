"""Small file helpers for releases: durable writes (fsync), deterministic JSON, checksums.

Everything a release writes goes through here, so that bytes on disk are reproducible and
flushed before the release folder is renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventfold.atomic import write_atomic

CHUNK = 1 << 20


def dump_json(obj: Any) -> str:
    """Deterministic JSON: sorted keys, indent 2, UTF-8 text, trailing newline."""
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry table, so that renames and new files inside it are durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: Path, data: bytes) -> Path:
    """Write `data` to `path` and fsync it (the caller renames the folder into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return path


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def write_json(path: Path, obj: Any) -> Path:
    return write_text(path, dump_json(obj))


def replace_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (eventfold.atomic), then fsync its folder."""
    write_atomic(path, data)
    fsync_dir(path.parent)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe_file(path: Path, root: Path, *, rows: int | None = None, table: str | None = None,
                  fmt: str | None = None) -> dict:
    """A manifest entry for one file: relative POSIX path, bytes, sha256, rows, table, format."""
    return {
        "path": path.relative_to(root).as_posix(),
        "bytes": path.stat().st_size,
        "sha256": sha256_file(path),
        "rows": rows,
        "table": table,
        "format": fmt or format_of(path),
    }


def format_of(path: Path) -> str:
    name = path.name
    if name.endswith(".csv.gz"):
        return "csv.gz"
    return {".parquet": "parquet", ".json": "json", ".md": "markdown", ".html": "html"}.get(
        path.suffix, path.suffix.lstrip(".") or "file"
    )


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z: 2026-11-25T13:40:00Z. Naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"datetime without a time zone: {moment!r}")
    return moment.astimezone(UTC).isoformat().removesuffix("+00:00") + "Z"
