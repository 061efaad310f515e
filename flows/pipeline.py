"""The parent flow: [fetch →] ingest → code → normalize → validate → publish.

Incremental: only new articles are stored, only articles not coded by the current coder
version are coded, and the tables are rebuilt from every coded article in the store. When
nothing changed since the latest release, nothing is published. With a sources file, its
sources are fetched first (under the same run lock) and staged files are confirmed as ingested
only after ingest stored them.
"""

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from eventfold.ids import article_id_for, sha256_hex
from eventfold.ingest import ArticleStore
from eventfold.normalize import build_tables
from eventfold.ops.progress import Stage, StageTimes
from eventfold.records import Article, QuarantineRow
from eventfold.sources import mark_ingested
from eventfold.state import CodedStore, RunLock
from flows.code import code_flow, get_coder
from flows.fetch import fetch_flow
from flows.ingest import ingest_task
from flows.publish import publish_task, write_task
from flows.settings import DASK_NEEDS_SERVER, require_prefect_server
from flows.validate import validate_task
from schemas.validation import ValidationFailed


@dataclass
class PipelineResult:
    counts: dict[str, int]
    rows: dict[str, int]
    release_version: str | None = None
    release_path: Path | None = None
    out_files: dict[str, Path] = field(default_factory=dict)
    quarantine: list[tuple[str, str, str]] = field(default_factory=list)
    up_to_date: bool = False
    stages: dict[str, dict] = field(default_factory=dict)  # name → seconds, articles, rate


def store_article_ids(store_dir: Path) -> list[str]:
    """Every article id in the store, sorted, from the file names alone (no file is read)."""
    root = Path(store_dir)
    if not root.is_dir():
        return []
    ids = []
    for folder in root.iterdir():
        if len(folder.name) == 2 and folder.is_dir():
            ids.extend(article_id_for(p.stem) for p in folder.glob("*.json")
                       if len(p.stem) == 64)
    return sorted(ids)


def snapshot_of(article_ids: list[str], inputs: list[Path], coder_version: str,
                sources_file: Path | None = None) -> dict:
    ids = sorted(article_ids)
    snapshot = {
        "inputs": [str(p) for p in inputs],
        "articles": len(ids),
        "articles_sha256": sha256_hex("\n".join(ids)),
        "coder_version": coder_version,
    }
    if sources_file is not None:
        snapshot["sources"] = str(sources_file)
    return snapshot


def latest_snapshot(releases_dir: Path) -> dict | None:
    manifest = releases_dir / "latest" / "manifest.json"
    if not manifest.is_file():
        return None
    data = json.loads(manifest.read_text("utf-8"))
    return {**data.get("source_snapshot", {}), "release": data.get("version")}


def released_quarantine_keys(release_dir: Path) -> set[tuple[str, str]]:
    """(raw_path, reason) of every quarantine row in a published release."""
    path = release_dir / "quarantine.parquet"
    if not path.is_file():
        return set()
    frame = pd.read_parquet(path, columns=["raw_path", "reason"])
    return set(zip(frame["raw_path"].astype(str), frame["reason"].astype(str), strict=True))


def merge_quarantine(*groups: list[QuarantineRow]) -> list[QuarantineRow]:
    """One row per (raw_path, reason) — the table's key — sorted by it; the first row wins."""
    rows: dict[tuple[str, str], QuarantineRow] = {}
    for group in groups:
        for row in group:
            rows.setdefault((row.raw_path, row.reason), row)
    return [rows[key] for key in sorted(rows)]


def _without_text(articles: Iterator[Article]) -> Iterator[Article]:
    for article in articles:
        article.text = ""  # not needed past coding: only one text is in memory at a time
        yield article


