"""Shared fixtures for the ingest tests: a fixed clock, an English article body, a store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventfold.ingest import ArticleStore

FIXED_NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)

BODY = (
    "The foreign ministers of the two countries met in the capital on Tuesday and agreed to "
    "reopen their embassies, which have been closed since a diplomatic dispute three years ago."
    "\n\n"
    "Officials said the ministers also discussed trade, border security and the return of "
    "refugees, and that a working group would meet next month to prepare a visit by the "
    "president."
)


@pytest.fixture
def clock() -> Callable[[], datetime]:
    """A clock stuck at FIXED_NOW."""
    return lambda: FIXED_NOW


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def body() -> str:
    """Two English paragraphs (~470 characters), long enough to be an article."""
    return BODY


@pytest.fixture
def store(tmp_path: Path) -> ArticleStore:
    return ArticleStore(tmp_path / "store")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return folder
