"""Flow: fetch the sources of sources.yaml into a staging folder for ingest — one task per
source, retried with exponential backoff when the source itself is unreachable."""

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run
from prefect.tasks import exponential_backoff

from eventfold.sources import (
    FetchResult,
    FetchSettings,
    Source,
    fetch_source,
    load_sources,
    merge_results,
    pending_paths,
)

TASK_RETRIES = 3


class SourceUnavailable(RuntimeError):
    """The source's own URL failed with a transient error (timeout, 5xx, …): retry the task."""


@task(
    name="fetch-source",
    retries=TASK_RETRIES,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    cache_policy=NO_CACHE,
)
def fetch_source_task(
    source: Source, settings: FetchSettings, staging_dir: Path, state_dir: Path
) -> FetchResult:
    """Fetch one source. The library already retries each request; when the source's own URL
    still fails, the task is retried as a whole, and the last attempt returns its quarantine."""
    result = fetch_source(source, settings, staging_dir, state_dir)
    if result.retryable and task_run.get_run_count() <= TASK_RETRIES:
        raise SourceUnavailable(f"{source.name}: {', '.join(result.retryable)} unavailable")
    return result


@flow(name="fetch", log_prints=False)
def fetch_flow(
    sources_file: Path,
    staging_dir: Path,
    state_dir: Path,
    task_retry_delay_seconds: float | None = None,
) -> FetchResult:
    """Fetch every enabled source of `sources_file`; files staged by an earlier run and not yet
    confirmed with `eventfold.sources.mark_ingested` are carried over. Ingest `result.paths`,
    then call `mark_ingested(state_dir, result.paths)`.

    `task_retry_delay_seconds` replaces the exponential backoff between task retries (tests).
    """
    config = load_sources(sources_file)
    carried = pending_paths(state_dir)
    fetch_one = fetch_source_task
    if task_retry_delay_seconds is not None:
        fetch_one = fetch_source_task.with_options(retry_delay_seconds=task_retry_delay_seconds)
    results = [
        fetch_one(source, config.fetch, staging_dir, state_dir)
        for source in config.enabled_sources()
    ]
    result = merge_results(results, carried)
    get_run_logger().info("fetch: %s", result.counts)
    return result
