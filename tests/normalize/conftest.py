"""Builders for hand-made coded mentions (no spaCy): actors, places, mentions, codings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from eventfold.coding.actors import Affiliation
from eventfold.coding.coder import ArticleCoding, CodedMention
from eventfold.coding.dictionary import ActorRef, default_dictionary
from eventfold.coding.gazetteer import Place
from eventfold.coding.lexicon import default_lexicon
from eventfold.ids import stable_id

DICT = default_dictionary()


def country(iso3: str, text: str = "") -> ActorRef:
    return DICT.country_actor(iso3, text or DICT.countries[iso3].name)


def named(actor_id: str, text: str = "") -> ActorRef:
    return DICT.named_actor(actor_id, text or DICT.named[actor_id].name)


def generic(iso3: str | None, sector: str, text: str = "") -> ActorRef:
    return DICT.generic_actor(iso3, sector, "group", text or sector.lower())


def person(name: str, iso3: str | None = None, sector: str | None = None,
           text: str = "") -> ActorRef:
    return DICT.person_actor(name, iso3, sector, text or name)


def org(name: str, iso3: str | None = None, text: str = "") -> ActorRef:
    return DICT.organization_actor(name, iso3, text or name)


def place(name: str, iso3: str | None, precision: str = "city",
          admin1: str | None = None) -> Place:
    return Place(name=name, country=iso3, admin1=admin1, latitude=1.0, longitude=2.0,
                 precision=precision, start=0, end=len(name), text=name)


def when(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def mention(article: str, event_type: str, sources: list[ActorRef],
            targets: list[ActorRef] = (), *, on: str | None = None, precision: str = "day",
            date_source: str = "text", where: Place | None = None,
            published: str = "2025-06-13", source_name: str | None = None, at: int = 0,
            mode: str | None = None, confidence: float = 0.8, trigger: str = "did"
            ) -> CodedMention:
    """A mention as the coder would give it; `on` is the event date (None: undated)."""
    info = default_lexicon().type_info(event_type, mode)
    return CodedMention(
        mention_id=stable_id("men", article, at, event_type,
                             ",".join(a.actor_id for a in sources)),
        article_id=article, sentence_index=at, char_start=at * 100, char_end=at * 100 + 40,
        trigger=trigger, event_type=event_type, event_mode=mode,
        quad_class=info.quad_class, intensity=info.intensity, cameo_root=info.cameo_root,
        confidence=confidence,
        event_date=date.fromisoformat(on) if on else None,
        date_precision=precision if on else None,
        date_source=date_source if on else None,
        place=where, sources=list(sources), targets=list(targets),
        published_at=when(published), source_name=source_name or f"Source of {article}",
    )


def coding(article: str, mentions: list[CodedMention],
           affiliations: list[Affiliation] = (), published: str | None = None
           ) -> ArticleCoding:
    pub = published or (mentions[0].published_at.date().isoformat() if mentions
                        else "2025-06-13")
    return ArticleCoding(article, list(mentions), list(affiliations), when(pub))


def affiliation(source: ActorRef, relation: str, target: ActorRef) -> Affiliation:
    return Affiliation(source, relation, target, 0)


@pytest.fixture
def b() -> SimpleNamespace:
    """The builders, as one namespace: `b.mention(...)`, `b.country("ISR")`, ..."""
    return SimpleNamespace(country=country, named=named, generic=generic, person=person,
                           org=org, place=place, mention=mention, coding=coding,
                           affiliation=affiliation, when=when, DICT=DICT)
