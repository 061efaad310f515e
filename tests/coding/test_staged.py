"""The staged run: the parser only on sentences that can hold an event, the NER only on
sentences with a name no dictionary knows, and the same coding as the whole pipeline."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import spacy

from eventfold.coding.actors import scan_names
from eventfold.coding.coder import Coder
from eventfold.coding.staged import segment_starts, supports
from eventfold.ids import article_id_for, sha256_hex
from eventfold.records import Article

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "raw" / "sample" / "txt"
GOLD = ROOT / "tests" / "fixtures" / "gold"


@pytest.fixture(scope="module")
def coders() -> tuple[Coder, Coder]:
    return Coder(), Coder(staged=False)


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))]
    for name in ("news_leads.jsonl", "acled_style.jsonl"):
        with (GOLD / name).open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    return texts


def article(text: str, i: int) -> Article:
    sha = sha256_hex(text)
    return Article(article_id_for(sha), None, "test", None,
                   datetime(2025, 8, 13, tzinfo=UTC), "en", sha, len(text),
                   datetime(2026, 1, 1, tzinfo=UTC), f"inline-{i}", text)


def staged_doc(coder: Coder, text: str):
    places = coder.gazetteer.find(text)
    return next(iter(coder.pipeline.pipe(
        [text], lambda i, doc: coder._explained(doc, scan_names(doc, coder.dictionary), places))))


def mention_keys(codings) -> list[tuple]:
    return [(m.article_id, m.sentence_index, m.char_start, m.char_end, m.trigger, m.event_type,
             m.event_mode, m.confidence, m.event_date, m.date_precision,
             m.place.country if m.place else None, m.place.precision if m.place else None,
             tuple(a.actor_id for a in m.sources), tuple(a.actor_id for a in m.targets))
            for c in codings for m in c.mentions]


def test_staged_run_codes_like_the_whole_pipeline(coders):
    staged, full = coders
    arts = [article(t, i) for i, t in enumerate(corpus())]
    assert len(arts) > 140
    got, want = staged.code(arts), full.code(arts)
    a, b = set(mention_keys(got)), set(mention_keys(want))
    assert len(b) > 200
    # the NER sees less context and yields to the dictionaries, so a few mentions differ
    # ("Sahel" in "(Oudalan, Sahel)" is a place, not the person the NER makes it)
    assert len(a & b) >= 0.97 * len(b), sorted(a ^ b)
    assert len(a) == pytest.approx(len(b), abs=3)
    same = sum(x == y for x, y in zip(got, want, strict=True) if x.affiliations or y.affiliations)
    assert same >= 0.9 * sum(1 for x in want if x.affiliations)
    counts = staged.pipeline.counts
    assert counts.parsed < counts.tokens and counts.ner < counts.tokens / 2  # work was saved


def test_every_trigger_lemma_is_found_by_its_form(coders):
    """A sentence is parsed when it holds a form of a trigger lemma: the form table must cover
    every form the model lemmatizes to one (else that sentence's event would be lost)."""
    staged, full = coders
    heads = {lemma for lemma, _ in staged.lexicon.by_head}
    forms = staged.pipeline.forms.words
    missed = {(t.lower_, t.lemma_) for doc in full.nlp.pipe(corpus()) for t in doc
              if t.lemma_.lower() in heads and t.lower_ not in forms}
    assert missed == set()
    assert {"met", "meets", "meeting", "attacked", "seized", "withdrew", "arrests"} <= forms


def test_background_sentences_are_not_parsed_and_event_sentences_are(coders):
    staged, _ = coders
    doc = staged_doc(staged, "Prices of fuel have risen sharply in recent months. "
                             "France accused Germany of violating the ceasefire.")
    first, second = list(doc.sents)
    assert {t.dep_ for t in first} == {"ROOT", "dep"}  # a flat tree: nothing to code there
    assert {t.dep_ for t in second} >= {"nsubj", "dobj"}
    assert [t.text for t in second if t.dep_ == "ROOT"] == ["accused"]


def test_names_the_dictionaries_know_need_no_ner(coders):
    staged, _ = coders
    staged.pipeline.counts.__init__()
    doc = staged_doc(staged, "The Nigerian Army attacked Boko Haram positions in Borno on "
                             "Monday.")
    assert staged.pipeline.counts.ner == 0
    assert ("Nigerian Army", "ORG") in [(e.text, e.label_) for e in doc.ents]
    assert ("Monday", "DATE") in [(e.text, e.label_) for e in doc.ents]
    doc = staged_doc(staged, "Kenya said on Friday that Jane Wanjiru Otieno, a lawyer, was "
                             "arrested in Nairobi.")
    assert staged.pipeline.counts.ner > 0
    assert ("Jane Wanjiru Otieno", "PERSON") in [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize(("text", "starts"), [
    ("He left at 5 p.m. on Monday. She stayed.", ["He", "She"]),
    ('"We will go," he said. "Now."', ['"', '"']),
    ("Talks ended.\n\nA new round begins in May.", ["Talks", "A"]),
    ("Rebels fled. they said so.", ["Rebels"]),  # no break before a lower-case word
    ("KABUL, May 9 (Eventfold Wire) — Troops arrived.", ["KABUL", "Troops"]),
])
def test_sentences_are_split_by_rule(coders, text, starts):
    staged, _ = coders
    doc = staged.nlp.make_doc(text)
    assert [doc[i].text for i in segment_starts(doc)] == starts


def test_other_model_layouts_run_the_whole_pipeline():
    nlp = spacy.blank("en")
    assert not supports(nlp)


def test_the_gazetteer_beats_the_ner_on_places(coders):
    """The NER makes 'Gao' a person in this headline; the gazetteer knows it is a town (and a
    sentence whose names are all known is not given to the NER at all)."""
    staged, full = coders
    text = "Six soldiers killed as jihadists storm Gao outpost\n\nBAMAKO, March 4 (Sahel " \
           "Monitor) — Fighters of JNIM killed six Malian soldiers on March 3 in Gao."
    assert ("Gao", "PERSON") in [(e.text, e.label_) for e in full.nlp(text).ents]
    labels = [(e.text, e.label_) for e in staged_doc(staged, text).ents]
    assert ("Gao", "PERSON") not in labels
    assert not any(e == "Sahel Monitor" for e, _ in labels)  # a dateline is no entity
