"""Serve the `pipeline` flow as a Prefect deployment on the schedule of sources.yaml.

`serve_pipeline` registers the deployment (cron + time zone, parameters with absolute paths)
with the Prefect server named by PREFECT_API_URL and then polls it for runs until stopped;
each run executes in a subprocess of the serving process.
"""

from pathlib import Path

from prefect.flows import EntrypointType
from prefect.schedules import Cron

from flows.pipeline import pipeline
from flows.settings import SERVE_NEEDS_SERVER, require_prefect_server

DEFAULT_DEPLOYMENT = "eventfold"


def deployment_parameters(*, sources_file: Path, store_dir: Path, state_dir: Path,
                          releases_dir: Path, fetch_dir: Path, batch_size: int = 64,
                          dask_address: str | None = None) -> dict:
    """The parameters every scheduled run gets (absolute paths: runs start in other folders)."""
    params = {
        "inputs": [],
        "sources_file": str(Path(sources_file).resolve()),
        "store_dir": str(Path(store_dir).resolve()),
        "state_dir": str(Path(state_dir).resolve()),
        "releases_dir": str(Path(releases_dir).resolve()),
        "fetch_dir": str(Path(fetch_dir).resolve()),
        "batch_size": batch_size,
    }
    if dask_address:
        params["dask_address"] = dask_address
    return params


def serve_pipeline(*, name: str, cron: str, timezone: str, parameters: dict,
                   limit: int = 1) -> None:
    """Register `pipeline` as deployment `pipeline/<name>` with the cron schedule and serve it
    (blocks; Ctrl-C or SIGTERM stops it and pauses the schedule)."""
    require_prefect_server(SERVE_NEEDS_SERVER)
    pipeline.serve(
        name=name,
        schedules=[Cron(cron, timezone=timezone)],
        parameters=parameters,
        description="eventfold: fetch the sources of sources.yaml, ingest, code what is new, "
                    "validate and publish a release",
        tags=["eventfold"],
        limit=limit,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )
