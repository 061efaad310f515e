"""Code articles into event mentions: who did what to whom, when and where, with provenance.

`Coder.code(articles)` parses a batch with spaCy (the staged run of `eventfold.coding.staged`:
the parser and the NER only where they are needed), finds event mentions sentence by sentence,
dates and places each one, and returns `ArticleCoding` records.
The coder version names the code, the model and a hash of the data files: when it changes,
articles are coded again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from eventfold import __version__
from eventfold.coding.actors import Affiliation, DocActors, NameSpan, place_tokens, scan_names
from eventfold.coding.coreference import Told, merge_retellings
from eventfold.coding.dates import DATE_WORDS, ResolvedDate, document_year, resolve_event_date
from eventfold.coding.dictionary import ActorDictionary, ActorRef, default_dictionary
from eventfold.coding.events import Cues, RawMention, find_mentions
from eventfold.coding.lexicon import Lexicon, default_lexicon
from eventfold.coding.nlp import dateline_spans, load_pipeline, model_name, model_version
from eventfold.coding.places import (
    MATERIAL_TYPES,
    Gazetteer,
    Place,
    dateline_place,
    event_place,
)
from eventfold.coding.resources import data_fingerprint, load_yaml
from eventfold.coding.staged import PARSED, StagedPipeline, TriggerForms, inflections, supports
from eventfold.ids import stable_id
from eventfold.records import Article

BATCH_SIZE = 32
MOVED_TO = ("AID", "MOBILIZE")  # located where the aid or the forces go
HOME_TYPES = ("COERCE", "PROTEST")  # done at home even with one actor named
ARMED_SECTORS = ("MIL", "REB")  # not placed by a dateline alone
HOME_SECTORS = ("JUD", "COP")  # courts and police act in their own country
ACT_TARGET_TYPES = ("ACCUSE", "REJECT", "SUPPORT")  # their target may be an act's doers
DEFINITE = ("the", "this", "that", "these", "those", "such")


@dataclass
class CodedMention:
    mention_id: str
    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    trigger: str
    event_type: str
    event_mode: str | None
    quad_class: int
    intensity: float
    cameo_root: str
    confidence: float
    event_date: date | None
    date_precision: str | None
    date_source: str | None
    place: Place | None
    sources: list[ActorRef]
    targets: list[ActorRef]
    published_at: datetime | None = None
    source_name: str | None = None


@dataclass
class ArticleCoding:
    article_id: str
    mentions: list[CodedMention] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    published_at: datetime | None = None


class Coder:
    """`staged` (the default) runs the parser and the NER only where they are needed
    (`eventfold.coding.staged`); `staged=False` runs the model's whole pipeline on every
    sentence, the reference the staged run is measured against."""

    def __init__(self, model: str | None = None, dictionary: ActorDictionary | None = None,
                 lexicon: Lexicon | None = None, gazetteer: Gazetteer | None = None,
                 staged: bool = True) -> None:
        self.model = model or model_name()
        self.staged = staged
        self.dictionary = dictionary or default_dictionary()
        self.lexicon = lexicon or default_lexicon()
        self._gazetteer = gazetteer
        stop = load_yaml("stoplists.yaml") or {}

        def words(key: str, one_word: bool = False) -> frozenset[str]:
            # the one-word cues are auxiliaries; the phrases are for sentence-level checks
            return frozenset(w.lower() for w in stop.get(key, [])
                             if not (one_word and " " in w))

        self.cues = Cues(
            negation=words("negation_cues"),
            hypothetical=words("hypothetical_cues", one_word=True),
            intention=words("intention_verbs"),
            reporting=words("reporting_verbs"),
            future=words("future_cues", one_word=True),
            obligation=words("obligation_cues", one_word=True),
            light_verbs=words("light_verbs"),
            hypothetical_modifiers=words("hypothetical_modifiers"),
            **{key: frozenset(w.lower() for w in values)
               for key, values in (load_yaml("constructions.yaml") or {}).items()},
        )
        self.actor_stopwords = set(stop.get("actor_stopwords", []))
        self.additive_markers = words("additive_markers")

    @cached_property
    def nlp(self):
        return load_pipeline(self.model)

    @cached_property
    def event_nouns(self) -> frozenset[str]:
        return frozenset(lemma for lemma, pos in self.lexicon.by_head if pos == "NOUN")

    @cached_property
    def _act_nouns(self) -> frozenset[str]:
        """Nouns that can name an act judged: the act nouns and the lexicon's event nouns."""
        return self.cues.act_nouns | self.event_nouns

    @cached_property
    def pipeline(self) -> StagedPipeline | None:
        """The staged run, or None where the model's layout does not allow it."""
        if not self.staged or not supports(self.nlp):
            return None
        cues = self.cues
        heads = {lemma for lemma, _ in self.lexicon.by_head}
        title_words = {w for title in self.dictionary.titles for w in title.split()}
        forms = TriggerForms(
            words=inflections(heads | cues.verdict_verbs | cues.attendance_verbs, self.nlp),
            pairs=((inflections(cues.reporting, self.nlp), cues.obligation | cues.blame_words),),
            title_words=inflections(title_words, self.nlp),
        )
        org_words = frozenset(w for w in self.dictionary.nouns if " " not in w)
        return StagedPipeline(self.nlp, forms, DATE_WORDS, org_words)

    @cached_property
    def _title_and_sector_words(self) -> frozenset[str]:
        return frozenset(self.dictionary.titles.keys() | self.dictionary.nouns.keys())

    def _explained(self, doc, names: dict[int, NameSpan], places: list[Place]
                   ) -> dict[int, str]:
        """Tokens the dictionaries account for, and how: names (`named` for a dictionary
        actor, else country or demonym), places, datelines, titles and sector nouns. A sentence
        with any other capitalised word goes to the statistical NER."""
        words = self._title_and_sector_words
        strings = doc.vocab.strings
        known: dict[int, str] = {i: "place" for i in place_tokens(doc, places)}
        for i, lower in enumerate(doc.to_array("LOWER").tolist()):
            text = strings[lower]
            if text in words or text.rstrip(".") in words:
                known[i] = "word"
        known.update((k, "dateline") for start, end in dateline_spans(doc)
                     for k in range(start, end))
        known.update((k, ns.kind) for k, ns in names.items())
        return known

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer or Gazetteer.default()

    @cached_property
    def version(self) -> str:
        return f"{__version__}+{model_version(self.model)}+data.{data_fingerprint()}"

    def code(self, articles: Iterable[Article]) -> list[ArticleCoding]:
        articles = list(articles)
        texts = [a.text for a in articles]
        places = [self.gazetteer.find(t) for t in texts]
        if self.pipeline is None:
            docs = self.nlp.pipe(texts, batch_size=BATCH_SIZE)
            return [self.code_doc(a, doc, p)
                    for a, doc, p in zip(articles, docs, places, strict=True)]
        names: dict[int, dict[int, NameSpan]] = {}

        def known(i: int, doc) -> dict[int, str]:
            names[i] = scan_names(doc, self.dictionary)
            return self._explained(doc, names[i], places[i])

        docs = self.pipeline.pipe(texts, known, batch_size=BATCH_SIZE)
        return [self.code_doc(a, doc, places[i], names.pop(i))
                for i, (a, doc) in enumerate(zip(articles, docs, strict=True))]

    def code_doc(self, article: Article, doc, doc_places: list[Place] | None = None,
                 names: dict[int, NameSpan] | None = None) -> ArticleCoding:
        actors = DocActors(doc, self.dictionary, self.actor_stopwords, names, self.event_nouns)
        published = article.published_at.date() if article.published_at else None
        year = document_year(article.text, published)
        if doc_places is None:
            doc_places = self.gazetteer.find(article.text)
        actors.add_places(doc_places)
        dateline = dateline_place(article.text, self.gazetteer)
        dateline_country = dateline.country if dateline else None
        coding = ArticleCoding(article.article_id, affiliations=actors.affiliations,
                               published_at=article.published_at)
        told: list[Told] = []
        prior: Place | None = None  # the last place an event of this article was told at
        parsed = doc.user_data.get(PARSED)  # staged run: the sentences that were parsed
        for s_index, sent in enumerate(doc.sents):
            if parsed is not None and sent.start not in parsed:
                continue  # no trigger word, a flat tree: nothing to find
            for raw in find_mentions(sent, actors, self.lexicon, self.cues):
                mention = self._mention(article, s_index, sent, raw, published, year, doc_places,
                                        dateline_country, prior)
                if mention is not None and not mention.targets \
                        and mention.event_type in ACT_TARGET_TYPES:
                    mention.targets = self._act_doers(raw.trigger, mention, told)
                if mention is not None:
                    told.append(Told(mention, raw.trigger, raw.entry.lemma.split()[0],
                                     raw.anonymous))
                    if mention.place is not None and mention.place.text \
                            and mention.place.precision in ("city", "admin1"):
                        prior = mention.place
        # a headline restated in the body is coded from the body; then an event told again
        # (in other words, or with its date or place) is folded into its first report
        kept = {id(m) for m in _drop_restated_headlines([t.mention for t in told], doc,
                                                        article.title)}
        coding.mentions = merge_retellings([t for t in told if id(t.mention) in kept],
                                           self.additive_markers)
        return coding

    def _mention(self, article: Article, s_index: int, sent, raw: RawMention,
                 published: date | None, year: int | None, doc_places: list[Place],
                 dateline_country: str | None = None, prior: Place | None = None
                 ) -> CodedMention | None:
        trig = raw.trigger
        anchor = trig.idx - sent.start_char
        document = article.text  # the parsed text (Doc.text rebuilds it on every call)
        when = resolve_event_date(sent.text, anchor, published, year,
                                  document=document, sentence_start=sent.start_char)
        if when is not None and published is not None and when.date > published:
            # dated after its own report: planned, not done (GUIDELINES); a promise or threat
            # about it is the event, made when reported
            if raw.entry.type not in ("AGREE", "THREATEN"):
                return None
            when = ResolvedDate(published, "day", "publication", None, None, None)
        where = event_place(
            sent.text, anchor, self.gazetteer,
            source_countries=[a.country for a in raw.sources if a.country],
            target_countries=[a.country for a in raw.targets if a.country],
            doc_places=doc_places, event_type=raw.entry.type,
            document=document, sentence_start=sent.start_char)
        if where is None and (raw.entry.mode == "visit" or raw.entry.type in MOVED_TO):
            where = self._visited_country(raw)  # "sent supplies to southern Turkey"
        if prior is not None and prior.country and raw.entry.type in MATERIAL_TYPES and (
                where is None or (where.precision == "country" and not where.text)):
            # "… rioted in Tripoli (North). Troops fired rubber bullets at the rioters": a
            # material event told next, with no place of its own, is in the country of the
            # one told before, not in the article-wide guess
            where = self.gazetteer.country_place(prior.country, 0, 0, "")
        placed = where is not None and where.precision in ("city", "admin1")
        # the country the article's places point to places police and crowds like a dateline
        # does, not armies (a country named in the sentence may be where they were sent)
        derived = where is not None and where.precision == "country" and not where.text
        local = where.country if where is not None and (placed or derived) and where.country \
            else dateline_country
        if local:
            # "militants attacked a checkpoint in Djibo", "federal police arrested …" under a
            # Buenos Aires dateline: unnamed armed men, police or crowds belong to the country
            # where they act (a dateline says where the reporter is: it places police and
            # crowds, not armies, which a MOSCOW story may well report from Syria)
            if raw.entry.mode != "visit":  # a visitor comes from elsewhere
                raw.sources = [self._localized(a, local, placed) for a in raw.sources]
            raw.targets = [self._localized(a, local, placed) for a in raw.targets]
        raw.targets = self._unnamed_targets(raw)
        if where is None:
            where = self._home_country(raw)
        info = self.lexicon.type_info(raw.entry.type, raw.entry.mode)
        lo = min(raw.span_tokens)
        hi = max(raw.span_tokens)
        doc = trig.doc
        start = min(doc[lo].left_edge.idx, doc[lo].idx) if lo != trig.i else trig.idx
        start = max(start, sent.start_char)
        end = max(doc[hi].idx + len(doc[hi].text), trig.idx + len(trig.text))
        mention_id = stable_id("men", article.article_id, s_index, trig.idx, raw.entry.type,
                               ",".join(a.actor_id for a in raw.sources))
        return CodedMention(
            mention_id=mention_id, article_id=article.article_id, sentence_index=s_index,
            char_start=start, char_end=end, trigger=trig.text, event_type=raw.entry.type,
            event_mode=raw.entry.mode, quad_class=info.quad_class, intensity=info.intensity,
            cameo_root=info.cameo_root, confidence=round(raw.confidence, 3),
            event_date=when.date if when else None,
            date_precision=when.precision if when else None,
            date_source=when.source if when else None,
            place=where, sources=raw.sources, targets=raw.targets,
            published_at=article.published_at, source_name=article.source_name,
        )

    def _act_doers(self, trigger, mention: CodedMention, told: list[Told]) -> list[ActorRef]:
        """'Lithuania expelled two diplomats. Belarus called the expulsions unfounded', '…
        recognised a Palestinian state, a move Israel condemned': what is condemned, rejected
        or welcomed is an act named by a definite event noun or act noun with no doer of its
        own. It is the last act of its type told before, or else the last act told in this
        sentence or the two before, and its doers are the target."""
        noun = _act_object(trigger, self._act_nouns)
        if noun is None:
            return []
        types = {t.type for t in self.lexicon.candidates(noun.lemma_, "NOUN")}
        own = {a.actor_id for a in mention.sources}
        earlier = [t.mention for t in told
                   if t.mention.char_start < trigger.idx and t.mention.sources
                   and not own & {a.actor_id for a in t.mention.sources}]
        act = next((m for m in reversed(earlier) if m.event_type in types), None) or next(
            (m for m in reversed(earlier) if m.sentence_index >= mention.sentence_index - 2),
            None)
        return list(act.sources) if act is not None else []

    def _localized(self, actor: ActorRef, country: str, placed: bool = True) -> ActorRef:
        if not placed and actor.sector in ARMED_SECTORS:
            return actor
        if actor.actor_id.startswith("XXX_") and actor.sector and actor.sector != "IGO":
            return self.dictionary.generic_actor(country, actor.sector, actor.actor_type,
                                                 actor.text)
        return actor

    def _unnamed_targets(self, raw: RawMention) -> list[ActorRef]:
        """Unnamed targets whose country the sentence left open. Repression is domestic: "the
        Sandinista government ordered the opposition newspaper …" (COERCE) acts on its own
        country's press, and courts and police judge and arrest at home. (An unnamed force
        of the source's own sector is its instrument, not a target: events._object_targets.)"""
        sources = [a for a in raw.sources if a.country]
        if not sources or not (raw.entry.type == "COERCE"
                               or any(s.sector in HOME_SECTORS for s in sources)):
            return raw.targets
        return [self._localized(t, sources[0].country) for t in raw.targets]

    def _home_country(self, raw: RawMention) -> Place | None:
        """Where the text names no place, an event among actors of one country took place in
        it ("the Dutch government apologised for the Netherlands' role"), and so did what a
        country's courts or police did ("a Moscow court convicted Navalny"), an arrest or
        seizure by a state's own organs or a protest by its people; at country precision,
        never finer."""
        people = [*raw.sources, *raw.targets]
        countries = {a.country for a in people}
        if any(a.sector in HOME_SECTORS and a.country for a in raw.sources):
            countries = {a.country for a in raw.sources if a.sector in HOME_SECTORS}
        elif len(people) < 2 and raw.entry.type not in HOME_TYPES:
            return None
        if len(countries) != 1 or None in countries:
            return None
        iso3 = next(iter(countries))
        if iso3 not in self.dictionary.countries:
            return None
        return self.gazetteer.country_place(iso3, 0, 0, "")

    def _visited_country(self, raw: RawMention) -> Place | None:
        """A visit's place is the place visited: a country target stands for its country;
        so is the place aid or forces are sent to."""
        for t in raw.targets:
            if t.actor_type == "country" and t.country in self.dictionary.countries:
                return self.gazetteer.country_place(t.country, 0, 0, t.text)
        return None


