"""Happy paths of each input format: .txt, .html, .jsonl (text and html fields), .warc.gz."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventfold.ids import article_id_for, sha256_hex
from eventfold.ingest import ArticleStore, ingest_inputs

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers agree to reopen embassies | Capital Post</title>
<meta property="og:title" content="Ministers agree to reopen embassies">
<meta property="og:site_name" content="Capital Post">
<meta property="article:published_time" content="2026-05-04T18:30:00+02:00">
<link rel="canonical" href="https://capital-post.invalid/2026/05/embassies">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ministers agree to reopen embassies</h1>
{paragraphs}
<p><a href="https://elsewhere.invalid/x">Read article in full</a></p>
<div class="share">Share this: <a href="#">Twitter</a></div>
</article>
<div id="comments"><h3>Leave a Reply</h3>
<form class="comment-form"><p>Your email address will not be published.
Required fields are marked *</p><textarea name="comment"></textarea>
<input type="submit" value="Post Comment"></form></div>
<aside><p>Sign up for our newsletter to get the news every morning.</p></aside>
<footer><p>&copy; 2026 Capital Post. All rights reserved.</p>
<p>This website uses cookies to improve your experience.</p></footer>
</body></html>
"""

BOILERPLATE_WORDS = (
    "Read article in full",
    "Leave a Reply",
    "email address",
    "Share this",
    "newsletter",
    "All rights reserved",
    "cookies",
    "Post Comment",
)


def page_html(body: str) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return PAGE.replace("{paragraphs}", paragraphs)


def test_txt_first_line_is_title(inputs: Path, store, clock, now, body: str) -> None:
    (inputs / "a.txt").write_text(f"Ministers agree to reopen embassies\n\n{body}\n")
    result = ingest_inputs([inputs], store, clock=clock)
    assert result.quarantine == []
    [article] = result.articles
    expected = f"Ministers agree to reopen embassies\n\n{body}"
    assert article.text == expected
    assert article.title == "Ministers agree to reopen embassies"
    assert article.content_sha256 == sha256_hex(expected)
    assert article.article_id == article_id_for(article.content_sha256)
    assert article.n_chars == len(expected)
    assert article.raw_path == "a.txt"
    assert article.url == (inputs / "a.txt").resolve().as_uri()
    assert article.language == "en"
    assert article.published_at is None
    assert article.ingested_at == now
    assert result.new_ids == {article.article_id}


def test_txt_optional_header_block(inputs: Path, store, clock, body: str) -> None:
    (inputs / "b.txt").write_text(
        "Title: Ministers agree to reopen embassies\nURL: https://x.invalid/1\n"
        "Source: Capital Post\nPublished: 2026-05-04T18:30:00+02:00\n\n" + body
    )
    [article] = ingest_inputs([inputs], store, clock=clock).articles
    assert article.text.startswith("Ministers agree to reopen embassies\n\nThe foreign")
    assert (article.url, article.source_name) == ("https://x.invalid/1", "Capital Post")
    assert article.published_at == datetime(2026, 5, 4, 16, 30, tzinfo=UTC)


def test_html_main_text_and_metadata(inputs: Path, store, clock, body: str) -> None:
    (inputs / "page.html").write_text(page_html(body))
    result = ingest_inputs([inputs], store, clock=clock)
    assert result.quarantine == []
    [article] = result.articles
    assert article.title == "Ministers agree to reopen embassies"
    assert article.text == f"Ministers agree to reopen embassies\n\n{body}"
    assert article.url == "https://capital-post.invalid/2026/05/embassies"
    assert article.source_name == "Capital Post"
    assert article.published_at == datetime(2026, 5, 4, 16, 30, tzinfo=UTC)
    for word in BOILERPLATE_WORDS:
        assert word.lower() not in article.text.lower()


def test_html_in_declared_charset(inputs: Path, store, clock, body: str) -> None:
    html = page_html(body.replace("capital", "capitale café")).replace(
        'charset="utf-8"', 'charset="iso-8859-1"'
    )
    (inputs / "latin.htm").write_bytes(html.encode("latin-1"))
    [article] = ingest_inputs([inputs], store, clock=clock).articles
    assert "capitale café" in article.text


