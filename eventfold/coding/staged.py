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
   is parsed as in the whole article; the parser may split a sentence further, never join two.
   Other sentences get a flat tree (every token attached to the first, `dep`), which no rule
   of the coder reads as an event;
3. run the attribute ruler and the lemmatizer on the whole article, as the model does;
4. run the NER on the sentences that hold a capitalised word the caller does not explain (the
   coder explains dictionary names, gazetteer places, datelines and titles). Elsewhere the
   known country names are GPE and weekday and month names DATE, as the NER would tag them.

`StagedPipeline.pipe(texts, known)` yields one `Doc` per text, in order. `known(i, doc)` gets
the tagged, parsed article and returns the token indices it explains. Models whose parser does
not listen to a shared tok2vec (transformers, other layouts) run the full pipeline instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, HEAD, NORM, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from eventfold.coding.nlp import dateline_spans

REQUIRED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "”", "’", ")", "]", "»"})
PROPER_TAGS = frozenset({"NNP", "NNPS"})
SPLIT_INSIDE = False
ORG_JOINERS = frozenset({"of", "for", "and"})
# parts of speech the lemmatizer's rule tables cover, and the (form suffix, lemma suffix) rules
RULE_POS = ("verb", "noun", "adj")

Known = Callable[[int, Doc], set[int]]


@dataclass
class StageCounts:
    """What the last batches ran on: tokens in all, parsed, and seen by the NER."""

    tokens: int = 0
    parsed: int = 0
    ner: int = 0
    sentences: int = 0
    parsed_sentences: int = 0
    ner_sentences: int = 0

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


def segment_starts(doc: Doc) -> list[int]:
    """Sentence starts by rule: the first token, the token after a blank line or a dateline's
    dash, and the first word after sentence-final punctuation (and its closing quotes or
    brackets) that does not start in lower case ("5 p.m. on Monday" stays one sentence; the
    parser may still split what this keeps together)."""
    n = len(doc)
    starts = {0}
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            starts.add(tok.i + 1)
    for _, dash in dateline_spans(doc):
        if dash + 1 < n:
            starts.add(dash + 1)
    i = 0
    while i < n:
        if doc[i].text in SENTENCE_END:
            j = i + 1
            # closing quotes and brackets follow without a space; an opening one does not
            while j < n and (doc[j].text in CLOSERS or doc[j].text in SENTENCE_END) \
                    and not doc[j - 1].whitespace_:
                j += 1
            while j < n and doc[j].is_space:
                j += 1
            if j < n and not doc[j].text[:1].islower():
                starts.add(j)
            i = j
        else:
            i += 1
    return sorted(s for s in starts if s < n)


