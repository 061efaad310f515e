"""Documentation/tooling files in input folders (ignore.yaml) are skipped and listed, not
quarantined; explicit file inputs are never ignored; the sample corpus ingests cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventfold.ingest import ArticleStore, ingest_inputs
from eventfold.ingest.ignore import is_ignored, load_ignore_patterns

SAMPLE = Path(__file__).parents[2] / "raw" / "sample"


@pytest.mark.parametrize(
    "name",
    [
        "README", "README.md", "readme.txt", "ReadMe.html", "LICENSE", "LICENCE.txt", "license.md",
        "COPYING", "CHANGELOG.md", "notes.md", "guide.rst", "make_warc.py", "fetch.sh",
        "Makefile", "sources.yaml", "config.yml", "pyproject.toml",
    ],
)  # fmt: skip
def test_documentation_and_tooling_names_are_ignored(name: str) -> None:
    assert is_ignored(name)


@pytest.mark.parametrize(
    "name",
    [
        "2025-03-04-mali.txt", "page.html", "page.htm", "feed.jsonl", "crawl.warc",
        "crawl.warc.gz", "report.pdf", "letter.docx", "table.csv", "data.json", "notes.txt",
        "my-readme-story.txt", "license-plates.txt", "readme-rebels-statement.txt",
        "changelog_of_the_war.html", "LICENSE-MIT",
    ],
)  # fmt: skip
def test_inputs_and_unknown_types_are_not_ignored(name: str) -> None:
    assert not is_ignored(name)


def test_ignore_file_loads() -> None:
    assert load_ignore_patterns().pattern  # the shipped ignore.yaml compiles


def test_folder_walk_skips_documentation(inputs: Path, store, clock, body: str) -> None:
    (inputs / "a.txt").write_text("Ministers agree to reopen embassies\n\n" + body)
    (inputs / "sub").mkdir()
    for name in ("README.md", "LICENSE", "CHANGELOG.txt", "notes.md", "make_warc.py",
                 "fetch.sh", "config.yaml", "sub/README", "sub/settings.yml"):  # fmt: skip
        (inputs / name).write_text("# not an article\n")
    (inputs / ".gitignore").write_text("*.pyc\n")
    (inputs / "report.pdf").write_bytes(b"%PDF-1.4 not read")
    (inputs / "table.csv").write_text("a,b\n1,2\n")
    result = ingest_inputs([inputs], store, clock=clock)
    assert [a.raw_path for a in result.articles] == ["a.txt"]
    assert result.ignored == [
        "CHANGELOG.txt", "LICENSE", "README.md", "config.yaml", "fetch.sh", "make_warc.py",
        "notes.md", "sub/README", "sub/settings.yml",
    ]  # fmt: skip
    assert result.counts["ignored"] == 9
    assert result.counts["files"] == 3  # a.txt, report.pdf, table.csv (.gitignore is hidden)
    assert [(q.raw_path, q.reason) for q in result.quarantine] == [
        ("report.pdf", "unsupported_type"),
        ("table.csv", "unsupported_type"),
    ]


def test_explicit_files_are_never_ignored(tmp_path: Path, store, clock, body: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    notes = folder / "notes.md"
    notes.write_text("# Notes\n")
    readme = folder / "README.txt"
    readme.write_text("About this folder\n\n" + body)
    result = ingest_inputs([notes, readme], store, clock=clock)
    assert result.ignored == [] and result.counts["ignored"] == 0
    assert [(q.raw_path, q.reason) for q in result.quarantine] == [("notes.md", "unsupported_type")]
    assert [a.raw_path for a in result.articles] == ["README.txt"]


def test_file_given_explicitly_and_in_a_folder_is_read(inputs: Path, store, clock) -> None:
    (inputs / "notes.md").write_text("# Notes\n")
    (inputs / "README.md").write_text("# About\n")
    result = ingest_inputs([inputs, inputs / "notes.md"], store, clock=clock)
    assert result.ignored == ["README.md"]
    assert [(q.raw_path, q.reason) for q in result.quarantine] == [("notes.md", "unsupported_type")]


def test_sample_corpus_ingests_cleanly(tmp_path: Path) -> None:
    result = ingest_inputs([SAMPLE], ArticleStore(tmp_path / "store"))
    assert result.quarantine == []
    assert result.ignored == ["README.md", "make_warc.py"]
    assert result.counts["articles"] == 27 and result.counts["ignored"] == 2
    undated = [a.raw_path for a in result.articles if a.published_at is None]
    assert undated == []
    assert all(a.source_name for a in result.articles)
