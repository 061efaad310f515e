"""Choose where an event happened from the places named in its sentence (and, failing that, in
its article).

A place after a locative preposition ("in", "near", "visit to") in the trigger's clause wins,
a city or admin1 unit over a country; ambiguous names are settled by the countries in context.
ACLED-style qualifiers ("Dioura (Tenenkou, Mopti)", "Sabiid, Lower Shabelle") give a town the
country of its admin unit even when the gazetteer does not know the town (or knows another town
of that name). When the sentence names no place, the text may still say where: "southern Syrian
towns", "the city" (the last city named before), "in Xyz" (an unknown town: the country of the
event's targets or of the article); and a material event (attack, arrest, protest, deployment)
in an article about one country takes that country.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eventfold.coding.attribution import attribution_spans, inside
from eventfold.coding.gazetteer import (
    Gazetteer,
    Mention,
    Place,
    Referent,
    countries_named,
    resolve,
)

__all__ = ["Gazetteer", "Place", "dateline_place", "event_place"]

_TOKEN = re.compile(r"[\w’'.-]+|[^\w\s]")
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas|as|after|before|although|though)\b|\s+while\s+|\s+whereas\s+"
)
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# Lower-case words that may stand between a town and its ACLED qualifier: "Dand district
# (Dand, Kandahar)", "Jenin refugee camp (Jenin, West Bank)".
_SETTLEMENT = (
    r"(?:town|village|city|district|sub-district|subdistrict|area|camp|refugee\s+camp|"
    r"IDP\s+camp|market|neighbou?rhood|locality|kebele|woreda|county|commune|municipality|"
    r"outskirts|township|village\s+tract|quarter|settlement|hamlet|port|island|border\s+crossing|"
    r"crossing|checkpoint)"
)
_PARENS = re.compile(rf"(?:\s+{_SETTLEMENT})?\s*\(([^()]{{1,80}})\)")
_COMMA_NEXT = re.compile(r",\s+")
_UNKNOWN_TOWN = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}")
_ACLED_TOWN = re.compile(
    rf"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}}(?=(?:\s+{_SETTLEMENT})?\s*\()"
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|into|along)\s+(?:the\s+)?(?:(?:[a-z]+-?[a-z]*)\s+){0,3}?"
    r"(?:(?:town|city|village|district|province|region|area|camp|state|county)\s+of\s+)?"
    r"(?=[A-Z])"
)
# Attribution tails and heads: ", relief officials in Nairobi said", "according to … in Kabul".
_PASSIVE = re.compile(
    r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|is\s+being|are\s+being)\s+"
    r"(?:\w+ly\s+)?$"
)
_PLACE_NOUNS = (
    r"towns?|city|cities|villages?|provinces?|regions?|districts?|capital|countryside|"
    r"territory|territories|soil|port|coast|airspace|waters|islands?|camps?|states?"
)
_DEMONYM_PLACE = re.compile(
    rf"\b(?P<dem>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:(?:[a-z]+-?[a-z]*)\s+)?"
    rf"(?P<noun>{_PLACE_NOUNS})\b"
)
# "the city", "the besieged town", "the province": a place named earlier in the article.
_ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:[A-Za-z][a-z]+-?[a-z]*)\s+){0,3}?"
    r"(?P<noun>city|town|village|province|region|governorate|district|enclave|capital|port|"
    r"camp|country)\b(?!\s+(?:of|hall|council|centre|center|'s|’s)\b)"
)
_ANAPHOR_PRECISION = {
    "city": ("city",), "town": ("city",), "village": ("city",), "capital": ("city",),
    "port": ("city",), "camp": ("city",), "enclave": ("city", "admin1"),
    "province": ("admin1",), "region": ("admin1",), "governorate": ("admin1",),
    "district": ("admin1", "city"), "country": ("country",),
}  # fmt: skip
_ANAPHOR_LOOKBACK = 800  # characters of the article before the sentence
# "KABUL (Reuters) -", "BEIRUT, Lebanon (AP) —", and in title case only with a date or an
# agency: "Kabul, May 9 (Reuters) -".
_DATELINE = re.compile(
    r"^\s*(?:(?P<city>[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){0,3})"
    r"(?:,\s*(?P<qual>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"  # ", May 9"
    r"\s*(?:\([^()]{1,30}\)\s*)?"
    r"|(?P<tcity>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})"
    r"(?:,\s*(?P<tqual>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}))?"
    r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([^()]{1,30}\)\s*)?|\s*\([^()]{1,30}\)\s*))"
    r"[-—–:]"
)
# Material events happen somewhere even when the sentence does not say where; verbal ones
# (statements, calls, meetings by phone) often do not.
MATERIAL_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT"})
# Demonyms that as often name an ethnic group living across borders ("Serb villages" in Bosnia).
_ETHNIC = frozenset({"Serb", "Albanian", "Kurdish", "Arab", "Tamil", "Pashtun", "Baloch"})
_PRECISION_RANK = {"city": 0, "admin1": 0, "country": 1, "none": 1}
_LOOKBACK = 10  # tokens between a preposition and its place
_MOTION_WINDOW = 14  # tokens before "to" searched for a motion word
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west "
    "south-east south-west outside".split()
)
# Place nouns that wrap a place ("the streets of Addis Ababa", "the town of Adama"): the phrase
# is a place, so even a plain "to" introduces it ("took to the streets of Addis Ababa").
_WRAPPERS = frozenset(
    "streets outskirts town city village province region district capital centre center "
    "suburbs heart".split()
)
_SETTLEMENT_FILLERS = frozenset(
    "town village city district area camp county commune municipality locality".split()
)


@dataclass(frozen=True)
class _Cues:
    strong: frozenset[str]
    weak: frozenset[str]
    motion: tuple[str, ...]
    object_verbs: tuple[str, ...]
    fillers: frozenset[str]
    not_towns: frozenset[str]

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
                frozenset(
                    [*(c.get("not_towns") or ()), *(c.get("stopwords") or ()),
                     *(c.get("stopwords_common_words") or ())]
                ),
            )  # fmt: skip
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
    source_countries: Sequence[str] = (),
    target_countries: Sequence[str] = (),
    event_type: str | None = None,
    document: str | None = None,
    sentence_start: int | None = None,
) -> Place | None:
    """Where the event whose trigger starts at `anchor` (char offset in `sentence`) happened.

    Candidates are places introduced by a locative preposition ("in", "at", "near", "into",
    "to" after a motion word: "visit to Morocco"), towns qualified ACLED-style ("Baidoa (Baidoa,
    Bay)") or by an admin/country ("in Dinsor, Bay region"), places right after the trigger
    ("shelled Idlib") and subjects of a passive trigger ("Kabul was shelled"). The trigger's
    clause comes first, then a city/admin1 unit over a country, then the nearest. Places in an
    attribution ("…, officials in Nairobi said") are the speaker's, not the event's. Ambiguous
    names: qualifier, sentence, document (`doc_places`), actors.

    When the trigger's clause names no place: a demonym with a place noun ("southern Syrian
    towns", "the Iraqi capital"); an anaphor ("the city") resolved to the last such place named
    before the sentence (needs `document` and `sentence_start`, the sentence's offset in it);
    an unknown town after a locative ("in Xyz"), placed in the targets', the article's, the
    sentence's or the sources' country; and for material events (`event_type` in
    MATERIAL_TYPES) the country of the article's dateline or the one country its places point
    to. `actor_countries` (sources and targets together) stands in for `target_countries` and
    `source_countries` when those are not given. Returns None when nothing says where.
    """
    cues = _Cues.of(gazetteer)
    mentions = gazetteer.match(sentence)
    clauses = _clause_starts(sentence)
    pos = anchor if anchor is not None else 0
    sent_ctx = sorted(countries_named(mentions), key=lambda iso: _distance_to(mentions, iso, pos))
    sent_ctx += [iso for iso in _demonym_countries(sentence, gazetteer) if iso not in sent_ctx]
    doc_ctx = [iso for iso, _ in Counter(p.country for p in doc_places if p.country).most_common()]
    actors = [*target_countries, *source_countries] or list(actor_countries)
    contexts = [sent_ctx, doc_ctx, actors]
    attribution = attribution_spans(sentence, anchor)

    candidates: list[_Candidate] = []
    qualifiers: set[int] = set()
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in mentions]
    for i, m in enumerate(mentions):
        qual = _qualifier(sentence, m, mentions[i + 1 :], gazetteer, contexts)
        if qual is not None:
            qualifiers.add(qual[1])
        place = resolve(m, [[qual[0].country]] + contexts if qual and qual[0].country else contexts)
        if qual is not None and qual[0].country and place.country != qual[0].country:
            place = _town_in(qual[0], m.start, m.end, m.text)  # another town of that name
        intro = _introduction(sentence, m, anchor, place, cues, gazetteer)
        if qual is not None and qual[2]:
            intro = 0  # "Baidoa (Baidoa, Bay)": the ACLED pattern says where
        if intro is None and _passive_subject(sentence, m.end, anchor, cues):
            intro = 2  # "Kabul was shelled"
        if intro is not None:
            candidates.append(_Candidate(place, intro, _clause_of(clauses, m.start)))
    candidates = [c for c in candidates if c.place.start not in qualifiers]
    candidates += _unknown_towns(sentence, mentions, taken, gazetteer, contexts, clauses)
    candidates = [c for c in candidates if not inside(c.place.start, attribution)]
    if candidates and anchor is not None:
        a_clause = _clause_of(clauses, anchor)
        same = [c for c in candidates if c.clause == a_clause]
        fronted = [c for c in candidates if c.clause == 0 and _fronted(sentence, c.place)]
        candidates = [c for c in same or fronted if not _cut_off(sentence, c.place, anchor)]
    if candidates:
        fronted_starts = {c.place.start for c in candidates if _fronted(sentence, c.place)}
        return min(candidates, key=lambda c: _preference(c, anchor, fronted_starts)).place
    if anchor is None:
        return None
    span = _clause_span(sentence, clauses, anchor, attribution)
    return (
        _demonym_place(sentence, span, gazetteer)
        or _anaphor_place(sentence, span, anchor, cues, gazetteer, document, sentence_start)
        or _unknown_town_place(sentence, span, mentions, gazetteer, cues, anchor,
                               [target_countries or actor_countries, _dominant(doc_places),
                                sent_ctx, source_countries])
        or _material_fallback(event_type, document, doc_places, gazetteer)
    )  # fmt: skip


_HEADLINE_CHARS = 300  # a headline paragraph before the dateline is at most this long


def dateline_place(document: str | None, gazetteer: Gazetteer) -> Place | None:
    """The place of a news dateline ("KABUL (Reuters) -", "BEIRUT, Lebanon (AP) —"), at the
    start of the document or of its first paragraph after a headline."""
    document = document or ""
    offsets = [0]
    head_end = document.find("\n\n", 0, _HEADLINE_CHARS)
    if head_end > 0:
        offsets.append(head_end + 2)
    for offset in offsets:
        m = _DATELINE.match(document[offset:])
        if m is not None:
            break
    else:
        return None
    group = "city" if m.group("city") else "tcity"
    raw = m.group(group)
    city = raw.title()
    start, end = offset + m.start(group), offset + m.end(group)
    refs = gazetteer.referents(city) or gazetteer.referents(raw)
    if not refs:
        iso = gazetteer.country_of(city)
        return gazetteer.country_place(iso, start, end, raw) if iso else None
    qual_text = m.group("qual") or m.group("tqual")
    qual = gazetteer.country_of(qual_text) if qual_text else None
    ref = next((r for r in refs if qual and r.country == qual), refs[0])
    return ref.place(start, end, raw)


# --------------------------------------------------------------------------- ranking


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


def _clause_span(
    sentence: str, starts: list[int], anchor: int, attribution: list[tuple[int, int]]
) -> tuple[int, int]:
    """The trigger's clause, up to the first attribution phrase after the trigger."""
    i = _clause_of(starts, anchor)
    end = starts[i + 1] if i + 1 < len(starts) else len(sentence)
    for s, _ in attribution:
        if anchor < s < end:
            end = s
    return starts[i], end


def _fronted(sentence: str, place: Place) -> bool:
    """A sentence-initial locative phrase ("In Raqqa, …") governs the whole sentence."""
    head = sentence[: place.start].strip().lower()
    return head in ("in", "at", "near", "outside", "inside") or head.startswith(("in the ", "at "))


def _tokens_before(sentence: str, start: int, n: int) -> list[str]:
    return _TOKEN.findall(sentence, max(0, start - 12 * n), start)[-n:]


# --------------------------------------------------------------------------- introductions


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
    settlement = False  # "in Dand district of Kandahar": the unknown town may be skipped
    wrapped = False  # "to the streets of Addis Ababa": a place noun wraps the place
    for k in range(len(toks) - 1, -1, -1):
        tok = toks[k]
        low = tok.lower()
        if low in cues.strong:
            return 0
        if low in cues.weak:
            return 1 if sub_country else None
        if low == "of" and k > 0 and toks[k - 1].lower() in _DIRECTIONS:
            return 0  # "20 km north of Kyiv"
        if low in ("to", "towards", "toward") and wrapped:
            return 0
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
            or (tok[0].isupper() and (_adjective(tok, gazetteer) or _possessive(tok, gazetteer)))
        ):
            settlement = settlement or low in _SETTLEMENT_FILLERS
            wrapped = wrapped or (low in _WRAPPERS and k + 1 < len(toks) and toks[k + 1] == "of")
            continue
        if settlement and tok[0].isupper() and tok.isalpha():
            continue
        break
    return _object_of_trigger(sentence, m, anchor, place, cues, gazetteer)


