"""Assemble all seven release tables from ingested articles and their codings."""

from __future__ import annotations

import pandas as pd

from eventfold.coding.coder import ArticleCoding
from eventfold.normalize.actors import build_actors_and_relations
from eventfold.normalize.events import cluster_mentions, event_row
from eventfold.records import Article, QuarantineRow
from schemas.arrow import conform


def build_tables(
    articles: list[Article],
    codings: list[ArticleCoding],
    quarantine: list[QuarantineRow],
    coder_version: str,
) -> dict[str, pd.DataFrame]:
    mentions = [m for c in sorted(codings, key=lambda c: c.article_id) for m in c.mentions]
    clusters = cluster_mentions(mentions)
    events = [event_row(c, coder_version) for c in clusters]
    mention_rows = sorted(
        (
            {
                "mention_id": m.mention_id, "event_id": c.event_id, "article_id": m.article_id,
                "sentence_index": m.sentence_index, "char_start": m.char_start,
                "char_end": m.char_end, "trigger": m.trigger, "confidence": m.confidence,
            }
            for c in clusters for m in c.mentions
        ),
        key=lambda r: r["mention_id"],
    )
    actors, event_actors, relations = build_actors_and_relations(clusters, codings)
    article_rows = sorted((a.row() for a in articles), key=lambda r: r["article_id"])
    quarantine_rows = sorted((q.row() for q in quarantine),
                             key=lambda r: (r["raw_path"], r["reason"]))
    return {
        "articles": conform("articles", article_rows),
        "events": conform("events", events),
        "event_actors": conform("event_actors", event_actors),
        "mentions": conform("mentions", mention_rows),
        "actors": conform("actors", actors),
        "relations": conform("relations", relations),
        "quarantine": conform("quarantine", quarantine_rows),
    }
