"""What the coder got wrong on a gold document, one record per error, for `eventfold evaluate
--errors FILE`: the error kinds to work on, with the gold and the predicted event side by side.

Pairs come from the strictest-first cascade the date and place scores use. An unpaired gold
event is `missed` unless an unpaired prediction sits in the same sentence, which makes it a
`wrong_type`; a pair that agrees on the type only is a `wrong_source`, one that also agrees on
the source a `wrong_target`; a pair with the wrong date or place country is a `wrong_date` or
`wrong_location` as well; a prediction left over is `extra`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict

from eventfold.evaluate.matching import Ev, date_correct, event_match, match_cascade

KINDS = ("missed", "extra", "wrong_type", "wrong_source", "wrong_target", "wrong_date",
         "wrong_location")


def _event(e: Ev | None) -> dict | None:
    if e is None:
        return None
    data = asdict(e)
    data["sources"] = [a["text"] + (f" ({a['country']})" if a["country"] else "")
                       for a in data["sources"]]
    data["targets"] = [a["text"] + (f" ({a['country']})" if a["country"] else "")
                       for a in data["targets"]]
    return data


def classify(preds: list[Ev], golds: list[Ev],
             cascade: list[tuple[int, int]] | None = None) -> list[dict]:
    """Error records ({kind, gold, predicted}) of one document, in gold order, extras last.
    `cascade`: the (prediction, gold) pairs of `match_cascade`, when already computed."""
    out: list[dict] = []
    pairs = {g: p for p, g in (match_cascade(preds, golds) if cascade is None else cascade)}
    used = set(pairs.values())
    spare = [p for p in range(len(preds)) if p not in used]
    for g, gold in enumerate(golds):
        if g not in pairs:
            same_sentence = [p for p in spare if gold.sentence is not None
                             and preds[p].sentence == gold.sentence]
            if same_sentence:
                spare.remove(same_sentence[0])
                out.append({"kind": "wrong_type", "gold": _event(gold),
                            "predicted": _event(preds[same_sentence[0]])})
            else:
                out.append({"kind": "missed", "gold": _event(gold), "predicted": None})
            continue
        pred = preds[pairs[g]]
        record = {"gold": _event(gold), "predicted": _event(pred)}
        if not event_match(pred, gold, "type+source"):
            out.append({"kind": "wrong_source", **record})
        elif not event_match(pred, gold, "type+source+target"):
            out.append({"kind": "wrong_target", **record})
        if gold.date is not None and not date_correct(pred, gold):
            out.append({"kind": "wrong_date", **record})
        if gold.location_country is not None \
                and pred.location_country != gold.location_country:
            out.append({"kind": "wrong_location", **record})
    out += [{"kind": "extra", "gold": None, "predicted": _event(preds[p])} for p in spare]
    return out


def summary(records: list[dict]) -> str:
    counts = Counter(r["kind"] for r in records)
    return "errors: " + ", ".join(f"{k} {counts[k]}" for k in KINDS)
