"""One event told twice in an article is one mention.

News tells an event once briefly and again with detail: "Moroccan participation in an
exercise" … "the FAR's participation in the multinational exercise, which was held in Israel
last year"; "a peace conference boycotted by the opposition" … "the opposition voted on
Saturday not to attend". The gold guidelines annotate such an event once, at its first clear
report, so the coder keeps the first mention and gives it the date and place that the
retelling supplies.

Two mentions corefer when they have the same type, the same trigger word (a verb and its
noun: "participated" / "participation") or else the very same actors and date, actors that
can be the same (same actor, or same country and no clash of sector), and nothing that tells
them apart: different dates or places, or a word marking the later one as another event
("also", "again", "a second").
The words that mark another event are data: `additive_markers` in `stoplists.yaml`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from eventfold.coding.dates import PRECISION_CHARS
from eventfold.coding.dictionary import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Token

    from eventfold.coding.coder import CodedMention

MIN_STEM = 4  # "meet" / "meeting"; shorter words must be equal
MIN_SHARED = 5  # "apologis(e)" / "apology"


@dataclass
class Told:
    """A coded mention with the parse token of its trigger."""

    mention: CodedMention
    trigger: Token
    lemma: str = ""  # the lexicon's word for the action, when it is not the trigger's own
    anonymous: bool = False  # names no doer: only folds into an earlier report


def merge_retellings(told: Sequence[Told], additive_markers: Iterable[str]) -> list[CodedMention]:
    """The mentions of one article with each retelling folded into the first report."""
    markers = frozenset(w.lower() for w in additive_markers)
    kept: list[Told] = []
    for later in sorted(told, key=lambda t: (t.mention.sentence_index, t.trigger.idx)):
        first = next((k for k in kept if _corefer(k, later, markers)), None)
        if first is None:
            if not later.anonymous:
                kept.append(later)
        else:
            first.mention = _fold(first.mention, later.mention)
    return [k.mention for k in kept]


def _corefer(first: Told, later: Told, markers: frozenset[str]) -> bool:
    a, b = first.mention, later.mention
    if a.event_type != b.event_type:
        return False
    if a.event_mode and b.event_mode and a.event_mode != b.event_mode:
        return False
    if not same_stem(_lemma(first), _lemma(later)) and not _restated(a, b):
        return False
    if not later.anonymous and not _actors_can_corefer(a.sources, b.sources):
        return False
    if a.targets and b.targets and not _actors_can_corefer(a.targets, b.targets):
        return False
    if _dates_clash(a, b) or _places_clash(a, b):
        return False
    return not marked_as_another(later.trigger, markers)


def _restated(a: CodedMention, b: CodedMention) -> bool:
    """Other words for the same event: the very same actors on both sides, the same date."""
    return bool(a.sources) and _ids(a.sources) == _ids(b.sources) \
        and _ids(a.targets) == _ids(b.targets) \
        and (a.event_date, a.date_precision) == (b.event_date, b.date_precision)


def _ids(actors: Sequence[ActorRef]) -> set[str]:
    return {x.actor_id for x in actors}


def _lemma(told: Told) -> str:
    """The action's word: the token's lemma, or the lexicon's ("voted not to attend" is a
    boycott)."""
    tok = told.trigger
    return (told.lemma or tok.lemma_ or tok.text).lower()


def same_stem(x: str, y: str) -> bool:
    """"participate" / "participation", "visit" / "visited", "sign" / "signing"."""
    if x == y:
        return True
    short, long = sorted((x.rstrip("e"), y.rstrip("e")), key=len)
    if len(short) >= MIN_STEM and long.startswith(short):
        return True
    # "apologise" / "apology": a long shared beginning
    shared = len(os.path.commonprefix([short, long]))
    return shared >= MIN_SHARED and shared >= 0.75 * len(short)


def _same_referent(x: ActorRef, y: ActorRef) -> bool:
    if x.actor_id == y.actor_id:
        return True
    if not x.country or x.country != y.country:
        return False
    return x.sector is None or y.sector is None or x.sector == y.sector


def _actors_can_corefer(xs: Sequence[ActorRef], ys: Sequence[ActorRef]) -> bool:
    return any(_same_referent(x, y) for x in xs for y in ys)


def _dates_clash(a: CodedMention, b: CodedMention) -> bool:
    if a.date_source != "text" or b.date_source != "text":
        return False
    if a.event_date is None or b.event_date is None:
        return False
    n = min(PRECISION_CHARS.get(a.date_precision, 10), PRECISION_CHARS.get(b.date_precision, 10))
    return a.event_date.isoformat()[:n] != b.event_date.isoformat()[:n]


def _places_clash(a: CodedMention, b: CodedMention) -> bool:
    if a.place is None or b.place is None:
        return False
    if a.place.country != b.place.country:
        return True
    fine = ("city", "admin1")
    return a.place.precision in fine and b.place.precision in fine and \
        a.place.name != b.place.name


def marked_as_another(trigger: Token, markers: frozenset[str]) -> bool:
    """"was also boycotted", "attacked the town again", "a second raid", "held further talks",
    "in June as well". Words on the trigger count, and adverbs on the light verb of a noun
    trigger ("also held talks"); a marker elsewhere ("the first time that he visited") does
    not."""
    words = list(trigger.children)
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head is not trigger \
            and trigger.head.pos_ in ("VERB", "AUX"):
        words += [w for w in trigger.head.children if w.dep_ == "advmod"]
    for w in words:
        if w.lower_ in markers:
            return True
        if w.lower_ == "as" and w.i + 1 < len(w.doc) and w.doc[w.i + 1].lower_ == "well":
            return True
    return False


def _fold(first: CodedMention, later: CodedMention) -> CodedMention:
    """The first report, completed from the retelling: its time expression when the first
    had none, its place when the first had none, its targets when the first named none."""
    changes: dict = {}
    if first.date_source != "text" and later.date_source == "text":
        changes.update(event_date=later.event_date, date_precision=later.date_precision,
                       date_source=later.date_source)
    if first.place is None and later.place is not None:
        changes["place"] = later.place
    if not first.targets and later.targets:
        changes["targets"] = later.targets
    changes["confidence"] = max(first.confidence, later.confidence)
    return replace(first, **changes)
