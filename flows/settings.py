"""Quiet, offline Prefect defaults, applied before Prefect is imported (users may override)."""

import os

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "DASK_LOGGING__DISTRIBUTED": "warning",
    "TQDM_DISABLE": "1",
}


def apply_defaults() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)


START_SERVER_HINT = (
    "start one with `prefect server start --host 127.0.0.1` and point eventfold at it with "
    "`export PREFECT_API_URL=http://127.0.0.1:4200/api`"
)


class PrefectServerRequired(RuntimeError):
    """The command needs a running Prefect server (PREFECT_API_URL), not a temporary one."""


def prefect_api_url() -> str | None:
    """The configured Prefect API (environment or profile), or None in temporary-server mode."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def require_prefect_server(why: str) -> str:
    """The API URL, or PrefectServerRequired explaining `why` a temporary server will not do."""
    url = prefect_api_url()
    if not url:
        raise PrefectServerRequired(f"{why}; PREFECT_API_URL is not set: {START_SERVER_HINT}")
    return url


DASK_NEEDS_SERVER = (
    "running the coding tasks on Dask needs a Prefect server: without PREFECT_API_URL every "
    "Dask worker would start its own temporary Prefect server (~230 MB and several seconds "
    "each, all writing one SQLite file)"
)
SERVE_NEEDS_SERVER = (
    "`eventfold serve` needs a running Prefect server: a temporary server lives only as long "
    "as one command and cannot fire schedules"
)
