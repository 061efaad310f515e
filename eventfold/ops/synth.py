"""Synthetic wire-style articles for benchmarks: deterministic templates filled with real
country names, capitals and demonyms (countries.csv), international bodies and armed groups
(actors.yaml), and event verbs of the PLOVER lexicon — varied enough that the coder finds
events of every type in them. Not news: never publish what this makes.

`synthetic_articles(n)` gives n distinct JSONL records (`id`, `url`, `title`, `published`,
`text`, `source`); `write_jsonl` writes them in files of `per_file` records.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from eventfold.coding.resources import load_countries, load_yaml, split_list

SOURCES = ("Eventfold Wire", "Harbour Herald", "Meridian Post", "Continental Ledger",
           "Northern Dispatch", "Atlas Daily")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# {S}/{T}: country names; {Sd}/{Td}: demonyms; {Sc}/{Tc}: capitals; {O}: an international body;
# {G}: an armed group; {n}: a number; {day}: a weekday. One template per line, by PLOVER type.
EVENTS: dict[str, tuple[str, ...]] = {
    "AGREE": (
        "{S} and {T} agreed on {day} to reopen their embassies.",
        "{S} promised to help {T} rebuild its power grid.",
        "The {Sd} government pledged to support {T} in its talks with {O}.",
    ),
    "CONSULT": (
        "The foreign minister of {S} met his {Td} counterpart in {Sc} on {day}.",
        "{S} held talks with {T} on border security and trade.",
        "The {Sd} president visited {T} on {day}, his first trip abroad this year.",
    ),
    "SUPPORT": (
        "{S} praised {T} for its role in the ceasefire negotiations.",
        "The {Sd} foreign ministry welcomed the decision by {O}.",
    ),
    "CONCEDE": (
        "{S} released {n} {Td} prisoners on {day}.",
        "{S} apologised to {T} for the violation of its airspace.",
    ),
    "COOPERATE": (
        "{S} and {T} signed a defence cooperation agreement in {Tc}.",
        "{S} and {T} held joint naval exercises off the coast.",
    ),
    "AID": (
        "{S} sent {n} tonnes of humanitarian aid to {T}.",
        "{O} delivered food and medicine to displaced families in {T}.",
    ),
    "RETREAT": (
        "{S} withdrew its troops from the border with {T} on {day}.",
    ),
    "REQUEST": (
        "{S} called on {T} to release the detained journalists.",
        "{O} urged {S} and {T} to return to negotiations.",
    ),
    "ACCUSE": (
        "{S} accused {T} of violating the ceasefire.",
        "The {Sd} government accused {G} of attacking civilians.",
    ),
    "REJECT": (
        "{S} rejected a proposal by {T} for a new round of talks.",
    ),
    "THREATEN": (
        "{S} threatened to impose sanctions on {T}.",
        "{G} threatened to attack {Sd} troops in the region.",
    ),
    "PROTEST": (
        "Thousands of people protested in {Sc} on {day} against rising prices.",
        "Hundreds of {Sd} students demonstrated outside the parliament in {Sc}.",
    ),
    "SANCTION": (
        "{S} imposed sanctions on {T} over its nuclear programme.",
        "{S} expelled {n} {Td} diplomats on {day}.",
    ),
    "MOBILIZE": (
        "{S} deployed troops to its border with {T}.",
        "The {Sd} army put its forces on high alert after the clashes.",
    ),
    "COERCE": (
        "{Sd} police arrested {n} opposition supporters in {Sc} on {day}.",
        "{Sd} authorities detained a {Td} journalist at the airport.",
    ),
    "ASSAULT": (
        "{G} fighters attacked an army base in {S} on {day}, killing {n} soldiers.",
        "{S} launched air strikes on {G} positions near the border with {T}.",
        "{Sd} troops clashed with {G} fighters in the north of the country.",
    ),
}
BACKGROUND = (
    "Relations between the two countries have improved since a dispute over fishing rights.",
    "Trade between them reached about {n} billion dollars last year, official figures show.",
    "The region has been unstable for more than a decade.",
    "Officials gave no further details.",
    "The capital {Sc} was calm on {day} evening, residents said.",
    "Both governments are due to hold elections next year.",
    "The border between {S} and {T} runs for more than {n} kilometres.",
    "Prices of fuel and bread have risen sharply in recent months.",
    "The {Sd} economy grew by {n} percent in the first half of the year, the central bank "
    "says, although unemployment among young people remains high.",
    "More than {n} thousand people have left the border area since the start of the year, "
    "many of them to cities in the south.",
    "The talks in {Tc} are the first of their kind since the end of the war, which left tens "
    "of thousands of people dead and much of the infrastructure in ruins.",
    "Diplomats in {Sc} describe the mood as cautious, with both sides wary of promises that "
    "went unfulfilled in the past.",
    "The parliament in {Tc} is expected to debate the budget next month, with spending on "
    "health and education at the centre of the discussion.",
    "The {Td} currency has lost about a third of its value against the dollar over the past "
    "{n} months.",
    "Heavy rain in the west of the country has damaged roads and bridges, complicating "
    "deliveries to remote villages.",
    "Independent observers have had limited access to the area for several years.",
    "Local newspapers in {Sc} covered the story on their front pages on {day}.",
)
TITLES = (
    "{what}",
    "{what} as tensions in the region rise",
    "{S} and {T}: {what}",
)


@dataclass(frozen=True)
class _Country:
    name: str
    demonym: str
    capital: str


def _countries() -> list[_Country]:
    out = []
    for row in load_countries():
        demonyms = split_list(row.get("demonyms"))
        if row.get("capital_metonym") == "1" and demonyms and row.get("capital"):
            if "," not in row["name"] and "(" not in row["name"]:
                out.append(_Country(row["name"], demonyms[0], row["capital"]))
    return sorted(out, key=lambda c: c.name)


def _actors(kind: str) -> list[str]:
    names = [a["name"] for a in load_yaml("actors.yaml") or []
             if a.get("type") == kind and "(" not in a["name"] and '"' not in a["name"]]
    return sorted(names)


class Generator:
    """Deterministic: article i is the same for the same seed, whatever n is."""

    def __init__(self, seed: int = 20261125) -> None:
        self.seed = seed
        self.countries = _countries()
        self.bodies = _actors("igo")[:40]
        self.groups = _actors("group")[:40]
        self.types = sorted(EVENTS)

    def _fill(self, template: str, rng: random.Random, s: _Country, t: _Country,
              what: str = "") -> str:
        return template.format(
            S=s.name, T=t.name, Sd=s.demonym, Td=t.demonym, Sc=s.capital, Tc=t.capital,
            O=rng.choice(self.bodies), G=rng.choice(self.groups), n=rng.randint(2, 90),
            day=rng.choice(WEEKDAYS), what=what)

    def article(self, i: int, words: int = 0) -> dict:
        """Article i; with `words`, lengthened by more reports and background until it has
        at least that many words (the coder's speed target is set on 600-word articles)."""
        rng = random.Random(f"{self.seed}:{i}")
        s, t = rng.sample(self.countries, 2)
        published = date(2024, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        kinds = rng.sample(self.types, rng.randint(4, 6))
        sentences = []
        for k, kind in enumerate(kinds):
            a, b = (s, t) if k % 2 == 0 else rng.sample(self.countries, 2)
            sentences.append(self._fill(rng.choice(EVENTS[kind]), rng, a, b))
        background = [self._fill(x, rng, s, t)
                      for x in rng.sample(BACKGROUND, rng.randint(6, 9))]
        body = sentences[:1] + background[:2] + sentences[1:] + background[2:]
        while words and sum(len(x.split()) for x in body) < words:
            kind = rng.choice(self.types)
            a, b = rng.sample(self.countries, 2)
            body.append(self._fill(rng.choice(EVENTS[kind]), rng, a, b))
            body.append(self._fill(rng.choice(BACKGROUND), rng, s, t))
        body.append(f"(Reporting by the {SOURCES[i % len(SOURCES)]} desk; story {i}.)")
        dateline = (f"{s.capital.upper()}, {MONTHS[published.month - 1]} {published.day}, "
                    f"{published.year} ({SOURCES[i % len(SOURCES)]}) — ")
        paragraphs = [dateline + body[0]] + [" ".join(body[j:j + 2])
                                             for j in range(1, len(body), 2)]
        title = self._fill(rng.choice(TITLES), rng, s, t, what=sentences[0].rstrip("."))
        return {
            "id": f"synth-{i:07d}",
            "url": f"https://synthetic.eventfold.invalid/{published.isoformat()}/{i}",
            "title": title[:200],
            "published": f"{published.isoformat()}T08:00:00Z",
            "text": "\n\n".join(paragraphs),
            "source": SOURCES[i % len(SOURCES)],
            "language": "en",
        }


def synthetic_articles(n: int, seed: int = 20261125, start: int = 0, words: int = 0
                       ) -> Iterator[dict]:
    gen = Generator(seed)
    for i in range(start, start + n):
        yield gen.article(i, words)


def write_jsonl(folder: Path, n: int, *, per_file: int = 1000, seed: int = 20261125,
                start: int = 0, words: int = 0) -> list[Path]:
    """n synthetic articles as `folder/synth-NNNNN.jsonl`, `per_file` records a file; with
    `words`, each at least that long."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    records = synthetic_articles(n, seed, start, words)
    for first in range(start, start + n, per_file):
        path = folder / f"synth-{first:07d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for _ in range(min(per_file, start + n - first)):
                fh.write(json.dumps(next(records), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
