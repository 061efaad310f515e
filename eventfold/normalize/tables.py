"""Assemble all seven release tables from ingested articles and their codings.

Order of work: canonical actor IDs for every mention and affiliation → events (deduplicated
across and within articles) → mentions, event_actors → actors → relations.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from eventfold.coding.actors import Affiliation
from eventfold.coding.coder import ArticleCoding, CodedMention
from eventfold.coding.dictionary import ActorRef
from eventfold.normalize.actors import ActorTable
from eventfold.normalize.canonical import ActorResolver
from eventfold.normalize.events import EventCluster, cluster_mentions, event_row
from eventfold.normalize.relations import DatedAffiliation, build_relations
from eventfold.records import Article, QuarantineRow
from schemas.arrow import conform


def _resolved(resolver: ActorResolver, refs: list[ActorRef]) -> list[ActorRef]:
    out: dict[str, ActorRef] = {}
    for ref in refs:
        canon = resolver.resolve(ref)
        out.setdefault(canon.actor_id, canon)
    return list(out.values())


def canonical_mentions(codings: list[ArticleCoding], resolver: ActorResolver
                       ) -> list[CodedMention]:
    """Every mention with its actors under their canonical IDs."""
    return [
        replace(m, sources=_resolved(resolver, m.sources),
                targets=_resolved(resolver, m.targets))
        for c in sorted(codings, key=lambda c: c.article_id) for m in c.mentions
    ]


def canonical_affiliations(codings: list[ArticleCoding], resolver: ActorResolver
                           ) -> list[DatedAffiliation]:
    out = []
    for c in sorted(codings, key=lambda c: c.article_id):
        when = c.published_at.date() if c.published_at else None
        for aff in c.affiliations:
            out.append(DatedAffiliation(c.article_id, when, Affiliation(
                resolver.resolve(aff.source), aff.relation, resolver.resolve(aff.target),
                aff.sentence_start_char)))
    return out


def resolver_for(codings: list[ArticleCoding]) -> ActorResolver:
    refs = [r for c in codings for m in c.mentions for r in m.sources + m.targets]
    refs += [r for c in codings for a in c.affiliations for r in (a.source, a.target)]
    return ActorResolver(refs)


def normalize(codings: list[ArticleCoding], coder_version: str) -> dict[str, list[dict]]:
    """The events, mentions, event_actors, actors and relations rows, as plain dicts."""
    resolver = resolver_for(codings)
    clusters = cluster_mentions(canonical_mentions(codings, resolver))
    events = {c.event_id: event_row(c, coder_version) for c in clusters}
    actors = ActorTable(resolver)
    event_actors: set[tuple[str, str, str]] = set()
    for cluster in clusters:
        when = _when(events[cluster.event_id])
        for m in cluster.mentions:
            for role, refs in (("source", m.sources), ("target", m.targets)):
                for ref in refs:
                    actors.add(ref, when, 1)
                    event_actors.add((cluster.event_id, ref.actor_id, role))
    affiliations = canonical_affiliations(codings, resolver)
    for item in affiliations:
        actors.add(item.affiliation.source, item.when)
        actors.add(item.affiliation.target, item.when)
    relations = build_relations(clusters, events, affiliations, actors)
    return {
        "events": [events[c.event_id] for c in clusters],
        "mentions": _mention_rows(clusters),
        "event_actors": [{"event_id": e, "actor_id": a, "role": r}
                         for e, a, r in sorted(event_actors)],
        "actors": actors.rows(),
        "relations": relations,
    }


def _when(event: dict):
    if event["event_date"] is not None:
        return event["event_date"]
    published = event["first_published_at"]
    return published.date() if published is not None else None


def _mention_rows(clusters: list[EventCluster]) -> list[dict]:
    return sorted(
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


def build_tables(
    articles: list[Article],
    codings: list[ArticleCoding],
    quarantine: list[QuarantineRow],
    coder_version: str,
) -> dict[str, pd.DataFrame]:
    rows = normalize(codings, coder_version)
    article_rows = sorted((a.row() for a in articles), key=lambda r: r["article_id"])
    quarantine_rows = sorted((q.row() for q in quarantine),
                             key=lambda r: (r["raw_path"], r["reason"]))
    return {
        "articles": conform("articles", article_rows),
        "events": conform("events", rows["events"]),
        "event_actors": conform("event_actors", rows["event_actors"]),
        "mentions": conform("mentions", rows["mentions"]),
        "actors": conform("actors", rows["actors"]),
        "relations": conform("relations", rows["relations"]),
        "quarantine": conform("quarantine", quarantine_rows),
    }
