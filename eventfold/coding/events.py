"""Find event mentions in one parsed sentence: trigger words, their actors, negation and mood.

A trigger is a verb, event noun or adjective ("willing to") in the PLOVER lexicon. Its source
is the grammatical agent (subject, passive "by"-agent, possessor or "by"/"of" phrase of a noun,
or the subject of a light verb such as "launched"), its target the patient or recipient
(object, "to/with/against/on" phrase, the subject of a demanded action). Negated, hypothetical,
conditional and merely intended actions are not events; a promised cooperative action is an
AGREE and a threatened coercive one a THREATEN (PLOVER); "X said Y must …" is a REQUEST.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventfold.coding.actors import DocActors
from eventfold.coding.confidence import score
from eventfold.coding.dictionary import ActorRef
from eventfold.coding.lexicon import Lexicon, Trigger

TARGET_PREPS = {"to", "with", "against", "on", "at", "upon", "toward", "towards", "into", "for"}
NOUN_TARGET_PREPS = {"to", "with", "against", "on", "at", "upon", "toward", "towards", "for",
                     "between", "into"}
SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "obj", "attr", "oprd"}
# nouns whose "of" phrase names who acts (a visit of X), not who is acted upon (the arrest of X)
OF_IS_SOURCE_TYPES = {"CONSULT", "PROTEST", "COOPERATE", "MOBILIZE", "RETREAT"}
SPEECH_TARGET_TYPES = {"REQUEST", "ACCUSE", "REJECT", "THREATEN", "AGREE", "SUPPORT", "SANCTION"}
COOPERATIVE_QUADS = {1, 2}
MAX_NP_DEPTH = 2


@dataclass(frozen=True)
class Cues:
    negation: frozenset[str]
    hypothetical: frozenset[str]
    intention: frozenset[str]  # verbs whose infinitive complement is not (yet) an event
    reporting: frozenset[str]
    future: frozenset[str] = frozenset()
    obligation: frozenset[str] = frozenset()
    light_verbs: frozenset[str] = frozenset()
    hypothetical_modifiers: frozenset[str] = frozenset()
    # constructions.yaml
    verdict_verbs: frozenset[str] = frozenset()
    disapproval: frozenset[str] = frozenset()
    blame_words: frozenset[str] = frozenset()
    decision_verbs: frozenset[str] = frozenset()
    attendance_verbs: frozenset[str] = frozenset()
    meeting_preps: frozenset[str] = frozenset()
    travel_verbs: frozenset[str] = frozenset()
    protest_purposes: frozenset[str] = frozenset()
    test_destinations: frozenset[str] = frozenset()
    withdrawal_words: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    crowd_numbers: frozenset[str] = frozenset()


@dataclass
class RawMention:
    trigger: Token
    entry: Trigger
    sources: list[ActorRef]
    targets: list[ActorRef]
    confidence: float
    span_tokens: list[int] = field(default_factory=list)
    # no doer named: not an event by itself, only a retelling of one told before ("the deal
    # was signed in Amman", "the apology was made on Monday"), to be folded into it
    anonymous: bool = False

    @property
    def key(self) -> tuple:
        return (self.entry.type, tuple(sorted(a.actor_id for a in self.sources)),
                tuple(sorted(a.actor_id for a in self.targets)))


def find_mentions(sent: Span, actors: DocActors, lexicon: Lexicon, cues: Cues) -> list[RawMention]:
    found: dict[tuple, RawMention] = {}
    retellings: dict[int, RawMention] = {}
    verbs_with_events: set[int] = set()
    verb_types: dict[int, str] = {}
    nouns: list[tuple[Token, Trigger]] = []
    matched: list[tuple[Token, str, Trigger]] = []
    for tok in sent:
        pos = _pos(tok)
        if pos is None or tok.i in actors.names or tok.i in actors.persons:
            continue
        entry = _match_entry(tok, lexicon.candidates(tok.lemma_, pos), actors)
        if entry is not None:
            matched.append((tok, pos, entry))
    triggers = {tok.i for tok, pos, _ in matched if pos != "NOUN"}
    for tok, pos, entry in matched:
        if pos == "NOUN":
            nouns.append((tok, entry))
            continue
        mood = _mood(tok, cues, triggers)
        if mood == "negated" and _is_boycott(tok, cues):
            # "voted on Saturday not to attend": deciding to stay away is a boycott
            entry = Trigger("boycott", entry.pos, "PROTEST", "boycott", frozenset(), False)
            mood = "real"
        elif mood == "negated" and _is_refusal(tok, entry, lexicon, cues):
            # "will not accept", "did not agree", "will not allow": refusing is a rejection
            entry = Trigger(entry.lemma, entry.pos, "REJECT", None, entry.objects, entry.speech)
            mood = "real"
        if mood in ("unreal", "negated"):
            continue
        if mood == "future":
            entry = _future_entry(entry, lexicon, _conditional(tok))
            if entry is None:
                continue
        mention = _verbal(tok, entry, actors, cues) if pos == "VERB" \
            else _adjectival(tok, entry, actors, cues)
        verbs_with_events.add(tok.i)
        verb_types[tok.i] = entry.type
        _keep(found, _as_riot(mention), retellings)
    by_trigger = {m.trigger.i: m for m in found.values()}
    for tok, entry in nouns:
        verb = _governing_verb(tok)
        if _mood(tok, cues, triggers) != "real":
            continue
        np = _noun_head(tok)
        if np.dep_ in ("nsubj", "nsubjpass") and verb_types.get(np.head.i) == entry.type:
            continue  # "an air strike killed five": the verb tells the same attack
        if verb is not None and verb not in verbs_with_events \
                and _mood(tok.doc[verb], cues, triggers) != "real":
            continue  # "threatened to launch an offensive": not launched
        nominal = _nominal(tok, entry, actors, cues)
        if verb in verbs_with_events and (nominal is None or _same_doers(
                nominal, by_trigger.get(verb)) and not _meeting_aside(tok, entry, cues)):
            continue  # "held talks", "killed … in an attack": the verb carries the event
        _keep(found, nominal, retellings)
    _drop_elaborations(found)
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") and tok.i not in verbs_with_events:
            _keep(found, _obligation(tok, actors, lexicon, cues))
            _keep(found, _verdict(tok, actors, cues, triggers, lexicon))
            _keep(found, _blame(tok, actors, cues))
    told = {m.trigger.i for m in found.values()}
    return list(found.values()) + [m for i, m in sorted(retellings.items()) if i not in told]


def _same_doers(nominal: RawMention, verbal: RawMention | None) -> bool:
    """The noun names no one of its own beyond the verb's doers: "held talks" is the holding,
    but "established ties through the visit of the directorate's head" tells of a second
    event, the head's visit."""
    if verbal is None:
        return True
    own = {a.actor_id for a in nominal.sources} - {a.actor_id for a in verbal.sources} \
        - {a.actor_id for a in verbal.targets}
    return not own


