"""Checks of the reviewed people dictionary eventfold/coding/data/people.yaml."""

import csv
import re
from pathlib import Path

import pycountry
import pytest
import yaml

ROOT = Path(__file__).parents[2]
DATA = ROOT / "eventfold" / "coding" / "data"
PEOPLE_PATH = DATA / "people.yaml"
SECTORS = set(yaml.safe_load((ROOT / "schemas" / "enums.yaml").read_text("utf-8"))["sector"])
ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
FIELDS = {"name", "aliases", "country", "sector", "role", "from", "to", "wikidata"}
REQUIRED = {"name", "aliases", "country", "sector", "role", "wikidata"}

# A bare alias must never be one of these: very common surnames (several prominent people share
# them) or capitalised ordinary English words and given names that start sentences and headlines.
DENY = {
    # common surnames
    "Lee", "Kim", "Park", "Choi", "Khan", "Singh", "Kumar", "Gandhi", "Sharif", "Bhutto",
    "Brown", "Jones", "Smith", "Johnson", "Williams", "Wilson", "Taylor", "Davis", "Miller",
    "Harris", "Clark", "Lewis", "Robinson", "Walker", "Wright", "Thompson", "Martin", "Scott",
    "Evans", "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
    "Sun", "Ma", "Hu", "Nguyen", "Tran", "Ali", "Mohammed", "Mohammad", "Muhammad", "Mohamed",
    "Ahmed", "Ahmad", "Hassan", "Hussein", "Hussain", "Abdullah", "Ibrahim", "Ismail", "Omar",
    "Saleh", "Salih", "Traore", "Traoré", "Diallo", "Koroma", "Ivanov", "Smirnov", "Cohen",
    "Levi", "Katz", "Sanchez", "Sánchez", "Garcia", "García", "Rodriguez", "Rodríguez",
    "Gonzalez", "González", "Fernandez", "Fernández", "Lopez", "López", "Martinez", "Perez",
    "Pérez", "Santos", "Silva", "Castro", "Morales", "Aoun", "Barzani", "Rajapaksa", "Yoon",
    "Mehsud", "Haqqani", "Aquino",
    # ordinary words and given names
    "Rice", "May", "Rose", "King", "Young", "Green", "White", "Black", "Gray", "Grey", "Moon",
    "Major", "Straw", "Cook", "Hunt", "Gallant", "Bishop", "Price", "Power", "Powell", "Gates",
    "Carter", "Austin", "Hague", "Jordan", "Chad", "Will", "Mark", "Bill", "Grant", "Guy",
    "Jack", "Rich", "Long", "Little", "Hill", "Wood", "Fox", "Wade", "Barrow", "Lasso", "Ban",
    "Prince", "President", "General", "Sheikh", "Emperor", "Pope", "Deng", "Jonathan",
}


def _load_yaml(path: Path):
    text = path.read_text("utf-8")
    assert text.startswith("#"), f"{path.name} must start with its comment header"
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def people() -> list[dict]:
    data = _load_yaml(PEOPLE_PATH)
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def country_forms() -> dict[str, str]:
    """Every surface form the coder reads from countries.csv: names, aliases, demonyms, metonyms."""
    lines = (DATA / "countries.csv").read_text("utf-8").splitlines()
    forms: dict[str, str] = {}
    for row in csv.DictReader(ln for ln in lines if not ln.startswith("#")):
        values = [row["name"], *row["aliases"].split("|"), *row["demonyms"].split("|")]
        if row["capital_metonym"] == "1":
            values.append(row["capital"])
        for v in values:
            if v.strip():
                forms[v.strip()] = row["iso3"]
    return forms


@pytest.fixture(scope="module")
def actor_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for a in _load_yaml(DATA / "actors.yaml"):
        for v in [a["name"], *(a.get("aliases") or [])]:
            forms[str(v)] = a["id"]
    return forms


def _forms(p: dict) -> list[str]:
    return [p["name"], *p["aliases"]]


def test_size(people):
    assert 400 <= len(people) <= 1500


def test_fields(people):
    for p in people:
        assert REQUIRED <= set(p) <= FIELDS, p
        assert isinstance(p["name"], str) and p["name"].strip() == p["name"] != "", p
        assert isinstance(p["role"], str) and p["role"].strip() == p["role"] != "", p
        assert isinstance(p["aliases"], list), p
        assert all(isinstance(a, str) and a.strip() == a != "" for a in p["aliases"]), p
        assert p["name"] not in p["aliases"], p
        assert len(set(p["aliases"])) == len(p["aliases"]), p
        assert p["wikidata"] is None or re.fullmatch(r"Q[1-9]\d*", str(p["wikidata"])), p


