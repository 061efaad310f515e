"""Shared test setup: quiet offline Prefect in a fresh PREFECT_HOME, and the shared eval folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"

_HOME = tempfile.mkdtemp(prefix="eventfold-prefect-")
os.environ["PREFECT_HOME"] = _HOME
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_RESULTS_PERSIST_BY_DEFAULT", "false")
os.environ.setdefault("PREFECT_TASKS_REFRESH_CACHE", "true")
os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.pop("PREFECT_API_URL", None)


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test harness (temporary server) for the whole session."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip("../shared/eval is absent: gold-standard tests skipped")
    return SHARED_EVAL


@pytest.fixture(scope="session")
def seed_article(shared_eval):
    import json

    with open(shared_eval / "seed_gold.jsonl", encoding="utf-8") as fh:
        return json.loads(fh.readline())