def _drop_elaborations(found: dict[tuple, RawMention]) -> None:
    """'shelled Juba …, killing 20 people', 'killed or wounded 50': a participle or coordinated
    verb of the same type and source elaborates the event already coded."""
    by_token = {m.trigger.i: m for m in found.values()}
    for key, m in list(found.items()):
        t = m.trigger
        head = by_token.get(t.head.i) if t.dep_ in ("advcl", "conj") and t.head is not t else None
        if head is not None and head is not m and head.entry.type == m.entry.type and \
                {a.actor_id for a in m.sources} <= {a.actor_id for a in head.sources}:
            for a in m.targets:
                if a.actor_id not in {x.actor_id for x in head.targets}:
                    head.targets.append(a)
            del found[key]


def _as_riot(mention: RawMention) -> RawMention:
    """'Rioters set fire to a police station': violence by civilian crowds is a PROTEST (riot)
    in PLOVER, not an ASSAULT by an armed actor."""
    if mention.entry.type in ("ASSAULT", "COERCE") and mention.sources and all(
            s.sector == "CVL" and s.actor_type == "group" for s in mention.sources):
        e = mention.entry
        mention.entry = Trigger(e.lemma, e.pos, "PROTEST", "riot", e.objects, e.speech)
    return mention


def _keep(found: dict[tuple, RawMention], mention: RawMention | None,
          retellings: dict[int, RawMention] | None = None) -> None:
    if mention is None:
        return
    if mention.sources:
        if mention.key not in found:
            found[mention.key] = mention
    elif retellings is not None and _definite(mention.trigger):
        mention.anonymous = True
        retellings.setdefault(mention.trigger.i, mention)


def _definite(tok: Token) -> bool:
    """'the deal was signed', 'the apology was made': a phrase that refers back."""
    phrase = tok if tok.pos_ in ("NOUN", "PROPN") else next(
        (c for c in tok.children if c.dep_ in ("nsubjpass", "dobj")), None)
    return phrase is not None and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
        for c in phrase.children)


def _pos(tok: Token) -> str | None:
    if tok.pos_ == "VERB":
        return "VERB"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "ROOT", "conj"):
        return "ADJ"
    return None


# -- trigger matching ------------------------------------------------------------------
def _object_lemmas(tok: Token) -> set[str]:
    lemmas: set[str] = set()
    heads = [c for c in tok.children
             if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "compound")
             or (c.dep_ == "amod" and tok.pos_ == "NOUN")]  # "a general strike"
    heads += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    heads += _ecm_objects(tok)
    heads += [g for h in list(heads) for c in h.children
              if c.dep_ == "prep" and c.lower_ in ("of", "in")
              for g in c.children if g.dep_ == "pobj"]  # "tons of aid", "$300 million in aid"
    for h in heads:
        for t in [h, *h.conjuncts, *[c for c in h.children if c.dep_ in ("compound", "amod")]]:
            lemmas.add(t.lemma_.lower())
            lemmas.add(t.lower_)
    return lemmas


def _ecm_objects(tok: Token) -> list[Token]:
    """'allowed UN inspectors to enter': the parser makes the inspectors the subject of
    'enter'; they are what 'allowed' acts on."""
    return [g for c in tok.children if c.dep_ in ("ccomp", "xcomp")
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for g in c.children if g.dep_ == "nsubj"]


