"""The ingest run: read every input, normalize and deduplicate the articles by content hash,
store them and return the articles and quarantine rows in a deterministic order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from eventfold.ids import article_id_for, sha256_hex
from eventfold.ingest.candidates import Candidate, Item, Rejection
from eventfold.ingest.discover import discover_inputs
from eventfold.ingest.language import looks_english, normalize_language_code
from eventfold.ingest.limits import IngestLimits
from eventfold.ingest.normalize import join_title, normalize_text, normalize_title
from eventfold.ingest.read_html import read_html_file
from eventfold.ingest.read_jsonl import read_jsonl_file
from eventfold.ingest.read_text import read_text_file
from eventfold.ingest.read_warc import read_warc_file
from eventfold.ingest.store import ArticleStore, StoreError
from eventfold.records import Article, QuarantineRow, run_clock

Reader = Callable[[Path, str, IngestLimits], Iterator[Item]]
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
}
COUNT_KEYS = (
    "files", "records", "articles", "new", "duplicates", "quarantined", "stored", "ignored",
)  # fmt: skip


@dataclass
class IngestResult:
    """What one run produced: distinct articles, quarantine rows, counts and the new article ids."""

    articles: list[Article] = field(default_factory=list)  # sorted by article_id
    quarantine: list[QuarantineRow] = field(default_factory=list)  # sorted by (raw_path, reason)
    counts: dict[str, int] = field(default_factory=dict)
    new_ids: set[str] = field(default_factory=set)
    ignored: list[str] = field(default_factory=list)  # raw paths skipped by ignore.yaml, sorted


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, chosen by its (lower-case) extension; None when unsupported."""
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def build_article(
    candidate: Candidate, limits: IngestLimits, ingested_at: datetime
) -> Article | Rejection:
    """Normalize a candidate into an article, or reject it (`no_text`, `non_english`)."""
    title = normalize_title(candidate.title)
    body = normalize_text(candidate.text)
    if len(body) < limits.min_chars:
        return Rejection(
            candidate.raw_path,
            "no_text",
            f"{len(body)} characters left after boilerplate removal (minimum {limits.min_chars})",
        )
    text = join_title(body, title)
    declared = normalize_language_code(candidate.language)
    if declared is not None and declared != "en":
        return Rejection(candidate.raw_path, "non_english", f"declared language {declared!r}")
    if declared is None:
        english, why = looks_english(text)
        if not english:
            return Rejection(candidate.raw_path, "non_english", f"not English: {why}")
    sha = sha256_hex(text)
    return Article(
        article_id=article_id_for(sha),
        url=candidate.url,
        source_name=candidate.source_name,
        title=title,
        published_at=candidate.published_at,
        language="en",
        content_sha256=sha,
        n_chars=len(text),
        ingested_at=ingested_at,
        raw_path=candidate.raw_path,
        text=text,
    )


def _merge_duplicate(first: Article, later: Article) -> Article:
    """The first article wins; a later copy only fills a missing title or publication date."""
    return replace(
        first,
        title=first.title or later.title,
        published_at=first.published_at or later.published_at,
    )


def _quarantine_rows(rejections: list[Rejection], seen_at: datetime) -> list[QuarantineRow]:
    """One row per (raw_path, reason) (the table's key), sorted by it."""
    rows: dict[tuple[str, str], QuarantineRow] = {}
    for rej in rejections:
        rows.setdefault(
            (rej.raw_path, rej.reason),
            QuarantineRow(
                raw_path=rej.raw_path, reason=rej.reason, detail=rej.detail, seen_at=seen_at
            ),
        )
    return [rows[key] for key in sorted(rows)]


def ingest_inputs(
    inputs: Sequence[Path],
    store: ArticleStore,
    *,
    limits: IngestLimits = IngestLimits(),  # noqa: B008 - frozen dataclass, safe as a default
    clock: Callable[[], datetime] = run_clock,
) -> IngestResult:
    """Ingest files and folders into `store`; every unusable input becomes a quarantine row.

    Articles are deduplicated by the SHA-256 of their normalized text: the first copy in
    raw_path order gives url, source and raw_path. An article already in the store keeps its
    stored `ingested_at`, so ingesting the same inputs again gives identical rows. Files that
    a folder walk skips as documentation/tooling (ignore.yaml) are listed in `ignored`.
    """
    now = clock()
    counts: Counter[str] = Counter()
    found = discover_inputs(inputs, skip=[store.root])
    files = found.files
    rejections = [Rejection(m.raw_path, "read_error", m.detail) for m in found.missing]
    by_sha: dict[str, Article] = {}
    record_ids: dict[tuple[str, str], tuple[str, str]] = {}  # (file, id) → (sha, raw_path)
    counts["files"] = len(files)

    for input_file in files:
        reader = reader_for(input_file.path)
        if reader is None:
            suffix = input_file.path.suffix or "(none)"
            rejections.append(
                Rejection(
                    input_file.raw_path, "unsupported_type", f"no reader for extension {suffix}"
                )
            )
            continue
        for item in reader(input_file.path, input_file.raw_path, limits):
            counts["records"] += 1
            if isinstance(item, Rejection):
                rejections.append(item)
                continue
            built = build_article(item, limits, now)
            if isinstance(built, Rejection):
                rejections.append(built)
                continue
            if item.record_id is not None:
                key = (input_file.raw_path, item.record_id)
                sha, first_path = record_ids.setdefault(key, (built.content_sha256, item.raw_path))
                if sha != built.content_sha256:
                    rejections.append(
                        Rejection(
                            item.raw_path,
                            "duplicate_id",
                            f"id {item.record_id!r} already used by {first_path} for another text",
                        )
                    )
                    continue
            first = by_sha.get(built.content_sha256)
            if first is None:
                by_sha[built.content_sha256] = built
            else:
                counts["duplicates"] += 1
                by_sha[built.content_sha256] = _merge_duplicate(first, built)

    result = IngestResult(ignored=found.ignored)
    for sha in sorted(by_sha):
        article = by_sha[sha]
        try:
            stored = store.get_by_sha(sha)
        except StoreError:
            stored = None  # unreadable store file: rewritten below
        if stored is None:
            result.new_ids.add(article.article_id)
        else:
            article = replace(article, ingested_at=stored.ingested_at)
        if store.put(article):
            counts["stored"] += 1
        result.articles.append(article)
    result.articles.sort(key=lambda a: a.article_id)
    result.quarantine = _quarantine_rows(rejections, now)
    counts["articles"] = len(result.articles)
    counts["new"] = len(result.new_ids)
    counts["quarantined"] = len(result.quarantine)
    counts["ignored"] = len(result.ignored)
    result.counts = {key: counts[key] for key in COUNT_KEYS}
    return result