def _adjective(tok: str, gazetteer: Gazetteer) -> bool:
    """A demonym used as an adjective ("the Bosnian town of Gorazde")."""
    return gazetteer.country_of(tok) is not None and not gazetteer.referents(tok)


def _possessive(tok: str, gazetteer: Gazetteer) -> bool:
    """A country in the possessive ("in Mali's Mopti region", "Nigeria’s Borno state")."""
    if not tok.endswith(("'s", "’s")):
        return False
    return gazetteer.country_of(tok[:-2]) is not None


def _object_of_trigger(
    sentence: str,
    m: Mention,
    anchor: int | None,
    place: Place,
    cues: _Cues,
    gazetteer: Gazetteer,
) -> int | None:
    """A place right after the trigger ("shelled Idlib", "visited Morocco", "shelled the
    southern regional capital Juba")."""
    if anchor is None or m.start <= anchor:
        return None
    trigger = _TOKEN.match(sentence, anchor)
    if trigger is None:
        return None
    between = _TOKEN.findall(sentence, trigger.end(), m.start)
    if len(between) > 5 or any(not t.isalpha() or not t.islower() for t in between):
        return None
    word = trigger.group().lower()
    if word.startswith(cues.object_verbs):
        return 2
    capital = place.name in gazetteer.capitals or m.text in gazetteer.capitals
    if place.precision in ("city", "admin1") and not capital and len(between) <= 3:
        return 2
    return None


