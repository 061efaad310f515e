"""Canonical actors and relations from coded mentions and affiliations.

One `actors` row per actor ID with every surface form as an alias; `relations` holds
affiliations read from titles and interactions aggregated from events between two actors.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from eventfold.coding.actors import Affiliation
from eventfold.coding.coder import ArticleCoding
from eventfold.coding.dictionary import ActorRef
from eventfold.ids import stable_id
from eventfold.normalize.events import EventCluster

COOPERATION_QUADS = {1, 2}


def _when(cluster_date: date | None, published) -> date | None:
    if cluster_date is not None:
        return cluster_date
    return published.date() if published is not None else None


class ActorTable:
    def __init__(self) -> None:
        self.refs: dict[str, ActorRef] = {}
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.mentions: dict[str, int] = defaultdict(int)
        self.seen: dict[str, list[date]] = defaultdict(list)

    def add(self, ref: ActorRef, when: date | None, count: int = 0) -> None:
        current = self.refs.get(ref.actor_id)
        if current is None or (current.sector is None and ref.sector is not None):
            self.refs[ref.actor_id] = ref
        if ref.text:
            self.aliases[ref.actor_id].add(" ".join(ref.text.split()))
        self.mentions[ref.actor_id] += count
        if when is not None:
            self.seen[ref.actor_id].append(when)

    def rows(self) -> list[dict]:
        out = []
        for actor_id in sorted(self.refs):
            ref = self.refs[actor_id]
            seen = self.seen.get(actor_id, [])
            out.append({
                "actor_id": actor_id,
                "name": ref.name,
                "actor_type": ref.actor_type,
                "country": ref.country,
                "sector": ref.sector,
                "aliases": sorted(self.aliases[actor_id] - {ref.name}),
                "wikidata_id": ref.wikidata_id,
                "num_mentions": self.mentions[actor_id],
                "first_seen": min(seen) if seen else None,
                "last_seen": max(seen) if seen else None,
            })
        return out


def build_actors_and_relations(
    clusters: list[EventCluster], codings: list[ArticleCoding]
) -> tuple[list[dict], list[dict], list[dict]]:
    """Return (actors rows, event_actors rows, relations rows)."""
    actors = ActorTable()
    event_actors: set[tuple[str, str, str]] = set()
    interactions: dict[tuple[str, str, str], list[tuple[str, float, date | None]]] = \
        defaultdict(list)
    for cluster in clusters:
        for m in cluster.mentions:
            when = _when(m.event_date, m.published_at)
            for role, refs in (("source", m.sources), ("target", m.targets)):
                for ref in refs:
                    actors.add(ref, when, 1)
                    event_actors.add((cluster.event_id, ref.actor_id, role))
        lead = cluster.mentions[0]
        when = _when(lead.event_date, lead.published_at)
        rtype = "cooperates_with" if lead.quad_class in COOPERATION_QUADS else "conflicts_with"
        src_ids = sorted({a.actor_id for m in cluster.mentions for a in m.sources})
        tgt_ids = sorted({a.actor_id for m in cluster.mentions for a in m.targets})
        for s in src_ids:
            for t in tgt_ids:
                if s != t:
                    interactions[(rtype, s, t)].append((cluster.event_id, lead.intensity, when))

    affiliations: dict[tuple[str, str, str], list[tuple[str, date | None]]] = defaultdict(list)
    for coding in codings:
        when = coding.published_at.date() if coding.published_at else None
        for aff in coding.affiliations:
            _add_affiliation(actors, aff, when)
            affiliations[(aff.relation, aff.source.actor_id, aff.target.actor_id)].append(
                (coding.article_id, when))

    relations = []
    for (rtype, s, t), items in interactions.items():
        dates = [w for _, _, w in items if w is not None]
        relations.append({
            "relation_id": stable_id("rel", rtype, s, t),
            "source_actor_id": s, "target_actor_id": t, "relation_type": rtype,
            "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "num_events": len(items),
            "mean_intensity": round(sum(i for _, i, _ in items) / len(items), 3),
            "evidence": sorted({e for e, _, _ in items}),
        })
    for (rtype, s, t), items in affiliations.items():
        dates = [w for _, w in items if w is not None]
        evidence = sorted({a for a, _ in items})
        relations.append({
            "relation_id": stable_id("rel", rtype, s, t),
            "source_actor_id": s, "target_actor_id": t, "relation_type": rtype,
            "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None,
            "num_events": len(evidence),
            "mean_intensity": None,
            "evidence": evidence,
        })
    relations.sort(key=lambda r: r["relation_id"])
    ea_rows = [{"event_id": e, "actor_id": a, "role": r} for e, a, r in sorted(event_actors)]
    return actors.rows(), ea_rows, relations


def _add_affiliation(actors: ActorTable, aff: Affiliation, when: date | None) -> None:
    actors.add(aff.source, when, 0)
    actors.add(aff.target, when, 0)
