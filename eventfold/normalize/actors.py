"""The `actors` table: one row per canonical actor, with every form it was written in.

A person's country and sector come from the title held at the time: of the sightings that
give one, the latest dated wins (ties: the most frequent value, then the alphabetical first).
Countries and dictionary actors keep the dictionary's name and Wikidata ID.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from eventfold.coding.dictionary import ActorDictionary, ActorRef, default_dictionary
from eventfold.normalize.canonical import ActorResolver


def _latest(values: list[tuple[date | None, str | None]]) -> str | None:
    """The value of the latest dated sighting that has one (undated ones count last)."""
    given = [(w, v) for w, v in values if v]
    if not given:
        return None
    dated = [(w, v) for w, v in given if w is not None]
    pool = dated or given
    if dated:
        last = max(w for w, _ in dated)
        pool = [(w, v) for w, v in dated if w == last]
    counts = Counter(v for _, v in pool)
    return min(counts, key=lambda v: (-counts[v], v))


class ActorTable:
    """Collects sightings of canonical actors; `rows()` gives the `actors` table."""

    def __init__(self, resolver: ActorResolver, dictionary: ActorDictionary | None = None
                 ) -> None:
        self.resolver = resolver
        self.dict = dictionary or default_dictionary()
        self.refs: dict[str, list[ActorRef]] = defaultdict(list)
        self.sightings: dict[str, list[tuple[date | None, ActorRef]]] = defaultdict(list)
        self.mentions: Counter[str] = Counter()
        self.seen: dict[str, list[date]] = defaultdict(list)

    def __contains__(self, actor_id: str) -> bool:
        return actor_id in self.refs

    def add(self, ref: ActorRef, when: date | None, count: int = 0) -> None:
        """One sighting of `ref` (already canonical); `count` adds to num_mentions."""
        self.refs[ref.actor_id].append(ref)
        self.sightings[ref.actor_id].append((when, ref))
        self.mentions[ref.actor_id] += count
        if when is not None:
            self.seen[ref.actor_id].append(when)

    def add_country(self, iso3: str) -> None:
        """A country met only through its people or bodies (country-level dyads)."""
        if iso3 not in self.refs:
            self.refs[iso3].append(self.dict.country_actor(iso3))

    def row(self, actor_id: str) -> dict:
        refs = self.refs[actor_id]
        sightings = self.sightings.get(actor_id, [])
        first = min(refs, key=lambda r: (r.name, r.actor_type, r.country or "", r.sector or ""))
        if actor_id in self.dict.countries:
            canon = self.dict.country_actor(actor_id)
            name, actor_type, country, sector = canon.name, "country", actor_id, None
            wikidata = canon.wikidata_id
        else:
            name = self.resolver.canonical_name(actor_id, first.name)
            types = Counter(r.actor_type for r in refs)
            actor_type = min(types, key=lambda t: (-types[t], t))
            country = _latest([(w, r.country) for w, r in sightings])
            sector = _latest([(w, r.sector) for w, r in sightings])
            known = self.dict.named.get(actor_id)
            wikidata = (known.wikidata_id if known else None) or next(
                (r.wikidata_id for r in sorted(refs, key=lambda r: r.wikidata_id or "")
                 if r.wikidata_id), None)
        forms = {" ".join(r.text.split()) for r in refs if r.text.strip()}
        forms |= {r.name for r in refs} | self.resolver.merged_names.get(actor_id, set())
        seen = self.seen.get(actor_id, [])
        return {
            "actor_id": actor_id,
            "name": name,
            "actor_type": actor_type,
            "country": country,
            "sector": sector,
            "aliases": sorted(forms - {name, ""}),
            "wikidata_id": wikidata,
            "num_mentions": self.mentions[actor_id],
            "first_seen": min(seen) if seen else None,
            "last_seen": max(seen) if seen else None,
        }

    def rows(self) -> list[dict]:
        return [self.row(a) for a in sorted(self.refs)]

