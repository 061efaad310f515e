"""The `relations` table: affiliations read from the text, interactions aggregated from events.

Interactions: every event relates each source to each target (and, for the symmetric types
AGREE, CONSULT and COOPERATE, the parties named together, in ID order), as cooperates_with
(quad 1-2) or conflicts_with (quad 3-4).
Each pair of actors' countries is related too (Benny Gantz [ISR] visiting Morocco also
counts for ISR → MAR), so the country dyads hold every event between two states' actors.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from eventfold.coding.actors import Affiliation
from eventfold.coding.dictionary import ActorRef
from eventfold.ids import stable_id
from eventfold.normalize.actors import ActorTable
from eventfold.normalize.compat import SYMMETRIC_TYPES, country_of, same_actor
from eventfold.normalize.events import EventCluster

COOPERATION_QUADS = {1, 2}


@dataclass(frozen=True)
class DatedAffiliation:
    """An affiliation (actors already canonical) and the article that states it."""

    article_id: str
    when: date | None
    affiliation: Affiliation


def _pairs(a_refs: Iterable[ActorRef], b_refs: Iterable[ActorRef], symmetric: bool
           ) -> set[tuple[str, str]]:
    """Actor pairs, leaving out an actor paired with itself or with its own country (or a
    sector of it) under any of the forms the event's mentions give them."""
    a_by_id: dict[str, list[ActorRef]] = defaultdict(list)
    b_by_id: dict[str, list[ActorRef]] = defaultdict(list)
    for a in a_refs:
        a_by_id[a.actor_id].append(a)
    for b in b_refs:
        b_by_id[b.actor_id].append(b)
    out = set()
    for a_id, a_forms in a_by_id.items():
        for b_id, b_forms in b_by_id.items():
            if a_id == b_id or any(same_actor(x, y) for x in a_forms for y in b_forms):
                continue
            out.add(tuple(sorted((a_id, b_id))) if symmetric else (a_id, b_id))
    return out


def _country_pairs(a_refs: Iterable[ActorRef], b_refs: Iterable[ActorRef], symmetric: bool,
                   countries: set[str]) -> set[tuple[str, str]]:
    ca = {c for c in map(country_of, a_refs) if c in countries}
    cb = {c for c in map(country_of, b_refs) if c in countries}
    out = set()
    for x in ca:
        for y in cb:
            if x != y:
                out.add(tuple(sorted((x, y))) if symmetric else (x, y))
    return out


def event_dyads(cluster: EventCluster, countries: set[str]) -> set[tuple[str, str]]:
    """The actor pairs and country pairs an event relates: source → target as reported;
    for symmetric types also the parties named together (in ID order), and a pair reported
    both ways counts once, in ID order."""
    sources = [a for m in cluster.mentions for a in m.sources]
    targets = [a for m in cluster.mentions for a in m.targets]
    pairs = _pairs(sources, targets, False) | _country_pairs(sources, targets, False, countries)
    if cluster.anchor.event_type in SYMMETRIC_TYPES:
        for side in (sources, targets):
            pairs |= _pairs(side, side, True) | _country_pairs(side, side, True, countries)
        pairs = {p for p in pairs if (p[1], p[0]) not in pairs or p[0] < p[1]}
    return pairs


def build_relations(clusters: list[EventCluster], events: dict[str, dict],
                    affiliations: list[DatedAffiliation], actors: ActorTable) -> list[dict]:
    """Relations rows; country actors met only through dyads are added to `actors`."""
    countries = set(actors.dict.countries)
    interactions: dict[tuple[str, str, str], dict[str, tuple[float, date | None]]] = \
        defaultdict(dict)
    for cluster in clusters:
        row = events[cluster.event_id]
        published = row["first_published_at"]
        when = row["event_date"] or (published.date() if published is not None else None)
        rtype = "cooperates_with" if row["quad_class"] in COOPERATION_QUADS else "conflicts_with"
        for s, t in event_dyads(cluster, countries):
            interactions[(rtype, s, t)][cluster.event_id] = (row["intensity"], when)
            for actor_id in (s, t):
                if actor_id not in actors and actor_id in countries:
                    actors.add_country(actor_id)

    stated: dict[tuple[str, str, str], dict[str, date | None]] = defaultdict(dict)
    for item in affiliations:
        aff = item.affiliation
        if aff.source.actor_id != aff.target.actor_id:
            stated[(aff.relation, aff.source.actor_id, aff.target.actor_id)][item.article_id] = \
                item.when

    relations = []
    for (rtype, s, t), by_event in interactions.items():
        dates = [w for _, w in by_event.values() if w is not None]
        intensities = [i for i, _ in by_event.values()]
        relations.append(_row(rtype, s, t, dates, sorted(by_event),
                              round(sum(intensities) / len(intensities), 3)))
    for (rtype, s, t), by_article in stated.items():
        dates = [w for w in by_article.values() if w is not None]
        relations.append(_row(rtype, s, t, dates, sorted(by_article), None))
    relations.sort(key=lambda r: r["relation_id"])
    return relations


def _row(rtype: str, s: str, t: str, dates: list[date], evidence: list[str],
         mean_intensity: float | None) -> dict:
    return {
        "relation_id": stable_id("rel", rtype, s, t),
        "source_actor_id": s, "target_actor_id": t, "relation_type": rtype,
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "num_events": len(evidence),
        "mean_intensity": mean_intensity,
        "evidence": evidence,
    }
