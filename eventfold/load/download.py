"""Download one release from a releases folder or HTTP(S) URL: index.json, then the manifest
(checked against the index), then each file, sha256- and size-verified against the manifest.

Interrupted downloads resume from `<file>.part` with an HTTP Range request; a file is renamed
into place only once verified, so a file with its final name is always a good one. Names that
would escape the target folder (absolute, '..', symlinks) are refused before anything is
written.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from eventfold.atomic import write_atomic
from eventfold.load.layout import (
    INDEX,
    MANIFEST,
    UnsafePathError,
    check_version_name,
    resolve_version,
    safe_destination,
    safe_parts,
)

CHUNK = 1 << 16
PART = ".part"


class DownloadError(Exception):
    """A release could not be downloaded (network, missing file, bad index or manifest)."""


class ChecksumError(DownloadError):
    """A downloaded file does not match the sha256 or size its manifest gives."""


@dataclass
class FileResult:
    path: str
    bytes: int
    status: str  # downloaded | resumed | present
    resumed_from: int = 0
    fetched: int = 0


@dataclass
class DownloadResult:
    version: str
    path: Path
    files: list[FileResult] = field(default_factory=list)

    @property
    def fetched(self) -> int:
        return sum(f.fetched for f in self.files)


# ---- sources: a folder or an HTTP(S) base URL


class FolderSource:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)

    def read(self, rel: str) -> bytes:
        path = self.root.joinpath(*safe_parts(rel))
        try:
            return path.read_bytes()
        except OSError as exc:
            raise DownloadError(f"cannot read {path}: {exc.strerror or exc}") from exc

    @contextlib.contextmanager
    def stream(self, rel: str, start: int) -> Iterator[tuple[int, Iterator[bytes]]]:
        path = self.root.joinpath(*safe_parts(rel))
        try:
            fh = open(path, "rb")
        except OSError as exc:
            raise DownloadError(f"cannot read {path}: {exc.strerror or exc}") from exc
        with fh:
            fh.seek(start)
            yield start, iter(lambda: fh.read(CHUNK), b"")

    def close(self) -> None:
        pass


class HttpSource:
    def __init__(self, base: str, timeout: float, client=None) -> None:
        import httpx

        self.base = base if base.endswith("/") else base + "/"
        self.label = self.base
        self.httpx = httpx
        self.client = client or httpx.Client(timeout=timeout, follow_redirects=True,
                                             headers={"User-Agent": "eventfold-download",
                                                      "Accept-Encoding": "identity"})
        self.own_client = client is None

    def url(self, rel: str) -> str:
        return urljoin(self.base, "/".join(quote(p) for p in safe_parts(rel)))

    def read(self, rel: str) -> bytes:
        url = self.url(rel)
        try:
            response = self.client.get(url)
        except self.httpx.HTTPError as exc:
            raise DownloadError(f"cannot fetch {url}: {exc}") from exc
        if response.status_code != 200:
            raise DownloadError(f"cannot fetch {url}: HTTP {response.status_code}")
        return response.content

    @contextlib.contextmanager
    def stream(self, rel: str, start: int) -> Iterator[tuple[int, Iterator[bytes]]]:
        url = self.url(rel)
        headers = {"Range": f"bytes={start}-"} if start else {}
        with self.client.stream("GET", url, headers=headers) as response:
            if response.status_code == 416:  # nothing left to send
                yield start, iter(())
                return
            if response.status_code == 206:
                offset = _content_range_start(response.headers.get("content-range", ""))
                if offset != start:
                    raise DownloadError(f"{url}: server answered range {offset}, asked {start}")
            elif response.status_code == 200:
                offset = 0  # the server ignored Range: start again
            else:
                raise DownloadError(f"cannot fetch {url}: HTTP {response.status_code}")
            yield offset, response.iter_bytes()  # as received: nothing held back

    def close(self) -> None:
        if self.own_client:
            self.client.close()


def _content_range_start(header: str) -> int:
    try:
        return int(header.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return -1


def open_source(source: str | os.PathLike, timeout: float = 60.0, client=None):
    text = str(source)
    scheme = urlsplit(text).scheme.lower()
    if scheme in ("http", "https"):
        return HttpSource(text, timeout, client)
    if scheme == "file":
        return FolderSource(Path(urlsplit(text).path))
    root = Path(source)
    if not root.is_dir():
        raise DownloadError(f"no such releases folder: {root}")
    return FolderSource(root)


# ---- verification


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def matches(path: Path, entry: dict) -> bool:
    return (path.is_file() and not path.is_symlink() and path.stat().st_size == entry["bytes"]
            and sha256_of(path) == entry["sha256"])


def verify_files(root: Path, entries: Iterable[dict]) -> None:
    """Raise ChecksumError naming every file under `root` that does not match its entry."""
    bad = [e["path"] for e in entries if not matches(safe_destination(root, e["path"]), e)]
    if bad:
        raise ChecksumError(f"{len(bad)} file(s) do not match manifest.json: {', '.join(bad)}")


# ---- the download


def download_release(source: str | os.PathLike, version: str, to: str | os.PathLike, *,
                     tables: Iterable[str] | None = None, formats: Iterable[str] | None = None,
                     metadata: bool = True, retries: int = 3, timeout: float = 60.0,
                     progress: Callable[[str], None] | None = None,
                     client=None) -> DownloadResult:
    """Download release `version` ("latest" by default) from `source` into `to/<version>/`.

    `tables` limits the table files (all by default); `formats` the table file formats
    ("parquet", "csv.gz"); `metadata=False` skips the files of no table (README, changelog,
    quality, report). Every file is checked against manifest.json, whose own sha256 is checked
    against index.json. Raises ChecksumError, UnsafePathError or DownloadError.
    """
    say = progress or (lambda _msg: None)
    src = open_source(source, timeout, client)
    try:
        index = _json(src.read(INDEX), INDEX)
        try:
            entry = resolve_version(index, version)
        except LookupError as exc:
            raise DownloadError(f"{src.label}: {exc}") from exc
        name = check_version_name(entry["version"])
        rel_dir = entry.get("path") or name
        safe_parts(rel_dir)
        manifest_bytes = src.read(f"{rel_dir}/{MANIFEST}")
        expected = entry.get("manifest_sha256")
        got = hashlib.sha256(manifest_bytes).hexdigest()
        if expected and got != expected:
            raise ChecksumError(f"{MANIFEST}: sha256 {got} does not match index.json "
                                f"({expected}); nothing was written")
        manifest = _json(manifest_bytes, MANIFEST)
        files = manifest.get("files")
        if not isinstance(files, list):
            raise DownloadError(f"{MANIFEST} of {name} lists no files")
        root = Path(to) / name
        for f in files:  # refuse the whole release before writing anything
            safe_parts(f.get("path"))
        chosen = select_files(files, tables, formats, metadata)
        root.mkdir(parents=True, exist_ok=True)
        for f in chosen:
            safe_destination(root, f["path"])
        say(f"release {name} from {src.label} -> {root}")
        write_atomic(safe_destination(root, MANIFEST), manifest_bytes)
        say(f"  {MANIFEST:<44} {len(manifest_bytes):>10} B  verified against {INDEX}")
        result = DownloadResult(version=name, path=root)
        for f in chosen:
            res = fetch_file(src, f"{rel_dir}/{f['path']}", f, safe_destination(root, f["path"]),
                             retries=retries)
            result.files.append(res)
            say(_line(res))
        reused = sum(r.resumed_from for r in result.files) + sum(
            r.bytes for r in result.files if r.status == "present")
        say(f"done: {len(chosen)} file(s), {result.fetched} B fetched, {reused} B already on "
            "disk; every sha256 matches manifest.json")
        return result
    finally:
        src.close()


def select_files(files: list[dict], tables: Iterable[str] | None,
                 formats: Iterable[str] | None, metadata: bool) -> list[dict]:
    wanted = None if tables is None else set(tables)
    fmts = None if formats is None else set(formats)
    known = {f.get("table") for f in files if f.get("table")}
    unknown = sorted((wanted or set()) - known)
    if unknown:
        raise DownloadError(f"no table {', '.join(unknown)} in this release; tables: "
                            f"{', '.join(sorted(known))}")
    chosen = []
    for f in files:
        if f.get("table") is None:
            if metadata:
                chosen.append(f)
        elif (wanted is None or f["table"] in wanted) and (fmts is None or f["format"] in fmts):
            chosen.append(f)
    return chosen


def _line(res: FileResult) -> str:
    how = {"present": "already present, verified",
           "downloaded": "downloaded, verified",
           "resumed": f"resumed at byte {res.resumed_from}, fetched {res.fetched} B, verified"}
    return f"  {res.path:<44} {res.bytes:>10} B  {how[res.status]}"


def _json(data: bytes, what: str) -> dict:
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(f"{what} is not valid JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise DownloadError(f"{what} is not a JSON object")
    return doc


def fetch_file(src, remote: str, entry: dict, dest: Path, *, retries: int = 3) -> FileResult:
    """Bring one file to `dest`, verified: reuse it if it matches, else resume or start
    `<dest>.part`, check size and sha256, then rename. A mismatch deletes the .part."""
    size, rel = int(entry["bytes"]), entry["path"]
    if matches(dest, entry):
        return FileResult(rel, size, "present")
    if dest.is_file():
        dest.unlink()  # a stale or damaged copy must not keep looking valid
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + PART)
    if part.is_symlink():
        raise UnsafePathError(f"refused {part}: it is a symlink")
    attempt, fresh_retry = 0, False
    first_start = part.stat().st_size if part.is_file() else 0
    fetched = 0
    while True:
        start = part.stat().st_size if part.is_file() else 0
        if start > size:
            part.unlink()
            start = 0
        try:
            if start < size or not part.exists():
                fetched += _append(src, remote, part, start)
        except Exception as exc:  # connection lost: keep the .part, maybe retry
            if not _transient(exc):
                raise
            attempt += 1
            have = part.stat().st_size if part.is_file() else 0
            if attempt > retries:
                raise DownloadError(
                    f"{rel}: connection lost after {have} of {size} bytes ({exc}); "
                    f"{part.name} is kept: run the download again to resume") from exc
            time.sleep(min(0.2 * 2 ** attempt, 5.0))
            continue
        have = part.stat().st_size
        if have < size:  # the server closed early without an error
            attempt += 1
            if attempt > retries:
                raise DownloadError(f"{rel}: got {have} of {size} bytes; {part.name} is kept: "
                                    "run the download again to resume")
            continue
        digest = sha256_of(part)
        if have == size and digest == entry["sha256"]:
            os.replace(part, dest)
            resumed = first_start if first_start and not fresh_retry else 0
            return FileResult(rel, size, "resumed" if resumed else "downloaded", resumed,
                              fetched)
        part.unlink()
        if first_start and not fresh_retry:  # the old .part may be what was wrong
            fresh_retry, first_start = True, 0
            continue
        raise ChecksumError(f"checksum mismatch for {rel}: expected sha256 {entry['sha256']} "
                            f"({size} bytes), got {digest} ({have} bytes); the bad file was "
                            "deleted. The copy on the server is damaged or was changed after "
                            "publishing.")


def _append(src, remote: str, part: Path, start: int) -> int:
    """Fetch `remote` from byte `start` onto `part`; return the bytes received."""
    received = 0
    with src.stream(remote, start) as (offset, chunks):
        with open(part, "ab" if offset == start and start else "wb") as fh:
            try:
                for chunk in chunks:
                    fh.write(chunk)
                    received += len(chunk)
            finally:
                fh.flush()
                os.fsync(fh.fileno())
    return received


def _transient(exc: Exception) -> bool:
    try:
        import httpx
    except ImportError:  # pragma: no cover - httpx is a dependency
        return isinstance(exc, (ConnectionError, TimeoutError))
    return isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError))
