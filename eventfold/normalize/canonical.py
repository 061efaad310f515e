"""Canonical actor IDs across articles: one ID per real actor, however the texts name it.

Within an article the coder already gives a surname the full name's ID; across articles
`ActorResolver` maps the remaining variant forms onto the ID of the full form.

Rules (each maps a *variant* ID onto an ID that exists on its own, so a full name's ID never
changes when articles are added; only a variant's ID is absorbed once its full form appears):
- a person named with leading title words the coder did not strip ("Minister Benny Gantz",
  "Ms Marquart") maps to the bare name's ID (the ID the coder gives "Benny Gantz");
- a surname-only person ("Gantz") maps to the one full-name person with that last word (and a
  compatible country); with several candidates, to the one whose country matches, else it
  stays apart;
- an organization written with a leading article ("the General Confederation of Labour")
  maps to the ID of the name without it;
- an organization named only by an acronym ("CGT") maps to the one actor that some article
  introduced with that acronym ("General Confederation of Labour (CGT)").
Countries, IGOs, dictionary actors and generic actors ("MLI_MIL") keep their fixed IDs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path

import yaml

from eventfold.coding.dictionary import ActorDictionary, ActorRef, default_dictionary

MAX_TITLE_WORDS = 4
LEADING_ARTICLES = ("the ",)
HONORIFICS_FILE = Path(__file__).with_name("honorifics.yaml")


@cache
def honorifics() -> frozenset[str]:
    """Courtesy titles ("Ms", "Dr.") that may open a name (honorifics.yaml)."""
    data = yaml.safe_load(HONORIFICS_FILE.read_text("utf-8")) or {}
    return frozenset(str(h).lower() for h in data.get("honorifics") or ())


def _words(text: str) -> list[str]:
    return text.split()


def _is_acronym(text: str) -> bool:
    return text.isupper() and text.isalpha() and 2 <= len(text) <= 8


class ActorResolver:
    """Maps every actor ID of a corpus onto its canonical ID (and remembers the merged names)."""

    def __init__(self, refs: Iterable[ActorRef], dictionary: ActorDictionary | None = None
                 ) -> None:
        self.dict = dictionary or default_dictionary()
        self.titles = set(self.dict.titles) | honorifics()
        self._map: dict[str, str] = {}
        self._names: dict[str, str] = {}  # canonical id -> canonical name
        self.merged_names: dict[str, set[str]] = defaultdict(set)  # canonical id -> variant names
        refs = sorted({(r.actor_id, r.name, r.actor_type, r.country or "", r.text) for r in refs})
        by_id: dict[str, list[tuple]] = defaultdict(list)
        for row in refs:
            by_id[row[0]].append(row)
        self._resolve_people({k: v for k, v in by_id.items() if v[0][2] == "person"})
        self._resolve_organizations(
            {k: v for k, v in by_id.items() if k.startswith("org_")}, by_id)

    # -- public ---------------------------------------------------------------------
    def canonical_id(self, actor_id: str) -> str:
        return self._map.get(actor_id, actor_id)

    def canonical_name(self, actor_id: str, default: str) -> str:
        return self._names.get(self.canonical_id(actor_id), default)

    def resolve(self, ref: ActorRef) -> ActorRef:
        """The same reference under its canonical ID and name; text, country and sector (the
        actor's role at the time of the mention) are kept."""
        cid = self.canonical_id(ref.actor_id)
        if cid == ref.actor_id and cid not in self._names:
            return ref
        return replace(ref, actor_id=cid, name=self._names.get(cid, ref.name))

    # -- people ---------------------------------------------------------------------
    def _core_name(self, name: str) -> str:
        """The name without leading title words ('Defence Minister Benny Gantz' → 'Benny
        Gantz'); titles are the coder's own (sectors.yaml) and honorifics.yaml."""
        words = _words(name)
        while len(words) > 1:
            for k in range(min(MAX_TITLE_WORDS, len(words) - 1), 0, -1):
                if " ".join(words[:k]).lower() in self.titles:
                    words = words[k:]
                    break
            else:
                break
        return " ".join(words)

    def _resolve_people(self, people: dict[str, list[tuple]]) -> None:
        core_of: dict[str, str] = {}
        countries: dict[str, set[str]] = defaultdict(set)
        for pid, rows in people.items():
            core_of[pid] = self._core_name(rows[0][1])
            for row in rows:
                if row[3]:
                    countries[pid].add(row[3])
        # 1. titled variants → the bare name's ID
        target: dict[str, str] = {}
        for pid in sorted(people):
            core = core_of[pid]
            cid = self.dict.person_actor(core, None, None).actor_id
            target[pid] = cid
            self._names.setdefault(cid, core)
            if cid != pid:
                self.merged_names[cid].add(people[pid][0][1])
        core_countries: dict[str, set[str]] = defaultdict(set)
        for pid, cid in target.items():
            core_countries[cid] |= countries[pid]
        # 2. surname-only → the one full name with that last word
        full_by_surname: dict[str, set[str]] = defaultdict(set)
        for cid, name in self._names.items():
            words = _words(name)
            if len(words) > 1:
                full_by_surname[words[-1]].add(cid)
        for cid in sorted(set(target.values())):
            words = _words(self._names[cid])
            if len(words) != 1:
                continue
            mine = core_countries[cid]
            candidates = sorted(c for c in full_by_surname.get(words[0], ())
                                if not (mine and core_countries[c] and
                                        not mine & core_countries[c]))
            if len(candidates) > 1 and mine:
                candidates = [c for c in candidates if mine & core_countries[c]]
            if len(candidates) == 1:
                full = candidates[0]
                self.merged_names[full].add(self._names[cid])
                self.merged_names[full] |= self.merged_names.pop(cid, set())
                for pid, t in target.items():
                    if t == cid:
                        target[pid] = full
        for pid, cid in target.items():
            if pid != cid:
                self._map[pid] = cid

    # -- organizations ----------------------------------------------------------------
    def _resolve_organizations(self, orgs: dict[str, list[tuple]],
                               by_id: dict[str, list[tuple]]) -> None:
        for oid in sorted(orgs):
            name = orgs[oid][0][1]
            core = name
            for article in LEADING_ARTICLES:
                if core.lower().startswith(article) and len(core) > len(article):
                    core = core[len(article):]
            cid = self.dict.organization_actor(core, None).actor_id
            self._names.setdefault(cid, core)
            if cid != oid:
                self._map[oid] = cid
                self.merged_names[cid].add(name)
        # acronyms: the one non-person actor some article introduced with that acronym
        introduced: dict[str, set[str]] = defaultdict(set)
        for aid, rows in by_id.items():
            for row in rows:
                text = " ".join(_words(row[4]))
                if _is_acronym(text) and row[2] not in ("person", "country") \
                        and _words(row[1]) != [text]:
                    introduced[text].add(self.canonical_id(aid))
        for oid in sorted(orgs):
            cid = self.canonical_id(oid)
            name = self._names.get(cid, orgs[oid][0][1])
            owners = introduced.get(name, set()) - {cid}
            if _is_acronym(name) and len(owners) == 1:
                (owner,) = owners
                for src, dst in list(self._map.items()):
                    if dst == cid:
                        self._map[src] = owner
                self._map[oid] = owner
                self.merged_names[owner].add(name)