def _match_entry(tok: Token, candidates: list[Trigger], actors: DocActors | None = None
                 ) -> Trigger | None:
    if not candidates:
        return None
    objects = None
    for entry in candidates:
        rest = entry.lemma.split()[1:]
        if rest:
            # "on Thursday" is a date, not the particle of "call on"
            dated = {c.i for c in tok.children if c.dep_ == "prep" and any(
                g.ent_type_ in ("DATE", "TIME") for g in c.children if g.dep_ == "pobj")}
            near = {c.lemma_.lower() for c in tok.children if c.i not in dated} | {
                t.lemma_.lower() for t in tok.doc[tok.i + 1 : tok.i + 1 + len(rest) + 1]
                if t.i not in dated} | {
                g.lemma_.lower() for c in tok.children if c.dep_ == "prep"
                for g in c.children if g.dep_ == "pobj"}  # "went on an indefinite strike"
            if not all(w in near for w in rest):
                continue
        if entry.objects:
            objects = _object_lemmas(tok) if objects is None else objects
            if not objects & entry.objects and not _object_kind(tok, entry.objects, actors):
                continue
        if entry.subjects and not {t.lemma_.lower() for t in _subject_heads(tok)} & entry.subjects:
            continue
        return entry
    return None


ANY_ACTOR = "@actor"  # lexicon objects: any actor ("released 4 Indonesian fishermen")
ANY_PLACE = "@place"  # lexicon objects: any named place ("seized Ntamugenga")
INFINITIVE = "@to"  # lexicon objects: an infinitive complement ("declined to resign")


def _object_kind(tok: Token, wanted: frozenset[str], actors: DocActors | None) -> bool:
    """Whether the direct object is an actor or a place, for entries that ask for one."""
    if INFINITIVE in wanted and any(c.dep_ == "xcomp" and any(
            a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in tok.children):
        return True
    if actors is None or not wanted & {ANY_ACTOR, ANY_PLACE}:
        return False
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    objs += _ecm_objects(tok)
    if tok.pos_ == "NOUN":  # "the release of 4 fishermen"
        objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                 for g in c.children if g.dep_ == "pobj"]
    for obj in objs:
        for t in [obj, *obj.conjuncts]:
            if ANY_PLACE in wanted and (t.i in actors.places or t.ent_type_ in ("GPE", "LOC")):
                return True
            if ANY_ACTOR in wanted and t.i not in actors.places and actors.actor_at(t) \
                    is not None:
                return True
    return False


# -- mood: real, future (promise/threat), or unreal -----------------------------------
def _mood(tok: Token, cues: Cues, triggers: set[int]) -> str:
    """'real' for reported actions, 'future' for announced ones ('will release'), 'unreal' for
    negated, hypothetical, conditional or merely intended ones."""
    future = False
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or low in cues.negation:
            return "negated"
        if c.dep_ == "mark" and low in ("if", "unless", "whether"):
            return "unreal"
        if c.dep_ == "det" and low == "no":
            return "unreal"
        if c.dep_ == "amod" and low in cues.hypothetical_modifiers:
            return "unreal"  # "an imminent attack", "the planned visit"
        if c.dep_ in ("aux", "auxpass"):
            if low in cues.future or c.lemma_.lower() in cues.future:
                future = True
            elif low == "would" and _reported(tok, cues):
                future = True  # "they said they would meet": a promise, in reported speech
            elif low in cues.obligation:
                return "unreal"  # "Sudan must return": demanded, not done (see _obligation)
            elif low in cues.hypothetical:
                return "unreal"
    head = tok
    # "plans to visit", "agreed to cooperate", "refused to withdraw": the governing verb
    # carries the event (if any); the complement is not (yet) an event. Aspectual verbs
    # ("continued to send", "began to withdraw") and attempts ("tried to hack") do not block.
    while head.dep_ in ("xcomp", "conj") and head.head is not head:
        if head.dep_ == "xcomp" and (head.head.lemma_.lower() in cues.intention
                                     or head.head.i in triggers):
            return "unreal"
        head = head.head
        for c in head.children:
            if c.dep_ == "neg":
                return "unreal"
            if c.dep_ in ("aux", "auxpass") and c.lower_ in cues.hypothetical \
                    and c.lower_ not in cues.future:
                return "unreal"
    if tok.dep_ in ("acl", "relcl", "advcl") and any(c.lower_ == "to" and c.dep_ == "aux"
                                                     for c in tok.children):
        if tok.dep_ == "advcl" and tok.lemma_.lower() in cues.protest_purposes:
            return "real"  # "shunned work on Monday to protest": done in protest
        return "unreal"  # "plans to visit", "blockaded Paris to demand an end": purposes
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(c.dep_ == "agent"
                                                           for c in tok.children):
        # "militiamen armed with machetes": a description, not a report; but "a conference
        # boycotted by the opposition" names its agent and reports what it did
        return "unreal"
    if tok.dep_ == "pcomp":
        return "unreal"
    if tok.dep_ in ("acl", "ccomp") and tok.head.pos_ == "NOUN" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
        return "unreal"  # "an admission that NKVD forces murdered …": claimed, not reported
    if _since(tok):
        return "unreal"  # "since last month's invasion": background, not news
    if tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in cues.intention:
        return "unreal"
    return "future" if future else "real"


