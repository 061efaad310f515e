"""Match predicted events to gold events at three levels: type; type + source;
type + source + target. Actors match by ISO3 country when both sides have one, else by name."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

SYMMETRIC_TYPES = {"CONSULT", "COOPERATE", "AGREE"}
LEVELS = ("type", "type+source", "type+source+target")


@dataclass(frozen=True)
class Actor:
    text: str
    country: str | None


@dataclass(frozen=True)
class Ev:
    type: str
    sources: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    date_precision: str | None = None
    location_country: str | None = None
    confidence: float = 1.0
    sentence: int | None = None  # 0-based index of the reporting sentence, when known


def actor_match(a: Actor, b: Actor) -> bool:
    if a.country and b.country:
        return a.country == b.country
    x, y = a.text.casefold().strip(), b.text.casefold().strip()
    return bool(x and y) and (x in y or y in x)


def any_match(xs: tuple[Actor, ...], ys: tuple[Actor, ...]) -> bool:
    return any(actor_match(x, y) for x in xs for y in ys)


def _same_name(xs: tuple[Actor, ...], ys: tuple[Actor, ...]) -> bool:
    """The same proper name on both sides: equal, or the shorter ends the longer ("Gantz",
    "Benny Gantz"; "Negev Summit committee", "the Negev Summit committee"). Common nouns
    ("forces") and a name inside another ("US" in "US Central Command") do not count."""
    return any(_name_of(x.text, y.text) for x in xs for y in ys)


def _name_of(a: str, b: str) -> bool:
    short, long = sorted((_bare(a), _bare(b)), key=len)
    if not short or not any(c.isupper() for c in short):
        return False
    short, long = short.casefold(), long.casefold()
    return short == long or long.endswith(" " + short)


def _bare(text: str) -> str:
    text = text.strip()
    return text[4:] if text.lower().startswith("the ") else text


def match_quality(pred: Ev, gold: Ev, level: str) -> int:
    """0: no match at this level; 1: a match through the lenient rules (swapped roles of a
    symmetric type, a participant standing for the source); 2: a match with the roles as
    annotated; 3: that, and the source named alike (Gantz's visit is not Kohavi's, though
    both are Israeli)."""
    if pred.type != gold.type:
        return 0
    if level == "type":
        return 3 if _same_name(pred.sources, gold.sources) else 2
    direct = any_match(pred.sources, gold.sources)
    if direct and _same_name(pred.sources, gold.sources):
        direct = 2
    if not gold.targets:
        # no gold target: any predicted participant may stand for a gold source
        return 1 + direct if direct else 1 if any_match(pred.targets, gold.sources) else 0
    swapped = gold.type in SYMMETRIC_TYPES and any_match(pred.targets, gold.sources)
    if level == "type+source":
        return 1 + direct if direct else 1 if swapped else 0
    if direct and any_match(pred.targets, gold.targets):
        return 1 + direct
    return 1 if swapped and any_match(pred.sources, gold.targets) else 0


def event_match(pred: Ev, gold: Ev, level: str) -> bool:
    return match_quality(pred, gold, level) > 0


def match(preds: list[Ev], golds: list[Ev], level: str) -> list[tuple[int, int]]:
    """One-to-one matching that pairs as many events as possible and, among such pairings,
    prefers matches with the roles as annotated, then the same source name, then the same or
    a nearby sentence, then confident predictions (a maximum-weight assignment, so an early
    gold event cannot take the prediction that only a later one matches exactly)."""
    if not preds or not golds:
        return []
    quality = np.zeros((len(golds), len(preds)))
    for g, gold in enumerate(golds):
        for p, pred in enumerate(preds):
            q = match_quality(pred, gold, level)
            if q:
                # one more pair always outweighs any gain in quality; nearness of the
                # reporting sentences, then confidence, break ties
                near = 0.0
                if pred.sentence is not None and gold.sentence is not None:
                    near = 5.0 / (1 + abs(pred.sentence - gold.sentence))
                quality[g, p] = 1000.0 + 100.0 * q + near + pred.confidence
    rows, cols = linear_sum_assignment(quality, maximize=True)
    return [(int(p), int(g)) for g, p in zip(rows, cols, strict=True) if quality[g, p] > 0]


def date_correct(pred: Ev, gold: Ev) -> bool:
    """Right at the gold precision: the predicted date, cut to the gold's precision, equals it,
    and the prediction is not vaguer than the gold."""
    if gold.date is None:
        return pred.date is None
    if pred.date is None:
        return False
    rank = {"year": 1, "month": 2, "week": 3, "day": 4}
    if rank.get(pred.date_precision or "", 0) < rank.get(gold.date_precision or "", 0):
        return False
    if gold.date_precision == "week":
        return pred.date[:10] == gold.date[:10]
    return pred.date[: len(gold.date)] == gold.date


def match_cascade(preds: list[Ev], golds: list[Ev]) -> list[tuple[int, int]]:
    """Pairs of the same event for date and place scoring: the strictest level first
    (type + source + target), then type + source, then type, each prediction used once."""
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for level in reversed(LEVELS):
        rest_p = [i for i in range(len(preds)) if i not in used_p]
        rest_g = [i for i in range(len(golds)) if i not in used_g]
        for p, g in match([preds[i] for i in rest_p], [golds[i] for i in rest_g], level):
            pairs.append((rest_p[p], rest_g[g]))
            used_p.add(rest_p[p])
            used_g.add(rest_g[g])
    return sorted(pairs, key=lambda pg: pg[1])
