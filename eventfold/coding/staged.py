"""spaCy where it is needed: the parser on sentences that can hold an event, the statistical
NER on sentences with a name no dictionary knows.

The small English model spends most of its time in the dependency parser and in the NER, which
has an embedding network of its own. Most of a news article needs neither: background
sentences hold no trigger word, and most names are in the coder's dictionaries. So, for a batch
of articles:

1. tokenize, embed (tok2vec) and tag every article, and split it into sentences by rule
   (blank lines, datelines, sentence-final punctuation before a word that is not lower case);
2. parse the sentences that hold a word form of a trigger, a construction cue or a person's
   title, all of an article's in one `Doc` that reuses the article's embeddings, so each token
   is parsed as in the whole article; the parser keeps the sentences as they are.
   Other sentences get a flat tree (every token attached to the first, `dep`), which no rule
   of the coder reads as an event;
3. run the attribute ruler and the lemmatizer on the whole article, as the model does;
4. run the NER on the sentences that hold a capitalised word the caller does not explain (the
   coder explains dictionary names, gazetteer places, datelines, titles and sector nouns).
   Elsewhere known country names are GPE, weekday and month names DATE, and capitalised names
   holding a body's noun ORG, as the NER would tag them; and where the NER ran, an entity the
   dictionaries know as a whole keeps their label (a gazetteer place is no PERSON).

`StagedPipeline.pipe(texts, known)` yields one `Doc` per text, in order. `known(i, doc)` gets
the tagged, parsed article and returns the tokens it explains, each with why ("named" for the
name of a dictionary actor). Models whose parser does not listen to a shared tok2vec
(transformers, other layouts) run the full pipeline instead (`supports`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, HEAD, IS_ALPHA, IS_STOP, LOWER, NORM, ORTH, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventfold.coding.nlp import paragraph_starts

REQUIRED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
ORG_JOINERS = frozenset({"of", "for", "and"})
NAMED = "named"  # the reason a token is known: it names a dictionary actor …
COUNTRY = "country"  # … or a country
# parts of speech the lemmatizer's rule tables cover, and the (form suffix, lemma suffix) rules
RULE_POS = ("verb", "noun", "adj")

# token index -> why the caller knows it ("named" for a dictionary actor's name; any other
# word for places, titles, datelines …)
Known = Callable[[int, Doc], dict[int, str]]
# Doc.user_data key: the first tokens of the parsed sentences (the others have flat trees and
# no trigger word, so there is nothing in them to code)
PARSED = "eventfold.parsed_sentences"


@dataclass
class StageCounts:
    """What the last batches ran on: tokens in all, parsed, and seen by the NER."""

    tokens: int = 0
    parsed: int = 0
    ner: int = 0

    def add(self, other: StageCounts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class TriggerForms:
    """Lower-case word forms that can make a sentence worth parsing.

    `words`: forms of trigger lemmas, of verdict and attendance verbs and of titles; any one of
    them is enough. `pairs`: (forms, cues) — a sentence with a form from the first set and a
    cue from the second ("said … must", "said … was behind")."""

    words: frozenset[str]
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    title_words: frozenset[str] = field(default_factory=frozenset)

    def wanted(self, lowers: list[str]) -> bool:
        present = set(lowers)
        if not present.isdisjoint(self.words):
            return True
        if "," in present and not present.isdisjoint(self.title_words):
            return True  # "Benny Gantz, Israel's defence minister, …": an apposition
        return any(not present.isdisjoint(forms) and not present.isdisjoint(cues)
                   for forms, cues in self.pairs)


def inflections(lemmas: Iterable[str], nlp: Language) -> frozenset[str]:
    """Every form the model's rule lemmatizer could map to one of `lemmas`: the lemma itself,
    its regular forms by the lemmatizer's own suffix rules run backwards, and its irregular
    forms from the exception table ("met" → meet, "stopped" → stop). A superset is fine."""
    lemmas = {w.lower() for w in lemmas}
    forms = set(lemmas)
    lookups = nlp.get_pipe("lemmatizer").lookups
    rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
    exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    for pos in RULE_POS:
        for old, new in rules.get(pos, []):
            for lemma in lemmas:
                if lemma.endswith(new):
                    forms.add(lemma[: len(lemma) - len(new)] + old)
        for form, targets in (exc.get(pos) or {}).items():
            if lemmas.intersection(targets):
                forms.add(form)
    return frozenset(forms)


def supports(nlp: Language) -> bool:
    """The staged run needs the small/medium/large English layout: a shared tok2vec that the
    parser listens to, and a NER with its own."""
    if any(name not in nlp.pipe_names for name in REQUIRED):
        return False
    parser = nlp.get_pipe("parser")
    tok2vec = nlp.get_pipe("tok2vec")
    return any(listener in tok2vec.listeners for listener in parser.model.walk())


@dataclass
class Table:
    """One document's token attributes as Python lists, read once through `Doc.to_array`
    (making a spaCy `Token` per look costs more than the rest of this module)."""

    words: list[str]
    lowers: list[str]
    tags: list[str]
    space_after: list[bool]
    is_alpha: list[bool]
    is_stop: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> Table:
        strings = doc.vocab.strings
        cols = doc.to_array([ORTH, LOWER, TAG, SPACY, IS_ALPHA, IS_STOP]).T.tolist()
        return cls([strings[x] for x in cols[0]], [strings[x] for x in cols[1]],
                   [strings[x] if x else "" for x in cols[2]], [bool(x) for x in cols[3]],
                   [bool(x) for x in cols[4]], [bool(x) for x in cols[5]])


def segment_starts(doc: Doc, table: Table | None = None) -> list[int]:
    """Sentence starts by rule: the first token, the token after a blank line or a dateline's
    dash, and the first word after sentence-final punctuation (and its closing quotes or
    brackets) that does not start in lower case ("5 p.m. on Monday" stays one sentence). The
    parser keeps these sentences as they are."""
    t = table or Table.of(doc)
    words, n = t.words, len(t.words)
    starts = {0, *paragraph_starts(doc)}
    i = 0
    while i < n:
        if words[i] in SENTENCE_END:
            j = i + 1
            # closing quotes and brackets follow without a space; an opening one does not
            while j < n and (words[j] in CLOSERS or words[j] in SENTENCE_END) \
                    and not t.space_after[j - 1]:
                j += 1
            while j < n and words[j].isspace():
                j += 1
            if j < n and not words[j][:1].islower():
                starts.add(j)
            i = j
        else:
            i += 1
    return sorted(x for x in starts if x < n)


class StagedPipeline:
    def __init__(self, nlp: Language, forms: TriggerForms, dates: frozenset[str],
                 org_words: frozenset[str] = frozenset()) -> None:
        self.nlp = nlp
        self.forms = forms
        # where the NER is not run: weekday and month names are DATE, the country names the
        # caller knows GPE, and capitalised names holding a body's noun ORG ("the Nigerian
        # Army", "the Department of Foreign Affairs"), as the NER tags them
        self.dates = dates
        self.org_words = org_words
        self.counts = StageCounts()

    def pipe(self, texts: Iterable[str], known: Known | None = None, batch_size: int = 32
             ) -> Iterator[Doc]:
        batch: list[str] = []
        first = 0
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._batch(batch, first, known)
                first += len(batch)
                batch = []
        if batch:
            yield from self._batch(batch, first, known)

    # -- one batch ---------------------------------------------------------------------------
    def _batch(self, texts: list[str], first: int, known: Known | None) -> list[Doc]:
        nlp = self.nlp
        docs = [nlp.make_doc(t) for t in texts]
        for name in ("tok2vec", "tagger"):
            docs = list(nlp.get_pipe(name).pipe(docs))
        counts = StageCounts()
        tables = [Table.of(doc) for doc in docs]
        segments = [_segments(doc, t) for doc, t in zip(docs, tables, strict=True)]
        chosen = [[(s, e) for s, e in segs if self.forms.wanted(t.lowers[s:e])]
                  for segs, t in zip(segments, tables, strict=True)]
        subs = [self._subdoc(doc, t, spans, tensor=True)
                for doc, t, spans in zip(docs, tables, chosen, strict=True)]
        parsed = nlp.get_pipe("parser").pipe([s for s, _ in subs if s is not None])
        for doc, segs, (sub, keep) in zip(docs, segments, subs, strict=True):
            self._set_parse(doc, segs, sub if sub is None else next(parsed), keep)
        for doc, spans in zip(docs, chosen, strict=True):
            doc.user_data[PARSED] = frozenset(s for s, _ in spans)
        for name in ("attribute_ruler", "lemmatizer"):
            docs = list(nlp.get_pipe(name).pipe(docs))
        ner_spans, explanations = [], []
        for k, (doc, t, segs) in enumerate(zip(docs, tables, segments, strict=True)):
            explained = known(first + k, doc) if known is not None else {}
            explanations.append(explained)
            ner_spans.append([(s, e) for s, e in segs
                              if self._unexplained(t, s, e, explained)])
        ner_subs = [self._subdoc(doc, t, spans, tensor=False)
                    for doc, t, spans in zip(docs, tables, ner_spans, strict=True)]
        tagged = nlp.get_pipe("ner").pipe([s for s, _ in ner_subs if s is not None])
        for doc, t, segs, spans, (sub, keep), explained in zip(
                docs, tables, segments, ner_spans, ner_subs, explanations, strict=True):
            self._set_ents(doc, t, segs, spans, sub if sub is None else next(tagged), keep,
                           explained)
        for doc, chosen_segs, spans in zip(docs, chosen, ner_spans, strict=True):
            counts.tokens += len(doc)
            counts.parsed += sum(e - s for s, e in chosen_segs)
            counts.ner += sum(e - s for s, e in spans)
        self.counts.add(counts)
        return docs

    def _unexplained(self, t: Table, start: int, end: int, explained: dict[int, str]) -> bool:
        """Whether the segment holds a capitalised word that is no known name: a proper noun,
        or any capitalised word after the segment's first word."""
        first_word = True
        for i in range(start, end):
            if not t.is_alpha[i]:
                continue
            if t.words[i][0].isupper() and i not in explained and t.lowers[i] not in self.dates \
                    and (t.tags[i] in PROPER_TAGS or not first_word):
                return True
            first_word = False
        return False

    @staticmethod
    def _subdoc(doc: Doc, t: Table, spans: list[tuple[int, int]], tensor: bool
                ) -> tuple[Doc | None, np.ndarray]:
        """One Doc of the article's chosen segments, in order, each starting a sentence; the
        article's own embeddings and token norms come along."""
        if not spans:
            return None, np.zeros(0, dtype=np.int64)
        keep = np.concatenate([np.arange(s, e) for s, e in spans])
        index = keep.tolist()
        words = [t.words[i] for i in index]
        spaces = [t.space_after[i] for i in index]
        sent_starts: list[bool | None] = [False] * len(index)
        if not tensor:  # for the NER: the sentences as parsed
            parsed = doc.to_array([SENT_START])[keep].astype(np.int64).tolist()
            sent_starts = [p == 1 for p in parsed]
        at = 0
        for s, e in spans:
            sent_starts[at] = True
            at += e - s
            spaces[at - 1] = True  # the last token of a segment never runs into the next
        sub = Doc(doc.vocab, words=words, spaces=spaces, sent_starts=sent_starts)
        sub.from_array([NORM], doc.to_array([NORM])[keep])
        if tensor:
            sub.tensor = doc.tensor[keep]
        return sub, keep

    @staticmethod
    def _set_parse(doc: Doc, segments: list[tuple[int, int]], sub: Doc | None,
                   keep: np.ndarray) -> None:
        heads = np.zeros(len(doc), dtype=np.int64)
        deps = np.zeros(len(doc), dtype=np.uint64)
        dep_id = doc.vocab.strings.add("dep")
        root_id = doc.vocab.strings.add("ROOT")
        for s, e in segments:  # flat trees: the sentence's words hang on its first token
            heads[s:e] = s - np.arange(s, e)
            deps[s:e] = dep_id
            deps[s] = root_id
        if sub is not None:
            arr = sub.to_array([HEAD, DEP])
            rel = arr[:, 0].astype(np.int64)  # relative heads, stored unsigned
            absolute = keep[np.arange(len(keep)) + rel]
            heads[keep] = absolute - keep
            deps[keep] = arr[:, 1]
        doc.from_array([HEAD, DEP], np.stack([heads.astype(np.uint64), deps], axis=1))

    def _set_ents(self, doc: Doc, t: Table, segments: list[tuple[int, int]],
                  ner_spans: list[tuple[int, int]], sub: Doc | None, keep: np.ndarray,
                  explained: dict[int, str]) -> None:
        ents: list[Span] = []
        if sub is not None:
            for ent in sub.ents:
                s, e = int(keep[ent.start]), int(keep[ent.end - 1]) + 1
                if e - s != ent.end - ent.start:
                    continue  # never across two segments
                label = _dictionary_label({explained.get(k) for k in range(s, e)}) \
                    or ent.label_
                if label != DROP:
                    ents.append(Span(doc, s, e, label=label))
        done = set(ner_spans)
        words = t.words
        for s, e in segments:
            if (s, e) in done:
                continue
            i = s
            while i < e:
                if not words[i][:1].isupper():
                    i += 1
                elif t.lowers[i] in self.dates and t.tags[i] in PROPER_TAGS:
                    ents.append(Span(doc, i, i + 1, label="DATE"))
                    i += 1
                elif hit := self._org_at(t, i, e, explained):
                    ents.append(Span(doc, i, hit, label="ORG"))
                    i = hit
                elif explained.get(i) == COUNTRY:
                    j = i + 1
                    while j < e and explained.get(j) == COUNTRY:
                        j += 1
                    ents.append(Span(doc, i, j, label="GPE"))
                    i = j
                else:
                    i += 1
        doc.set_ents(sorted(ents, key=lambda sp: sp.start), default="outside")

    def _org_at(self, t: Table, i: int, end: int, explained: dict[int, str]) -> int | None:
        """End of a run of capitalised words from token i (joined by 'of', 'for', 'and' before
        another capitalised word) that holds a body's noun, or None. A dictionary actor's name
        ends the run: it is named already."""
        if t.is_stop[i]:
            return None  # "The Nigerian Army": the name starts after the article
        words = t.words
        j, body = i, False
        while j < end:
            if explained.get(j) == NAMED:
                break
            if words[j][:1].isupper() and t.is_alpha[j]:
                body = body or t.lowers[j] in self.org_words
                j += 1
            elif words[j] in ORG_JOINERS and j > i and j + 1 < end \
                    and words[j + 1][:1].isupper():
                j += 1
            else:
                break
        while j > i and words[j - 1] in ORG_JOINERS:
            j -= 1
        return j if body and j - i >= 2 else None


def _segments(doc: Doc, t: Table) -> list[tuple[int, int]]:
    starts = segment_starts(doc, t)
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


DROP = ""
# what the dictionaries say a whole entity is, over what the NER says: a place the gazetteer
# knows is no person ("Gao", "Burkina Faso"), and a dateline no entity at all
_KIND_LABELS = {"place": "GPE", "country": "GPE", "demonym": "NORP", "dateline": DROP}


def _dictionary_label(kinds: set[str | None]) -> str | None:
    if len(kinds) == 1:
        return _KIND_LABELS.get(next(iter(kinds)))
    return None
