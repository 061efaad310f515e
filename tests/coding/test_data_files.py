"""Structure checks of the coder's reviewed data files in eventfold/coding/data/."""

import csv
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[2]
DATA = ROOT / "eventfold" / "coding" / "data"
ENUMS = yaml.safe_load((ROOT / "schemas" / "enums.yaml").read_text("utf-8"))
EVENT_TYPES = list(ENUMS["event_type"])
SECTORS = set(ENUMS["sector"])
QUADS = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
RELATIONS = {"leader_of", "member_of", "represents", "part_of"}


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate mapping keys (PyYAML keeps the last silently)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        dups = {k for k in keys if keys.count(k) > 1}
        if dups:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate keys {sorted(map(str, dups))}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def load(name: str):
    text = (DATA / name).read_text("utf-8")
    assert text.startswith("#"), f"{name} must start with its comment header"
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - safe loader subclass


@pytest.fixture(scope="module")
def plover():
    return load("plover.yaml")


@pytest.fixture(scope="module")
def lexicon():
    return load("lexicon.yaml")


@pytest.fixture(scope="module")
def actors():
    return load("actors.yaml")


@pytest.fixture(scope="module")
def sectors():
    return load("sectors.yaml")


@pytest.fixture(scope="module")
def stoplists():
    return load("stoplists.yaml")


@pytest.fixture(scope="module")
def countries():
    text = (DATA / "countries.csv").read_text("utf-8")
    return list(csv.DictReader(ln for ln in text.splitlines() if not ln.startswith("#")))


def _country_forms(countries) -> dict[str, str]:
    forms = {}
    for r in countries:
        for f in [r["name"], *r["aliases"].split("|"), *r["demonyms"].split("|")]:
            if f:
                forms[f] = r["iso3"]
        if r["capital_metonym"] == "1":
            forms[r["capital"]] = r["iso3"]
    return forms


# -- plover.yaml ---------------------------------------------------------------------------
def test_plover_types(plover):
    assert list(plover) == EVENT_TYPES
    for name, spec in plover.items():
        assert set(spec) == {"quad_class", "cameo_root", "intensity", "description", "modes"}, name
        assert spec["quad_class"] == QUADS[name]
        assert isinstance(spec["cameo_root"], str) and re.fullmatch(r"\d\d", spec["cameo_root"])
        assert 1 <= int(spec["cameo_root"]) <= 20
        assert isinstance(spec["intensity"], int | float) and -10 <= spec["intensity"] <= 10
        # cooperation positive, conflict negative
        assert (spec["intensity"] > 0) == (spec["quad_class"] in (1, 2)), name
        assert isinstance(spec["description"], str) and spec["description"].strip()
        assert isinstance(spec["modes"], dict)


def test_plover_modes(plover):
    for name, spec in plover.items():
        for mode, m in spec["modes"].items():
            assert re.fullmatch(r"[a-z][a-z-]*", mode), (name, mode)
            assert set(m) <= {"intensity", "cameo_root", "cameo_code", "description", "origin"}
            assert -10 <= m["intensity"] <= 10, (name, mode)
            assert (m["intensity"] > 0) == (spec["quad_class"] in (1, 2)), (name, mode)
            if "cameo_root" in m:
                assert isinstance(m["cameo_root"], str) and re.fullmatch(r"\d\d", m["cameo_root"])
            if "cameo_code" in m:
                code = m["cameo_code"]
                assert isinstance(code, str) and re.fullmatch(r"\d{3,4}", code)
                assert m["cameo_code"][:2] == m.get("cameo_root", spec["cameo_root"]), (name, mode)
            assert m.get("origin", "manual") in {"manual", "eventfold", "earlier-draft"}
            assert m["description"].strip()


def test_plover_manual_modes_present(plover):
    assert {"visit", "third-party", "multilateral", "phone"} <= set(plover["CONSULT"]["modes"])
    assert {"economic", "military", "humanitarian", "asylum"} == set(plover["AID"]["modes"])
    assert {"withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"} == set(
        plover["RETREAT"]["modes"])
    assert {"demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"} == set(
        plover["PROTEST"]["modes"])
    assert {"troops", "weapons", "police"} == set(plover["MOBILIZE"]["modes"])
    assert {"arrest", "deport", "ban", "censor", "curfew", "restrict"} <= set(
        plover["COERCE"]["modes"])
    assert {"abduct", "firearms", "explosives", "suicide-attack", "heavy-weapons"} <= set(
        plover["ASSAULT"]["modes"])


