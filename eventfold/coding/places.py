"""Choose where an event happened from the places named in its sentence.

A place after a locative preposition ("in", "near", "visit to") in the trigger's clause wins,
a city or admin1 unit over a country; ambiguous names are settled by the countries in context.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eventfold.coding.gazetteer import Gazetteer, Mention, Place, countries_named, resolve

__all__ = ["Gazetteer", "Place", "event_place"]

_TOKEN = re.compile(r"[\w’'.-]+|[^\w\s]")
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|as|after|before|although|though)\b|\s+while\s+|\s+whereas\s+"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_PARENS = re.compile(r"\s*\(([^()]{1,80})\)")
_COMMA_NEXT = re.compile(r",\s+")
_UNKNOWN_TOWN = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}")
_ACLED_TOWN = re.compile(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}(?=\s*\()")
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|into)\s+")
_PRECISION_RANK = {"city": 0, "admin1": 0, "country": 1, "none": 1}
_LOOKBACK = 8  # tokens between a preposition and its place
_MOTION_WINDOW = 14  # tokens before "to" searched for a motion word


@dataclass(frozen=True)
class _Cues:
    strong: frozenset[str]
    weak: frozenset[str]
    motion: tuple[str, ...]
    object_verbs: tuple[str, ...]
    fillers: frozenset[str]

    @classmethod
    def of(cls, gazetteer: Gazetteer) -> _Cues:
        c = gazetteer.cues
        cached = c.get("_compiled")
        if cached is None:
            weak = frozenset(c.get("weak_prepositions") or ())
            cached = cls(
                frozenset(c.get("locative_prepositions") or ()) - weak,
                weak,
                tuple(c.get("motion_words") or ()),
                tuple(c.get("object_place_verbs") or ()),
                frozenset(c.get("locative_fillers") or ()),
            )
            c["_compiled"] = cached
        return cached


@dataclass(frozen=True)
class _Candidate:
    place: Place
    intro: int  # 0 locative/motion preposition or ACLED pattern, 1 weak preposition, 2 object
    clause: int


def event_place(
    sentence: str,
    anchor: int | None,
    gazetteer: Gazetteer,
    *,
    actor_countries: Sequence[str] = (),
    doc_places: Sequence[Place] = (),
) -> Place | None:
    """Where the event whose trigger starts at `anchor` (char offset in `sentence`) happened.

    Candidates are places introduced by a locative preposition ("in", "at", "near", "into",
    "to" after a motion word: "visit to Morocco"), towns qualified ACLED-style ("Baidoa (Baidoa,
    Bay)") or by an admin/country ("in Dinsor, Bay region") and places right after the trigger
    ("shelled Idlib"). The trigger's clause comes first, then a city/admin1 unit over a country,
    then the nearest. Ambiguous names: qualifier, sentence, document (`doc_places`), actors.
    Returns None when the sentence does not say where.
    """
    cues = _Cues.of(gazetteer)
    mentions = gazetteer.match(sentence)
    clauses = _clause_starts(sentence)
    pos = anchor if anchor is not None else 0
    sent_ctx = sorted(countries_named(mentions), key=lambda iso: _distance_to(mentions, iso, pos))
    sent_ctx += [iso for iso in _demonym_countries(sentence, gazetteer) if iso not in sent_ctx]
    doc_ctx = [iso for iso, _ in Counter(p.country for p in doc_places if p.country).most_common()]
    contexts = [sent_ctx, doc_ctx, list(actor_countries)]

    candidates: list[_Candidate] = []
    qualifiers: set[int] = set()
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in mentions]
    for i, m in enumerate(mentions):
        qual = _qualifier(sentence, m.end, mentions[i + 1 :], gazetteer)
        if qual is not None:
            qualifiers.add(qual[1])
        place = resolve(m, [[qual[0].country]] + contexts if qual and qual[0].country else contexts)
        intro = _introduction(sentence, m, anchor, place, cues, gazetteer)
        if qual is not None and qual[2]:
            intro = 0  # "Baidoa (Baidoa, Bay)": the ACLED pattern says where
        if intro is not None:
            candidates.append(_Candidate(place, intro, _clause_of(clauses, m.start)))
    candidates = [c for c in candidates if c.place.start not in qualifiers]
    candidates += _unknown_towns(sentence, mentions, taken, gazetteer, cues, clauses)
    if not candidates:
        return None
    if anchor is not None:
        a_clause = _clause_of(clauses, anchor)
        same = [c for c in candidates if c.clause == a_clause]
        fronted = [c for c in candidates if c.clause == 0 and _fronted(sentence, c.place)]
        candidates = [c for c in same or fronted if not _cut_off(sentence, c.place, anchor)]
        if not candidates:
            return None
    fronted_starts = {c.place.start for c in candidates if _fronted(sentence, c.place)}
    return min(candidates, key=lambda c: _preference(c, anchor, fronted_starts)).place


def _preference(c: _Candidate, anchor: int | None, fronted: set[int]) -> tuple[int, int, int]:
    """Locative phrases after the trigger, then objects of the trigger ("shut down Khatmandu"),
    then locative phrases before it (often inside the subject: "parties in Nepal"), then weak
    prepositions; within a tier a city/admin1 unit before a country or region, then the nearest.
    A sentence-initial locative ("In Raqqa, …") counts as after the trigger."""
    before = anchor is not None and c.place.end <= anchor and c.place.start not in fronted
    if c.intro == 0:
        tier = 2 if before else 0
    else:
        tier = 1 if c.intro == 2 else 3
    pos = anchor if anchor is not None else 0
    return (tier, _PRECISION_RANK[c.place.precision], _gap(c.place, pos))


def _cut_off(sentence: str, place: Place, anchor: int) -> bool:
    """A place before the trigger behind a comma belongs to another clause ("… deep into Syria,
    militias mobilised …"), unless it opens the sentence ("In Raqqa, …")."""
    if place.end > anchor or _fronted(sentence, place):
        return False
    return bool(re.search(r"[,;:]", sentence[place.end : anchor]))


def _demonym_countries(sentence: str, gazetteer: Gazetteer) -> list[str]:
    """Countries named by demonyms ("the Lebanese army")."""
    out = []
    for word in _CAPITALISED.findall(sentence):
        iso = gazetteer.country_of(word)
        if iso and iso not in out and not gazetteer.referents(word):
            out.append(iso)
    return out


def _distance_to(mentions: Iterable[Mention], iso: str, pos: int) -> int:
    return min(
        (abs(m.start - pos) for m in mentions if m.referents[0].country == iso), default=10**9
    )


def _gap(place: Place, pos: int) -> int:
    return place.start - pos if place.start >= pos else pos - place.end


def _clause_starts(sentence: str) -> list[int]:
    return [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)]