def _act_object(trigger, act_nouns: frozenset[str]):
    """The act a verb of judgement is about, when a noun names it without its doer: a definite
    object ('called the expulsions unfounded') or the noun the verb's relative clause hangs on
    ('a move Israel condemned'); `act_nouns` holds the act nouns and the lexicon's event
    nouns."""
    candidates = [c for c in trigger.children if c.dep_ in ("dobj", "obj")
                  and any(d.dep_ == "det" and d.lower_ in DEFINITE for d in c.children)]
    if trigger.dep_ == "relcl":
        candidates.append(trigger.head)
    for noun in candidates:
        lemma = noun.lemma_.lower()
        if noun.pos_ == "NOUN" and lemma in act_nouns \
                and not any(c.dep_ in ("poss", "compound") or (c.dep_ == "prep"
                            and c.lower_ in ("by", "of")) for c in noun.children):
            return noun
    return None


def _drop_restated_headlines(mentions: list[CodedMention], doc, title: str | None
                             ) -> list[CodedMention]:
    """A headline sums up the lead: an event in the headline that the body reports again
    (same type, a shared source) is coded once, from the body, which dates it better."""
    first = next(iter(doc.sents), None)
    if first is None:
        return mentions
    text = doc.text
    head_end = len(text[: first.end_char].rstrip())
    if title is None and "\n" not in text[head_end:head_end + 3]:
        return mentions  # no headline paragraph: the first sentence is the lead
    body = [m for m in mentions if m.char_start >= head_end]
    kept = []
    for m in mentions:
        if m.char_start < head_end and any(
                b.event_type == m.event_type
                and {a.actor_id for a in b.sources} & {a.actor_id for a in m.sources}
                for b in body):
            continue
        kept.append(m)
    return kept