# -- lexicon.yaml --------------------------------------------------------------------------
def test_lexicon_entries(lexicon, plover):
    assert isinstance(lexicon, list) and len(lexicon) >= 350
    for e in lexicon:
        assert set(e) - {"subjects"} == {"lemma", "pos", "type", "mode", "objects", "speech"}, e
        assert isinstance(e["lemma"], str) and e["lemma"] == e["lemma"].lower().strip(), e
        assert "  " not in e["lemma"], e
        assert e["pos"] in ("VERB", "NOUN", "ADJ"), e
        assert e["type"] in plover, e
        assert e["mode"] is None or e["mode"] in plover[e["type"]]["modes"], e
        assert isinstance(e["objects"], list), e
        for o in e["objects"]:
            assert isinstance(o, str) and o == o.lower() and (
                re.fullmatch(r"[^\W\d_][\w'-]*", o) or o in ("@actor", "@place", "@to")), e
        assert len(e["objects"]) == len(set(e["objects"])), e
        assert isinstance(e["speech"], bool), e


def test_lexicon_unique_keys(lexicon):
    seen = set()
    for e in lexicon:
        key = (e["lemma"], e["pos"], frozenset(e["objects"]), frozenset(e.get("subjects", [])))
        assert key not in seen, key
        seen.add(key)


def test_lexicon_covers_all_types(lexicon):
    types = {e["type"] for e in lexicon}
    assert types == set(EVENT_TYPES)
    for t in EVENT_TYPES:
        assert any(e["type"] == t and e["pos"] == "VERB" for e in lexicon), t


def test_lexicon_key_triggers(lexicon):
    def find(lemma, pos, objects=None):
        return [e for e in lexicon if e["lemma"] == lemma and e["pos"] == pos
                and (objects is None or set(objects) <= set(e["objects"]))]

    assert {e["type"] for e in find("attack", "VERB")} == {"ASSAULT"}
    sign = find("sign", "VERB")
    assert sign and all(e["type"] == "SUPPORT" and "agreement" in e["objects"] for e in sign)
    assert find("air strike", "NOUN")[0]["type"] == "ASSAULT"
    assert find("talk", "NOUN")[0]["type"] == "CONSULT"
    assert find("call on", "VERB")[0]["type"] == "REQUEST"
    assert find("participation", "NOUN", ["exercise"])[0]["type"] == "COOPERATE"
    # dangerous words are never free where a constrained reading is the only safe one
    for lemma in ("call", "release", "free", "return", "recall", "fire"):
        assert all(e["objects"] for e in find(lemma, "VERB")), lemma
    assert all(e["objects"] for e in find("march", "NOUN"))


# -- actors.yaml ---------------------------------------------------------------------------
def test_actor_entries(actors, countries):
    iso3 = {r["iso3"] for r in countries}
    assert isinstance(actors, list) and 150 <= len(actors) <= 400
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids))
    generic = re.compile(r"[A-Z]{3}_(" + "|".join(sorted(SECTORS)) + ")")
    for a in actors:
        assert set(a) == {"id", "name", "type", "sector", "country", "aliases", "wikidata",
                          "part_of"}, a
        assert re.fullmatch(r"[A-Za-z0-9_-]+", a["id"]), a
        assert not generic.fullmatch(a["id"]), f"{a['id']} looks like a generic actor id"
        assert a["id"] not in iso3
        assert isinstance(a["name"], str) and a["name"].strip() == a["name"] != ""
        assert a["type"] in ("igo", "organization", "group"), a
        assert a["sector"] in SECTORS, a
        if a["type"] == "igo":
            assert a["sector"] == "IGO" and a["country"] is None, a
        assert a["country"] is None or a["country"] in iso3, a
        assert a["wikidata"] is None or re.fullmatch(r"Q[1-9]\d*", str(a["wikidata"])), a
        assert isinstance(a["aliases"], list)
        assert all(isinstance(x, str) and x.strip() == x != "" for x in a["aliases"]), a
        assert a["name"] not in a["aliases"], a


