"""Run the coder on gold documents and compute precision/recall/F1, date and place accuracy."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from eventfold.coding.coder import CodedMention, Coder
from eventfold.coding.dates import PRECISION_CHARS
from eventfold.evaluate.errors import classify
from eventfold.evaluate.matching import LEVELS, Actor, Ev, date_correct, match, match_cascade
from eventfold.ids import article_id_for, sha256_hex
from eventfold.ingest.dates import parse_published
from eventfold.ingest.normalize import normalize_text
from eventfold.records import Article, run_clock


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    name: str
    documents: int = 0
    seconds: float = 0.0
    levels: dict[str, Counts] = field(default_factory=lambda: {lv: Counts() for lv in LEVELS})
    per_type: dict[str, Counts] = field(default_factory=dict)
    date_right: int = 0
    date_total: int = 0
    loc_right: int = 0
    loc_total: int = 0
    conf_hi: list[int] = field(default_factory=lambda: [0, 0])  # [correct, total]
    conf_lo: list[int] = field(default_factory=lambda: [0, 0])
    errors: list[dict] = field(default_factory=list)  # eventfold.evaluate.errors records

    def add(self, other: EvalResult) -> None:
        self.errors.extend(other.errors)
        self.documents += other.documents
        self.seconds += other.seconds
        for lv in LEVELS:
            self.levels[lv].add(other.levels[lv])
        for t, c in other.per_type.items():
            self.per_type.setdefault(t, Counts()).add(c)
        self.date_right += other.date_right
        self.date_total += other.date_total
        self.loc_right += other.loc_right
        self.loc_total += other.loc_total
        for mine, theirs in ((self.conf_hi, other.conf_hi), (self.conf_lo, other.conf_lo)):
            mine[0] += theirs[0]
            mine[1] += theirs[1]

    def to_dict(self) -> dict:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 3) if b else None
        return {
            "name": self.name, "documents": self.documents,
            "articles_per_second": (round(self.documents / self.seconds, 1)
                                    if self.seconds else None),
            "levels": {lv: {"precision": round(c.precision, 3), "recall": round(c.recall, 3),
                            "f1": round(c.f1, 3), "tp": c.tp, "predicted": c.n_pred,
                            "gold": c.n_gold} for lv, c in self.levels.items()},
            "per_type": {t: {"precision": round(c.precision, 3), "recall": round(c.recall, 3),
                             "predicted": c.n_pred, "gold": c.n_gold}
                         for t, c in sorted(self.per_type.items())},
            "date_accuracy": rate(self.date_right, self.date_total), "date_n": self.date_total,
            "location_country_accuracy": rate(self.loc_right, self.loc_total),
            "location_n": self.loc_total,
            "precision_conf_ge_0_5": rate(*self.conf_hi), "n_conf_ge_0_5": self.conf_hi[1],
            "precision_conf_lt_0_5": rate(*self.conf_lo), "n_conf_lt_0_5": self.conf_lo[1],
        }


def gold_article(doc: dict) -> Article:
    text = normalize_text(doc["text"])
    sha = sha256_hex(text)
    return Article(
        article_id=article_id_for(sha), url=doc.get("url"), source_name="gold",
        title=doc.get("title"), published_at=parse_published(doc.get("published")),
        language="en", content_sha256=sha, n_chars=len(text), ingested_at=run_clock(),
        raw_path=str(doc.get("id")), text=text,
    )


def _actors(items) -> tuple[Actor, ...]:
    return tuple(Actor(a.get("text") or "", a.get("country")) for a in items or [])


def gold_events(doc: dict) -> list[Ev]:
    out = []
    for e in doc.get("events", []):
        loc = e.get("location") or {}
        out.append(Ev(e["type"], _actors(e.get("source")), _actors(e.get("target")),
                      e.get("date"), e.get("date_precision"), loc.get("country"),
                      sentence=e.get("sentence")))
    return out


def predicted_event(m: CodedMention) -> Ev:
    date = None
    if m.event_date is not None and m.date_precision:
        date = m.event_date.isoformat()[: PRECISION_CHARS[m.date_precision]]
    return Ev(
        m.event_type,
        tuple(Actor(a.text or a.name, a.country) for a in m.sources),
        tuple(Actor(a.text or a.name, a.country) for a in m.targets),
        date, m.date_precision, m.place.country if m.place else None, m.confidence,
        m.sentence_index,
    )


def score_documents(name: str, docs: list[dict], coder: Coder) -> EvalResult:
    result = EvalResult(name=name, documents=len(docs))
    articles = [gold_article(d) for d in docs]
    started = time.perf_counter()
    codings = coder.code(articles)
    result.seconds = time.perf_counter() - started
    for doc, coding in zip(docs, codings, strict=True):
        preds = [predicted_event(m) for m in coding.mentions]
        golds = gold_events(doc)
        for lv in LEVELS:
            pairs = match(preds, golds, lv)
            result.levels[lv].add(Counts(len(pairs), len(preds), len(golds)))
        pairs = match(preds, golds, "type")
        for t in {e.type for e in preds} | {e.type for e in golds}:
            c = result.per_type.setdefault(t, Counts())
            c.tp += sum(1 for p, _ in pairs if preds[p].type == t)
            c.n_pred += sum(1 for e in preds if e.type == t)
            c.n_gold += sum(1 for e in golds if e.type == t)
        matched = {p for p, _ in pairs}
        cascade = match_cascade(preds, golds)
        for p, g in cascade:
            if golds[g].date is not None:
                result.date_total += 1
                result.date_right += date_correct(preds[p], golds[g])
            if golds[g].location_country is not None:
                result.loc_total += 1
                result.loc_right += preds[p].location_country == golds[g].location_country
        result.errors += [{"file": name, "doc": doc.get("id"), **r}
                          for r in classify(preds, golds, cascade)]
        for i, e in enumerate(preds):
            bucket = result.conf_hi if e.confidence >= 0.5 else result.conf_lo
            bucket[0] += i in matched
            bucket[1] += 1
    return result


def load_gold(path: Path) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    docs.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{n}: not a JSON document: {exc}") from exc
    return docs


def evaluate_files(paths: list[Path], coder: Coder | None = None) -> tuple[list[EvalResult],
                                                                            EvalResult]:
    coder = coder or Coder()
    coder.nlp, coder.gazetteer  # load the model and gazetteer before any timing  # noqa: B018
    results = [score_documents(p.name, load_gold(p), coder) for p in paths]
    total = EvalResult(name="all")
    for r in results:
        total.add(r)
    return results, total


def format_table(results: list[EvalResult], total: EvalResult) -> str:
    lines = []
    header = f"{'file':<24}{'docs':>6}" + "".join(
        f"{lv + ' P/R/F1':>28}" for lv in LEVELS) + f"{'date':>8}{'loc':>8}{'art/s':>8}"
    lines.append(header)
    for r in [*results, total]:
        d = r.to_dict()
        cells = "".join(
            f"{d['levels'][lv]['precision']:>10.3f}{d['levels'][lv]['recall']:>9.3f}"
            f"{d['levels'][lv]['f1']:>9.3f}" for lv in LEVELS)
        date = "-" if d["date_accuracy"] is None else f"{d['date_accuracy']:.3f}"
        loc = "-" if d["location_country_accuracy"] is None else \
            f"{d['location_country_accuracy']:.3f}"
        aps = d["articles_per_second"] or 0
        lines.append(f"{r.name[:23]:<24}{r.documents:>6}{cells}{date:>8}{loc:>8}{aps:>8.1f}")
    d = total.to_dict()
    lines.append("")
    lines.append("per type (all files): precision / recall (predicted, gold)")
    for t, c in d["per_type"].items():
        lines.append(f"  {t:<10} {c['precision']:.3f} / {c['recall']:.3f}  "
                     f"({c['predicted']}, {c['gold']})")
    lines.append(f"date accuracy {d['date_accuracy']} on {d['date_n']} matched gold dates; "
                 f"location-country accuracy {d['location_country_accuracy']} on "
                 f"{d['location_n']} matched gold locations")
    lines.append(f"confidence >= 0.5: precision {d['precision_conf_ge_0_5']} "
                 f"(n={d['n_conf_ge_0_5']}); < 0.5: {d['precision_conf_lt_0_5']} "
                 f"(n={d['n_conf_lt_0_5']})")
    return "\n".join(lines)


def accuracy_summary(paths: list[Path], coder: Coder | None = None) -> dict:
    """What a release records of the coder's accuracy (manifest and data card): overall
    precision/recall/F1 per level, date and place accuracy, confidence calibration, and the
    type + source + target F1 of each gold file."""
    results, total = evaluate_files(paths, coder)
    d = total.to_dict()

    def prf(level: str) -> str:
        c = d["levels"][level]
        return f"{c['precision']:.3f} / {c['recall']:.3f} / {c['f1']:.3f}"

    def rate(value, n) -> str:
        return "n/a" if value is None else f"{value:.3f} ({n} events)"

    summary = {
        "gold files": ", ".join(p.name for p in paths),
        "documents": d["documents"],
        "gold events": d["levels"]["type"]["gold"],
        **{f"{lv} P / R / F1": prf(lv) for lv in LEVELS},
        "date accuracy": rate(d["date_accuracy"], d["date_n"]),
        "location-country accuracy": rate(d["location_country_accuracy"], d["location_n"]),
        "precision at confidence >= 0.5": rate(d["precision_conf_ge_0_5"], d["n_conf_ge_0_5"]),
        "precision at confidence < 0.5": rate(d["precision_conf_lt_0_5"], d["n_conf_lt_0_5"]),
    }
    for r in results:
        summary[f"{r.name}: type+source+target F1"] = r.to_dict()["levels"][LEVELS[-1]]["f1"]
    return summary
