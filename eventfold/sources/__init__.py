"""Sources: the sources.yaml config and polite, safe fetching of feeds, pages, JSONL and WARC
files into a staging folder that `eventfold.ingest.ingest_inputs` reads. No Prefect here."""

from eventfold.sources.config import (
    FetchSettings,
    Source,
    SourceConfig,
    SourcesConfigError,
    load_sources,
    parse_sources,
)
from eventfold.sources.run import (
    FetchResult,
    fetch_source,
    fetch_sources,
    mark_ingested,
    merge_results,
    pending_paths,
)
from eventfold.sources.state import FetchStateLocked

__all__ = [
    "FetchResult",
    "FetchSettings",
    "FetchStateLocked",
    "Source",
    "SourceConfig",
    "SourcesConfigError",
    "fetch_source",
    "fetch_sources",
    "load_sources",
    "mark_ingested",
    "merge_results",
    "parse_sources",
    "pending_paths",
]
