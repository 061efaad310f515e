"""Tiny, valid release tables for the publish tests, built with schemas.arrow.conform."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest

from schemas.arrow import conform

T0 = datetime(2022, 6, 14, 9, 30, tzinfo=UTC)
A1, A2 = "art_" + "a" * 16, "art_" + "b" * 16
E1, E2, E3 = "evt_" + "1" * 16, "evt_" + "2" * 16, "evt_" + "3" * 16


def _event(event_id: str, **over) -> dict:
    row = {
        "event_id": event_id, "event_type": "AGREE", "event_mode": None, "quad_class": 1,
        "intensity": 5.0, "cameo_root": "06", "event_date": date(2022, 6, 13),
        "date_precision": "day", "date_source": "text", "location_name": "Rabat",
        "location_country": "MAR", "admin1": "Rabat-Sale-Kenitra", "latitude": 34.02,
        "longitude": -6.84, "geo_precision": "city", "num_mentions": 1, "num_articles": 1,
        "num_sources": 1, "first_published_at": T0, "confidence": 0.9,
        "coder_version": "coder-0.1",
    }
    row.update(over)
    return row


BASE = {
    "articles": [
        {"article_id": A1, "url": "https://example.org/a", "source_name": "Example News",
         "title": "=HYPERLINK(\"http://evil\")", "published_at": T0, "language": "en",
         "content_sha256": "a" * 64, "n_chars": 1200, "ingested_at": T0,
         "raw_path": "feeds/a.jsonl#1"},
        {"article_id": A2, "url": None, "source_name": None, "title": "Troops shell border town",
         "published_at": None, "language": "en", "content_sha256": "b" * 64, "n_chars": 800,
         "ingested_at": T0, "raw_path": "feeds/a.jsonl#2"},
    ],
    "events": [
        _event(E1),
        _event(E2, event_type="ASSAULT", event_mode="artillery", quad_class=4, intensity=-5.0,
               cameo_root="19", event_date=None, date_precision=None, date_source=None,
               location_name=None, location_country=None, admin1=None, latitude=None,
               longitude=None, geo_precision="none", first_published_at=None, confidence=0.6),
        _event(E3, event_type="PROTEST", quad_class=3, intensity=-3.5, cameo_root="14",
               num_mentions=2, num_articles=2, num_sources=1),
    ],
    "event_actors": [
        {"event_id": E1, "actor_id": "ISR", "role": "source"},
        {"event_id": E1, "actor_id": "MAR", "role": "target"},
        {"event_id": E2, "actor_id": "ISR_MIL", "role": "source"},
        {"event_id": E3, "actor_id": "MAR_CVL", "role": "source"},
    ],
    "mentions": [
        {"mention_id": "men_" + "1" * 16, "event_id": E1, "article_id": A1, "sentence_index": 0,
         "char_start": 0, "char_end": 80, "trigger": "signed", "confidence": 0.9},
        {"mention_id": "men_" + "2" * 16, "event_id": E2, "article_id": A2, "sentence_index": 1,
         "char_start": 81, "char_end": 160, "trigger": "shelled", "confidence": 0.6},
        {"mention_id": "men_" + "3" * 16, "event_id": E3, "article_id": A1, "sentence_index": 2,
         "char_start": 161, "char_end": 200, "trigger": "-protested", "confidence": 0.8},
        {"mention_id": "men_" + "4" * 16, "event_id": E3, "article_id": A2, "sentence_index": 3,
         "char_start": 201, "char_end": 260, "trigger": "rallied", "confidence": 0.7},
    ],
    "actors": [
        {"actor_id": "ISR", "name": "Israel", "actor_type": "country", "country": "ISR",
         "sector": None, "aliases": ["Israeli", "Israel"], "wikidata_id": "Q801",
         "num_mentions": 1, "first_seen": date(2022, 6, 13), "last_seen": date(2022, 6, 13)},
        {"actor_id": "ISR_MIL", "name": "+Israeli military", "actor_type": "group",
         "country": "ISR", "sector": "MIL", "aliases": ["IDF", "=cmd"], "wikidata_id": None,
         "num_mentions": 1, "first_seen": None, "last_seen": None},
        {"actor_id": "MAR", "name": "Morocco", "actor_type": "country", "country": "MAR",
         "sector": None, "aliases": [], "wikidata_id": "Q1028", "num_mentions": 1,
         "first_seen": date(2022, 6, 13), "last_seen": date(2022, 6, 13)},
        {"actor_id": "MAR_CVL", "name": "@Moroccan protesters", "actor_type": "group",
         "country": "MAR", "sector": "CVL", "aliases": ["protesters"], "wikidata_id": None,
         "num_mentions": 2, "first_seen": date(2022, 6, 13), "last_seen": date(2022, 6, 13)},
    ],
    "relations": [
        {"relation_id": "rel_" + "1" * 16, "source_actor_id": "ISR",
         "target_actor_id": "MAR", "relation_type": "cooperates_with",
         "first_seen": date(2022, 6, 13), "last_seen": date(2022, 6, 13), "num_events": 1,
         "mean_intensity": 5.0, "evidence": [E1]},
        {"relation_id": "rel_" + "2" * 16, "source_actor_id": "ISR_MIL",
         "target_actor_id": "ISR", "relation_type": "part_of", "first_seen": None,
         "last_seen": None, "num_events": 1, "mean_intensity": None,
         "evidence": ["men_" + "2" * 16]},
    ],
    "quarantine": [
        {"raw_path": "feeds/bad.bin", "reason": "binary", "detail": "\tnot text",
         "seen_at": T0},
    ],
}


def build_tables(records: dict[str, list[dict]]) -> dict:
    return {name: conform(name, rows) for name, rows in records.items()}


@pytest.fixture
def records() -> dict[str, list[dict]]:
    """A fresh, mutable copy of the base records (7 tables, all valid)."""
    return copy.deepcopy(BASE)


@pytest.fixture
def tables(records) -> dict:
    return build_tables(records)


@pytest.fixture
def build():
    """records -> conformed tables."""
    return build_tables


@pytest.fixture
def event():
    """event_id, **overrides -> an events record."""
    return _event


@pytest.fixture
def clock() -> datetime:
    return datetime(2026, 11, 25, 13, 40, tzinfo=UTC)


SNAPSHOT = {"inputs": ["raw/sample/feed.jsonl"], "articles": 2, "articles_sha256": "0" * 64}


@pytest.fixture
def publish(clock):
    """tables, releases_dir, **overrides -> ReleaseInfo, with test defaults for the rest.

    The Great Expectations suite (~1 s a release) runs only where a test asks for it with
    quality_report=True (tests/publish/test_publish_quality.py and the release layout test).
    """
    from eventfold.publish import publish_release

    def _publish(tables, releases_dir, **kw):
        kw.setdefault("quality_report", False)
        kw.setdefault("coder_version", "coder-0.1")
        kw.setdefault("source_snapshot", SNAPSHOT)
        kw.setdefault("created_at", clock)
        return publish_release(tables, releases_dir, **kw)

    return _publish


def tree(root) -> dict[str, bytes | str]:
    """Every entry under root (hidden ones too): file bytes, symlink targets, dirs."""
    import os
    from pathlib import Path

    out: dict[str, bytes | str] = {}
    if not Path(root).exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = p.read_bytes()
    return out


@pytest.fixture
def snapshot_tree():
    return tree


@pytest.fixture(scope="session")
def synthetic():
    """The synthetic-release module (tests/publish/synthetic.py): synthetic_tables(), ACCURACY."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("eventfold_test_synthetic_publish",
                                                  Path(__file__).with_name("synthetic.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