def _since(tok: Token) -> bool:
    """An event named as the start of a state ("since the invasion", "since troops
    withdrew"): background (GUIDELINES)."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "since":
        return True
    return any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children)


def _is_refusal(tok: Token, entry: Trigger, lexicon: Lexicon, cues: Cues) -> bool:
    """A negated agreement, or a negated cooperative action announced for the future."""
    if entry.type == "AGREE":
        return True
    if lexicon.type_info(entry.type, None).quad_class not in COOPERATIVE_QUADS:
        return False
    return any(c.dep_ == "aux" and c.lower_ in cues.future for c in tok.children)


def _reported(tok: Token, cues: Cues) -> bool:
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in cues.reporting


def _conditional(tok: Token) -> bool:
    """'… unless Baghdad accepts': an ultimatum. (An 'if' condition leaves the announced
    action what it is: 'would meet the mediator if …' is still an offer.)"""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless"
                                         for m in c.children) for c in tok.children)


def _future_entry(entry: Trigger, lexicon: Lexicon, conditional: bool = False
                  ) -> Trigger | None:
    """PLOVER: an announced cooperative action is an intention (AGREE); an announced coercive
    one, or any announced action made conditional on the target ('will withdraw unless …'),
    a threat (THREATEN); other announced actions are not yet events."""
    if entry.type in ("AGREE", "THREATEN") and not conditional:
        return entry
    quad = lexicon.type_info(entry.type, None).quad_class
    if conditional:
        return Trigger(entry.lemma, entry.pos, "THREATEN", None, entry.objects, entry.speech)
    if quad in COOPERATIVE_QUADS:
        return Trigger(entry.lemma, entry.pos, "AGREE", None, entry.objects, entry.speech)
    if quad == 4:
        return Trigger(entry.lemma, entry.pos, "THREATEN", None, entry.objects, entry.speech)
    return None


# -- actors -----------------------------------------------------------------------------
INNER_PREPS = ("of", "for", "from", "in", "by")
INNER_TARGET_PREPS = INNER_PREPS + ("with", "against", "on", "to")


def _actors(heads: list[Token], actors: DocActors, depth: int = 0,
            preps: tuple[str, ...] = INNER_PREPS, units: bool = False) -> list[ActorRef]:
    """The actors the noun phrases headed by `heads` stand for. With `units` (targets only), a
    force's unit or post stands for the force ('ambushed a military column'); a doer is
    named, not inferred from what it came out of ('Police station attacked')."""
    out: dict[str, ActorRef] = {}
    for h in heads:
        for t in [h, *h.conjuncts]:
            if t.pos_ == "PRON":
                for r in _antecedent(t, actors):
                    out.setdefault(r.actor_id, r)
                continue
            ref = actors.actor_at(t)
            if ref is None and t.dep_ == "compound":
                continue
            if ref is None and depth < MAX_NP_DEPTH:
                # "an Indian proposal", "Kampuchean guerrilla camps", "the US offer": the
                # actor whose thing is acted upon; "the deputy chief of Israel's ally", "a
                # camp for Congolese refugees", "calls by Belarus's rulers"
                mods = [c for c in t.children if c.dep_ in ("amod", "compound", "poss", "nmod")
                        and (c.i in actors.names or c.i in actors.persons
                             or (units and _force_word(c, actors))  # "a military column"
                             or (c.dep_ == "compound" and (c.ent_type_ == "ORG" or (
                                 t.lemma_.lower() in actors.dict.members
                                 and actors.actor_at(c) is not None))))]
                inner = mods + [g for c in t.children if c.dep_ == "prep"
                                and c.lower_ in preps
                                for g in c.children if g.dep_ == "pobj"]
                for r in _actors(inner, actors, depth + 1, preps, units):
                    out.setdefault(r.actor_id, r)
            if ref is not None:
                out.setdefault(ref.actor_id, ref)
                for other in _coordinated_countries(t, ref, actors):
                    out.setdefault(other.actor_id, other)
    return list(out.values())


def _coordinated_countries(noun: Token, ref: ActorRef, actors: DocActors) -> list[ActorRef]:
    """'Russian and Turkish troops', 'Rwandan and Mozambican soldiers': a sector noun with
    coordinated country words stands for that sector of each country."""
    if not (ref.sector and ref.country and ref.actor_id == f"{ref.country}_{ref.sector}"):
        return []
    out = []
    for mod in noun.children:
        if mod.dep_ not in ("amod", "compound") or mod.i not in actors.names:
            continue
        for other in mod.conjuncts:
            ns = actors.names.get(other.i)
            if ns is not None and ns.kind in ("country", "demonym") and ns.key != ref.country:
                out.append(actors.dict.generic_actor(ns.key, ref.sector, ref.actor_type,
                                                     ref.text))
    return out


FORCE_SECTORS = ("MIL", "COP")


def _force_word(tok: Token, actors: DocActors) -> bool:
    """An armed force's or the police's sector noun modifying a unit or a post ('a military
    column', 'an army checkpoint', 'a police patrol'): what is hit belongs to that force. Not
    an event noun: 'a military offensive' is the act, done with the source's own force."""
    word = actors.dict.nouns.get(tok.lower_)
    return tok.dep_ in ("amod", "compound") and word is not None \
        and word.sector in FORCE_SECTORS and tok.head.lemma_.lower() not in actors.event_nouns


PERSONAL_PRONOUNS = {"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"}


def _antecedent(pron: Token, actors: DocActors) -> list[ActorRef]:
    """'Hungary said it will support …': a subject pronoun in a complement clause stands for
    the subject of the clause that reports it."""
    if pron.lower_ not in PERSONAL_PRONOUNS or pron.dep_ not in ("nsubj", "nsubjpass", "poss"):
        return []
    clause = pron.head
    while clause.dep_ in ("ccomp", "xcomp", "conj", "advcl", "acomp") and clause.head is not clause:
        clause = clause.head
        subj = [c for c in clause.children if c.dep_ in SUBJECT_DEPS and c.pos_ != "PRON"]
        if subj:
            return _actors(subj, actors)
    return []


def _subject_heads(tok: Token) -> list[Token]:
    subj = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    if subj:
        return subj
    head = tok
    while head.dep_ in ("conj", "xcomp", "advcl") and head.head is not head:
        head = head.head
        subj = [c for c in head.children if c.dep_ in SUBJECT_DEPS]
        if subj:
            return subj
    if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.i > 0:
        before = tok.doc[tok.i - 1]
        if before.pos_ == "PROPN" and before.i != tok.head.i:
            return [before]  # "… as part of Benny Gantz traveling to Morocco"
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBN")):
        return [tok.head]
    return []


def _recipients(tok: Token) -> list[Token]:
    """Whom something is given or sent to: 'sent Turkey tents', 'delivered tanks to Ukraine'."""
    return [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"
            ] + _prep_objects(tok, {"to", "for"})


def _prep_objects(tok: Token, preps: set[str]) -> list[Token]:
    # the parser files "granted asylum to X" as a dative "to"
    return [g for c in tok.children if c.dep_ in ("prep", "dative") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _object_targets(verb: Token, actors: DocActors, cues: Cues, sources: list[ActorRef] = ()
                    ) -> tuple[list[ActorRef], list[Token]]:
    """Who a verb acts upon: its object, else a 'to/with/against/on…' phrase of the verb or
    of its object ('lodged a protest with Albania', 'imposed sanctions on the Taliban'). An
    unnamed force of the source's own sector is what the source uses, not whom it hits
    ('fired artillery at Ukrainian positions')."""
    if verb.lemma_.lower() in cues.withdrawal_words:
        # "withdraw its troops from Lebanon": the troops are the source's; the target is
        # the place or party left
        left = _prep_objects(verb, {"from"}) + [
            g for o in verb.children if o.dep_ in ("dobj", "obj")
            for g in _prep_objects(o, {"from"})]
        found = _actors(left, actors) or [a for h in left for t in [h, *h.conjuncts]
                                          if (a := actors.place_actor_at(t)) is not None]
        if found:
            return found, left
    heads = [c for c in verb.children if c.dep_ in ("dobj", "dative", "obj")]
    own = {s.sector for s in sources if s.country}
    found = [a for a in _actors(heads, actors, preps=INNER_TARGET_PREPS, units=True)
             if not (a.actor_id.startswith("XXX_") and a.sector in own)]
    if not found:
        extra = _prep_objects(verb, TARGET_PREPS)
        for obj in heads:
            extra += _prep_objects(obj, NOUN_TARGET_PREPS)
        heads = heads + extra
        found = _actors(extra, actors, preps=INNER_TARGET_PREPS)  # "commitment to the people"
    if not found:
        # "rejected a proposal by France": the parser hangs the object's "by" phrase on the
        # verb; right after the object, it names whose proposal it is
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        by = [g for o in objects for c in verb.children
              if c.dep_ == "prep" and c.lower_ == "by" and c.i == o.right_edge.i + 1
              for g in c.children if g.dep_ == "pobj"]
        found = _actors(by, actors)
        heads = heads + by
    return found, heads


def _place_targets(verb: Token, actors: DocActors) -> list[ActorRef]:
    """'shelled Juba', 'imposed a curfew in Cizre': the place acted upon, as its country."""
    heads = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    heads += _prep_objects(verb, {"in", "on", "against", "into", "at"})
    for obj in [c for c in verb.children if c.dep_ in ("dobj", "obj")]:
        heads += _prep_objects(obj, {"in", "on", "against", "with", "of"})
    for h in heads:
        for t in [h, *h.conjuncts]:
            ref = actors.place_actor_at(t)
            if ref is not None:
                return [ref]
    return []


def _condition_subjects(tok: Token, actors: DocActors) -> list[ActorRef]:
    """The party an ultimatum is aimed at: the subject of its 'if/unless' clause."""
    for c in [*tok.children, *(g for x in tok.children if x.dep_ == "xcomp" for g in x.children)]:
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("unless", "if")
                                     for m in c.children):
            found = _actors([g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")], actors)
            if found:
                return found
    return []


def _protest_targets(tok: Token, actors: DocActors) -> list[ActorRef]:
    """What a protest is against: 'in protest against X', 'to protest X's decision',
    'calling for the removal of X'."""
    heads: list[Token] = []
    for t in tok.subtree:
        if t.dep_ == "prep" and t.lower_ in ("against", "of", "for") and t.head.lemma_.lower() in (
                "protest", "demonstration", "strike", "rally", "removal", "resignation",
                "defiance", "disapproval", "opposition"):
            heads += [g for g in t.children if g.dep_ == "pobj"]
        elif t.lemma_.lower() in ("protest", "demand", "call", "oppose") and t.pos_ == "VERB" \
                and t is not tok:
            heads += [g for g in t.children if g.dep_ in ("dobj", "obj")]
            heads += _prep_objects(t, {"for", "against", "at"})
    return _actors(heads, actors, preps=INNER_TARGET_PREPS)


def _clausal_targets(tok: Token, actors: DocActors, cues: Cues) -> list[ActorRef]:
    """'demanded that the US cancel …' → the US; 'offered to hand over to Britain' → Britain;
    'threatened to break relations with Russia' → Russia."""
    for c in tok.children:
        if c.dep_ == "ccomp":
            subj = [g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
            found = _actors(subj, actors)
            if found:
                return found
        if c.dep_ == "xcomp":
            found, _ = _object_targets(c, actors, cues)
            if found:
                return found
    return []


def _verbal(tok: Token, entry: Trigger, actors: DocActors, cues: Cues) -> RawMention:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if passive or (tok.dep_ == "acl" and tok.tag_ == "VBN"):
        source_heads = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                        if g.dep_ == "pobj"]
        target_heads = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if not target_heads and tok.dep_ == "acl":
            target_heads = [tok.head]  # "a conference boycotted by X": X acts on the head
        passive = True
    else:
        source_heads = _subject_heads(tok)
        target_heads = []
    sources = _actors(source_heads, actors)
    if not sources and entry.type == "PROTEST":
        # "as thousands marched through the capital": a crowd counted, not named, is people
        sources = [actors.dict.generic_actor(None, "CVL", "group", h.text) for h in source_heads
                   if h.lower_ in cues.crowd_numbers
                   and not any(c.dep_ == "prep" and c.lower_ == "of" for c in h.children)][:1]
    if passive and not sources and entry.type == "MOBILIZE":
        # "the army was placed on high alert", "troops were deployed to the border": the
        # force moved is the actor
        source_heads, target_heads = target_heads, []
        sources = _actors(source_heads, actors)
    if entry.type == "AID" and entry.mode == "military" and not passive \
            and not _recipients(tok) and _prep_objects(tok, {"into", "over", "across"}):
        # "sent 30 aircraft into Taiwan's air defence zone": arms sent to no one but into a
        # place are a show of force (MOBILIZE weapons), not military aid
        entry = Trigger(entry.lemma, entry.pos, "MOBILIZE", "weapons", entry.objects, False)
    if passive:
        targets = _actors(target_heads, actors, units=True)
    elif entry.type == "MOBILIZE":
        # "mobilized reservists for a war against Iraq", "sent troops to Syria": the object is
        # the source's own force; the target is whom the move is aimed at, or where it goes
        target_heads = [t for t in tok.subtree if t.dep_ == "pobj" and t.head.lower_ in
                        ("against", "to", "into", "toward", "towards", "on")]
        targets = _actors(target_heads, actors) or _place_targets(tok, actors)
    elif entry.type == "AID" or (entry.type == "COOPERATE" and _prep_objects(tok, {"to"})):
        # "delivered tanks to Ukraine", "sent Turkey tents", "extradited Otoniel to the United
        # States": the recipient, not the goods or the person handed over
        target_heads = _recipients(tok)
        targets = _actors(target_heads, actors)
        if not targets:
            targets, target_heads = _object_targets(tok, actors, cues, sources)
    elif entry.type == "PROTEST":
        # "blocked streets … in defiance of Chinese authorities": whom it is against first
        targets = _protest_targets(tok, actors)
        if not targets:
            targets, target_heads = _object_targets(tok, actors, cues, sources)
    else:
        targets, target_heads = _object_targets(tok, actors, cues, sources)
    if not targets and entry.type in SPEECH_TARGET_TYPES:
        targets = _clausal_targets(tok, actors, cues)
    if not targets and (entry.type == "THREATEN" or _conditional(tok)):
        targets = _condition_subjects(tok, actors)  # "… unless Baghdad accepts"
    if not targets and entry.type == "PROTEST":
        targets = _protest_targets(tok, actors)
    if not targets and not passive:
        targets = _place_targets(tok, actors)
        for c in tok.children:
            if not targets and c.dep_ == "xcomp":
                targets = _place_targets(c, actors)
    source_ids = {s.actor_id for s in sources}
    targets = [a for a in targets if a.actor_id not in source_ids]
    if entry.type == "ASSAULT" and not targets and any(
            t.lemma_.lower() in cues.test_destinations for t in _prep_objects(tok, {"into", "in"})):
        # "fired two ballistic missiles into the sea": a weapons test, not an attack
        entry = Trigger(entry.lemma, entry.pos, "MOBILIZE", "weapons", entry.objects, False)
    inferred = any(h.pos_ == "PRON" for h in source_heads)
    tokens = [tok.i, *(h.i for h in source_heads), *(h.i for h in target_heads)]
    return RawMention(tok, entry, sources, targets,
                      score(tok, sources, targets, inferred=inferred), tokens)


def _adjectival(tok: Token, entry: Trigger, actors: DocActors, cues: Cues) -> RawMention:
    """'Syria is willing to withdraw', 'he is prepared to lift the ban' (AGREE)."""
    verb = tok.head if tok.dep_ == "acomp" else tok
    source_heads = _subject_heads(verb)
    sources = _actors(source_heads, actors)
    targets = _clausal_targets(tok, actors, cues)
    source_ids = {s.actor_id for s in sources}
    targets = [a for a in targets if a.actor_id not in source_ids]
    tokens = [tok.i, *(h.i for h in source_heads)]
    return RawMention(tok, entry, sources, targets, score(tok, sources, targets), tokens)


def _governing_verb(tok: Token) -> int | None:
    """The verb whose object (or prepositional object) the noun is."""
    if tok.dep_ in ("dobj", "nsubjpass", "attr", "obj") and tok.head.pos_ in ("VERB", "AUX"):
        return tok.head.i
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        return tok.head.head.i
    if tok.dep_ == "conj":
        return _governing_verb(tok.head)
    return None


def _nominal(tok: Token, entry: Trigger, actors: DocActors, cues: Cues) -> RawMention | None:
    source_heads: list[Token] = []
    target_heads: list[Token] = []
    of_is_source = entry.type in OF_IS_SOURCE_TYPES
    np = _noun_head(tok)  # "a phone call with Putin": the phrase hangs off "call"
    if np.lemma_.lower() not in entry.lemma.split()[1:]:
        np = tok  # "aid groups", "riot police": the trigger word only describes the noun
    for c in [*tok.children, *(c for c in np.children if c is not tok and np is not tok)]:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.i in actors.names):
            source_heads.append(c)
        elif c.dep_ == "compound" and c.i in actors.persons:
            source_heads.append(c)
        elif c.dep_ == "prep" and (c.lower_ == "by" or (c.lower_ == "of" and of_is_source)):
            source_heads += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "prep" and (c.lower_ in NOUN_TARGET_PREPS or c.lower_ == "of" or (
                c.lower_ == "from" and tok.lemma_.lower() in cues.withdrawal_words)):
            target_heads += [g for g in c.children if g.dep_ == "pobj"]
    sources = _actors(source_heads, actors)
    inferred = False
    if not sources and tok.dep_ in ("dobj", "nsubjpass", "attr"):
        verb = tok.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in cues.light_verbs:
            sources = _actors(_subject_heads(verb), actors)
            inferred = True
    if not sources and tok.dep_ == "attr" and any(c.dep_ == "expl" for c in tok.head.children):
        # "There was the November 2021 signing of an MOU as part of Gantz traveling to
        # Morocco": an existential sentence names the event first and its actors after it
        named = [t for t in tok.subtree if t.i > tok.i and (t.i in actors.persons or (
            t.i in actors.names and actors.names[t.i].kind != "demonym"))]
        if named:
            sources = _actors(named[:1], actors)
            rest = [t for t in named[1:] if t.head.lower_ in NOUN_TARGET_PREPS]
            target_heads = target_heads + rest
            inferred = True
    if not sources and entry.type in ("CONSULT", "PROTEST") and tok.dep_ == "pobj" \
            and tok.head.lower_ in ("for", "on") \
            and tok.head.head.lemma_.lower() in cues.travel_verbs:
        # "arrived in New Delhi for a two-day visit", "is on a visit to Rabat", "were
        # converging for a rally in Lagos": the traveller
        sources = _actors(_subject_heads(tok.head.head), actors)
        inferred = True
    if not sources and _meeting_aside(tok, entry, cues):
        # "called for dialogue in a phone call with Putin", "said during talks with Rabat":
        # whoever speaks inside the meeting takes part in it
        sources = _actors(_subject_heads(_noun_head(tok).head.head), actors)
        inferred = True
    if not sources and tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into") \
            and tok.head.head.lemma_ in ("be", "remain", "enter", "engage"):
        # "Baghdad and Washington are in talks", "the two sides entered into negotiations"
        sources = _actors(_subject_heads(tok.head.head), actors)
        inferred = True
    source_ids = {s.actor_id for s in sources}
    if not target_heads:
        # "a visit by a Moroccan representative to Israel": the phrase may hang off the source
        target_heads = [g for h in source_heads for g in _prep_objects(h, {"to", "against"})]
    targets = [a for a in _actors(target_heads, actors) if a.actor_id not in source_ids]
    tokens = [tok.i, *(h.i for h in source_heads), *(h.i for h in target_heads)]
    return RawMention(tok, entry, sources, targets,
                      score(tok, sources, targets, noun=True, inferred=inferred), tokens)


def _is_boycott(tok: Token, cues: Cues) -> bool:
    """'voted not to attend', 'decided not to take part': a decision to stay away."""
    return tok.lemma_.lower() in cues.attendance_verbs and tok.dep_ == "xcomp" \
        and tok.head.lemma_.lower() in cues.decision_verbs \
        and not any(c.dep_ == "neg" for c in tok.head.children)


def _meeting_aside(tok: Token, entry: Trigger, cues: Cues) -> bool:
    """A meeting noun set in a phrase of a verb ('in a phone call with', 'during talks
    with'): a meeting of its own, whatever the verb reports."""
    np = _noun_head(tok)
    if np is not tok and np.lemma_.lower() not in entry.lemma.split()[1:]:
        return False
    return entry.type == "CONSULT" and np.dep_ == "pobj" and np.head.dep_ == "prep" \
        and np.head.lower_ in cues.meeting_preps \
        and np.head.head.pos_ in ("VERB", "AUX") \
        and np.head.head.lemma_ not in ("be", "remain", "enter", "engage")


def _noun_head(tok: Token) -> Token:
    """'phone' in 'a phone call': the noun the compound trigger word belongs to."""
    while tok.dep_ == "compound" and tok.head is not tok:
        tok = tok.head
    return tok


def _verdict(tok: Token, actors: DocActors, cues: Cues, triggers: set[int],
             lexicon: Lexicon) -> RawMention | None:
    """'The UK called Moscow's accusation "ludicrous"', 'described the claims as absurd':
    a disapproving verdict accuses the object, or whoever owns it."""
    if tok.lemma_.lower() not in cues.verdict_verbs or _mood(tok, cues, triggers) != "real":
        return None
    verdicts = [c for c in tok.children
                if c.dep_ in ("oprd", "acomp", "xcomp", "advcl", "ccomp", "npadvmod")]
    verdicts += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children]  # "described the sanctions as illegal"
    # the verdict after a long object may hang inside it: "called X's accusation that … “absurd”"
    verdicts += [t for t in tok.subtree if t.dep_ == "oprd" and t.i > tok.i]
    if not any(v.lower_ in cues.disapproval or v.lemma_.lower() in cues.disapproval
               for v in verdicts):
        return None
    sources = _actors(_subject_heads(tok), actors)
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
    targets = [a for a in _actors(objects, actors) if a not in sources]
    # an act judged ("called the expulsions unfriendly") is accused even unnamed its doer
    judged_act = any(lexicon.candidates(o.lemma_, "NOUN") for o in objects)
    if not sources or not (targets or judged_act):
        return None
    entry = Trigger(tok.lemma_.lower(), "VERB", "ACCUSE", None, frozenset(), True)
    tokens = [tok.i, *(o.i for o in objects)]
    return RawMention(tok, entry, sources, targets, score(tok, sources, targets), tokens)


def _blame(tok: Token, actors: DocActors, cues: Cues) -> RawMention | None:
    """'Yakovenko said the White Helmets were behind fake reports', '… said Hamas was
    responsible for the attack': the speaker accuses the one blamed."""
    if tok.lemma_ != "be" or tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in cues.reporting:
        return None
    if any(c.dep_ == "neg" for c in tok.children):
        return None
    if not any(c.dep_ in ("prep", "acomp", "attr") and c.lower_ in cues.blame_words
               for c in tok.children):
        return None
    sources = _actors(_subject_heads(tok.head), actors)
    targets = _actors([c for c in tok.children if c.dep_ == "nsubj"], actors)
    targets = [a for a in targets if a not in sources]
    if not sources or not targets:
        return None
    entry = Trigger("be behind", "VERB", "ACCUSE", "allege", frozenset(), True)
    tokens = [tok.head.i, tok.i]
    return RawMention(tok, entry, sources, targets, score(tok, sources, targets), tokens)


def _obligation(tok: Token, actors: DocActors, lexicon: Lexicon, cues: Cues
                ) -> RawMention | None:
    """'Russia said Sudan must return the helicopter': a REQUEST by Russia to Sudan."""
    if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in cues.reporting:
        return None
    if not any(c.dep_ == "aux" and c.lower_ in cues.obligation for c in tok.children):
        return None
    if any(c.dep_ == "neg" for c in tok.children):
        return None
    sources = _actors(_subject_heads(tok.head), actors)
    targets = _actors([c for c in tok.children if c.dep_ == "nsubj"], actors)
    if not sources or not targets:
        return None
    entry = Trigger("must", "VERB", "REQUEST", None, frozenset(), True)
    tokens = [tok.head.i, tok.i]
    return RawMention(tok, entry, sources, targets, score(tok, sources, targets), tokens)