def _clause_of(starts: list[int], pos: int) -> int:
    i = 0
    while i + 1 < len(starts) and starts[i + 1] <= pos:
        i += 1
    return i


def _fronted(sentence: str, place: Place) -> bool:
    """A sentence-initial locative phrase ("In Raqqa, …") governs the whole sentence."""
    head = sentence[: place.start].strip().lower()
    return head in ("in", "at", "near", "outside", "inside") or head.startswith(("in the ", "at "))


def _tokens_before(sentence: str, start: int, n: int) -> list[str]:
    return _TOKEN.findall(sentence, max(0, start - 12 * n), start)[-n:]


def _introduction(
    sentence: str,
    m: Mention,
    anchor: int | None,
    place: Place,
    cues: _Cues,
    gazetteer: Gazetteer,
) -> int | None:
    """0/1/2 when the mention is introduced as where something happened (see _Candidate)."""
    sub_country = place.precision in ("city", "admin1")
    toks = _tokens_before(sentence, m.start, _LOOKBACK)
    for k in range(len(toks) - 1, -1, -1):
        tok = toks[k]
        low = tok.lower()
        if low in cues.strong:
            return 0
        if low in cues.weak:
            return 1 if sub_country else None
        if low in ("to", "towards", "toward"):
            window = _tokens_before(sentence, m.start, _LOOKBACK + _MOTION_WINDOW)
            window = window[: len(window) - (len(toks) - k)]
            for w in reversed(window):
                if w in (",", ";", ".", ":"):
                    break
                if w.lower().startswith(cues.motion):
                    return 0
            return None
        if (
            low in cues.fillers
            or low.endswith("-held")
            or (tok[0].isupper() and _adjective(tok, gazetteer))
        ):
            continue
        break
    return _object_of_trigger(sentence, m, anchor, place, cues, gazetteer)


