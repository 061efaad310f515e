"""Where things are in a releases folder: index.json, versions, a release's Parquet files (one
file per table, or `events/year=YYYY/part-0.parquet` partitions), and safe relative paths.

Kept free of the publish package (and so of pandera and Great Expectations) so that loading a
release stays cheap to import.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

INDEX = "index.json"
MANIFEST = "manifest.json"
VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$")


class UnsafePathError(ValueError):
    """A file name from an index or manifest that would land outside the target folder."""


def version_key(version: str) -> tuple:
    """Sort key: numeric parts as numbers (2026.11.25.10 after 2026.11.25.9)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in version.split("."))


def check_version_name(version: str) -> str:
    if not isinstance(version, str) or not VERSION_RE.match(version) or ".." in version \
            or version in (INDEX, "latest"):
        raise UnsafePathError(f"not a release version name: {version!r}")
    return version


def resolve_version(index: dict, version: str) -> dict:
    """The index entry of `version` ("latest": the index's latest release)."""
    releases = index.get("releases") if isinstance(index, dict) else None
    if not isinstance(releases, list) or not releases:
        raise LookupError("the release index lists no release")
    wanted = index.get("latest") if version == "latest" else version
    if wanted is None:
        wanted = max((r["version"] for r in releases), key=version_key)
    for entry in releases:
        if entry.get("version") == wanted:
            return entry
    known = ", ".join(r.get("version", "?") for r in releases[-5:])
    raise LookupError(f"release {wanted} is not in the index (latest ones: {known})")


def safe_parts(rel: str) -> tuple[str, ...]:
    """The components of a relative POSIX path from a manifest, or UnsafePathError when it is
    absolute, has '..', '.', empty parts, backslashes, drive letters or control characters."""
    if not isinstance(rel, str) or not rel or rel != rel.strip() or "\\" in rel \
            or any(ord(c) < 32 for c in rel):
        raise UnsafePathError(f"refused file name {rel!r}: not a plain relative path")
    path = PurePosixPath(rel)
    parts = rel.split("/")
    if path.is_absolute() or re.match(r"^[A-Za-z]:", rel) or any(
            p in ("", ".", "..") for p in parts):
        raise UnsafePathError(f"refused file name {rel!r}: it would escape the target folder")
    return tuple(parts)


def safe_destination(root: Path, rel: str) -> Path:
    """`root/rel`, refusing names that escape `root` and any existing symlink on the way."""
    parts = safe_parts(rel)
    dest = root.joinpath(*parts)
    current = root
    for part in parts:
        current = current / part
        if current.is_symlink():
            raise UnsafePathError(f"refused file name {rel!r}: {current} is a symlink")
    base = root.resolve()
    if not dest.resolve().is_relative_to(base):
        raise UnsafePathError(f"refused file name {rel!r}: it resolves outside {root}")
    return dest


def read_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def parquet_files(release_dir: Path, table: str, manifest: dict | None) -> list[Path]:
    """The Parquet file(s) of `table`: from the manifest when there is one, else by looking
    (`<table>.parquet` or `<table>/year=*/*.parquet`)."""
    if manifest is not None:
        rels = sorted(f["path"] for f in manifest.get("files", [])
                      if f.get("table") == table and f.get("format") == "parquet")
        if rels:
            return [safe_destination(release_dir, rel) for rel in rels]
    single = release_dir / f"{table}.parquet"
    if single.is_file():
        return [single]
    folder = release_dir / table
    return sorted(p for p in folder.glob("year=*/*.parquet") if p.is_file()) \
        if folder.is_dir() else []


def tables_in(release_dir: Path, manifest: dict | None) -> list[str]:
    """Tables whose Parquet files are in the release folder, in catalogue order (others
    after)."""
    from schemas.catalogue import TABLE_NAMES

    names: set[str] = set()
    if manifest is not None:  # tables whose Parquet files are all here (downloads may be partial)
        listed: dict[str, list[str]] = {}
        for f in manifest.get("files", []):
            if f.get("format") == "parquet" and f.get("table"):
                listed.setdefault(f["table"], []).append(f["path"])
        names = {t for t, paths in listed.items()
                 if all(safe_destination(release_dir, p).is_file() for p in paths)}
    if not names:
        names = {p.stem for p in release_dir.glob("*.parquet")}
        names |= {p.name for p in release_dir.iterdir() if p.is_dir()
                  and any(p.glob("year=*/*.parquet"))}
    order = {name: i for i, name in enumerate(TABLE_NAMES)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))
