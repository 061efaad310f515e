"""Flow: read inputs (files and folders) into the content-addressed raw store."""

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from eventfold.ingest import ArticleStore, IngestResult, ingest_inputs


@task(name="ingest-inputs", cache_policy=NO_CACHE)
def ingest_task(inputs: list[Path], store_dir: Path) -> IngestResult:
    return ingest_inputs(inputs, ArticleStore(store_dir))


@flow(name="ingest", log_prints=False)
def ingest_flow(inputs: list[Path], store_dir: Path) -> IngestResult:
    result = ingest_task(inputs, store_dir)
    get_run_logger().info("ingest: %s", result.counts)
    return result
