"""The pipeline the coder runs: the indexed attribute ruler gives exactly the matches of
spaCy's own, so parts of speech and lemmas do not change with it."""

from __future__ import annotations

from pathlib import Path

import spacy

from eventfold.coding.nlp import index_attribute_ruler, model_name

SAMPLE = Path(__file__).resolve().parents[2] / "raw" / "sample"
TEXTS = [
    "The UK government called Moscow's accusation \"ludicrous\", but didn't say why.",
    "I'd have gone if they'd asked; it's not that we can't, it's that we won't.",
    "Y'all nothin' but trouble, n't you? Whether or not he's there, she is.",
]


def test_indexed_attribute_ruler_matches_spacys():
    nlp = spacy.load(model_name())
    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted((SAMPLE / "txt").glob("*.txt"))]
    assert len(texts) > len(TEXTS)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(nlp.pipe(texts))
    ruler = nlp.get_pipe("attribute_ruler")
    expected = [ruler.match(d) for d in docs]
    index_attribute_ruler(ruler)
    assert [ruler.match(d) for d in docs] == expected
    assert sum(len(m) for m in expected) > sum(len(d) for d in docs)  # every token matched


def test_indexed_attribute_ruler_sets_what_spacys_sets():
    """Parts of speech, morphology, lemmas, tags and labels come out the same when the ruler's
    matches are applied as one array (the last match that sets an attribute wins)."""
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    texts = TEXTS + [p.read_text(encoding="utf-8") for p in sorted((SAMPLE / "txt").glob("*.txt"))]
    plain, indexed = spacy.load(model_name()), spacy.load(model_name())
    index_attribute_ruler(indexed.get_pipe("attribute_ruler"))
    attrs = [POS, MORPH, LEMMA, TAG, DEP]
    for want, got in zip(plain.pipe(texts), indexed.pipe(texts), strict=True):
        assert (want.to_array(attrs) == got.to_array(attrs)).all()
        assert [str(t.morph) for t in want] == [str(t.morph) for t in got]