def _adjective(tok: str, gazetteer: Gazetteer) -> bool:
    """A demonym used as an adjective ("the Bosnian town of Gorazde")."""
    return gazetteer.country_of(tok) is not None and not gazetteer.referents(tok)


def _object_of_trigger(
    sentence: str,
    m: Mention,
    anchor: int | None,
    place: Place,
    cues: _Cues,
    gazetteer: Gazetteer,
) -> int | None:
    """A place right after the trigger ("shelled Idlib", "visited Morocco")."""
    if anchor is None or m.start <= anchor:
        return None
    trigger = _TOKEN.match(sentence, anchor)
    if trigger is None:
        return None
    between = _TOKEN.findall(sentence, trigger.end(), m.start)
    if len(between) > 3 or any(not t.isalpha() or not t.islower() for t in between):
        return None
    word = trigger.group().lower()
    if word.startswith(cues.object_verbs):
        return 2
    capital = place.name in gazetteer.capitals or m.text in gazetteer.capitals
    if place.precision in ("city", "admin1") and not capital:
        return 2
    return None


def _qualifier(
    sentence: str, end: int, following: Sequence[Mention], gazetteer: Gazetteer
) -> tuple[Place, int, bool] | None:
    """The admin/country that qualifies a town: "Bam, Iran" or ACLED "Dinsor (Dinsor, Bay)".

    Returns (qualifying place, its start, whether it was the ACLED pattern)."""
    paren = _PARENS.match(sentence, end)
    if paren:
        last = paren.group(1).split(",")[-1].strip()
        refs = gazetteer.admin_referents(last)
        if refs:
            start = paren.start(1) + paren.group(1).rfind(last)
            return refs[0].place(start, start + len(last), last), start, True
    comma = _COMMA_NEXT.match(sentence, end)
    if comma and following and following[0].start == comma.end():
        nxt = following[0]
        top = nxt.referents[0]
        if top.precision in ("country", "admin1"):
            return top.place(nxt.start, nxt.end, nxt.text), nxt.start, False
    return None


def _unknown_towns(
    sentence: str,
    mentions: Sequence[Mention],
    taken: list[tuple[int, int]],
    gazetteer: Gazetteer,
    cues: _Cues,
    clauses: list[int],
) -> list[_Candidate]:
    """Towns the gazetteer lacks, placed by their qualifier: "in Dinsor, Bay region" -> the
    admin1 unit's country and coordinates, named after the town, precision admin1/country."""
    out: list[_Candidate] = []
    towns = [
        t for p in _LOCATIVE.finditer(sentence) if (t := _UNKNOWN_TOWN.match(sentence, p.end()))
    ]
    towns += list(_ACLED_TOWN.finditer(sentence))
    for town in towns:
        if any(s < town.end() and town.start() < e for s, e in taken):
            continue
        following = [m for m in mentions if m.start >= town.end()]
        qual = _qualifier(sentence, town.end(), following, gazetteer)
        if qual is None or (town.re is _ACLED_TOWN and not qual[2]):
            continue
        q = qual[0]
        precision = "admin1" if q.precision == "admin1" else "country"
        place = Place(
            town.group(),
            q.country,
            q.admin1 if precision == "admin1" else None,
            q.latitude,
            q.longitude,
            precision,
            town.start(),
            town.end(),
            town.group(),
        )
        out.append(_Candidate(place, 0, _clause_of(clauses, town.start())))
    return out