@task(name="normalize", cache_policy=NO_CACHE)
def normalize_task(store_dir: Path, coded_dir: Path, quarantine, coder_version: str
                   ) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The seven tables, and the ids of the articles they hold (the articles themselves and
    their codings are freed when this returns: only the tables go on to validate and publish).
    """
    articles = list(_without_text(ArticleStore(store_dir).iter_articles()))
    ids = {a.article_id for a in articles}
    # In article order, whatever batches the store holds them in (a resumed run's batches
    # differ from an uninterrupted run's): the tables must not depend on it.
    codings = sorted(CodedStore(coded_dir, coder_version).iter_codings(ids),
                     key=lambda c: c.article_id)
    return build_tables(articles, codings, quarantine, coder_version), sorted(ids)


def _stage_reporter(show_progress: bool):
    logger = get_run_logger()

    def report(stage: Stage) -> None:
        logger.info("%s", stage.line())
        if show_progress and sys.stderr.isatty():
            print(stage.line(), file=sys.stderr, flush=True)

    return report


def _code_runner(dask_address: str | None):
    if not dask_address:
        return code_flow
    require_prefect_server(DASK_NEEDS_SERVER)
    from prefect_dask import DaskTaskRunner

    return code_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))


@flow(name="pipeline")
def pipeline(
    inputs: list[Path],
    store_dir: Path,
    state_dir: Path,
    releases_dir: Path | None = None,
    out_dir: Path | None = None,
    version: str | None = None,
    batch_size: int = 64,
    force: bool = False,
    allow_breaking_schema: bool = False,
    sources_file: Path | None = None,
    fetch_dir: Path | None = None,
    recode: bool = False,
    recode_ids: list[str] | None = None,
    dask_address: str | None = None,
    show_progress: bool = False,
    accuracy: dict | None = None,
) -> PipelineResult:
    """Ingest `inputs` (and, with `sources_file`, whatever its sources fetch into
    `fetch_dir/staging`, with fetch state in `fetch_dir/state`) into `store_dir`, code what is
    new, and publish a release of every article in the store to `releases_dir` (or, with
    `out_dir`, write the tables as Parquet there). `state_dir` holds the coded-mentions store
    and the run lock.

    `recode` forgets every coding of the current coder version first (`recode_ids`: only those
    articles'), so they are coded again. `dask_address` runs the coding tasks on that Dask
    scheduler (needs a Prefect server, see STACK.md). `show_progress` draws progress on a
    terminal's stderr.
    """
    logger = get_run_logger()
    inputs = [Path(p) for p in inputs]
    coded_dir = state_dir / "coded"
    code = _code_runner(dask_address)
    if sources_file is not None and fetch_dir is None:
        raise ValueError("pipeline: sources_file needs fetch_dir (staging and fetch state)")
    times = StageTimes(on_stage=_stage_reporter(show_progress))
    with RunLock(state_dir):
        fetched_paths: list[Path] = []
        fetch_quarantine: list[QuarantineRow] = []
        fetch_counts: dict[str, int] = {}
        if sources_file is not None:
            started = times.start()
            fetched = fetch_flow(sources_file, fetch_dir / "staging", fetch_dir / "state")
            fetched_paths, fetch_quarantine = fetched.paths, fetched.quarantine
            fetch_counts = {f"fetch_{k}": v for k, v in fetched.counts.items()}
            times.add("fetch", times.since(started), fetched.counts.get("fetched", 0),
                      f"{len(fetched_paths)} input(s), {len(fetch_quarantine)} quarantined",
                      unit="files")

        started = times.start()
        ingested = ingest_task([*inputs, *fetched_paths], store_dir)
        if sources_file is not None:
            mark_ingested(fetch_dir / "state", fetched_paths)
        times.add("ingest", times.since(started), ingested.counts.get("articles", 0),
                  f"{ingested.counts.get('new', 0)} new")
        del ingested.articles[:]  # the store has them; keep memory flat

        store_ids = store_article_ids(store_dir)
        coder_version = get_coder().version
        if recode or recode_ids:
            removed = _forget(CodedStore(coded_dir, coder_version), recode_ids)
            logger.info("pipeline: forgot %s coding(s) of %s to code again", removed,
                        coder_version)
        started = times.start()
        todo = set(store_ids) - CodedStore(coded_dir, coder_version).coded_ids()
        if todo:  # a sub-flow (its own task runner: threads or Dask) only when there is work
            coded = code(store_ids, store_dir, coded_dir, batch_size=batch_size,
                         show_progress=show_progress)
        else:
            coded = {"coded": 0, "already_coded": len(store_ids), "mentions": 0}
        times.add("code", times.since(started), coded["coded"],
                  f"{coded['already_coded']} already coded, {coded['mentions']} mentions")
        counts = {**ingested.counts, **coded, **fetch_counts}
        quarantine = merge_quarantine(fetch_quarantine, ingested.quarantine)
        quarantine_rows = [(q.raw_path, q.reason, q.detail) for q in quarantine]

        if out_dir is None and not force and coded["coded"] == 0:
            previous = latest_snapshot(releases_dir)
            current_hash = sha256_hex("\n".join(store_ids))
            if previous and previous.get("articles_sha256") == current_hash \
                    and previous.get("coder_version") == coder_version \
                    and {(q.raw_path, q.reason) for q in quarantine} <= \
                    released_quarantine_keys(releases_dir / previous["release"]):
                logger.info("pipeline: nothing new since release %s", previous["release"])
                return PipelineResult(counts=counts, rows={}, up_to_date=True,
                                      release_version=previous["release"],
                                      release_path=releases_dir / previous["release"],
                                      quarantine=quarantine_rows, stages=times.to_dict())

        started = times.start()
        tables, article_ids = normalize_task(store_dir, coded_dir, quarantine, coder_version)
        times.add("normalize", times.since(started), len(article_ids),
                  f"{len(tables['events'])} events")
        started = times.start()
        report = validate_task(tables)
        if not report.ok:
            logger.error(str(report))
            raise ValidationFailed(report)
        times.add("validate", times.since(started), len(article_ids))
        result = PipelineResult(
            counts=counts,
            rows={name: len(frame) for name, frame in tables.items()},
            quarantine=quarantine_rows,
        )
        started = times.start()
        if out_dir is not None:
            result.out_files = write_task(tables, out_dir)
            times.add("write", times.since(started), len(article_ids), f"to {out_dir}")
        else:
            snapshot = snapshot_of(article_ids, inputs, coder_version, sources_file)
            info = publish_task(tables, releases_dir, coder_version, snapshot, version,
                                allow_breaking_schema, accuracy)
            result.release_version, result.release_path = info.version, info.path
            times.add("publish", times.since(started), len(article_ids),
                      f"release {info.version}")
        result.stages = times.to_dict()
        logger.info("pipeline: %s", result.rows)
        return result


def _forget(store: CodedStore, article_ids: list[str] | None) -> int:
    if not article_ids:
        return store.clear()
    return store.forget(set(article_ids))