def _passive_subject(sentence: str, end: int, anchor: int | None, cues: _Cues) -> bool:
    """The place is the subject of a passive place verb: "Kabul was shelled", "the city was
    retaken"."""
    if anchor is None or end > anchor or anchor - end > 40:
        return False
    trigger = _TOKEN.match(sentence, anchor)
    if trigger is None or not trigger.group().lower().startswith(cues.object_verbs):
        return False
    return _PASSIVE.search(sentence[end:anchor]) is not None and (
        _PASSIVE.search(sentence[end:anchor]).start() == 0
    )


# --------------------------------------------------------------------------- qualifiers


def _pick(
    refs: Sequence[Referent], preferred: Iterable[str], contexts: Sequence[Iterable[str]]
) -> Referent:
    """The referent in a preferred country, else in the first context that selects one."""
    for ctx in [list(preferred), *contexts]:
        for iso in ctx:
            for r in refs:
                if r.country == iso:
                    return r
    return refs[0]


def _qualifier(
    sentence: str,
    town: Mention | re.Match[str],
    following: Sequence[Mention],
    gazetteer: Gazetteer,
    contexts: Sequence[Iterable[str]] = (),
) -> tuple[Place, int, bool] | None:
    """The admin/country that qualifies a town: "Bam, Iran" or ACLED "Dinsor (Dinsor, Bay)".

    ACLED qualifiers are read last part first ("(District, Province)"); a name several
    countries' units share ("Punjab", "Nord-Ouest", "Southern") takes the country of the town,
    if the gazetteer knows it, else of the context. Returns (qualifying place, its start,
    whether it was the ACLED pattern)."""
    end = town.end if isinstance(town, Mention) else town.end()
    town_countries = (
        [r.country for r in town.referents if r.country] if isinstance(town, Mention) else []
    )
    paren = _PARENS.match(sentence, end)
    if paren:
        inner = paren.group(1)
        parts = [p.strip() for p in inner.split(",")]
        # admin units first (last part first), then a known town among the parts ("(Djibo,
        # Soum)" with Soum unknown: Djibo is a town of Burkina Faso)
        for lookup in (gazetteer.admin_referents, lambda n: _town_referents(gazetteer, n)):
            for part in reversed(parts):
                refs = lookup(part) if part else []
                if refs:
                    ref = _pick(refs, town_countries, contexts)
                    start = paren.start(1) + inner.rfind(part)
                    return ref.place(start, start + len(part), part), start, True
    comma = _COMMA_NEXT.match(sentence, end)
    if comma and following and following[0].start == comma.end():
        nxt = following[0]
        top = nxt.referents[0]
        if top.precision in ("country", "admin1"):
            return top.place(nxt.start, nxt.end, nxt.text), nxt.start, False
    return None


