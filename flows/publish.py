"""Flow: publish a release (or write plain Parquet tables to an output folder)."""

from pathlib import Path

import pandas as pd
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from eventfold.publish import ReleaseInfo, publish_release, write_tables
from eventfold.records import run_clock


@task(name="publish-release", cache_policy=NO_CACHE)
def publish_task(tables: dict[str, pd.DataFrame], releases_dir: Path, coder_version: str,
                 source_snapshot: dict, version: str | None = None,
                 allow_breaking_schema: bool = False, accuracy: dict | None = None
                 ) -> ReleaseInfo:
    return publish_release(tables, releases_dir, version=version, coder_version=coder_version,
                           source_snapshot=source_snapshot, created_at=run_clock(),
                           allow_breaking_schema=allow_breaking_schema, accuracy=accuracy)


@task(name="write-tables", cache_policy=NO_CACHE)
def write_task(tables: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, Path]:
    return write_tables(tables, out_dir)


@flow(name="publish")
def publish_flow(tables: dict[str, pd.DataFrame], releases_dir: Path, coder_version: str,
                 source_snapshot: dict, version: str | None = None,
                 allow_breaking_schema: bool = False) -> ReleaseInfo:
    return publish_task(tables, releases_dir, coder_version, source_snapshot, version,
                        allow_breaking_schema)
