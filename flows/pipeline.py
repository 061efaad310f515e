"""The parent flow: ingest → code → normalize → validate → publish."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from eventfold.ids import sha256_hex
from eventfold.normalize import build_tables
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


@task(name="normalize", cache_policy=NO_CACHE)
def normalize_task(articles, codings, quarantine, coder_version) -> dict[str, pd.DataFrame]:
    return build_tables(articles, codings, quarantine, coder_version)


@flow(name="pipeline")
def pipeline(
    inputs: list[Path],
    store_dir: Path,
    releases_dir: Path | None = None,
    out_dir: Path | None = None,
    version: str | None = None,
    batch_size: int = 64,
) -> PipelineResult:
    """Ingest `inputs`, code them, and publish a release to `releases_dir` (or, with
    `out_dir`, write the tables as Parquet there without touching any release)."""
    logger = get_run_logger()
    ingested = ingest_flow(inputs, store_dir)
    codings = code_flow(ingested.articles, batch_size=batch_size)
    coder_version = get_coder().version
    tables = normalize_task(ingested.articles, codings, ingested.quarantine, coder_version)
    validate_flow(tables)
    result = PipelineResult(
        counts=dict(ingested.counts),
        rows={name: len(frame) for name, frame in tables.items()},
        quarantine=[(q.raw_path, q.reason, q.detail) for q in ingested.quarantine],
    )
    if out_dir is not None:
        result.out_files = write_task(tables, out_dir)
    else:
        snapshot = {
            "inputs": [str(p) for p in inputs],
            "articles": len(ingested.articles),
            "articles_sha256": sha256_hex("\n".join(a.article_id for a in ingested.articles)),
        }
        info = publish_flow(tables, releases_dir, coder_version, snapshot, version)
        result.release_version, result.release_path = info.version, info.path
    logger.info("pipeline: %s", result.rows)
    return result
