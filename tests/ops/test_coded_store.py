"""The coded store gives back exactly what was saved — sharing equal parts between codings
never merges values that differ only in fields `==` ignores (ActorRef.text) or in a UTC offset."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from eventfold.coding.actors import Affiliation
from eventfold.coding.coder import ArticleCoding, CodedMention
from eventfold.coding.dictionary import ActorRef
from eventfold.coding.gazetteer import Place
from eventfold.coding.serialize import coding_to_dict
from eventfold.state import CodedStore

PLUS1 = timezone(timedelta(hours=1))


def mention(aid: str, n: int, source: ActorRef, published: datetime) -> CodedMention:
    return CodedMention(
        mention_id=f"men_{aid}_{n}", article_id=aid, sentence_index=n, char_start=0,
        char_end=10, trigger="met", event_type="CONSULT", event_mode=None, quad_class=1,
        intensity=1.0, cameo_root="04", confidence=0.8, event_date=date(2026, 11, 24),
        date_precision="day", date_source="text",
        place=Place("Algiers", "DZA", None, 36.7, 3.1, "city", 5, 12, "Algiers"),
        sources=[source], targets=[], published_at=published, source_name="Wire")


def test_shared_parts_keep_every_field(tmp_path):
    algeria = ActorRef("DZA", "Algeria", "country", "DZA", None, "Q262", text="Algiers")
    algerian = ActorRef("DZA", "Algeria", "country", "DZA", None, "Q262", text="Algerian")
    assert algeria == algerian  # `text` is not compared: sharing must not rely on ==
    at_utc = datetime(2026, 11, 24, 8, tzinfo=UTC)
    at_plus1 = datetime(2026, 11, 24, 9, tzinfo=PLUS1)
    assert at_utc == at_plus1
    codings = [
        ArticleCoding("art_a", [mention("art_a", 0, algeria, at_utc)],
                      [Affiliation(algeria, "represents", algerian, 0)], at_utc),
        ArticleCoding("art_b", [mention("art_b", 0, algerian, at_plus1),
                                mention("art_b", 1, algeria, at_utc)], [], at_plus1),
    ]
    store = CodedStore(tmp_path, "v1")
    store.save(codings[:1])
    store.save(codings[1:])
    back = sorted(store.iter_codings(), key=lambda c: c.article_id)
    assert [coding_to_dict(c) for c in back] == [coding_to_dict(c) for c in codings]
    assert back[1].mentions[0].sources[0].text == "Algerian"
    assert back[1].published_at.utcoffset() == timedelta(hours=1)
    # equal parts are one object
    assert back[0].mentions[0].place is back[1].mentions[1].place
    assert back[0].mentions[0].sources[0] is back[1].mentions[1].sources[0]


def test_forget_and_clear(tmp_path):
    ref = ActorRef("DZA", "Algeria", "country", "DZA", None)
    now = datetime(2026, 11, 24, tzinfo=UTC)
    store = CodedStore(tmp_path, "v1")
    store.save([ArticleCoding(a, [mention(a, 0, ref, now)]) for a in ("art_a", "art_b")])
    store.save([ArticleCoding("art_c")])
    assert store.forget({"art_b", "art_c"}) == 2
    assert store.coded_ids() == {"art_a"}
    assert [c.article_id for c in store.iter_codings()] == ["art_a"]
    assert store.clear() == 1 and store.coded_ids() == set()