def test_jsonl_text_and_html_records(inputs: Path, store, clock, body: str) -> None:
    records = [
        {
            "id": "r1",
            "url": "https://wire.invalid/1",
            "title": "Ministers agree to reopen embassies",
            "published": "2026-05-04",
            "text": body,
            "source": "Wire",
            "language": "en",
            "events": [{"type": "AGREE"}],
        },
        {
            "id": "r2",
            "url": "https://capital-post.invalid/fetched",
            "html": page_html(body.replace("Tuesday", "Wednesday")),
        },
    ]
    (inputs / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    result = ingest_inputs([inputs], store, clock=clock)
    assert result.quarantine == []
    by_path = {a.raw_path: a for a in result.articles}
    first, second = by_path["feed.jsonl#L1"], by_path["feed.jsonl#L2"]
    assert first.text == f"Ministers agree to reopen embassies\n\n{body}"
    assert (first.url, first.source_name) == ("https://wire.invalid/1", "Wire")
    assert first.published_at == datetime(2026, 5, 4, tzinfo=UTC)
    assert "Wednesday" in second.text and "Leave a Reply" not in second.text
    assert second.url == "https://capital-post.invalid/fetched"  # the record's url wins
    assert second.title == "Ministers agree to reopen embassies"
    assert second.published_at == datetime(2026, 5, 4, 16, 30, tzinfo=UTC)
    assert result.counts["records"] == 2


def write_warc(path: Path, records: list[tuple[str, str, str, bytes]]) -> None:
    """(uri, status line, content type, body) response records plus one request record."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n, (uri, status, content_type, payload) in enumerate(records):
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(payload),
                    http_headers=headers,
                    warc_headers_dict={"WARC-Record-ID": f"<urn:uuid:rec-{n}>"},
                )
            )
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x.invalid")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://x.invalid/", "request", http_headers=request)
        )


def test_warc_responses(inputs: Path, store, clock, body: str) -> None:
    write_warc(
        inputs / "crawl.warc.gz",
        [
            ("https://capital-post.invalid/a", "200 OK", "text/html", page_html(body).encode()),
            ("https://capital-post.invalid/b", "301 Moved Permanently", "text/html", b""),
            ("https://capital-post.invalid/c.pdf", "200 OK", "application/pdf", b"%PDF-1.4"),
        ],
    )
    result = ingest_inputs([inputs], store, clock=clock)
    [article] = result.articles
    assert article.raw_path == "crawl.warc.gz#urn:uuid:rec-0"
    assert article.url == "https://capital-post.invalid/a"  # where it was crawled
    assert article.text == f"Ministers agree to reopen embassies\n\n{body}"
    reasons = [(q.raw_path, q.reason) for q in result.quarantine]
    assert reasons == [
        ("crawl.warc.gz#urn:uuid:rec-1", "http_status"),
        ("crawl.warc.gz#urn:uuid:rec-2", "unsupported_type"),
    ]
    assert "301" in result.quarantine[0].detail
    assert "application/pdf" in result.quarantine[1].detail


def test_folders_recursed_sorted_hidden_skipped(inputs: Path, tmp_path: Path, clock, body) -> None:
    (inputs / "z").mkdir()
    (inputs / "z" / "one.txt").write_text("First headline\n\n" + body)
    (inputs / "a.txt").write_text("Second headline\n\n" + body)
    (inputs / ".hidden.txt").write_text("Hidden headline\n\n" + body)
    (inputs / ".git").mkdir()
    (inputs / ".git" / "x.txt").write_text("Git headline\n\n" + body)
    store = ArticleStore(inputs / "store")  # the store inside an input folder is not an input
    first = ingest_inputs([inputs], store, clock=clock)
    again = ingest_inputs([inputs], store, clock=clock)
    assert sorted(a.raw_path for a in first.articles) == ["a.txt", "z/one.txt"]
    assert first.quarantine == again.quarantine == []
    assert again.counts["files"] == 2
