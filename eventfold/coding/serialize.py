"""Codings to and from plain JSON-able dicts, for the coded-mentions store.

The store keeps what the coder produced per article so that an article coded by the same coder
version is never coded again; these functions are its only (de)serialization.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import date, datetime

from eventfold.coding.actors import Affiliation
from eventfold.coding.coder import ArticleCoding, CodedMention
from eventfold.coding.dictionary import ActorRef
from eventfold.coding.gazetteer import Place


def _actor(d: dict) -> ActorRef:
    return ActorRef(**d)


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def mention_to_dict(m: CodedMention) -> dict:
    d = {f.name: getattr(m, f.name) for f in fields(m)}
    d["event_date"] = m.event_date.isoformat() if m.event_date else None
    d["published_at"] = m.published_at.isoformat() if m.published_at else None
    d["place"] = asdict(m.place) if m.place else None
    d["sources"] = [asdict(a) for a in m.sources]
    d["targets"] = [asdict(a) for a in m.targets]
    return d


def mention_from_dict(d: dict) -> CodedMention:
    d = dict(d)
    d["event_date"] = date.fromisoformat(d["event_date"]) if d["event_date"] else None
    d["published_at"] = _dt(d["published_at"])
    d["place"] = Place(**d["place"]) if d["place"] else None
    d["sources"] = [_actor(a) for a in d["sources"]]
    d["targets"] = [_actor(a) for a in d["targets"]]
    return CodedMention(**d)


def coding_to_dict(c: ArticleCoding) -> dict:
    return {
        "article_id": c.article_id,
        "published_at": c.published_at.isoformat() if c.published_at else None,
        "mentions": [mention_to_dict(m) for m in c.mentions],
        "affiliations": [
            {"source": asdict(a.source), "relation": a.relation, "target": asdict(a.target),
             "sentence_start_char": a.sentence_start_char}
            for a in c.affiliations
        ],
    }


def coding_from_dict(d: dict) -> ArticleCoding:
    return ArticleCoding(
        article_id=d["article_id"],
        published_at=_dt(d["published_at"]),
        mentions=[mention_from_dict(m) for m in d["mentions"]],
        affiliations=[
            Affiliation(_actor(a["source"]), a["relation"], _actor(a["target"]),
                        a["sentence_start_char"])
            for a in d["affiliations"]
        ],
    )
