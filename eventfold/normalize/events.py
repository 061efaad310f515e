"""Merge the mentions that report the same real-world event into one `events` row.

Mentions are taken most specific first (day dates read from the text, then publication dates,
weeks, months, years, undated; then finer places, then more actors; mention_id breaks ties).
Each joins the one event all of whose mentions it is compatible with (`compat.compatible`);
when none fits it starts a new event, and when several fit it is kept apart, so a vague
mention ("in June") can never glue two different days together. The order is a function of
the mentions' content only, so shuffling the input articles gives the same events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from eventfold.coding.coder import CodedMention
from eventfold.ids import stable_id
from eventfold.normalize.compat import (
    GEO_RANK,
    SYMMETRIC_TYPES,
    Facts,
    compatible,
    country_of,
    facts_of,
)


@dataclass
class EventCluster:
    """One real-world event: its mentions, most specific (the anchor) first."""

    event_id: str
    mentions: list[CodedMention]
    facts: list[Facts] = field(default_factory=list, repr=False)

    @property
    def anchor(self) -> CodedMention:
        return self.mentions[0]


@dataclass
class _Open:
    facts: list[Facts]
    order: int  # creation order, to list candidates deterministically

    def accepts(self, f: Facts) -> bool:
        return all(compatible(f, g) for g in self.facts)


def _months(f: Facts) -> list[tuple[int, int]]:
    if f.interval is None:
        return []
    (y, m), end = (f.interval[0].year, f.interval[0].month), (f.interval[1].year,
                                                               f.interval[1].month)
    out = [(y, m)]
    while (y, m) < end:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append((y, m))
    return out


def _actor_keys(f: Facts) -> set[str]:
    """Two actors that match (`compat.same_actor`) share one of these keys: their country,
    or their own ID when they have none."""
    refs = f.participants if f.mention.event_type in SYMMETRIC_TYPES else f.sources
    return {country_of(a) or a.actor_id for a in refs}


class _Index:
    """Open events of one type by (month, actor key) of their anchor: a mention can only fit
    an event whose anchor's days overlap its own and whose anchor shares an actor key."""

    def __init__(self) -> None:
        self.buckets: dict[tuple, list[_Open]] = defaultdict(list)
        self.all: list[_Open] = []

    def candidates(self, f: Facts) -> list[_Open]:
        found = {id(c): c for month in _months(f) for key in _actor_keys(f)
                 for c in self.buckets.get((month, key), ())}
        return sorted(found.values(), key=lambda c: c.order)

    def open(self, f: Facts) -> None:
        event = _Open([f], len(self.all))
        self.all.append(event)
        for month in _months(f):
            for key in _actor_keys(f):
                self.buckets[(month, key)].append(event)


def cluster_mentions(mentions: list[CodedMention]) -> list[EventCluster]:
    """Group mentions into events (see the module docstring); clusters sorted by event_id."""
    unique: dict[str, CodedMention] = {}
    for m in sorted(mentions, key=lambda m: m.mention_id):
        unique.setdefault(m.mention_id, m)
    ordered = sorted((facts_of(m) for m in unique.values()), key=lambda f: f.sort_key)
    index_by_type: dict[str, _Index] = defaultdict(_Index)
    for f in ordered:
        index = index_by_type[f.mention.event_type]
        fits = [c for c in index.candidates(f) if c.accepts(f)]
        if len(fits) == 1:
            fits[0].facts.append(f)
        else:  # a new event, or a mention that fits several events: kept apart
            index.open(f)
    groups = [c.facts for index in index_by_type.values() for c in index.all]
    return _with_ids(groups)


def event_key(anchor: CodedMention) -> tuple:
    """The canonical parts an event ID is hashed from: those of its most specific mention
    (type, actors by role, or all parties for symmetric types, date at its precision,
    country and named place), so a vaguer report joining later does not rename it."""
    if anchor.event_type in SYMMETRIC_TYPES:
        actors = ("parties", ",".join(sorted({a.actor_id for a in
                                               anchor.sources + anchor.targets})))
    else:
        actors = (",".join(sorted({a.actor_id for a in anchor.sources})),
                  ",".join(sorted({a.actor_id for a in anchor.targets})))
    place = anchor.place
    named = place is not None and GEO_RANK.get(place.precision, 0) >= GEO_RANK["admin1"]
    return (
        anchor.event_type, *actors,
        anchor.event_date.isoformat() if anchor.event_date else "",
        anchor.date_precision or "",
        place.country if place and place.country else "",
        place.name if named else "",
    )


def _with_ids(groups: list[list[Facts]]) -> list[EventCluster]:
    by_id: dict[str, list[list[Facts]]] = defaultdict(list)
    for g in groups:
        by_id[stable_id("evt", *event_key(g[0].mention))].append(g)
    clusters = []
    for base, same in by_id.items():
        same.sort(key=lambda g: g[0].mention.mention_id)
        for i, g in enumerate(same):
            # identical canonical parts (rare): the later anchors add their mention_id
            eid = base if i == 0 else stable_id("evt", *event_key(g[0].mention),
                                                g[0].mention.mention_id)
            clusters.append(EventCluster(eid, [f.mention for f in g], g))
    clusters.sort(key=lambda c: c.event_id)
    return clusters


def event_row(cluster: EventCluster, coder_version: str) -> dict:
    ms = cluster.mentions
    anchor = cluster.anchor
    lead = next((m for m in ms if m.event_mode), anchor)
    best_place = min(
        range(len(ms)),
        key=lambda i: (-(GEO_RANK.get(ms[i].place.precision, 0) if ms[i].place else -1), i),
    )
    place = ms[best_place].place
    published = [m.published_at for m in ms if m.published_at is not None]
    sources = {m.source_name or m.article_id for m in ms}
    return {
        "event_id": cluster.event_id,
        "event_type": anchor.event_type,
        "event_mode": lead.event_mode,
        "quad_class": lead.quad_class,
        "intensity": lead.intensity,
        "cameo_root": lead.cameo_root,
        "event_date": anchor.event_date,
        "date_precision": anchor.date_precision if anchor.event_date else None,
        "date_source": anchor.date_source if anchor.event_date else None,
        "location_name": place.name if place else None,
        "location_country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.latitude if place and place.precision != "none" else None,
        "longitude": place.longitude if place and place.precision != "none" else None,
        "geo_precision": place.precision if place else "none",
        "num_mentions": len(ms),
        "num_articles": len({m.article_id for m in ms}),
        "num_sources": len(sources),
        "first_published_at": min(published) if published else None,
        "confidence": round(1.0 - _prod(1.0 - m.confidence for m in ms), 3),
        "coder_version": coder_version,
    }


def _prod(values) -> float:
    out = 1.0
    for v in values:
        out *= v
    return out
