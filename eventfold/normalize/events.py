"""Merge mentions that report the same event into one `events` row.

Mentions merge when they have the same type, the same source and target actors, the same date
at the same precision and the same country. The merge is order-independent: event IDs are
hashes of that key, so shuffling the input gives the same events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from eventfold.coding.coder import CodedMention
from eventfold.ids import stable_id

GEO_RANK = {"city": 3, "admin1": 2, "country": 1, "none": 0}
DATE_RANK = {"day": 4, "week": 3, "month": 2, "year": 1, None: 0}


@dataclass
class EventCluster:
    event_id: str
    mentions: list[CodedMention]


def event_key(m: CodedMention) -> tuple:
    return (
        m.event_type,
        tuple(sorted({a.actor_id for a in m.sources})),
        tuple(sorted({a.actor_id for a in m.targets})),
        m.event_date.isoformat() if m.event_date else "",
        m.date_precision or "",
        m.place.country if m.place and m.place.country else "",
    )


def cluster_mentions(mentions: list[CodedMention]) -> list[EventCluster]:
    groups: dict[tuple, list[CodedMention]] = defaultdict(list)
    for m in mentions:
        groups[event_key(m)].append(m)
    clusters = []
    for key, group in groups.items():
        group.sort(key=lambda m: m.mention_id)
        clusters.append(EventCluster(stable_id("evt", *key), group))
    clusters.sort(key=lambda c: c.event_id)
    return clusters


def event_row(cluster: EventCluster, coder_version: str) -> dict:
    ms = cluster.mentions
    best_date = max(ms, key=lambda m: (DATE_RANK[m.date_precision], m.mention_id))
    best_place = max(ms, key=lambda m: (GEO_RANK[m.place.precision] if m.place else 0,
                                        m.confidence, m.mention_id))
    modes = sorted({m.event_mode for m in ms if m.event_mode})
    lead = min(ms, key=lambda m: (m.event_mode is None, m.mention_id))
    place = best_place.place
    published = [m.published_at for m in ms if m.published_at is not None]
    sources = {m.source_name or m.article_id for m in ms}
    return {
        "event_id": cluster.event_id,
        "event_type": lead.event_type,
        "event_mode": modes[0] if modes else None,
        "quad_class": lead.quad_class,
        "intensity": lead.intensity,
        "cameo_root": lead.cameo_root,
        "event_date": best_date.event_date,
        "date_precision": best_date.date_precision,
        "date_source": best_date.date_source,
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