def test_actor_part_of(actors, countries):
    known = {a["id"] for a in actors} | {r["iso3"] for r in countries}
    parent = {a["id"]: a["part_of"] for a in actors}
    for a in actors:
        assert a["part_of"] is None or a["part_of"] in known, a
        assert a["part_of"] != a["id"], a
        seen, cur = set(), a["id"]  # no cycles
        while cur in parent and parent[cur] is not None:
            assert cur not in seen, f"part_of cycle at {cur}"
            seen.add(cur)
            cur = parent[cur]


def test_actor_forms_unique(actors, countries):
    owner = {}
    for a in actors:
        for form in [a["name"], *a["aliases"]]:
            assert owner.setdefault(form, a["id"]) == a["id"], (form, owner[form], a["id"])
    cforms = _country_forms(countries)
    clash = {f: (owner[f], cforms[f]) for f in owner if f in cforms}
    assert clash == {}


def test_key_actors(actors):
    by = {a["id"]: a for a in actors}
    assert by["IGO_UN"]["wikidata"] == "Q1065"
    assert by["ISR_IDF"]["part_of"] == "ISR" and by["ISR_IDF"]["sector"] == "MIL"
    assert by["MAR_FAR"]["country"] == "MAR"
    assert by["GRP_IS"]["country"] is None and by["GRP_IS"]["sector"] == "REB"
    assert "Isis" in by["GRP_IS"]["aliases"]


# -- sectors.yaml --------------------------------------------------------------------------
def test_sectors(sectors):
    assert set(sectors) == {"nouns", "titles", "labels", "heads", "anaphors", "members",
                            "unidentified"}
    for key in ("heads", "anaphors", "members", "unidentified"):
        words = sectors[key]
        assert words == sorted(set(words), key=words.index) and all(
            w == w.lower().strip() and " " not in w for w in words), key
    assert set(sectors["labels"]) == set(ENUMS["sector"])
    nouns, titles = sectors["nouns"], sectors["titles"]
    assert len(nouns) + len(titles) >= 150
    for key, v in nouns.items():
        assert isinstance(key, str) and key == key.lower().strip(), key
        assert set(v) == {"sector", "type"}, key
        assert v["sector"] in SECTORS and v["type"] in ("organization", "group"), key
    for key, v in titles.items():
        assert isinstance(key, str) and key == key.lower().strip(), key
        assert set(v) == {"sector", "relation"}, key
        assert v["sector"] in SECTORS and v["relation"] in RELATIONS, key
    for key in set(nouns) & set(titles):
        assert nouns[key]["sector"] == titles[key]["sector"], key
    for key in list(nouns) + list(titles):
        assert len(key.split()) <= 4, f"{key!r}: the matcher looks at most 4 tokens"


def test_sector_examples(sectors):
    nouns, titles = sectors["nouns"], sectors["titles"]
    assert nouns["army"] == {"sector": "MIL", "type": "organization"}
    assert nouns["police"]["sector"] == "COP"
    assert nouns["defence ministry"]["sector"] == "GOV"
    assert nouns["protesters"]["sector"] == "CVL"
    assert titles["defence minister"] == {"sector": "GOV", "relation": "member_of"}
    assert titles["defense minister"]["sector"] == "GOV"
    assert titles["president"]["relation"] == "leader_of"
    assert titles["lt.-gen."]["sector"] == "MIL"
    assert titles["ambassador"]["relation"] == "represents"
    used = {v["sector"] for v in [*nouns.values(), *titles.values()]}
    assert SECTORS - used == set()


# -- stoplists.yaml ------------------------------------------------------------------------
def test_stoplists(stoplists):
    required = {"place_stopwords", "actor_stopwords", "negation_cues", "hypothetical_cues",
                "reporting_verbs", "intention_verbs"}
    assert required <= set(stoplists)
    for key, values in stoplists.items():
        assert isinstance(values, list) and values, key
        assert all(isinstance(v, str) and v.strip() == v != "" for v in values), key
        assert len(values) == len(set(values)), f"duplicates in {key}"
        if key.endswith(("_cues", "_verbs")):
            assert all(v == v.lower() for v in values), key
    assert {"not", "n't", "never"} <= set(stoplists["negation_cues"])
    assert {"could", "would", "may", "might", "should", "will", "if"} <= set(
        stoplists["hypothetical_cues"])
    assert {"say", "tell", "announce"} <= set(stoplists["reporting_verbs"])
    assert {"March", "May"} <= set(stoplists["place_stopwords"])
