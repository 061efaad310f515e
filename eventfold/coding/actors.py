"""Find the actors of one parsed article: dictionary names, people with titles, sector nouns.

`DocActors(doc, dictionary)` scans the document once; `actor_at(token)` then answers which actor
the noun phrase headed by a token stands for. Surnames and acronyms defined in the article
resolve to the actor first named in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import ORTH, POS
from spacy.tokens import Doc, Span, Token

from eventfold.coding.dictionary import ActorDictionary, ActorRef, SectorWord
from eventfold.coding.nlp import dateline_spans

MAX_NAME_TOKENS = 8
MAX_TITLE_TOKENS = 4
TITLE_WINDOW = 10
PRONOUN_POS = {"PRON"}
# lower-case particles that can start a name ("al-Qaida", "al-Shabaab", "ad-Dawla")
# words that belong to a surname: "Staffan de Mistura" is later "De Mistura"
SURNAME_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la",
                     "du", "bin", "ben", "ibn", "abu", "al", "el", "al-", "el-"}
NAME_PARTICLES = {"al", "el", "ad", "ash", "as", "an", "ar", "at", "az", "ath"}


@dataclass(frozen=True)
class NameSpan:
    start: int  # token index
    end: int  # token index, exclusive
    kind: str  # country | named | demonym
    key: str  # ISO3 or actor id


@dataclass(frozen=True)
class Affiliation:
    """An affiliation read from a title or apposition: person → relation → organization/state."""

    source: ActorRef
    relation: str  # leader_of | member_of | represents | part_of
    target: ActorRef
    sentence_start_char: int


class DocActors:
    def __init__(self, doc: Doc, dictionary: ActorDictionary, actor_stopwords: set[str],
                 names: dict[int, NameSpan] | None = None,
                 event_nouns: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        # lemmas of the lexicon's event nouns: "a military offensive" is an act, not a unit
        self.event_nouns = event_nouns
        self.dict = dictionary
        self.stopwords = actor_stopwords
        # token index -> the name span covering it (`scan_names`, passed in when already done)
        self.names: dict[int, NameSpan] = names if names is not None \
            else scan_names(doc, dictionary)
        self.acronyms: dict[str, ActorRef] = {}
        self.persons: dict[int, ActorRef] = {}  # token index -> person
        self.surnames: dict[str, ActorRef] = {}
        self.affiliations: list[Affiliation] = []
        self.places: dict[int, object] = {}  # token index -> gazetteer Place
        self._pending_titles: list[tuple[int, ActorRef]] = []
        self.dateline = {k for start, end in dateline_spans(doc) for k in range(start, end)}
        for found in dict.fromkeys(self.names.values()):  # each name once, in text order
            if found.kind == "named" and dictionary.named[found.key].actor_type == "person":
                self._add_known_person(found)
        self._scan_acronyms()
        self._scan_persons()

    # -- scanning -------------------------------------------------------------------
    def _add_known_person(self, ns: NameSpan) -> None:
        """A person from the people dictionary: a person token, with the title's affiliation."""
        ref = self.dict.named_actor(ns.key, doc_text(self.doc, ns))
        for k in range(ns.start, ns.end):
            self.persons[k] = ref
        self._pending_titles.append((ns.start, ref))

    def _scan_acronyms(self) -> None:
        """'Royal Moroccan Armed Forces (FAR)': FAR names the same actor in this article."""
        doc = self.doc
        for tok in doc:
            if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
                continue
            acr = doc[tok.i + 1]
            if not (acr.text.isupper() and 2 <= len(acr.text) <= 8) or tok.i == 0:
                continue
            prev = self.names.get(tok.i - 1)
            if prev and prev.kind in ("named", "country"):
                self.acronyms[acr.text] = self._name_actor(prev, acr.text)
            else:
                ent = _entity_ending_at(doc, tok.i)
                if ent is not None and ent.label_ == "ORG":
                    self.acronyms[acr.text] = self.dict.organization_actor(
                        ent.text, self._country_in(ent.start, ent.end), acr.text)

    def _scan_persons(self) -> None:
        doc = self.doc
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            start, end = ent.start, ent.end
            while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
                end -= 1
            while start < end and (start in self.names or doc[start].lower_ in self.dict.titles
                                   or _title_word(doc[start], self.dict)):
                start += 1  # "Minister Benny Gantz" tagged whole: drop leading title words
            if start >= end or any(k in self.names for k in range(start, end)):
                continue
            name = doc[start:end].text
            if name in self.stopwords or start in self.dateline:
                continue  # "JOWHAR, Somalia —": a dateline, not a person
            tokens = name.split()
            if not tokens:
                continue  # an entity of whitespace only
            if tokens[-1] in self.surnames and all(
                    t.lower() in SURNAME_PARTICLES for t in tokens[:-1]):
                # "Gantz"; "De Mistura" after "Staffan de Mistura"
                ref = self.surnames[tokens[0]].with_text(name)
            else:
                title, country, org = self._title_before(start)
                t2, c2, o2 = self._apposition_title(doc[end - 1])
                title, country, org = title or t2, country or c2, org or o2
                sector = title.sector if title else None
                ref = self.dict.person_actor(name, country, sector, name)
                if len(tokens) > 1:
                    self.surnames.setdefault(tokens[-1], ref)
                self._record_affiliation(ref, title, country, org, doc[start].sent.start_char)
            for k in range(start, end):
                self.persons[k] = ref
        self._scan_titled_names()
        for start, ref in self._pending_titles:
            title, country, org = self._title_before(start)
            if title is not None:
                # the role named in the text beats the dictionary's default role
                # ("General Michel Aoun" acts as MIL here, whatever office he held later)
                ns = self.names[start]
                ref = ActorRef(ref.actor_id, ref.name, ref.actor_type, country or ref.country,
                               title.sector, ref.wikidata_id, ref.text)
                for k in range(ns.start, ns.end):
                    self.persons[k] = ref
            self._record_affiliation(ref, title, country or ref.country, org,
                                     self.doc[start].sent.start_char)
        # surnames the NER missed later in the text (read from arrays: a Token per word of
        # the article costs more than the whole scan)
        if self.surnames and len(doc):
            strings = doc.vocab.strings
            propn = strings["PROPN"]
            for i, (orth, pos) in enumerate(doc.to_array([ORTH, POS]).tolist()):
                if pos == propn and i not in self.persons and i not in self.names:
                    text = strings[orth]
                    if text in self.surnames:
                        self.persons[i] = self.surnames[text].with_text(text)

    def _scan_titled_names(self) -> None:
        """Names the NER missed right after a title: 'Ambassador … Abderrahim Bayoud'."""
        doc = self.doc
        i = 0
        while i < len(doc):
            j = i
            while j < len(doc) and j - i < 3 and _name_token(doc[j]) and j not in self.names \
                    and j not in self.persons and doc[j].lower_ not in self.dict.titles:
                j += 1
            if j - i >= 2 or (j - i == 1 and i > 0 and self._title_ending_at(i - 1)):
                title, country, org = self._title_before(i)
                if title is not None and not any(doc[k].ent_type_ in ("GPE", "ORG", "NORP", "DATE")
                                                 for k in range(i, j)):
                    name = doc[i:j].text
                    ref = self.dict.person_actor(name, country, title.sector, name)
                    self.surnames.setdefault(doc[j - 1].text, ref)
                    self._record_affiliation(ref, title, country, org, doc[i].sent.start_char)
                    for k in range(i, j):
                        self.persons[k] = ref
                i = j
            else:
                i += 1

    def _record_affiliation(self, person: ActorRef, title: SectorWord | None,
                            country: str | None, org: ActorRef | None, sent_char: int) -> None:
        if title is None or title.relation is None:
            return
        if org is not None:
            self.affiliations.append(Affiliation(person, title.relation, org, sent_char))
            if org.country and org.actor_type != "country" and org.part_of:
                parent = self._actor_for_id(org.part_of)
                if parent is not None:
                    self.affiliations.append(Affiliation(org, "part_of", parent, sent_char))
        elif country:
            self.affiliations.append(Affiliation(
                person, title.relation, self.dict.country_actor(country), sent_char))

    def _actor_for_id(self, actor_id: str) -> ActorRef | None:
        if actor_id in self.dict.countries:
            return self.dict.country_actor(actor_id)
        if actor_id in self.dict.named:
            return self.dict.named_actor(actor_id)
        return None

    def _title_before(self, start: int) -> tuple[SectorWord | None, str | None, ActorRef | None]:
        """Titles, countries and organizations in the words right before a person's name."""
        doc = self.doc
        title = None
        country = None
        org = None
        i = start - 1
        lo = max(doc[start].sent.start, start - TITLE_WINDOW)
        while i >= lo:
            tok = doc[i]
            if tok.i in self.names:
                ns = self.names[tok.i]
                actor = self._name_actor(ns, doc[ns.start:ns.end].text)
                if actor.actor_type == "country" or ns.kind == "demonym":
                    country = country or actor.country
                else:
                    org = org or actor
                    country = country or actor.country
                i = ns.start - 1
                continue
            hit = self._title_ending_at(i)
            if hit is not None:
                n, word = hit
                # the nearest title gives the sector; a leadership title anywhere in the
                # run gives the relation ("IDF Chief of Staff Lt.-Gen. Aviv Kohavi")
                if title is None:
                    title = word
                elif word.relation == "leader_of" and title.relation != "leader_of":
                    title = SectorWord(title.sector, title.actor_type, "leader_of")
                i -= n
                continue
            if tok.lower_ in ("of", "the", "'s", "’s", "-", ",") and title is not None:
                i -= 1
                continue
            if tok.text in self.acronyms:
                org = org or self.acronyms[tok.text]
                country = country or org.country
                i -= 1
                continue
            if tok.is_title and tok.pos_ == "PROPN" and title is not None:
                i -= 1  # e.g. "Kingdom" in "Ambassador of the Kingdom of Morocco"
                continue
            break
        return title, country, org

    def _apposition_title(
        self, tok: Token
    ) -> tuple[SectorWord | None, str | None, ActorRef | None]:
        """'Benny Gantz, Israel's defence minister, ...'"""
        for child in tok.children:
            if child.dep_ != "appos":
                continue
            title = None
            for t in child.subtree:
                hit = self._title_ending_at(t.i)
                if hit:
                    title = hit[1]
            if title is not None:
                country, org = None, None
                for t in child.subtree:
                    if t.i in self.names:
                        ns = self.names[t.i]
                        actor = self._name_actor(ns, doc_text(self.doc, ns))
                        if actor.actor_type == "country" or ns.kind == "demonym":
                            country = country or actor.country
                        else:
                            org = org or actor
                return title, country or (org.country if org else None), org
        return None, None, None

    def _title_ending_at(self, i: int) -> tuple[int, SectorWord] | None:
        doc = self.doc
        for n in range(min(MAX_TITLE_TOKENS, i + 1), 0, -1):
            span = doc[i - n + 1 : i + 1]
            key = span.text.lower()
            if key in self.dict.titles:
                return n, self.dict.titles[key]
            if n == 1 and doc[i].lemma_.lower() in self.dict.titles:
                return 1, self.dict.titles[doc[i].lemma_.lower()]
        return None

    def add_places(self, places) -> None:
        """Remember which tokens name a place (gazetteer matches), for place-as-target."""
        self.places.update((i, p) for i, p in place_tokens(self.doc, places).items()
                           if p.country)

    def place_actor_at(self, tok: Token) -> ActorRef | None:
        """'shelled Juba', 'a curfew in Cizre': a place acted upon stands for its country."""
        place = self.places.get(tok.i)
        if place is None or place.country not in self.dict.countries:
            return None
        return self.dict.country_actor(place.country, place.text)

    # -- resolution -----------------------------------------------------------------
    def _name_actor(self, ns: NameSpan, text: str) -> ActorRef:
        if ns.kind == "named":
            return self.dict.named_actor(ns.key, text)
        return self.dict.country_actor(ns.key, text)

    def _country_in(self, start: int, end: int) -> str | None:
        for k in range(start, end):
            ns = self.names.get(k)
            if ns:
                actor = self._name_actor(ns, "")
                if actor.country:
                    return actor.country
        return None

    def _sector_noun_at(self, tok: Token) -> tuple[SectorWord, int] | None:
        """A sector noun or bare title whose last word is `tok` ('defence ministry', 'army')."""
        doc = self.doc
        for n in range(min(MAX_TITLE_TOKENS, tok.i + 1), 0, -1):
            span = doc[tok.i - n + 1 : tok.i + 1]
            words = [t.lower_ for t in span]
            for key in (" ".join(words), " ".join(words[:-1] + [tok.lemma_.lower()])):
                if key in self.dict.nouns:
                    return self.dict.nouns[key], tok.i - n + 1
                if key in self.dict.titles:
                    return self.dict.titles[key], tok.i - n + 1
        return None

    def actor_at(self, tok: Token) -> ActorRef | None:
        """The actor named by the noun phrase whose head is `tok`, or None."""
        if tok.pos_ in PRONOUN_POS:
            return None
        if tok.i in self.persons:
            return self.persons[tok.i]
        if tok.text in self.acronyms and tok.i not in self.names:
            return self.acronyms[tok.text]
        ns = self.names.get(tok.i)
        if ns is not None and ns.kind == "named":
            # "Syrian Democratic Forces", "European Parliament": the name, not the noun
            return self._name_actor(ns, doc_text(self.doc, ns))
        antecedent = self._antecedent(tok) or self._head_of(tok)
        if antecedent is not None:
            return antecedent
        hit = self._sector_noun_at(tok)
        if hit is not None and hit[0].actor_type == "person":
            person = self._person_after(tok)
            if person is not None:
                return person
        if hit is not None:
            word, first = hit
            country, org = self._modifier_country(tok, first)
            if org is not None:
                # "Hamas officials", "IDF officers", "UN envoy": members act for the group
                return org.with_text(self._np_text(tok))
            if any(c.dep_ == "amod" and c.lower_ in self.dict.unidentified
                   for c in tok.children):
                return None  # "unidentified gunmen": not named or identified (GUIDELINES)
            return self.dict.generic_actor(country, word.sector, word.actor_type,
                                           self._np_text(tok))
        if tok.i in self.names:
            ns = self.names[tok.i]
            if self._ethnic(ns):
                # "ethnic Albanians" in Kosovo or Macedonia: a people, not Albania's state;
                # civilians of where the event happens (placed by the coder)
                return self.dict.generic_actor(None, "CVL", "group", self._np_text(tok))
            return self._name_actor(ns, doc_text(self.doc, ns))
        if tok.ent_type_ == "ORG" and tok.i not in self.places and tok.i not in self.dateline:
            ent = _entity_at(self.doc, tok.i)
            if tok.pos_ != "PROPN" and (ent is None or ent.root != tok or not any(
                    t.pos_ == "PROPN" for t in ent)):
                return None  # "the Negev Summit committee" is a name, "the committee" is not
            if ent is not None and ent.text not in self.stopwords and len(ent.text) > 1 \
                    and not ent.text[-4:].isdigit():  # "African Lion 2022": an exercise
                return self.dict.organization_actor(ent.text, self._country_in(ent.start, ent.end),
                                                    ent.text)
        return None

    def _antecedent(self, tok: Token) -> ActorRef | None:
        """"that group", "the group": the organisation named last, in this sentence or the two
        before (a named actor or an organisation the NER found, never a country, a person or
        a generic actor)."""
        if tok.lower_ not in self.dict.anaphors or tok.pos_ != "NOUN":
            return None
        dets = [c for c in tok.children if c.dep_ == "det"]
        if len(dets) != 1 or dets[0].lower_ not in ("the", "that", "this") or any(
                c.dep_ not in ("det", "case", "punct", "relcl") for c in tok.children):
            return None  # "the movement of workers", "a group of gunmen": not a reference
        floor = tok.sent.start
        for _ in range(2):  # this sentence and the two before it
            if floor > 0:
                floor = self.doc[floor - 1].sent.start
        for k in range(tok.i - 1, floor - 1, -1):
            cand = self.doc[k]
            if k not in self.names and cand.ent_type_ != "ORG":
                continue
            actor = self.actor_at(cand)
            if actor is not None and actor.actor_type not in ("country", "person") and (
                    actor.actor_id in self.dict.named or actor.actor_id.startswith("org_")):
                return actor
        return None

    def _head_of(self, tok: Token) -> ActorRef | None:
        """"the head of the strategic planning directorate", "the chief of Hamas's political
        bureau": whoever leads a body acts for it (its sector and country, or the named
        organisation itself)."""
        if tok.lower_ not in self.dict.heads or tok.pos_ != "NOUN":
            return None
        body = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), None)
        if body is None:
            return None
        text = self.doc[tok.left_edge.i: body.i + 1].text
        # the body, else the body it belongs to ("the foreign ministry's Africa division")
        for part in [body, *(t for t in body.lefts if t.dep_ == "poss")]:
            actor = self.actor_at(part)
            if actor is not None and actor.actor_type not in ("country", "person"):
                return actor.with_text(text)
        return None

    def _person_after(self, tok: Token) -> ActorRef | None:
        """'IDF Chief of Staff Lt.-Gen. Aviv Kohavi': a title's head stands for the person."""
        doc = self.doc
        for k in range(tok.i + 1, min(tok.i + TITLE_WINDOW, tok.sent.end)):
            if k in self.persons:
                return self.persons[k]
            t = doc[k]
            if not (t.pos_ == "PROPN" or t.is_punct and t.text in ".-" or t.lower_ in
                    ("of", "the") or t.lower_ in self.dict.titles or k in self.names):
                return None
        return None

    def _modifier_country(self, head: Token, first: int) -> tuple[str | None, ActorRef | None]:
        """Country (and named organization) modifying a sector noun: 'Moroccan army',
        "Israel's defence ministry", 'the army of Mali', 'IDF officers'."""
        country, org = None, None
        candidates = [t for t in head.lefts] + [
            g for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "from", "in")
            for g in c.children if g.dep_ == "pobj"
        ]
        window = [self.doc[k] for k in range(max(first - 3, head.sent.start), first)
                  if head in self.doc[k].ancestors]  # words of this noun phrase only
        for cand in candidates + window:
            # a modifier brings its own phrase ("the army of Mali"); a word just before the
            # noun only itself ("Israel 's defence ministry"), never the clause it heads
            inside = cand.i in range(first, head.i + 1) or (
                cand in window and cand not in candidates)
            for t in [cand] if inside else cand.subtree:
                ns = self.names.get(t.i)
                place = self.places.get(t.i)
                if ns is None and place is not None and t.head.lower_ == "in":
                    country = country or place.country  # "demonstrators in Baghdad"
                    continue
                if ns is None:
                    if t.text in self.acronyms:
                        org = org or self.acronyms[t.text]
                        country = country or org.country
                    continue
                if self._ethnic(ns):
                    continue  # "ethnic Albanian guerrillas": no state's
                actor = self._name_actor(ns, "")
                if actor.actor_type == "country":
                    country = country or actor.country
                else:
                    org = org or actor
                    country = country or actor.country
            if country:
                break
        return country, org

    def _ethnic(self, ns: NameSpan) -> bool:
        """A demonym after 'ethnic' names a people, not the state of that name."""
        return ns.kind == "demonym" and ns.start > 0 \
            and self.doc[ns.start - 1].lower_ == "ethnic"

    def _np_text(self, tok: Token) -> str:
        left = [t for t in tok.lefts if t.dep_ in ("amod", "compound", "poss", "nmod")]
        start = min([tok.i] + [t.left_edge.i for t in left])
        return self.doc[start : tok.i + 1].text