def _town_referents(gazetteer: Gazetteer, name: str) -> list[Referent]:
    return [r for r in gazetteer.referents(name) if r.country and r.precision == "city"]


def _town_in(q: Place, start: int, end: int, text: str) -> Place:
    """A town placed by its qualifier: the admin1 unit's (or country's) country and
    coordinates, named after the town; a qualifying town lends its admin1 unit."""
    precision = (
        "admin1" if q.precision == "admin1" or (q.precision == "city" and q.admin1) else ("country")
    )
    admin1 = q.admin1 if precision == "admin1" else None
    return Place(text, q.country, admin1, q.latitude, q.longitude, precision, start, end, text)


def _unknown_towns(
    sentence: str,
    mentions: Sequence[Mention],
    taken: list[tuple[int, int]],
    gazetteer: Gazetteer,
    contexts: Sequence[Iterable[str]],
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
        qual = _qualifier(sentence, town, following, gazetteer, contexts)
        if qual is None or (town.re is _ACLED_TOWN and not qual[2]):
            continue
        place = _town_in(qual[0], town.start(), town.end(), town.group())
        out.append(_Candidate(place, 0, _clause_of(clauses, town.start())))
    return out


# --------------------------------------------------------------------------- fallbacks


def _demonym_place(sentence: str, span: tuple[int, int], gazetteer: Gazetteer) -> Place | None:
    """A place described by its country: "southern Syrian towns", "a Nigerian village",
    "the Iraqi capital" (the capital city)."""
    for m in _DEMONYM_PLACE.finditer(sentence, span[0], span[1]):
        dem = m.group("dem")
        if dem not in gazetteer.demonyms or dem in _ETHNIC:
            continue
        iso = gazetteer.country_of(dem)
        if iso is None:
            continue
        if m.group("noun") == "capital":
            cap = gazetteer.capital_place(iso, m.start(), m.end(), m.group())
            if cap is not None:
                return cap
        return gazetteer.country_place(iso, m.start(), m.end(), m.group())
    return None


def _introduced(sentence: str, start: int, end: int, anchor: int, cues: _Cues) -> bool:
    """A span is introduced as a location: after a locative preposition (fillers allowed),
    right after the trigger, or the subject of a passive place verb."""
    toks = _tokens_before(sentence, start, _LOOKBACK)
    for k in range(len(toks) - 1, -1, -1):
        low = toks[k].lower()
        if low in cues.strong or (low == "of" and k > 0 and toks[k - 1].lower() in _DIRECTIONS):
            return True
        if low not in cues.fillers:
            break
    if start > anchor:
        trigger = _TOKEN.match(sentence, anchor)
        between = _TOKEN.findall(sentence, trigger.end(), start) if trigger else ["?"]
        if len(between) <= 2 and all(t.isalpha() and t.islower() for t in between):
            return True
    return _passive_subject(sentence, end, anchor, cues)


def _anaphor_place(
    sentence: str,
    span: tuple[int, int],
    anchor: int,
    cues: _Cues,
    gazetteer: Gazetteer,
    document: str | None,
    sentence_start: int | None,
) -> Place | None:
    """An anaphor ("the city was retaken", "in the town", "across the country"): the last place
    of that kind named shortly before the sentence (towns the gazetteer lacks but a qualifier
    places count: "near Sebba (Seno, Sahel). … in the town")."""
    if document is None or not sentence_start:
        return None
    for m in _ANAPHOR.finditer(sentence, span[0], span[1]):
        if not _introduced(sentence, m.start(), m.end(), anchor, cues):
            continue
        noun = m.group("noun")
        kinds = _ANAPHOR_PRECISION[noun]
        for p in reversed(_prior_places(document, sentence_start, gazetteer)):
            if not p.country:
                continue
            if noun == "country":
                return gazetteer.country_place(p.country, m.start(), m.end(), m.group())
            town = p.precision == "admin1" and p.name != p.admin1  # placed by its qualifier
            if p.precision in kinds or (town and "city" in kinds):
                return Place(p.name, p.country, p.admin1, p.latitude, p.longitude, p.precision,
                             m.start(), m.end(), m.group())  # fmt: skip
    return None


def _prior_places(document: str, sentence_start: int, gazetteer: Gazetteer) -> list[Place]:
    """Places named in the article shortly before a sentence, in order (offsets relative to
    the window): gazetteer places and towns placed by a qualifier."""
    window = document[max(0, sentence_start - _ANAPHOR_LOOKBACK) : sentence_start]
    mentions = gazetteer.match(window)
    places = [resolve(m, [countries_named(mentions)]) for m in mentions]
    taken = [(m.start, m.end) for m in mentions]
    places += [c.place for c in _unknown_towns(window, mentions, taken, gazetteer, [], [0])]
    return sorted(places, key=lambda p: p.start)


def _unknown_town_place(
    sentence: str,
    span: tuple[int, int],
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    cues: _Cues,
    anchor: int,
    countries: Sequence[Sequence[str]],
) -> Place | None:
    """An unknown town after a locative ("in Xyz"): the text says where, only not in which
    country; take the first country the contexts offer (targets, article, sentence, sources)."""
    iso = next((c for ctx in countries for c in ctx if c), None)
    if iso is None:
        return None
    for p in _LOCATIVE.finditer(sentence, span[0], span[1]):
        town = _UNKNOWN_TOWN.match(sentence, p.end())
        if town is None or town.end() > span[1]:
            continue
        name = town.group()
        if any(m.start < town.end() and town.start() < m.end for m in mentions):
            continue
        first = name.split()[0]
        if first in cues.not_towns or first in gazetteer.demonyms or gazetteer.country_of(first):
            continue  # "in January", "in Parliament", "in Syrian custody"
        if not _towny(sentence, town.end()):
            continue
        return gazetteer.country_place(iso, town.start(), town.end(), name)
    return None


def _towny(sentence: str, end: int) -> bool:
    """What follows a capitalised word after "in" suggests a place, not a name or a month:
    end of clause, a settlement noun, or a preposition/time word."""
    rest = sentence[end : end + 30]
    return bool(
        re.match(
            rf"\s*(?:$|[,.;:()]|{_SETTLEMENT}\b|(?:on|in|at|near|late|early|last|this|"
            r"overnight|and|after|before|when|where|during|yesterday|today|killing|leaving|"
            r"wounding)\b)",
            rest,
        )
    )


def _dominant(doc_places: Sequence[Place]) -> list[str]:
    """The one country an article's places point to: more than half of all mentions with a
    country, and at least two of them unless it is the only country named."""
    counts = Counter(p.country for p in doc_places if p.country)
    if not counts:
        return []
    (iso, n), total = counts.most_common(1)[0], sum(counts.values())
    return [iso] if 2 * n > total and (n >= 2 or n == total) else []


def _material_fallback(
    event_type: str | None,
    document: str | None,
    doc_places: Sequence[Place],
    gazetteer: Gazetteer,
) -> Place | None:
    """A material event with no place in its sentence: the one country the article's body
    places point to, else the dateline's country (a MOSCOW story about northeast Syria happens
    in Syria); at country precision, with no text span."""
    if event_type not in MATERIAL_TYPES:
        return None
    line = dateline_place(document, gazetteer)
    text = document or ""
    body = [p for p in doc_places if (line is None or p.start >= line.end)
            and not text.startswith(("'s", "’s"), p.end)]  # "Russia's ministry": an actor
    dominant = _dominant(body)
    iso = dominant[0] if dominant else None
    if iso is None and line is not None and line.country:
        iso = line.country
    if iso is None:
        return None
    return gazetteer.country_place(iso, 0, 0, "")
