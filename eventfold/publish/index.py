"""releases_dir/index.json, the `latest` symlink, CalVer version numbers and the publish lock.

The index lists every published release (sorted by version); it is only ever replaced whole
(temp file + os.replace), and `latest` is swapped with a temp symlink + os.replace.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from eventfold.publish.errors import ReleaseError
from eventfold.publish.files import dump_json, fsync_dir, replace_atomically

INDEX = "index.json"
LATEST = "latest"
TMP_PREFIX = ".tmp-"
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$")
RESERVED = {INDEX, LATEST}


def version_key(version: str) -> tuple:
    """Sort key: numeric parts as numbers, so 2026.11.25.10 sorts after 2026.11.25.9."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))


def check_version(version: str) -> str:
    if not VERSION_RE.match(version) or version in RESERVED or ".." in version:
        raise ReleaseError(f"invalid release version {version!r}: use e.g. 2026.11.25 "
                           "(letters, digits, '.', '_', '+', '-'; not 'latest')")
    return version


def next_version(created_at: datetime, taken: set[str]) -> str:
    """CalVer from the clock: YYYY.MM.DD, then YYYY.MM.DD.2, .3, … for later releases that day."""
    base = created_at.astimezone(UTC).strftime("%Y.%m.%d")
    if base not in taken:
        return base
    n = 2
    while f"{base}.{n}" in taken:
        n += 1
    return f"{base}.{n}"


def empty_index() -> dict:
    return {"latest": None, "releases": []}


def read_index(releases_dir: Path) -> dict:
    path = releases_dir / INDEX
    if not path.exists():
        return empty_index()
    try:
        index = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReleaseError(f"{path} cannot be read ({exc}); fix or restore it before "
                           "publishing") from exc
    if not isinstance(index, dict) or not isinstance(index.get("releases"), list):
        raise ReleaseError(f"{path} is not an eventfold release index (no 'releases' list)")
    return index


def taken_versions(releases_dir: Path, index: dict) -> set[str]:
    """Versions that exist already, in the index or as folders (versions are immutable)."""
    names = {r["version"] for r in index["releases"]}
    if releases_dir.exists():
        names |= {p.name for p in releases_dir.iterdir() if not p.name.startswith(".")}
    return names


def previous_release(index: dict, version: str) -> dict | None:
    """The newest listed release that sorts before `version`."""
    older = [r for r in index["releases"] if version_key(r["version"]) < version_key(version)]
    return max(older, key=lambda r: version_key(r["version"])) if older else None


def add_release(index: dict, entry: dict) -> dict:
    releases = [r for r in index["releases"] if r["version"] != entry["version"]] + [entry]
    releases.sort(key=lambda r: version_key(r["version"]))
    return {**index, "latest": releases[-1]["version"], "releases": releases}


def write_index(releases_dir: Path, index: dict) -> None:
    replace_atomically(releases_dir / INDEX, dump_json(index).encode("utf-8"))


def point_latest(releases_dir: Path, version: str) -> None:
    """Make `latest` a relative symlink to `version`, swapped atomically."""
    link = releases_dir / LATEST
    if link.exists() and not link.is_symlink():
        raise ReleaseError(f"{link} exists and is not a symlink; remove it")
    tmp = releases_dir / f".{LATEST}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    try:
        os.symlink(version, tmp)
        os.replace(tmp, link)
    finally:
        if tmp.is_symlink():
            tmp.unlink()
    fsync_dir(releases_dir)


def remove_stale_temps(releases_dir: Path) -> list[Path]:
    """Temp folders left by a killed publisher (only call while holding the lock)."""
    stale = sorted(p for p in releases_dir.glob(f"{TMP_PREFIX}*") if p.is_dir())
    for p in stale:
        shutil.rmtree(p)
    return stale


@contextmanager
def locked(releases_dir: Path) -> Iterator[None]:
    """Hold an exclusive flock on the releases folder itself (no lock file is left behind)."""
    fd = os.open(releases_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
