"""Every broken input in tests/fixtures/broken/ gets the right quarantine reason while the good
articles next to them still come through; plus limits and odd inputs made in tmp_path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eventfold.ingest import ArticleStore, IngestLimits, ingest_inputs

BROKEN = Path(__file__).parents[1] / "fixtures" / "broken"
QUARANTINE_REASONS = {
    "empty", "binary", "undecodable", "too_large", "malformed_json", "missing_field",
    "non_english", "no_text", "http_status", "unsupported_type", "read_error", "duplicate_id",
}  # fmt: skip


@pytest.fixture(scope="module")
def broken_result(tmp_path_factory: pytest.TempPathFactory):
    store = ArticleStore(tmp_path_factory.mktemp("broken") / "store")
    return ingest_inputs([BROKEN], store)


def test_each_broken_fixture_gets_its_reason(broken_result) -> None:
    reasons = {q.raw_path: q.reason for q in broken_result.quarantine}
    assert reasons == {
        "binary.txt": "binary",
        "crawl.warc.gz#urn:uuid:00000000-0000-4000-8000-000000000404": "http_status",
        "empty.txt": "empty",
        "invalid_utf8.txt": "undecodable",
        "no_body.html": "no_text",
        "non_english.txt": "non_english",
        "records.jsonl#L2": "malformed_json",
    }
    assert {q.reason for q in broken_result.quarantine} <= QUARANTINE_REASONS
    assert all(q.detail for q in broken_result.quarantine)
    assert any("404" in q.detail for q in broken_result.quarantine)


def test_good_articles_in_broken_folder_come_through(broken_result) -> None:
    by_path = {a.raw_path: a for a in broken_result.articles}
    assert set(by_path) == {
        "records.jsonl#L1",
        "crawl.warc.gz#urn:uuid:00000000-0000-4000-8000-000000000200",
    }
    warc = by_path["crawl.warc.gz#urn:uuid:00000000-0000-4000-8000-000000000200"]
    assert warc.title == "Ministers agree on shared river commission"
    assert warc.source_name == "Valley Gazette"
    assert "Leave a Reply" not in warc.text and "All rights reserved" not in warc.text
    assert broken_result.counts["quarantined"] == 7
    assert broken_result.counts["articles"] == 2


def test_too_large_checked_before_reading(tmp_path: Path, store) -> None:
    big = tmp_path / "in" / "huge.txt"
    big.parent.mkdir()
    with big.open("wb") as handle:  # 50 MB, sparse: instant to make
        handle.truncate(50 * 1024 * 1024)
    shutil.copy(BROKEN / "records.jsonl", big.parent / "records.jsonl")
    result = ingest_inputs([big.parent], store)
    [row] = [q for q in result.quarantine if q.raw_path == "huge.txt"]
    assert row.reason == "too_large"
    assert "52428800" in row.detail
    assert [a.raw_path for a in result.articles] == ["records.jsonl#L1"]


def test_oversized_jsonl_line_skipped_next_lines_read(inputs: Path, store, body: str) -> None:
    good = json.dumps({"id": "ok", "text": body})
    huge = json.dumps({"id": "big", "text": "word " * 5000})
    (inputs / "feed.jsonl").write_text(f"{huge}\n{good}\n")
    result = ingest_inputs([inputs], store, limits=IngestLimits(max_bytes=4096))
    assert [(q.raw_path, q.reason) for q in result.quarantine] == [("feed.jsonl#L1", "too_large")]
    assert [a.raw_path for a in result.articles] == ["feed.jsonl#L2"]


def test_jsonl_record_problems(inputs: Path, store, body: str) -> None:
    lines = [
        json.dumps({"id": "a", "title": "No text at all"}),
        json.dumps({"id": "b", "text": "   "}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "c", "text": body, "language": "de"}),
        json.dumps({"id": "d", "text": body}),
        json.dumps({"id": "d", "text": body + " Another sentence."}),
        json.dumps({"id": "e", "text": "Too short to be an article."}),
        json.dumps({"id": "f", "text": "bad\u0000\u0001\u0002\u0003" * 80}),
    ]
    (inputs / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (inputs / "latin.jsonl").write_bytes('{"text": "caf\xe9 talks"}\n'.encode("latin-1"))
    result = ingest_inputs([inputs], store)
    assert [(q.raw_path, q.reason) for q in result.quarantine] == [
        ("feed.jsonl#L1", "missing_field"),
        ("feed.jsonl#L2", "no_text"),
        ("feed.jsonl#L3", "malformed_json"),
        ("feed.jsonl#L4", "non_english"),
        ("feed.jsonl#L6", "duplicate_id"),
        ("feed.jsonl#L7", "no_text"),
        ("feed.jsonl#L8", "binary"),
        ("latin.jsonl#L1", "undecodable"),
    ]
    assert [a.raw_path for a in result.articles] == ["feed.jsonl#L5"]


def test_odd_files(inputs: Path, tmp_path: Path, store) -> None:
    (inputs / "notes.pdf").write_bytes(b"%PDF-1.4")
    (inputs / "blank.jsonl").write_text("\n\n")
    (inputs / "spaces.txt").write_text("   \n\n  ")
    (inputs / "bad.warc.gz").write_bytes(b"this is not a WARC file at all\n" * 4)
    missing = tmp_path / "nowhere"
    result = ingest_inputs([inputs, missing], store)
    reasons = {q.raw_path: q.reason for q in result.quarantine}
    assert reasons == {
        "bad.warc.gz": "read_error",
        "blank.jsonl": "empty",
        "notes.pdf": "unsupported_type",
        "spaces.txt": "empty",
        str(missing): "read_error",
    }
    assert result.articles == []