def test_country_and_sector(people):
    for p in people:
        assert p["country"] is None or p["country"] in ISO3, p
        assert p["sector"] in SECTORS, p
        if p["sector"] == "IGO":
            assert p["country"] is None, p


def test_years(people):
    for p in people:
        start, end = p.get("from"), p.get("to")
        assert start is None or (isinstance(start, int) and 1940 <= start <= 2026), p
        if "to" in p and end is not None:
            assert isinstance(end, int) and 1940 <= end <= 2026, p
            assert start is None or start <= end, p


def test_names_unique(people):
    names = [p["name"] for p in people]
    assert len(names) == len(set(names))
    ids = [p["wikidata"] for p in people if p["wikidata"]]
    assert len(ids) == len(set(ids))


def test_no_form_shared_by_two_people(people):
    owner: dict[str, str] = {}
    clash = []
    for p in people:
        for form in _forms(p):
            if owner.setdefault(form, p["name"]) != p["name"]:
                clash.append((form, owner[form], p["name"]))
    assert clash == []


def test_no_denied_alias(people):
    bad = [(p["name"], a) for p in people for a in p["aliases"] if a in DENY or a.lower() in
           {"the", "a", "an", "president", "king", "general"}]
    assert bad == []


def test_single_token_aliases_are_capitalised(people):
    # the name scanner only starts a match on a capitalised token (or an Arabic particle)
    for p in people:
        for a in p["aliases"]:
            first = a.split()[0]
            assert first[:1].isupper() or first[:1].isdigit() or re.match(
                r"(al|el|ad|as|an|ar|at|az|bin|dos|de|von|zu|le)\b", first), (p["name"], a)


def test_no_collision_with_countries(people, country_forms):
    clash = [(f, p["name"], country_forms[f]) for p in people for f in _forms(p)
             if f in country_forms]
    assert clash == []


def test_no_collision_with_actors(people, actor_forms):
    clash = [(f, p["name"], actor_forms[f]) for p in people for f in _forms(p)
             if f in actor_forms]
    assert clash == []


def test_key_people(people):
    by = {p["name"]: p for p in people}
    alias = {a: p for p in people for a in _forms(p)}
    assert by["Vladimir Putin"]["country"] == "RUS" and by["Vladimir Putin"]["sector"] == "GOV"
    assert by["Vladimir Putin"]["to"] is None and by["Vladimir Putin"]["wikidata"] == "Q7747"
    for form, iso3, sector in [
        ("Putin", "RUS", "GOV"), ("Mugabe", "ZWE", "GOV"), ("Yasser Arafat", "PSE", "GOV"),
        ("Gantz", "ISR", "GOV"), ("Aviv Kohavi", "ISR", "MIL"), ("Kagame", "RWA", "GOV"),
        ("Habyarimana", "RWA", "GOV"), ("Bouteflika", "DZA", "GOV"), ("Qaddafi", "LBY", "GOV"),
        ("Kadhafi", "LBY", "GOV"), ("Erdogan", "TUR", "GOV"), ("Erdoğan", "TUR", "GOV"),
        ("Zelenskyy", "UKR", "GOV"), ("Yeltsin", "RUS", "GOV"), ("Saddam", "IRQ", "GOV"),
        ("Hashimoto", "JPN", "GOV"), ("Mandela", "ZAF", "GOV"), ("Nasrallah", "LBN", "REB"),
        ("Haniyeh", "PSE", "REB"), ("Hemedti", "SDN", "REB"), ("Burhan", "SDN", "MIL"),
        ("Bush", "USA", "GOV"), ("Sergei Lavrov", "RUS", "GOV"),
    ]:
        assert alias[form]["country"] == iso3 and alias[form]["sector"] == sector, form
    for form in ["Kofi Annan", "Boutros Boutros-Ghali", "Jens Stoltenberg"]:
        assert alias[form]["country"] is None and alias[form]["sector"] == "IGO", form
    for form in ["Osama bin Laden", "Abu Bakr al-Baghdadi"]:
        assert alias[form]["country"] is None and alias[form]["sector"] == "REB", form
