"""The parent flow: ingest → code → normalize → validate → publish.

Incremental: only new articles are stored, only articles not coded by the current coder
version are coded, and the tables are rebuilt from every coded article in the store. When
nothing changed since the latest release, nothing is published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from eventfold.ids import sha256_hex
from eventfold.ingest import ArticleStore
from eventfold.normalize import build_tables
from eventfold.records import Article
from eventfold.state import CodedStore, RunLock
from flows.code import code_flow, get_coder
from flows.ingest import ingest_flow
from flows.publish import publish_flow, write_task
from flows.validate import validate_flow


@dataclass
class PipelineResult:
    counts: dict[str, int]
    rows: dict[str, int]
    release_version: str | None = None
    release_path: Path | None = None
    out_files: dict[str, Path] = field(default_factory=dict)
    quarantine: list[tuple[str, str, str]] = field(default_factory=list)
    up_to_date: bool = False


def snapshot_of(articles: list[Article], inputs: list[Path], coder_version: str) -> dict:
    ids = sorted(a.article_id for a in articles)
    return {
        "inputs": [str(p) for p in inputs],
        "articles": len(ids),
        "articles_sha256": sha256_hex("\n".join(ids)),
        "coder_version": coder_version,
    }


def latest_snapshot(releases_dir: Path) -> dict | None:
    manifest = releases_dir / "latest" / "manifest.json"
    if not manifest.is_file():
        return None
    data = json.loads(manifest.read_text("utf-8"))
    return {**data.get("source_snapshot", {}), "release": data.get("version")}


@task(name="normalize", cache_policy=NO_CACHE)
def normalize_task(store_dir: Path, coded_dir: Path, quarantine, coder_version: str
                   ) -> tuple[dict[str, pd.DataFrame], list[Article]]:
    articles = list(ArticleStore(store_dir).iter_articles())
    ids = {a.article_id for a in articles}
    codings = list(CodedStore(coded_dir, coder_version).iter_codings(ids))
    for a in articles:
        a.text = ""  # not needed past coding; keep memory flat
    return build_tables(articles, codings, quarantine, coder_version), articles


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
) -> PipelineResult:
    """Ingest `inputs` into `store_dir`, code what is new, and publish a release of every
    article in the store to `releases_dir` (or, with `out_dir`, write the tables as Parquet
    there). `state_dir` holds the coded-mentions store and the run lock."""
    logger = get_run_logger()
    coded_dir = state_dir / "coded"
    with RunLock(state_dir):
        ingested = ingest_flow(inputs, store_dir)
        store_ids = sorted(a.article_id for a in ArticleStore(store_dir).iter_articles())
        coded = code_flow(store_ids, store_dir, coded_dir, batch_size=batch_size)
        coder_version = get_coder().version
        counts = {**ingested.counts, **coded}
        quarantine_rows = [(q.raw_path, q.reason, q.detail) for q in ingested.quarantine]
        if out_dir is None and not force and coded["coded"] == 0:
            previous = latest_snapshot(releases_dir)
            current_hash = sha256_hex("\n".join(store_ids))
            if previous and previous.get("articles_sha256") == current_hash \
                    and previous.get("coder_version") == coder_version \
                    and not ingested.quarantine:
                logger.info("pipeline: nothing new since release %s", previous["release"])
                return PipelineResult(counts=counts, rows={}, up_to_date=True,
                                      release_version=previous["release"],
                                      release_path=releases_dir / previous["release"],
                                      quarantine=quarantine_rows)
        tables, articles = normalize_task(store_dir, coded_dir, ingested.quarantine,
                                          coder_version)
        validate_flow(tables)
        result = PipelineResult(
            counts=counts,
            rows={name: len(frame) for name, frame in tables.items()},
            quarantine=quarantine_rows,
        )
        if out_dir is not None:
            result.out_files = write_task(tables, out_dir)
        else:
            snapshot = snapshot_of(articles, inputs, coder_version)
            info = publish_flow(tables, releases_dir, coder_version, snapshot, version,
                                allow_breaking_schema)
            result.release_version, result.release_path = info.version, info.path
        logger.info("pipeline: %s", result.rows)
        return result
