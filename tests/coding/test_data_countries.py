"""Checks of the reviewed country dictionary eventfold/coding/data/countries.csv."""

import csv
import re
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).parents[2]
CSV_PATH = ROOT / "eventfold" / "coding" / "data" / "countries.csv"
COLUMNS = [
    "iso3", "iso2", "name", "aliases", "demonyms", "capital", "capital_metonym",
    "latitude", "longitude", "wikidata_id",
]
# Capitalised forms of ordinary English words: a case-sensitive matcher would still fire on them
# at the start of a sentence, so they must never be an alias or demonym.
COMMON_WORDS = {
    "May", "March", "Will", "Man", "Mark", "Bill", "Grant", "Guy", "Jack", "Chase", "Turkey",
    "China", "Jordan", "Chad", "Nice", "Reading", "Union", "Independence", "Central", "Gulf",
    "North", "South", "East", "West", "Summit", "Victoria", "Mobile", "Kiwi", "Pole", "Finn",
    "Hamilton", "Reunion", "The", "America's", "Congo's", "Republic", "Kingdom", "State",
    "Islands", "Island", "Saint", "St", "Democratic", "People's", "United", "Federal",
}
NAMES_ALLOWED_COMMON = {"Chad", "Jordan", "Turkey", "China"}  # names, never aliases


def _split(value: str) -> list[str]:
    return [v for v in value.split("|") if v] if value else []


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    body = [ln for ln in lines if not ln.startswith("#")]
    header_lines = [i for i, ln in enumerate(lines) if ln.startswith("#")]
    # comments only form the header block at the top of the file
    assert header_lines == list(range(len(header_lines)))
    assert len(header_lines) >= 5
    reader = csv.DictReader(body)
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_every_pycountry_code_present(rows):
    codes = {r["iso3"] for r in rows}
    expected = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    assert expected - codes == set()
    assert codes - expected == set()


def test_unique_codes(rows):
    iso3 = [r["iso3"] for r in rows]
    iso2 = [r["iso2"] for r in rows]
    assert len(iso3) == len(set(iso3))
    assert len(iso2) == len(set(iso2))


def test_iso2_matches_pycountry(rows):
    for r in rows:
        if r["iso3"] == "XKX":
            assert r["iso2"] == "XK"
            continue
        assert pycountry.countries.get(alpha_3=r["iso3"]).alpha_2 == r["iso2"], r["iso3"]


def test_fields_well_formed(rows):
    for r in rows:
        assert r["name"].strip() == r["name"] and r["name"], r
        assert r["capital_metonym"] in {"0", "1"}, r
        if r["capital_metonym"] == "1":
            assert r["capital"], r
        assert re.fullmatch(r"(Q[1-9][0-9]*)?", r["wikidata_id"]), r
        lat, lon = float(r["latitude"]), float(r["longitude"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r
        assert re.fullmatch(r"-?\d{1,3}\.\d{2}", r["latitude"]), r
        assert re.fullmatch(r"-?\d{1,3}\.\d{2}", r["longitude"]), r
        for form in _split(r["aliases"]) + _split(r["demonyms"]):
            assert form == form.strip(), r
            assert any(ch.isupper() for ch in form), (r["iso3"], form)


def test_hemispheres_of_well_known_countries(rows):
    by = {r["iso3"]: (float(r["latitude"]), float(r["longitude"])) for r in rows}
    assert by["USA"][0] > 0 > by["USA"][1]
    assert by["BRA"][0] < 0 > by["BRA"][1]
    assert by["AUS"][0] < 0 < by["AUS"][1]
    assert by["RUS"][0] > 0 < by["RUS"][1]
    assert 27 < by["MAR"][0] < 36 and -14 < by["MAR"][1] < 0
    assert 29 < by["ISR"][0] < 34 and 34 < by["ISR"][1] < 36


def test_no_surface_form_shared_by_two_countries(rows):
    owner: dict[str, str] = {}
    for r in rows:
        forms = {r["name"], *_split(r["aliases"]), *_split(r["demonyms"])}
        for form in forms:
            assert owner.setdefault(form, r["iso3"]) == r["iso3"], (
                f"{form!r} used by {owner[form]} and {r['iso3']}"
            )


def test_no_common_word_alias(rows):
    for r in rows:
        for form in _split(r["aliases"]) + _split(r["demonyms"]):
            assert form not in COMMON_WORDS, (r["iso3"], form)
        if r["name"] in COMMON_WORDS:
            assert r["name"] in NAMES_ALLOWED_COMMON, r["name"]


def test_key_countries(rows):
    by = {r["iso3"]: r for r in rows}
    assert by["USA"]["name"] == "United States"
    assert {"US", "U.S.", "America"} <= set(_split(by["USA"]["aliases"]))
    assert {"Britain", "UK"} <= set(_split(by["GBR"]["aliases"]))
    assert "Israeli" in _split(by["ISR"]["demonyms"])
    assert "Moroccan" in _split(by["MAR"]["demonyms"])
    assert by["MAR"]["capital"] == "Rabat" and by["MAR"]["capital_metonym"] == "1"
    assert by["ISR"]["wikidata_id"] == "Q801"
    assert by["MAR"]["wikidata_id"] == "Q1028"
    assert by["USA"]["wikidata_id"] == "Q30"
