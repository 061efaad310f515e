"""Match predicted events to gold events at three levels: type; type + source;
type + source + target. Actors match by ISO3 country when both sides have one, else by name."""

from __future__ import annotations

from dataclasses import dataclass

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


def actor_match(a: Actor, b: Actor) -> bool:
    if a.country and b.country:
        return a.country == b.country
    x, y = a.text.casefold().strip(), b.text.casefold().strip()
    return bool(x and y) and (x in y or y in x)


def any_match(xs: tuple[Actor, ...], ys: tuple[Actor, ...]) -> bool:
    return any(actor_match(x, y) for x in xs for y in ys)


def _same_name(xs: tuple[Actor, ...], ys: tuple[Actor, ...]) -> bool:
    return any(actor_match(Actor(x.text, None), Actor(y.text, None)) for x in xs for y in ys)


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
    """Greedy one-to-one matching: gold in order; for each, the unused prediction that
    matches with the roles as annotated first, then the most confident."""
    used: set[int] = set()
    pairs = []
    for g, gold in enumerate(golds):
        best = None
        for p, pred in enumerate(preds):
            if p in used:
                continue
            q = match_quality(pred, gold, level)
            if q and (best is None or (q, pred.confidence) > best[0]):
                best = ((q, pred.confidence), p)
        if best is not None:
            used.add(best[1])
            pairs.append((best[1], g))
    return pairs


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
