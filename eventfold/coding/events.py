"""Find event mentions in one parsed sentence: trigger words, their actors, negation and mood.

A trigger is a verb or event noun in the PLOVER lexicon. Its source is the grammatical agent
(subject, passive "by"-agent, possessor or "by"/"of" phrase of a noun), its target the patient
or recipient (object, "to/with/against/on" phrase). Negated, hypothetical, conditional and
merely intended actions are not events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventfold.coding.actors import DocActors
from eventfold.coding.dictionary import ActorRef
from eventfold.coding.lexicon import Lexicon, Trigger

TARGET_PREPS = {"to", "with", "against", "on", "at", "upon", "toward", "towards", "into", "for"}
NOUN_TARGET_PREPS = {"to", "with", "against", "on", "at", "upon", "toward", "towards", "for",
                     "between"}
SUBJECT_DEPS = {"nsubj", "csubj"}
OBJECT_DEPS = {"dobj", "dative", "obj", "attr", "oprd"}


@dataclass(frozen=True)
class Cues:
    negation: frozenset[str]
    hypothetical: frozenset[str]
    intention: frozenset[str]  # verbs whose infinitive complement is not (yet) an event
    reporting: frozenset[str]


@dataclass
class RawMention:
    trigger: Token
    entry: Trigger
    sources: list[ActorRef]
    targets: list[ActorRef]
    confidence: float
    span_tokens: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (self.entry.type, tuple(sorted(a.actor_id for a in self.sources)),
                tuple(sorted(a.actor_id for a in self.targets)))


def find_mentions(sent: Span, actors: DocActors, lexicon: Lexicon, cues: Cues) -> list[RawMention]:
    found: dict[tuple, RawMention] = {}
    for tok in sent:
        pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else None
        if pos is None or tok.i in actors.names or tok.i in actors.persons:
            continue
        entry = _match_entry(tok, lexicon.candidates(tok.lemma_, pos))
        if entry is None or _is_unreal(tok, cues):
            continue
        mention = _verbal(tok, entry, actors) if pos == "VERB" else _nominal(tok, entry, actors)
        if mention is None or not mention.sources:
            continue
        if mention.key not in found:
            found[mention.key] = mention
    return list(found.values())


# -- trigger matching ------------------------------------------------------------------
def _object_lemmas(tok: Token) -> set[str]:
    lemmas: set[str] = set()
    heads = [c for c in tok.children
             if c.dep_ in OBJECT_DEPS or c.dep_ in ("nsubjpass", "compound")]
    heads += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for h in heads:
        for t in [h, *h.conjuncts, *[c for c in h.children if c.dep_ == "compound"]]:
            lemmas.add(t.lemma_.lower())
            lemmas.add(t.lower_)
    return lemmas


def _match_entry(tok: Token, candidates: list[Trigger]) -> Trigger | None:
    if not candidates:
        return None
    objects = None
    for entry in candidates:
        rest = entry.lemma.split()[1:]
        if rest:
            near = {c.lemma_.lower() for c in tok.children} | {
                t.lemma_.lower() for t in tok.doc[tok.i + 1 : tok.i + 1 + len(rest) + 1]}
            if not all(w in near for w in rest):
                continue
        if entry.objects:
            objects = _object_lemmas(tok) if objects is None else objects
            if not objects & entry.objects:
                continue
        return entry
    return None


def _is_unreal(tok: Token, cues: Cues) -> bool:
    """Negated, hypothetical, conditional or merely intended actions."""
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in cues.negation:
            return True
        if c.dep_ in ("aux", "auxpass") and c.lower_ in cues.hypothetical:
            return True
        if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
            return True
        if c.dep_ == "det" and c.lower_ == "no":
            return True
    head = tok
    # "plans to visit", "agreed to cooperate", "refused to withdraw": the governing verb
    # carries the event (if any); the complement is not (yet) an event.
    while head.dep_ in ("xcomp", "conj") and head.head is not head:
        if head.dep_ == "xcomp":
            return True
        head = head.head
        for c in head.children:
            if c.dep_ == "neg" or (c.dep_ in ("aux", "auxpass") and c.lower_ in cues.hypothetical):
                return True
    if tok.dep_ in ("acl", "relcl") and any(c.lower_ == "to" and c.dep_ == "aux"
                                           for c in tok.children):
        return True
    if tok.dep_ == "pcomp" or (tok.head.lemma_.lower() in cues.intention and tok.dep_ == "pobj"):
        return True
    return False


# -- actors -----------------------------------------------------------------------------
def _actors(heads: list[Token], actors: DocActors) -> list[ActorRef]:
    out: dict[str, ActorRef] = {}
    for h in heads:
        for t in [h, *h.conjuncts]:
            ref = actors.actor_at(t)
            if ref is None and t.dep_ == "compound":
                continue
            if ref is None:
                # "the leaders of Israel": look one 'of' deeper
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for g in c.children:
                            if g.dep_ == "pobj":
                                ref = actors.actor_at(g)
            if ref is not None:
                out.setdefault(ref.actor_id, ref)
    return list(out.values())


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
    if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBN")):
        return [tok.head]
    return []


def _verbal(tok: Token, entry: Trigger, actors: DocActors) -> RawMention | None:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    if passive:
        agents = [g for c in tok.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"]
        source_heads = agents
        target_heads = [c for c in tok.children if c.dep_ == "nsubjpass"]
    else:
        source_heads = _subject_heads(tok)
        target_heads = [c for c in tok.children if c.dep_ in ("dobj", "dative", "obj")]
        if not target_heads:
            target_heads = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in TARGET_PREPS
                            for g in c.children if g.dep_ == "pobj"]
    sources = _actors(source_heads, actors)
    targets = [a for a in _actors(target_heads, actors)
               if a.actor_id not in {s.actor_id for s in sources}]
    conf = 0.55 + 0.15 * _named(sources) + 0.1 * bool(targets) + 0.1 * _named(targets)
    tokens = [tok.i, *(h.i for h in source_heads), *(h.i for h in target_heads)]
    return RawMention(tok, entry, sources, targets, min(conf, 0.95), tokens)


def _nominal(tok: Token, entry: Trigger, actors: DocActors) -> RawMention | None:
    source_heads: list[Token] = []
    target_heads: list[Token] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.i in actors.names):
            source_heads.append(c)
        elif c.dep_ == "compound" and c.i in actors.persons:
            source_heads.append(c)
        elif c.dep_ == "prep" and c.lower_ in ("by", "of"):
            source_heads += [g for g in c.children if g.dep_ == "pobj"]
        elif c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS:
            target_heads += [g for g in c.children if g.dep_ == "pobj"]
    sources = _actors(source_heads, actors)
    inferred = False
    if not sources and tok.dep_ in ("dobj", "nsubjpass", "pobj", "attr"):
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        if verb.pos_ in ("VERB", "AUX"):
            sources = _actors(_subject_heads(verb), actors)
            inferred = True
    targets = [a for a in _actors(target_heads, actors)
               if a.actor_id not in {s.actor_id for s in sources}]
    conf = 0.45 + 0.15 * _named(sources) + 0.1 * bool(targets) + 0.05 * _named(targets)
    conf -= 0.1 if inferred else 0.0
    tokens = [tok.i, *(h.i for h in source_heads), *(h.i for h in target_heads)]
    return RawMention(tok, entry, sources, targets, max(min(conf, 0.9), 0.05), tokens)


def _named(refs: list[ActorRef]) -> float:
    """1 when every actor is a known (dictionary, person or country) actor, else 0."""
    if not refs:
        return 0.0
    known = [r for r in refs if not r.actor_id.startswith(("org_", "XXX_"))]
    return len(known) / len(refs)
