"""Synthetic benchmark articles: deterministic, distinct, ingestible and coded into events."""

from __future__ import annotations

import json

from eventfold.ops.synth import synthetic_articles, write_jsonl


def test_synthetic_articles_are_deterministic_and_distinct(tmp_path):
    first = list(synthetic_articles(50))
    assert first == list(synthetic_articles(50))
    assert list(synthetic_articles(5, start=45)) == first[45:]
    assert len({a["text"] for a in first}) == 50
    paths = write_jsonl(tmp_path, 25, per_file=10)
    assert [p.name for p in paths] == ["synth-0000000.jsonl", "synth-0000010.jsonl",
                                       "synth-0000020.jsonl"]
    rows = [json.loads(line) for p in paths for line in p.read_text().splitlines()]
    assert rows == first[:25]


def test_synthetic_articles_are_ingested_and_coded(tmp_path):
    from eventfold.coding.coder import Coder
    from eventfold.ingest import ArticleStore, ingest_inputs

    write_jsonl(tmp_path / "in", 12)
    result = ingest_inputs([tmp_path / "in"], ArticleStore(tmp_path / "store"))
    assert result.counts["articles"] == 12 and not result.quarantine
    codings = Coder().code(result.articles)
    types = {m.event_type for c in codings for m in c.mentions}
    assert all(c.mentions for c in codings)
    assert len(types) >= 8


def test_articles_can_be_made_long_for_the_coder_speed_target():
    short = list(synthetic_articles(5))
    long = list(synthetic_articles(5, words=600))
    assert all(len(a["text"].split()) >= 600 for a in long)
    assert all(len(a["text"].split()) < 400 for a in short)
    assert long == list(synthetic_articles(5, words=600))  # deterministic
