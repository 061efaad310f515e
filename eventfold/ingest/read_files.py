"""Bounded reading of whole files (size checked before reading) and the file URI used as the URL
of local files that do not name one."""

from __future__ import annotations

from pathlib import Path

from eventfold.ingest.candidates import Rejection
from eventfold.ingest.limits import IngestLimits


def read_bounded(path: Path, raw_path: str, limits: IngestLimits) -> bytes | Rejection:
    """The file's bytes, or `too_large` (checked on the size before reading) / `read_error`."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            return Rejection(
                raw_path, "too_large", f"{size} bytes is over the limit of {limits.max_bytes}"
            )
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except OSError as err:
        return Rejection(raw_path, "read_error", f"{type(err).__name__}: {err.strerror or err}")
    if len(data) > limits.max_bytes:  # grew while we read it
        return Rejection(raw_path, "too_large", f"over the limit of {limits.max_bytes} bytes")
    return data


def file_url(path: Path) -> str:
    """`file://` URI of a local file (the `url` of articles that come without one)."""
    return path.resolve().as_uri()