def place_tokens(doc: Doc, places) -> dict[int, object]:
    """Token index -> the gazetteer place (char offsets in the document text) it is part of."""
    by_char = {}
    for place in places:
        for ch in range(place.start, place.end):
            by_char[ch] = place
    out = {}
    for i, idx in enumerate(doc.to_array("IDX").tolist()):
        place = by_char.get(idx)
        if place is not None:
            out[i] = place
    return out


def scan_names(doc: Doc, dictionary: ActorDictionary) -> dict[int, NameSpan]:
    """The longest dictionary name at each capitalised token, by token index (every token of a
    name points to its span). Span texts are cut from the document text, and a span that no
    name begins with ends the search."""
    names: dict[int, NameSpan] = {}
    text = doc.text
    n_tokens = len(doc)
    words = [t.text for t in doc]
    starts = doc.to_array("IDX").tolist()
    ends = [s + len(w) for s, w in zip(starts, words, strict=True)]
    prefixes = dictionary.name_prefixes
    i = 0
    while i < n_tokens:
        found = None
        first = words[i]
        if first[:1].isupper() or first.lower() in NAME_PARTICLES:
            for n in range(1, min(MAX_NAME_TOKENS, n_tokens - i) + 1):
                span_text = text[starts[i]:ends[i + n - 1]]
                if span_text not in prefixes:
                    break
                hit = _lookup_name(dictionary, span_text)
                if hit:
                    found = NameSpan(i, i + n, *hit)
        if found:
            for k in range(found.start, found.end):
                names[k] = found
            i = found.end
        else:
            i += 1
    return names


def _lookup_name(dictionary: ActorDictionary, text: str) -> tuple[str, str] | None:
    if text in dictionary.named_forms:
        return "named", dictionary.named_forms[text]
    if text in dictionary.country_forms:
        return "country", dictionary.country_forms[text]
    if text in dictionary.demonyms:
        return "demonym", dictionary.demonyms[text]
    return None


def doc_text(doc: Doc, ns: NameSpan) -> str:
    return doc[ns.start : ns.end].text


def _entity_at(doc: Doc, i: int) -> Span | None:
    for ent in doc.ents:
        if ent.start <= i < ent.end:
            return ent
    return None


def _entity_ending_at(doc: Doc, i: int) -> Span | None:
    for ent in doc.ents:
        if ent.end == i:
            return ent
    return None


def _name_token(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.is_title and tok.is_alpha


def _title_word(tok: Token, dictionary: ActorDictionary) -> bool:
    return tok.lower_.rstrip(".") in dictionary.titles or tok.lower_ in dictionary.titles