class StagedPipeline:
    def __init__(self, nlp: Language, forms: TriggerForms, dates: frozenset[str],
                 countries: dict[str, str] | None = None,
                 org_words: frozenset[str] = frozenset()) -> None:
        self.nlp = nlp
        self.forms = forms
        # where the NER is not run: weekday and month names are DATE, country names GPE, and
        # capitalised names holding a body's noun ORG ("the Nigerian Army", "the Department of
        # Foreign Affairs"), as the NER tags them
        self.dates = dates
        self.countries = countries or {}
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
        segments = [self._segments(doc) for doc in docs]
        lowers = [[t.lower_ for t in doc] for doc in docs]
        chosen = [[(s, e) for s, e in segs if self.forms.wanted(low[s:e])]
                  for segs, low in zip(segments, lowers, strict=True)]
        subs = [self._subdoc(doc, spans, tensor=True) for doc, spans in zip(docs, chosen,
                                                                             strict=True)]
        parsed = nlp.get_pipe("parser").pipe([s for s, _ in subs if s is not None])
        for doc, segs, (sub, keep) in zip(docs, segments, subs, strict=True):
            self._set_parse(doc, segs, sub if sub is None else next(parsed), keep)
        for name in ("attribute_ruler", "lemmatizer"):
            docs = list(nlp.get_pipe(name).pipe(docs))
        ner_spans = []
        for k, (doc, segs) in enumerate(zip(docs, segments, strict=True)):
            explained = known(first + k, doc) if known is not None else set()
            ner_spans.append([(s, e) for s, e in segs if self._unexplained(doc, s, e, explained)])
        ner_subs = [self._subdoc(doc, spans, tensor=False)
                    for doc, spans in zip(docs, ner_spans, strict=True)]
        tagged = nlp.get_pipe("ner").pipe([s for s, _ in ner_subs if s is not None])
        for doc, segs, spans, (sub, keep) in zip(docs, segments, ner_spans, ner_subs,
                                                 strict=True):
            self._set_ents(doc, segs, spans, sub if sub is None else next(tagged), keep)
        for doc, segs, chosen_segs, spans in zip(docs, segments, chosen, ner_spans, strict=True):
            counts.tokens += len(doc)
            counts.sentences += len(segs)
            counts.parsed += sum(e - s for s, e in chosen_segs)
            counts.parsed_sentences += len(chosen_segs)
            counts.ner += sum(e - s for s, e in spans)
            counts.ner_sentences += len(spans)
        self.counts.add(counts)
        return docs

    @staticmethod
    def _segments(doc: Doc) -> list[tuple[int, int]]:
        starts = segment_starts(doc)
        return list(zip(starts, [*starts[1:], len(doc)], strict=True))

    def _unexplained(self, doc: Doc, start: int, end: int, explained: set[int]) -> bool:
        """Whether the segment holds a capitalised word that is no known name: a proper noun,
        or any capitalised word after the segment's first word."""
        first_word = True
        for tok in doc[start:end]:
            if not tok.is_alpha:
                continue
            if tok.text[0].isupper() and tok.i not in explained \
                    and tok.lower_ not in self.dates \
                    and (tok.tag_ in PROPER_TAGS or not first_word):
                return True
            first_word = False
        return False

    @staticmethod
    def _subdoc(doc: Doc, spans: list[tuple[int, int]], tensor: bool
                ) -> tuple[Doc | None, np.ndarray]:
        """One Doc of the article's chosen segments, in order, each starting a sentence; the
        article's own embeddings and token norms come along."""
        if not spans:
            return None, np.zeros(0, dtype=np.int64)
        keep = np.concatenate([np.arange(s, e) for s, e in spans])
        words = [doc[int(i)].text for i in keep]
        spaces = [bool(doc[int(i)].whitespace_) for i in keep]
        ends = {e - 1 for _, e in spans}
        for j, i in enumerate(keep):
            if int(i) in ends:
                spaces[j] = True  # the last token of a segment never runs into the next
        starts = {s for s, _ in spans}
        if tensor:  # for the parser: our sentence starts, the rest left to it
            sent_starts = [True if int(i) in starts else SPLIT_INSIDE for i in keep]
        else:  # for the NER: the sentences as parsed
            parsed = doc.to_array([SENT_START])[keep].astype(np.int64).tolist()
            sent_starts = [int(i) in starts or p == 1 for i, p in zip(keep, parsed, strict=True)]
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

    def _set_ents(self, doc: Doc, segments: list[tuple[int, int]],
                  ner_spans: list[tuple[int, int]], sub: Doc | None, keep: np.ndarray) -> None:
        ents: list[Span] = []
        if sub is not None:
            for ent in sub.ents:
                s, e = int(keep[ent.start]), int(keep[ent.end - 1]) + 1
                if e - s == ent.end - ent.start:  # never across two segments
                    ents.append(Span(doc, s, e, label=ent.label))
        done = set(ner_spans)
        for s, e in segments:
            if (s, e) in done:
                continue
            i = s
            while i < e:
                tok = doc[i]
                if tok.lower_ in self.dates and tok.text[0].isupper() \
                        and tok.tag_ in PROPER_TAGS:
                    ents.append(Span(doc, i, i + 1, label="DATE"))
                    i += 1
                    continue
                hit = self._org_at(doc, i, e)
                if hit:
                    ents.append(Span(doc, i, hit, label="ORG"))
                    i = hit
                    continue
                hit = self._country_at(doc, i, e)
                if hit:
                    ents.append(Span(doc, i, hit, label="GPE"))
                    i = hit
                    continue
                i += 1
        doc.set_ents(sorted(ents, key=lambda sp: sp.start), default="outside")

    def _org_at(self, doc: Doc, i: int, end: int) -> int | None:
        """End of a run of capitalised words from token i (joined by 'of', 'for', 'and' before
        another capitalised word) that holds a body's noun, or None."""
        if doc[i].is_stop:
            return None  # "The Nigerian Army": the name starts after the article
        j, body = i, False
        while j < end:
            text = doc[j].text
            if text[:1].isupper() and doc[j].is_alpha:
                body = body or text.lower() in self.org_words
                j += 1
            elif text in ORG_JOINERS and j > i and j + 1 < end and doc[j + 1].text[:1].isupper():
                j += 1
            else:
                break
        while j > i and doc[j - 1].text in ORG_JOINERS:
            j -= 1
        return j if body and j - i >= 2 else None

    def _country_at(self, doc: Doc, i: int, end: int) -> int | None:
        """End of the longest country name starting at token i (up to four tokens)."""
        if not doc[i].text[:1].isupper():
            return None
        best = None
        for n in range(1, min(4, end - i) + 1):
            if doc[i: i + n].text in self.countries:
                best = i + n
        return best
