"""The bare coder's speed, staged and whole: articles and words a second on one core, how much
of the text the parser and the NER saw, and whether both runs coded the same mentions.

`eventfold bench` prints this for its synthetic articles; `eventfold bench --corpus FILE…` for
real ones (any input `eventfold run` reads), since synthetic articles name mostly dictionary
actors and so need the NER less than news does.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from eventfold.coding.coder import Coder
from eventfold.records import Article

TARGET_WORDS = 600  # the coder's speed target is set on 600-word articles (issue 3)


@dataclass
class CoderSpeed:
    mode: str  # staged | whole
    articles: int
    words: int
    seconds: float
    mentions: int
    tokens: int = 0
    parsed: int = 0  # tokens the parser saw (staged); all of them in the whole run
    ner: int = 0  # tokens the NER saw

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def rate_at_target(self) -> float:
        """Articles a second for articles of TARGET_WORDS words, at this words/s."""
        return self.words_per_second / TARGET_WORDS

    def to_dict(self) -> dict:
        data = dict(self.__dict__)
        data.update(articles_per_second=round(self.rate, 2),
                    words_per_second=round(self.words_per_second, 1),
                    articles_per_second_at_600_words=round(self.rate_at_target, 2))
        return data


def _mention_keys(codings) -> set[tuple]:
    return {(m.article_id, m.char_start, m.trigger, m.event_type, m.event_date,
             tuple(a.actor_id for a in m.sources), tuple(a.actor_id for a in m.targets))
            for c in codings for m in c.mentions}


def time_coder(articles: list[Article], coder: Coder, batch_size: int = 64
               ) -> tuple[CoderSpeed, list]:
    """Code `articles` with `coder` in batches, once, timed (the model is loaded first)."""
    _ = coder.nlp, coder.gazetteer, coder.pipeline
    if coder.pipeline is not None:
        coder.pipeline.counts.__init__()
    t = time.perf_counter()
    codings = []
    for i in range(0, len(articles), batch_size):
        codings.extend(coder.code(articles[i:i + batch_size]))
    seconds = time.perf_counter() - t
    speed = CoderSpeed("staged" if coder.pipeline is not None else "whole", len(articles),
                       sum(len(a.text.split()) for a in articles), seconds,
                       sum(len(c.mentions) for c in codings))
    if coder.pipeline is not None:
        counts = coder.pipeline.counts
        speed.tokens, speed.parsed, speed.ner = counts.tokens, counts.parsed, counts.ner
    return speed, codings


def compare_modes(articles: list[Article], batch_size: int = 64, staged: Coder | None = None
                  ) -> tuple[list[CoderSpeed], dict]:
    """Time the staged coder and the whole pipeline on the same articles; the agreement is
    the share of mentions both coded alike. An untimed pass first puts every word of the
    corpus in the model's vocabulary (both share it), as a long-running coder has it: the
    first sight of a word costs more than the rest."""
    staged = staged or Coder()
    time_coder(articles, staged, batch_size)
    fast, fast_codings = time_coder(articles, staged, batch_size)
    whole, whole_codings = time_coder(articles, Coder(staged=False), batch_size)
    whole.tokens = whole.parsed = whole.ner = fast.tokens
    a, b = _mention_keys(fast_codings), _mention_keys(whole_codings)
    agreement = {"same": len(a & b), "only_staged": len(a - b), "only_whole": len(b - a)}
    return [fast, whole], agreement


def load_articles(paths: list[Path]) -> tuple[list[Article], int]:
    """Articles from any inputs `eventfold run` reads, through the normal ingest; also how many
    inputs were quarantined."""
    from eventfold.ingest import ArticleStore, ingest_inputs

    with tempfile.TemporaryDirectory(prefix="eventfold-speed-") as tmp:
        ingested = ingest_inputs(paths, ArticleStore(Path(tmp) / "store"))
    return ingested.articles, len(ingested.quarantine)


def format_speeds(speeds: list[CoderSpeed], agreement: dict, title: str) -> str:
    lines = [title,
             f"  {'mode':<8}{'articles':>9}{'words/art':>10}{'seconds':>9}{'art/s':>8}"
             f"{'words/s':>9}{'art/s @600w':>12}{'parsed':>8}{'NER':>7}{'mentions':>10}"]
    def share(n: int, tokens: int) -> str:
        return f"{100 * n / tokens:.0f}%" if tokens else "-"

    for s in speeds:
        lines.append(
            f"  {s.mode:<8}{s.articles:>9,}{s.words / max(s.articles, 1):>10.0f}"
            f"{s.seconds:>9.2f}{s.rate:>8.1f}{s.words_per_second:>9,.0f}"
            f"{s.rate_at_target:>12.1f}{share(s.parsed, s.tokens):>8}{share(s.ner, s.tokens):>7}"
            f"{s.mentions:>10,}")
    total = sum(agreement.values())
    lines.append(f"  mentions coded alike by both: {agreement['same']:,} of {total:,} "
                 f"(only staged {agreement['only_staged']}, only whole "
                 f"{agreement['only_whole']})")
    return "\n".join(lines)
