"""The PLOVER trigger lexicon and type table: which words signal which event type and mode.

Built from lexicon.yaml (lemma + part of speech → type, mode, object constraints) and
plover.yaml (type → quad class, intensity, CAMEO root; modes with their own scores).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from eventfold.coding.resources import load_yaml


@dataclass(frozen=True)
class Trigger:
    lemma: str  # one word, or several separated by spaces (phrasal verbs: "call on")
    pos: str  # VERB | NOUN
    type: str
    mode: str | None
    objects: frozenset[str]
    speech: bool
    subjects: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TypeInfo:
    quad_class: int
    intensity: float
    cameo_root: str


class Lexicon:
    def __init__(self, entries: list[dict], plover: dict) -> None:
        self.by_head: dict[tuple[str, str], list[Trigger]] = {}
        for e in entries:
            trig = Trigger(
                lemma=str(e["lemma"]).lower(), pos=e["pos"], type=e["type"],
                mode=e.get("mode"), objects=frozenset(o.lower() for o in e.get("objects") or []),
                speech=bool(e.get("speech", False)),
                subjects=frozenset(x.lower() for x in e.get("subjects") or []),
            )
            head = trig.lemma.split()[0]
            self.by_head.setdefault((head, trig.pos), []).append(trig)
        for triggers in self.by_head.values():
            # most specific first: phrases before single words, constrained before free
            triggers.sort(key=lambda t: (-len(t.lemma.split()), not (t.objects or t.subjects),
                                         t.lemma))
        types = plover.get("types", plover)
        self.types: dict[str, dict] = types

    def candidates(self, lemma: str, pos: str) -> list[Trigger]:
        return self.by_head.get((lemma.lower(), pos), [])

    def type_info(self, event_type: str, mode: str | None) -> TypeInfo:
        spec = self.types[event_type]
        quad = int(spec["quad_class"])
        intensity = float(spec["intensity"])
        cameo = str(spec["cameo_root"]).zfill(2)
        modes = spec.get("modes") or {}
        if isinstance(modes, list):
            modes = {m["name"]: m for m in modes if isinstance(m, dict) and "name" in m}
        if mode and mode in modes and isinstance(modes[mode], dict):
            intensity = float(modes[mode].get("intensity", intensity))
            cameo = str(modes[mode].get("cameo_root", cameo)).zfill(2)
        return TypeInfo(quad, intensity, cameo)


@cache
def default_lexicon() -> Lexicon:
    return Lexicon(load_yaml("lexicon.yaml") or [], load_yaml("plover.yaml") or {})
