"""A fetch run: every enabled source → files staged for ingest (plus local paths passed through)
and quarantine rows for what could not be fetched. `fetch_sources` is the entry point."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from eventfold.ingest.candidates import Rejection
from eventfold.records import QuarantineRow, run_clock
from eventfold.sources.config import FetchSettings, Source, SourceConfig
from eventfold.sources.feeds import FeedItem, NotAFeed, gunzip_bounded, parse_feed, parse_warc_list
from eventfold.sources.fetcher import Fetched, Fetcher, FetchFailed
from eventfold.sources.safety import Resolver, resolve_host
from eventfold.sources.staging import decode_page, download_path, write_page_record
from eventfold.sources.state import FetchState, state_lock

COUNT_KEYS = ("requests", "not_modified", "fetched", "bytes", "skipped_disallowed", "failed",
              "skipped_seen", "local", "carried_over")
WARC_SUFFIXES = (".warc.gz", ".warc")


@dataclass
class FetchResult:
    """What a fetch produced: input paths for `ingest_inputs`, quarantine rows and counts."""

    paths: list[Path] = field(default_factory=list)  # staged files, then local paths
    quarantine: list[QuarantineRow] = field(default_factory=list)  # sorted by (raw_path, reason)
    counts: dict[str, int] = field(default_factory=dict)
    retryable: list[str] = field(default_factory=list)  # source URLs that failed transiently


@dataclass
class _Run:
    """The working state of one source's fetch."""

    source: Source
    fetcher: Fetcher
    state: FetchState
    folder: Path
    now: datetime
    staged: list[Path] = field(default_factory=list)
    local: list[Path] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    retryable: list[str] = field(default_factory=list)

    def reject(self, raw_path: str, reason: str, detail: str) -> None:
        self.rejections.append(Rejection(raw_path, reason, f"{self.source.name}: {detail}"))
        self.counts["failed"] += 1

    def failed(self, url: str, err: FetchFailed) -> None:
        self.rejections.append(Rejection(url, err.reason, f"{self.source.name}: {err.detail}"))
        self.counts["skipped_disallowed" if err.refused else "failed"] += 1

    def stage(self, path: Path) -> None:
        self.staged.append(path)
        self.counts["fetched"] += 1


def _fetch_page(run: _Run, url: str, item: FeedItem | None = None
                ) -> Path | Rejection | FetchFailed | None:
    """Fetch one page (a `page` source, conditionally, or a feed item) and stage it as a JSONL
    record; None when the page was not modified."""
    try:
        fetched = run.fetcher.get(url, conditional=item is None)
    except FetchFailed as err:
        return err
    if fetched.not_modified:
        return None
    decoded = decode_page(fetched.body or b"", fetched.url, fetched.content_type)
    if isinstance(decoded, Rejection):
        return decoded
    body_field, body = decoded
    path = write_page_record(
        run.folder, url=fetched.url, body_field=body_field, body=body,
        source_name=run.source.source_name, fetched_at=run.now, link=url,
        feed_url=run.source.url if item else None,
        feed_title=item.title if item else None,
        feed_published=item.published if item else None,
    )
    if item is None:
        run.state.remember_validators(fetched.url, fetched.etag, fetched.last_modified, run.now)
    return path


def _fetch_page_source(run: _Run, url: str) -> None:
    outcome = _fetch_page(run, url)
    if isinstance(outcome, Path):
        run.stage(outcome)
    elif isinstance(outcome, FetchFailed):
        run.failed(url, outcome)
        if outcome.transient:
            run.retryable.append(url)
    elif isinstance(outcome, Rejection):
        run.reject(outcome.raw_path, outcome.reason, outcome.detail)


