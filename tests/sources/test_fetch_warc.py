"""WARC files and lists (the CC-NEWS warc.paths format) served locally, JSONL by URL, and local
paths passed through: the downloads land as .warc.gz/.jsonl files that ingest reads."""

from __future__ import annotations

import gzip
import json

from eventfold.ingest import ArticleStore, ingest_inputs
from eventfold.sources import Source, SourceConfig, fetch_sources, mark_ingested


def _serve_warcs(server, build):
    """Two WARCs of one page each, under a CC-NEWS-like path."""
    urls = {}
    for n, place in ((1, "Lima"), (2, "Quito")):
        page_url = f"https://news.example.invalid/{place.lower()}.html"
        data = build.warc_bytes([(page_url, build.article_html(f"Talks in {place}", place))])
        path = f"/crawl-data/CC-NEWS/2026/11/CC-NEWS-2026112500000{n}-0000{n}.warc.gz"
        server.static(path, data, "application/octet-stream")
        urls[page_url] = path
    return urls


def test_a_warc_list_downloads_each_warc_once_and_ingest_reads_them(
    server, settings, clock, tmp_path, build
):
    pages = _serve_warcs(server, build)
    paths = list(pages.values())
    listing = f"# CC-NEWS\n{paths[0].lstrip('/')}\n\n{server.url(paths[1])}\n"
    server.static("/warc.paths.gz", gzip.compress(listing.encode()), "application/gzip",
                  etag='"list-1"')
    config = SourceConfig(sources=(Source(
        name="cc-news", kind="warc_list", url=server.url("/warc.paths.gz"),
        base_url=server.url("/"),
    ),), fetch=settings)

    result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)

    assert result.quarantine == [] and result.counts["fetched"] == 2
    names = sorted(p.name for p in result.paths)
    assert [n[:29] for n in names] == ["CC-NEWS-20261125000001-00001-",
                                       "CC-NEWS-20261125000002-00002-"]
    assert all(n.endswith(".warc.gz") for n in names)
    assert all(p.read_bytes()[:2] == b"\x1f\x8b" for p in result.paths)  # kept compressed
    assert all(p.parent == tmp_path / "s" / "cc-news" for p in result.paths)
    ingested = ingest_inputs(result.paths, ArticleStore(tmp_path / "store"), clock=clock)
    assert ingested.quarantine == []
    assert sorted(a.url for a in ingested.articles) == sorted(pages)
    mark_ingested(tmp_path / "st", result.paths)

    again = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    assert again.paths == [] and again.counts["not_modified"] == 1
    assert server.requests_to("/warc.paths.gz")[1].headers["if-none-match"] == '"list-1"'

    server.static("/warc.paths.gz", listing.encode() + b"ftp://mirror.invalid/x.warc.gz\n",
                  "text/plain", etag='"list-2"')  # a changed, uncompressed list
    changed = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    assert changed.paths == [] and changed.counts["skipped_seen"] == 2
    (row,) = changed.quarantine
    assert (row.raw_path, row.reason) == (server.url("/warc.paths.gz") + "#L5",
                                          "unsupported_type")
    assert all(len(server.requests_to(p)) == 1 for p in paths)


def test_a_local_warc_list_needs_a_base_url_for_relative_lines(server, settings, clock,
                                                               tmp_path, build):
    pages = _serve_warcs(server, build)
    listing = tmp_path / "warc.paths"
    listing.write_text("\n".join(p.lstrip("/") for p in pages.values()) + "\n")
    no_base = Source(name="cc", kind="warc_list", path=listing)
    result = fetch_sources(SourceConfig(sources=(no_base,), fetch=settings), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    assert [q.reason for q in result.quarantine] == ["missing_field", "missing_field"]
    assert "no base_url" in result.quarantine[0].detail and server.log == []

    with_base = Source(name="cc2", kind="warc_list", path=listing, base_url=server.url("/"),
                       max_items=1)
    first = fetch_sources(SourceConfig(sources=(with_base,), fetch=settings), tmp_path / "s",
                          tmp_path / "st", clock=clock)
    second = fetch_sources(SourceConfig(sources=(with_base,), fetch=settings), tmp_path / "s",
                           tmp_path / "st", clock=clock)
    assert len(first.paths) == 1 and first.quarantine == []
    new_in_second = [p for p in second.paths if p not in first.paths]  # first is carried over
    assert len(new_in_second) == 1 and second.counts["carried_over"] == 1


def test_warc_and_jsonl_sources_by_url_are_downloaded_when_changed(server, settings, clock,
                                                                   tmp_path, build):
    page = build.article_html("Talks in Lima", "Lima")
    server.static("/one.warc", gzip.decompress(build.warc_bytes([("https://a.invalid/x", page)])),
                  "application/warc", etag='"w1"')
    record = {"id": "r1", "url": "https://b.invalid/y", "source": "Partner",
              "text": "Officials said the ministers met in Lima. " * 10}
    server.static("/export.jsonl", json.dumps(record).encode() + b"\n", "application/x-ndjson",
                  last_modified="Tue, 24 Nov 2026 10:00:00 GMT")
    config = SourceConfig(sources=(
        Source(name="crawl", kind="warc", url=server.url("/one.warc")),
        Source(name="partner", kind="jsonl", url=server.url("/export.jsonl")),
    ), fetch=settings)

    result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    names = sorted(p.name for p in result.paths)
    assert names[0].startswith("export-") and names[0].endswith(".jsonl")
    assert names[1].startswith("one-") and names[1].endswith(".warc")  # not gzip: plain .warc
    ingested = ingest_inputs(result.paths, ArticleStore(tmp_path / "store"), clock=clock)
    assert sorted(a.url for a in ingested.articles) == ["https://a.invalid/x",
                                                        "https://b.invalid/y"]
    mark_ingested(tmp_path / "st", result.paths)

    again = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    assert again.paths == [] and again.counts["not_modified"] == 2


def test_an_oversized_download_is_cut_off(server, settings, clock, tmp_path):
    def stream(seen):
        return (200, {"Content-Type": "application/octet-stream"},
                (b"\0" * 65536 for _ in range(64)))  # 4 MiB, over max_download_bytes (1 MiB)

    server.route("/huge.warc.gz", stream)
    config = SourceConfig(sources=(Source(name="crawl", kind="warc",
                                          url=server.url("/huge.warc.gz")),), fetch=settings)
    result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    (row,) = result.quarantine
    assert row.reason == "too_large" and result.paths == []
    assert list((tmp_path / "s" / "crawl").iterdir()) == []  # the partial file is removed


def test_local_paths_are_passed_through_not_copied(settings, clock, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Title\n\nBody")
    config = SourceConfig(sources=(
        Source(name="corpus", kind="folder", path=folder),
        Source(name="one", kind="file", path=folder / "a.txt"),
        Source(name="gone", kind="jsonl", path=tmp_path / "missing.jsonl"),
        Source(name="wrong", kind="folder", path=folder / "a.txt"),
    ), fetch=settings)
    result = fetch_sources(config, tmp_path / "s", tmp_path / "st", clock=clock)
    assert result.paths == [folder, folder / "a.txt"]
    assert result.counts["local"] == 2 and result.counts["requests"] == 0
    assert sorted((q.reason, q.detail.split(":")[0]) for q in result.quarantine) == [
        ("read_error", "gone"), ("read_error", "wrong")]
    assert not (tmp_path / "s").exists()
