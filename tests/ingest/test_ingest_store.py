"""The content-addressed store and re-runs: round trip, ingested_at kept on re-ingest,
byte-identical files, deduplication across formats, determinism."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from eventfold.ingest import ArticleStore, ingest_inputs
from eventfold.ingest.store import article_from_json, article_to_json

BROKEN = Path(__file__).parents[1] / "fixtures" / "broken"
LATER = datetime(2027, 1, 1, tzinfo=UTC)


def write_three(inputs: Path, body: str) -> None:
    (inputs / "a.txt").write_text("Ministers agree to reopen embassies\n\n" + body)
    (inputs / "b.txt").write_text("Another headline about other talks\n\n" + body)
    (inputs / "c.jsonl").write_text(
        json.dumps({"id": "1", "title": "Third story", "published": "2026-01-02", "text": body})
        + "\n"
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_store_round_trip(inputs: Path, store: ArticleStore, clock, body: str) -> None:
    write_three(inputs, body)
    result = ingest_inputs([inputs], store, clock=clock)
    assert len(result.articles) == 3
    for article in result.articles:
        sha = article.content_sha256
        assert (store.root / sha[:2] / f"{sha}.json").is_file()
        assert store.get(article.article_id) == article
        assert article.article_id in store and sha in store
    assert list(store.iter_articles()) == result.articles  # sorted by article_id
    assert store.get("art_0000000000000000") is None and "nonsense" not in store
    assert not list(store.root.rglob(".tmp-*"))
    article = result.articles[0]
    assert article_from_json(article_to_json(article)) == article


def test_reingest_keeps_ingested_at_and_bytes(inputs: Path, store: ArticleStore, clock, body):
    write_three(inputs, body)
    first = ingest_inputs([inputs], store, clock=clock)
    before = snapshot(store.root)
    again = ingest_inputs([inputs], store, clock=lambda: LATER)
    assert again.articles == first.articles  # same ingested_at, same everything
    assert again.new_ids == set() and len(first.new_ids) == 3
    assert again.counts["stored"] == 0 and again.counts["new"] == 0
    assert snapshot(store.root) == before
    (inputs / "d.txt").write_text("A fourth headline on a new story\n\n" + body)
    third = ingest_inputs([inputs], store, clock=lambda: LATER)
    [new_id] = third.new_ids
    assert {a.article_id: a.ingested_at for a in third.articles}[new_id] == LATER
    assert all(a.ingested_at != LATER for a in third.articles if a.article_id != new_id)


def test_same_text_in_two_formats_is_one_article(inputs: Path, store, clock, body: str) -> None:
    title = "Ministers agree to reopen embassies"
    (inputs / "b_copy.jsonl").write_text(
        json.dumps({"url": "https://wire.invalid/1", "title": title, "text": body,
                    "published": "2026-05-04T10:00:00Z", "source": "Wire"}) + "\n"
    )  # fmt: skip
    (inputs / "a_first.txt").write_text(f"{title}\n\n{body}\n")
    (inputs / "c_copy.html").write_text(
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        + "</article></body></html>"
    )
    result = ingest_inputs([inputs], store, clock=clock)
    [article] = result.articles
    assert article.raw_path == "a_first.txt"  # first by raw_path wins url/source/raw_path
    assert article.url.startswith("file://") and article.source_name is None
    assert article.published_at == datetime(2026, 5, 4, 10, tzinfo=UTC)  # filled from the copy
    assert result.counts["duplicates"] == 2 and result.counts["records"] == 3
    assert len(list(store.iter_articles())) == 1


def test_two_runs_give_equal_rows(tmp_path: Path, clock, body: str) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(BROKEN, inputs)
    write_three(inputs, body)
    runs = [ingest_inputs([inputs], ArticleStore(tmp_path / f"s{n}"), clock=clock) for n in (1, 2)]
    assert [a.row() for a in runs[0].articles] == [a.row() for a in runs[1].articles]
    assert [a.text for a in runs[0].articles] == [a.text for a in runs[1].articles]
    assert [q.row() for q in runs[0].quarantine] == [q.row() for q in runs[1].quarantine]
    assert runs[0].counts == runs[1].counts
    assert snapshot(tmp_path / "s1") == snapshot(tmp_path / "s2")
    rows = [(q.raw_path, q.reason) for q in runs[0].quarantine]
    assert rows == sorted(rows)
    ids = [a.article_id for a in runs[0].articles]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_corrupt_store_file_is_rewritten(inputs: Path, store: ArticleStore, clock, body) -> None:
    write_three(inputs, body)
    first = ingest_inputs([inputs], store, clock=clock)
    victim = first.articles[0]
    store.path_for(victim.content_sha256).write_text("{not json")
    again = ingest_inputs([inputs], store, clock=lambda: LATER)
    assert victim.article_id in again.new_ids
    assert store.get(victim.article_id) == replace(victim, ingested_at=LATER)


def test_a_folder_walk_never_reads_another_article_store(tmp_path):
    from eventfold.ingest import ArticleStore, ingest_inputs

    inputs = tmp_path / "raw"
    (inputs / "sample").mkdir(parents=True)
    (inputs / "sample" / "a.txt").write_text(
        "Talks in Rabat\n\n" + "Israel and Morocco held talks in Rabat on Monday. " * 8)
    first = ingest_inputs([inputs], ArticleStore(inputs / "articles"))  # store inside raw/
    assert first.counts["articles"] == 1
    other = ingest_inputs([inputs], ArticleStore(tmp_path / "elsewhere"))  # a different store
    assert other.counts["articles"] == 1 and other.quarantine == []