def _fetch_feed(run: _Run, url: str) -> None:
    """Fetch the feed (conditionally), then each new item's page. The feed's validators are kept
    only when every new item was dealt with, so a 304 never hides an item still to fetch."""
    source = run.source
    try:
        feed = run.fetcher.get(url, conditional=True)
    except FetchFailed as err:
        run.failed(url, err)
        if err.transient:
            run.retryable.append(url)
        return
    if feed.not_modified:
        return
    try:
        items = parse_feed(feed.body or b"", feed.url, feed.content_type)
    except NotAFeed as err:
        run.reject(url, "read_error", f"{url}: {err}")
        return
    complete = True
    listed: dict[str, None] = {}
    new: list[FeedItem] = []
    for item in items:
        if item.link is None:
            run.reject(f"{url}#item{item.position}", "missing_field",
                       f"{url}: item {item.position} ({item.title or 'no title'}) has no link")
            continue
        if item.link in listed:
            continue
        listed[item.link] = None
        if run.state.is_seen(source.name, item.link):
            run.counts["skipped_seen"] += 1
        else:
            new.append(item)
    if source.max_items is not None and len(new) > source.max_items:
        new, complete = new[: source.max_items], False
    workers = max(1, min(run.fetcher.settings.max_workers, len(new)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eventfold-fetch") as pool:
        outcomes = list(pool.map(lambda it: _fetch_page(run, it.link or "", it), new))
    for item, outcome in zip(new, outcomes, strict=True):
        link = item.link or ""
        if isinstance(outcome, Path):
            run.stage(outcome)
        elif isinstance(outcome, FetchFailed):
            run.failed(link, outcome)
            if outcome.transient:
                complete = False
                continue  # not marked seen: tried again next run
        elif isinstance(outcome, Rejection):
            run.reject(outcome.raw_path, outcome.reason, outcome.detail)
        run.state.mark_seen(source.name, link, run.now)
    run.state.forget_old_links(source.name, listed, run.now)
    if complete:
        run.state.remember_validators(feed.url, feed.etag, feed.last_modified, run.now)


def _download(run: _Run, url: str, suffixes: tuple[str, ...], conditional: bool
              ) -> Fetched | FetchFailed:
    dest = download_path(run.folder, url, suffixes, run.now)
    try:
        fetched = run.fetcher.get(url, conditional=conditional, dest=dest)
    except FetchFailed as err:
        return err
    if fetched.path is not None:
        if suffixes == WARC_SUFFIXES:
            fetched.path = _fix_warc_suffix(fetched.path)
        run.stage(fetched.path)
    return fetched


def _fix_warc_suffix(path: Path) -> Path:
    """A WARC is named .warc.gz only if it is gzip-compressed (the ingest reader checks both)."""
    with path.open("rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
    name = path.name
    want = ".warc.gz" if gzipped else ".warc"
    if name.endswith(want):
        return path
    stem = name[: -len(".warc.gz")] if name.endswith(".warc.gz") else name[: -len(".warc")]
    target = path.with_name(stem + want)
    path.rename(target)
    return target


def _fetch_download_source(run: _Run, url: str, suffixes: tuple[str, ...]) -> None:
    """A `jsonl` or `warc` source given by URL: download it when it changed."""
    outcome = _download(run, url, suffixes, conditional=True)
    if isinstance(outcome, FetchFailed):
        run.failed(url, outcome)
        if outcome.transient:
            run.retryable.append(url)
    elif outcome.path is not None:
        run.state.remember_validators(outcome.url, outcome.etag, outcome.last_modified, run.now)


def _read_warc_list(run: _Run) -> tuple[str | None, Fetched | None]:
    """The text of the list (a URL fetched conditionally, or a local file), or None."""
    source, limit = run.source, run.fetcher.settings.max_bytes
    where = source.url or str(source.path)
    if source.url is not None:
        try:
            fetched = run.fetcher.get(source.url, conditional=True)
        except FetchFailed as err:
            run.failed(source.url, err)
            if err.transient:
                run.retryable.append(source.url)
            return None, None
        if fetched.not_modified:
            return None, None
        data = fetched.body or b""
    else:
        fetched = None
        try:
            with Path(where).open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as err:
            run.reject(where, "read_error", f"{where}: {type(err).__name__}: {err.strerror}")
            return None, None
        if len(data) > limit:
            run.reject(where, "too_large", f"{where}: over the limit of {limit} bytes")
            return None, None
    try:
        return gunzip_bounded(data, limit).decode("utf-8-sig"), fetched
    except OverflowError as err:
        run.reject(where, "too_large", f"{where}: {err}")
    except UnicodeDecodeError as err:
        run.reject(where, "undecodable", f"{where}: invalid UTF-8 at byte {err.start}")
    except OSError as err:
        run.reject(where, "read_error", f"{where}: {err}")
    return None, None


def _fetch_warc_list(run: _Run) -> None:
    """Download each listed WARC not fetched before, in list order, at most `max_items`."""
    source = run.source
    text, listing = _read_warc_list(run)
    if text is None:
        return
    where = source.url or str(source.path)
    complete = True
    todo: list[str] = []
    for listed in parse_warc_list(text, source.base_url):
        if listed.url is None:
            reason = "missing_field" if "base_url" in (listed.problem or "") else "unsupported_type"
            run.reject(f"{where}#L{listed.line_no}", reason, f"{where}: line {listed.line_no}: "
                       f"{listed.problem}")
        elif run.state.is_seen(source.name, listed.url):
            run.counts["skipped_seen"] += 1
        elif listed.url not in todo:
            todo.append(listed.url)
    if source.max_items is not None and len(todo) > source.max_items:
        todo, complete = todo[: source.max_items], False
    for url in todo:
        outcome = _download(run, url, WARC_SUFFIXES, conditional=False)
        if isinstance(outcome, FetchFailed):
            run.failed(url, outcome)
            if outcome.transient:
                complete = False
                continue
        run.state.mark_seen(source.name, url, run.now)
    if complete and listing is not None:
        run.state.remember_validators(listing.url, listing.etag, listing.last_modified, run.now)


def _pass_local(run: _Run, path: Path) -> None:
    """Local folders and files are handed to ingest as they are (not copied)."""
    want_folder = run.source.kind == "folder"
    if not path.exists():
        run.reject(str(path), "read_error", f"{path}: no such file or folder")
    elif want_folder != path.is_dir():
        what = "a folder" if want_folder else "a file"
        run.reject(str(path), "read_error", f"{path}: kind {run.source.kind} expects {what}")
    else:
        run.local.append(path)
        run.counts["local"] += 1


def _dispatch(run: _Run) -> None:
    kind, url, path = run.source.kind, run.source.url, run.source.path
    if kind == "warc_list":
        _fetch_warc_list(run)
    elif url is not None and kind == "feed":
        _fetch_feed(run, url)
    elif url is not None and kind == "page":
        _fetch_page_source(run, url)
    elif url is not None:  # jsonl or warc by URL
        _fetch_download_source(run, url, (".jsonl",) if kind == "jsonl" else WARC_SUFFIXES)
    elif path is not None:  # folder, file, or jsonl/warc by path
        _pass_local(run, path)
    else:
        raise ValueError(f"source {run.source.name!r} has neither url nor path")


def quarantine_rows(rejections: Iterable[Rejection], seen_at: datetime) -> list[QuarantineRow]:
    """One row per (raw_path, reason), sorted by it (as in ingest)."""
    rows: dict[tuple[str, str], QuarantineRow] = {}
    for rej in rejections:
        rows.setdefault((rej.raw_path, rej.reason),
                        QuarantineRow(raw_path=rej.raw_path, reason=rej.reason,
                                      detail=rej.detail, seen_at=seen_at))
    return [rows[key] for key in sorted(rows)]


def fetch_source(
    source: Source,
    settings: FetchSettings,
    staging_dir: Path,
    state_dir: Path,
    *,
    clock: Callable[[], datetime] = run_clock,
    resolver: Resolver = resolve_host,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch one source into `staging_dir/<name>/`; state is loaded and saved around it."""
    now = clock()
    with state_lock(Path(state_dir)):
        state = FetchState(Path(state_dir))
        with Fetcher(settings, state, resolver=resolver, sleep=sleep) as fetcher:
            run = _Run(source=source, fetcher=fetcher, state=state,
                       folder=Path(staging_dir) / source.name, now=now)
            _dispatch(run)
            run.counts.update(fetcher.stats)
        state.add_pending(run.staged)
        state.save()
    return FetchResult(
        paths=[*run.staged, *run.local],
        quarantine=quarantine_rows(run.rejections, now),
        counts={key: run.counts[key] for key in COUNT_KEYS},
        retryable=run.retryable,
    )


def pending_paths(state_dir: Path) -> list[Path]:
    """Files staged by earlier fetches and not yet confirmed by `mark_ingested` (still on disk)."""
    state = FetchState(Path(state_dir))
    return [Path(p) for p in sorted(state.pending) if Path(p).is_file()]


def mark_ingested(state_dir: Path, paths: Sequence[Path]) -> None:
    """Confirm that staged files were ingested: they are no longer carried over to later runs."""
    with state_lock(Path(state_dir)):
        state = FetchState(Path(state_dir))
        state.drop_pending(paths)
        state.pending = [p for p in state.pending if Path(p).is_file()]
        state.save()


def merge_results(results: Sequence[FetchResult], carried: Sequence[Path] = ()) -> FetchResult:
    """One result from several: carried-over files first, quarantine re-sorted, counts summed."""
    merged = FetchResult()
    seen: set[Path] = set()
    counts: Counter[str] = Counter()
    for path in carried:
        if path not in seen:
            seen.add(path)
            merged.paths.append(path)
            counts["carried_over"] += 1
    rows: dict[tuple[str, str], QuarantineRow] = {}
    for result in results:
        for path in result.paths:
            if path not in seen:
                seen.add(path)
                merged.paths.append(path)
        for row in result.quarantine:
            rows.setdefault((row.raw_path, row.reason), row)
        counts.update(result.counts)
        merged.retryable.extend(result.retryable)
    merged.quarantine = [rows[key] for key in sorted(rows)]
    merged.counts = {key: counts[key] for key in COUNT_KEYS}
    return merged


def fetch_sources(
    config: SourceConfig,
    staging_dir: Path,
    state_dir: Path,
    *,
    clock: Callable[[], datetime] = run_clock,
    resolver: Resolver = resolve_host,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Fetch every enabled source; `paths` also carries files staged by an earlier run that
    were never confirmed with `mark_ingested` (a crash between fetch and ingest loses nothing)."""
    carried = pending_paths(Path(state_dir))
    results = [
        fetch_source(source, config.fetch, staging_dir, state_dir, clock=clock,
                     resolver=resolver, sleep=sleep)
        for source in config.enabled_sources()
    ]
    return merge_results(results, carried)
