"""The actor dictionary: countries, named actors, sector nouns and titles, by surface form.

Built from countries.csv, actors.yaml and sectors.yaml. Lookups are case-sensitive for names
(so "Chad" the country is not "chad") and lower-case for sector nouns and titles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

from eventfold.coding.resources import data_path, load_countries, load_yaml, split_list
from eventfold.ids import stable_id


@dataclass(frozen=True)
class ActorRef:
    """One resolved actor: its canonical identity plus the words that named it."""

    actor_id: str
    name: str
    actor_type: str
    country: str | None
    sector: str | None
    wikidata_id: str | None = None
    text: str = field(default="", compare=False)
    part_of: str | None = field(default=None, compare=False)

    def with_text(self, text: str) -> ActorRef:
        return ActorRef(self.actor_id, self.name, self.actor_type, self.country, self.sector,
                        self.wikidata_id, text, self.part_of)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    latitude: float | None
    longitude: float | None
    wikidata_id: str | None


@dataclass(frozen=True)
class SectorWord:
    sector: str
    actor_type: str = "group"
    relation: str | None = None


class ActorDictionary:
    """Surface forms → actors, and the sector nouns / person titles of the coder."""

    def __init__(self, countries: list[dict], actors: list[dict], sectors: dict,
                 people: list[dict] | None = None) -> None:
        self.countries: dict[str, Country] = {}
        self.country_forms: dict[str, str] = {}  # name/alias/capital-metonym -> ISO3
        self.demonyms: dict[str, str] = {}  # demonym -> ISO3
        for row in countries:
            iso3 = row["iso3"].strip()
            lat, lon = row.get("latitude"), row.get("longitude")
            self.countries[iso3] = Country(
                iso3, row["name"].strip(),
                float(lat) if lat else None, float(lon) if lon else None,
                (row.get("wikidata_id") or "").strip() or None,
            )
            for form in [row["name"], *split_list(row.get("aliases"))]:
                self.country_forms.setdefault(form.strip(), iso3)
            if str(row.get("capital_metonym", "0")).strip() == "1" and row.get("capital"):
                self.country_forms.setdefault(row["capital"].strip(), iso3)
            for dem in split_list(row.get("demonyms")):
                self.demonyms.setdefault(dem, iso3)
        self.named: dict[str, ActorRef] = {}  # id -> actor
        self.named_forms: dict[str, str] = {}  # alias -> id
        for entry in actors:
            ref = ActorRef(
                actor_id=entry["id"], name=entry["name"], actor_type=entry["type"],
                country=entry.get("country"), sector=entry.get("sector"),
                wikidata_id=entry.get("wikidata"), part_of=entry.get("part_of"),
            )
            self.named[ref.actor_id] = ref
            for form in [entry["name"], *(entry.get("aliases") or [])]:
                self.named_forms.setdefault(str(form), ref.actor_id)
        for entry in people or []:
            # people get the same ID as the coder gives a person found by name in the text
            ref = self.person_actor(entry["name"], entry.get("country"), entry.get("sector"))
            ref = ActorRef(ref.actor_id, ref.name, "person", ref.country, ref.sector,
                           entry.get("wikidata"))
            self.named[ref.actor_id] = ref
            for form in [entry["name"], *(entry.get("aliases") or [])]:
                self.named_forms.setdefault(str(form), ref.actor_id)
        self.nouns: dict[str, SectorWord] = {
            k.lower(): SectorWord(v["sector"], v.get("type", "group"))
            for k, v in (sectors.get("nouns") or {}).items()
        }
        self.labels: dict[str, str] = dict(sectors.get("labels") or {})
        self.anaphors: frozenset[str] = frozenset(sectors.get("anaphors") or [])
        self.heads: frozenset[str] = frozenset(sectors.get("heads") or [])
        self.members: frozenset[str] = frozenset(sectors.get("members") or [])
        self.unidentified: frozenset[str] = frozenset(sectors.get("unidentified") or [])
        self.titles: dict[str, SectorWord] = {
            k.lower(): SectorWord(v["sector"], "person", v.get("relation"))
            for k, v in (sectors.get("titles") or {}).items()
        }

    # -- actors -----------------------------------------------------------------
    @cached_property
    def name_prefixes(self) -> frozenset[str]:
        """Every beginning of every name form: a text that is none of them can not grow into
        a name."""
        forms = [*self.named_forms, *self.country_forms, *self.demonyms]
        return frozenset(f[:k] for f in forms for k in range(1, len(f) + 1))

    def country_actor(self, iso3: str, text: str = "") -> ActorRef:
        c = self.countries[iso3]
        return ActorRef(iso3, c.name, "country", iso3, None, c.wikidata_id, text)

    def named_actor(self, actor_id: str, text: str = "") -> ActorRef:
        return self.named[actor_id].with_text(text)

    def generic_actor(self, country: str | None, sector: str, actor_type: str,
                      text: str = "") -> ActorRef:
        label = self.labels.get(sector, sector.lower())
        if country and country in self.countries:
            name = f"{self.countries[country].name} {label}"
        else:
            name = label[:1].upper() + label[1:] + " (unidentified country)"
        actor_type = "organization" if actor_type == "person" else actor_type
        return ActorRef(f"{country or 'XXX'}_{sector}", name, actor_type, country, sector,
                        None, text)

    def person_actor(self, full_name: str, country: str | None, sector: str | None,
                     text: str = "") -> ActorRef:
        key = " ".join(full_name.split()).lower()
        return ActorRef(stable_id("per", key), full_name, "person", country, sector, None, text)

    def organization_actor(self, name: str, country: str | None, text: str = "") -> ActorRef:
        key = " ".join(name.split()).lower()
        return ActorRef(stable_id("org", key), name, "organization", country, None, None, text)



@cache
def default_dictionary() -> ActorDictionary:
    return ActorDictionary(list(load_countries()), load_yaml("actors.yaml") or [],
                           load_yaml("sectors.yaml") or {}, _people())


def _people() -> list[dict]:
    """people.yaml is optional: a deployment may leave out named people."""
    return (load_yaml("people.yaml") or []) if data_path("people.yaml").is_file() else []
