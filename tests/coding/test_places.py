"""Unit tests for eventfold.coding.gazetteer and eventfold.coding.places (event location)."""

from __future__ import annotations

import pytest

from eventfold.coding.gazetteer import DATA_DIR, Gazetteer, Place
from eventfold.coding.places import dateline_place, event_place

# A tiny countries.csv in the shared format (comment lines allowed), so that these tests do not
# depend on the reviewed country file's exact contents.
COUNTRIES_CSV = """\
# test fixture
iso3,iso2,name,aliases,demonyms,capital,capital_metonym,latitude,longitude,wikidata_id
MAR,MA,Morocco,Kingdom of Morocco,Moroccan|Moroccans,Rabat,1,31.79,-7.09,Q1028
ISR,IL,Israel,State of Israel,Israeli|Israelis,Jerusalem,1,31.05,34.85,Q801
USA,US,United States,US|U.S.|USA|America,American|Americans,Washington,1,37.09,-95.71,Q30
GBR,GB,United Kingdom,UK|U.K.|Britain,British|Briton|Britons,London,1,55.38,-3.44,Q145
IRN,IR,Iran,,Iranian|Iranians,Tehran,1,32.43,53.69,Q794
LBY,LY,Libya,,Libyan|Libyans,Tripoli,0,26.34,17.23,Q1016
LBN,LB,Lebanon,,Lebanese,Beirut,1,33.85,35.86,Q822
SYR,SY,Syria,Syrian Arab Republic,Syrian|Syrians,Damascus,1,34.80,38.99,Q858
SOM,SO,Somalia,,Somali|Somalis,Mogadishu,1,5.15,46.20,Q1045
NPL,NP,Nepal,,Nepali|Nepalese,Kathmandu,1,28.39,84.12,Q837
CHE,CH,Switzerland,,Swiss,Bern,0,46.82,8.23,Q39
DEU,DE,Germany,,German|Germans,Berlin,1,51.17,10.45,Q183
PSE,PS,Palestine,,Palestinian|Palestinians,East Jerusalem,0,31.95,35.23,Q219060
IND,IN,India,,Indian|Indians,New Delhi,1,20.59,78.96,Q668
PAK,PK,Pakistan,,Pakistani|Pakistanis,Islamabad,1,30.38,69.35,Q843
IRQ,IQ,Iraq,,Iraqi|Iraqis,Baghdad,1,33.22,43.68,Q796
EGY,EG,Egypt,,Egyptian|Egyptians,Cairo,1,26.82,30.80,Q79
ETH,ET,Ethiopia,,Ethiopian|Ethiopians,Addis Ababa,1,9.15,40.49,Q115
SDN,SD,Sudan,,Sudanese,Khartoum,1,12.86,30.22,Q1049
UKR,UA,Ukraine,,Ukrainian|Ukrainians,Kyiv,1,48.38,31.17,Q212
MLI,ML,Mali,,Malian|Malians,Bamako,1,17.57,-4.00,Q912
SRB,RS,Serbia,,Serbian|Serbians|Serb|Serbs,Belgrade,1,44.02,21.01,Q403
TUR,TR,Turkey,,Turkish|Turks,Ankara,1,38.96,35.24,Q43
BIH,BA,Bosnia and Herzegovina,Bosnia,Bosnian|Bosnians,Sarajevo,1,43.92,17.68,Q225
"""


@pytest.fixture(scope="module")
def gaz(tmp_path_factory) -> Gazetteer:
    path = tmp_path_factory.mktemp("gaz") / "countries.csv"
    path.write_text(COUNTRIES_CSV, encoding="utf-8")
    return Gazetteer.build(countries_csv=path, stoplists_yaml=None)


def where(gaz: Gazetteer, sentence: str, trigger: str, **kw) -> Place | None:
    return event_place(sentence, sentence.index(trigger), gaz, **kw)


def surfaces(gaz: Gazetteer, text: str) -> list[str]:
    return [p.text for p in gaz.find(text)]


# ------------------------------------------------------------------------------- find()


def test_find_offsets_sorted_and_longest_match(gaz):
    text = "Troops left the Gaza Strip for Tel Aviv and New York; Idlib province stayed calm."
    places = gaz.find(text)
    assert [p.text for p in places] == ["Gaza Strip", "Tel Aviv", "New York", "Idlib province"]
    assert all(text[p.start : p.end] == p.text for p in places)
    assert [p.start for p in places] == sorted(p.start for p in places)


@pytest.mark.parametrize(
    "text",
    [
        "In March, the Central Bank met at the Summit.",
        "The Gulf states and North Korea's neighbours",  # "North Korea" is not in this fixture
        "Police said the Mobile unit was Nice.",
        "Human rights groups and Hamas were in Reading.",
    ],
)
def test_stop_words_are_never_places(gaz, text):
    bad = {"March", "Central", "Summit", "Gulf", "North", "Police", "Mobile", "Nice", "Human"}
    assert not bad & set(surfaces(gaz, text))
    assert "Hamas" not in surfaces(gaz, text) and "Reading" not in surfaces(gaz, text)


@pytest.mark.parametrize(
    "text",
    [
        "the Royal Moroccan Armed Forces said",
        "the Israel Defense Forces said",
        "Writing in the Jerusalem Post, he said",
        "US Central Command met officials",
        "the UK-funded White Helmets",
        "the New York Times reported",
    ],
)
def test_places_inside_other_names_are_skipped(gaz, text):
    assert gaz.find(text) == []


def test_x_city_and_possessive_are_kept(gaz):
    assert surfaces(gaz, "They fled Gaza City for Israel’s south.") == ["Gaza City", "Israel"]


def test_country_mention_has_country_precision_and_centroid(gaz):
    (p,) = gaz.find("Talks resumed in Germany.")
    assert (p.country, p.precision, p.latitude, p.longitude) == ("DEU", "country", 51.17, 10.45)


@pytest.mark.parametrize(
    ("name", "iso3", "precision"),
    [
        ("Lower Shabelle", "SOM", "admin1"),
        ("Mopti region", "MLI", "admin1"),
        ("Donetsk region", "UKR", "admin1"),
        ("Gaza Strip", "PSE", "admin1"),
        ("West Bank", "PSE", "admin1"),
        ("Tigray", "ETH", "admin1"),
        ("Darfur", "SDN", "admin1"),
        ("Idlib province", "SYR", "admin1"),
        ("Sinai", "EGY", "admin1"),
        ("Kurdistan region", "IRQ", "admin1"),
        ("Mopti", "MLI", "city"),  # the bare name is the city
    ],
)
def test_hand_reviewed_admin_names(gaz, name, iso3, precision):
    (p,) = gaz.find(f"Fighting spread to {name} overnight.")
    assert (p.text, p.country, p.precision) == (name, iso3, precision)
    assert p.latitude is not None


def test_country_of(gaz):
    assert gaz.country_of("Moroccan") == "MAR"
    assert gaz.country_of("Rabat") == "MAR"
    assert gaz.country_of("Kingdom of Morocco") == "MAR"
    assert gaz.country_of("britain") == "GBR"
    assert gaz.country_of("Narnia") is None


def test_default_gazetteer_reads_package_data():
    if not (DATA_DIR / "countries.csv").is_file():
        pytest.skip("countries.csv not in the package yet")
    g = Gazetteer.default()
    assert g is Gazetteer.default()  # built once
    assert g.country_of("Moroccan") == "MAR"
    assert [p.country for p in g.find("a visit to Morocco")] == ["MAR"]


# ------------------------------------------------------------------------------- event_place()


def test_visit_to_a_country(gaz):
    s = "The official visit of IDF Chief of Staff Lt.-Gen. Aviv Kohavi to Morocco marks a first."
    p = where(gaz, s, "visit")
    assert (p.text, p.country, p.precision) == ("Morocco", "MAR", "country")
    assert (p.latitude, p.longitude) == (31.79, -7.09)
    s = "There was the signing of an MOU as part of Defense Minister Gantz traveling to Morocco."
    assert where(gaz, s, "traveling").country == "MAR"


def test_to_without_motion_is_no_location(gaz):
    s = "Russia’s ambassador to the UK said the claims were false."
    assert where(gaz, s, "said") is None


def test_subjects_are_not_locations(gaz):
    s = "By March, Israel and Morocco had established direct public military ties."
    assert where(gaz, s, "established") is None


def test_place_in_another_clause_is_not_the_events(gaz):
    s = (
        "In June, there was a visit by a Royal Moroccan Armed Forces representative to Israel, "
        "and Israel participated in the African Lion exercise in June as well."
    )
    assert where(gaz, s, "visit").country == "ISR"
    assert where(gaz, s, "participated") is None


def test_city_beats_country(gaz):
    s = "Swiss doctors handed over medicine to the Red Crescent in Bam, Iran, officials said."
    p = where(gaz, s, "handed")
    assert (p.text, p.country, p.precision) == ("Bam", "IRN", "city")


def test_locative_with_fillers_and_demonyms(gaz):
    s = "U.N. helicopters evacuated the wounded from the besieged Bosnian town of Gorazde Friday."
    assert where(gaz, s, "evacuated").text == "Gorazde"
    s = "Serb forces killed three ethnic Albanians in a gunbattle in southeastern Serbia Friday."
    assert where(gaz, s, "killed").country == "SRB"
    s = "Aircraft killed 46 civilians in an attack on a village in the western province of Herat."
    p = where(gaz, s, "killed")
    assert (p.text, p.precision) == ("province of Herat", "admin1")


def test_object_of_the_trigger(gaz):
    s = "Seven opposition parties in Nepal have organized a strike that shut down Khatmandu."
    p = where(gaz, s, "shut")
    assert (p.country, p.precision) == ("NPL", "city")


@pytest.mark.parametrize(
    ("sentence", "kw", "iso3"),
    [
        ("Clashes broke out in Tripoli on Monday.", {}, "LBY"),  # by population
        ("Clashes broke out in Tripoli after the Lebanese army deployed.", {}, "LBN"),
        ("Clashes broke out in Tripoli, Lebanon, on Monday.", {}, "LBN"),
        ("Clashes broke out in Tripoli on Monday.", {"actor_countries": ["LBN"]}, "LBN"),
        ("Protesters rallied in Hyderabad on Monday.", {}, "IND"),
        ("Pakistani protesters rallied in Hyderabad on Monday.", {}, "PAK"),
        ("Thousands marched in Washington as Britain watched.", {}, "USA"),  # 67k vs 690k
    ],
)
def test_ambiguous_city_names(gaz, sentence, kw, iso3):
    trigger = sentence.split()[1]
    assert where(gaz, sentence, trigger, **kw).country == iso3


def test_ambiguous_city_resolved_by_document(gaz):
    doc = gaz.find("Lebanon's army was deployed. Beirut said little.")
    p = where(gaz, "Clashes broke out in Tripoli.", "Clashes", doc_places=doc)
    assert p.country == "LBN"


def test_acled_pattern(gaz):
    s = "Al Shabaab militants attacked Baidoa (Baidoa, Bay) on 3 March."
    p = where(gaz, s, "attacked")
    assert (p.text, p.country, p.precision) == ("Baidoa", "SOM", "city")
    s = "Al Shabaab militants attacked Xuddur (Xuddur, Bakool) on 3 March."
    p = where(gaz, s, "attacked")
    assert (p.text, p.country, p.admin1, p.precision) == ("Xuddur", "SOM", "Bakool", "admin1")


def test_unknown_town_placed_by_its_admin_unit(gaz):
    s = "Militants attacked a police post in Sabiid, Lower Shabelle region."
    p = where(gaz, s, "attacked")
    assert (p.text, p.country, p.admin1, p.precision) == (
        "Sabiid",
        "SOM",
        "Lower Shabelle",
        "admin1",
    )
    s = "Militants attacked a police post in Sabiid, Somalia."
    p = where(gaz, s, "attacked")
    assert (p.text, p.country, p.precision, p.latitude) == ("Sabiid", "SOM", "country", 5.15)


def test_cross_border_feature_takes_country_from_context(gaz):
    s = "Fighters have retreated towards the Euphrates river for a last stand in eastern Syria."
    p = where(gaz, s, "retreated")
    assert (p.text, p.country, p.precision) == ("Euphrates river", "SYR", "none")


def test_fronted_locative_governs_the_sentence(gaz):
    s = "In Raqqa to the north, where Kurdish forces have taken the Old City, resistance ebbed."
    assert where(gaz, s, "taken").country == "SYR"


def test_no_place_no_location(gaz):
    assert where(gaz, "The ministry condemned the decision.", "condemned") is None
    assert event_place("Rebels fought in Damascus.", None, gaz).country == "SYR"


def test_visit_as_verb_takes_its_object(gaz):
    s = "Aviv Kohavi was the first top Israeli military officer to visit Morocco."
    assert where(gaz, s, "visit").country == "MAR"
    s = "Russia accused Ukraine of shelling the plant."
    assert where(gaz, s, "accused") is None  # a country as object of a non-place verb


def test_place_behind_a_comma_before_the_trigger_is_another_clauses(gaz):
    s = "The army sent a convoy deep into Syria, Iranian-backed militias mobilised to the south."
    assert where(gaz, s, "sent").country == "SYR"
    assert where(gaz, s, "mobilised") is None


# ------------------------------------------------------------------ principles added with issue 3


@pytest.fixture(scope="module")
def full() -> Gazetteer:
    """The package gazetteer (reviewed countries.csv, places_extra.yaml, stop-lists)."""
    if not (DATA_DIR / "countries.csv").is_file():
        pytest.skip("countries.csv not in the package yet")
    return Gazetteer.default()


@pytest.mark.parametrize(
    ("sentence", "trigger", "iso3"),
    [
        # the town is unknown; its admin unit (last part of the qualifier) gives the country
        ("On 9 May 2020, militants attacked a checkpoint in Dand district (Dand, Kandahar).",
         "attacked", "AFG"),
        ("On 14 February 2021, militants ambushed troops near Bariire village (Afgooye, Lower "
         "Shabelle).", "ambushed", "SOM"),
        ("On 3 March 2019, militants attacked a camp in Dioura (Tenenkou, Mopti).", "attacked",
         "MLI"),
        ("On 27 July 2020, Boko Haram attacked Nguetechewe (Mayo-Tsanaga, Extreme-Nord).",
         "attacked", "CMR"),
        ("On 11 February 2021, bandits abducted students in Kagara (Rafi, Niger).", "abducted",
         "NGA"),  # Niger State, not the country
        ("On 5 January 2020, a drone strike hit a car near Tal Tamr (Al-Hasakeh, Al-Hasakeh).",
         "strike", "SYR"),  # ACLED spelling of a governorate
        ("On 20 March 2021, airstrikes hit Sanaa (Sanaa City, Amanat al Asimah).", "airstrikes",
         "YEM"),
        ("On 7 August 2022, forces shelled Nikopol (Nikopolskyi, Dnipropetrovsk).", "shelled",
         "UKR"),
        ("On 11 April 2023, aircraft bombed Pazigyi village (Kanbalu, Sagaing).", "bombed", "MMR"),
        ("On 14 October 2019, gunmen ambushed police in El Aguaje (Aguililla, Michoacan).",
         "ambushed", "MEX"),
        # a known town of another country: the qualifier wins
        ("On 24 March 2021, insurgents attacked Palma town (Palma, Cabo Delgado).", "attacked",
         "MOZ"),
        ("On 22 August 2021, Houthi forces shelled positions in Hays (Hays, Al Hudaydah).",
         "shelled", "YEM"),
        ("On 4 June 2021, militants attacked Solhan village (Seno, Sahel).", "attacked", "BFA"),
        # a name several countries' units share: the town's country decides
        ("On 2 June 2020, separatists abducted a teacher in Bamenda (Mezam, Nord-Ouest).",
         "abducted", "CMR"),
        ("On 10 May 2023, police arrested supporters in Rawalpindi (Rawalpindi, Punjab).",
         "arrested", "PAK"),
    ],
)  # fmt: skip
def test_acled_qualifier_gives_the_country(full, sentence, trigger, iso3):
    assert where(full, sentence, trigger).country == iso3


@pytest.mark.parametrize(
    ("text", "trigger", "iso3"),
    [
        ("Gunmen killed 12 villagers in Zamfara state on Sunday.", "killed", "NGA"),
        ("Militants stormed a post in Pakistan's Khyber Pakhtunkhwa province.", "stormed", "PAK"),
        ("Jihadists killed 30 people in an attack in Mali's Mopti region.", "attack", "MLI"),
        ("Clashes erupted in Ethiopia's Oromia region.", "erupted", "ETH"),
        ("Separatists attacked a convoy in Cameroon's Northwest region.", "attacked", "CMR"),
        ("Security forces killed 20 militants in Cabo Delgado province.", "killed", "MOZ"),
        ("Russian forces pounded the eastern Donetsk region.", "pounded", "UKR"),
        ("Houthi rebels shelled residential areas of Taiz city.", "shelled", "YEM"),
        ("Troops attacked a base in the Tillaberi region.", "attacked", "NER"),
    ],
)
def test_admin_units_in_running_text(full, text, trigger, iso3):
    assert where(full, text, trigger).country == iso3


def test_admin_names_are_spelling_tolerant(full):
    assert [r.country for r in full.admin_referents("Al-Hasakeh")] == ["SYR"]
    assert full.admin_referents("Thi-Qar")[0].country == "IRQ"
    assert full.admin_referents("Borno State")[0].country == "NGA"
    assert full.admin_referents("Şırnak")[0].country == "TUR"  # dotless i
    # cities take the admin1 unit of their seat's geonames area
    (p,) = full.find("Maiduguri")
    assert (p.country, p.admin1) == ("NGA", "Borno")


def test_attribution_place_is_not_the_events(gaz):
    s = "Rebels shelled the town for the first time, killing 20, officials in Tripoli said."
    assert where(gaz, s, "shelled") is None
    s = "Rebels shelled the southern regional capital Mogadishu, officials in Tripoli said."
    assert where(gaz, s, "shelled").country == "SOM"


def test_passive_subject_is_the_place(gaz):
    s = "Gorazde was shelled again by Serb forces."
    assert where(gaz, s, "shelled").text == "Gorazde"


def test_demonym_with_a_place_noun(gaz):
    s = "Several southern Syrian towns have surrendered to the army."
    assert where(gaz, s, "surrendered").country == "SYR"
    s = "Gunmen attacked a market in the Iraqi capital."
    p = where(gaz, s, "attacked")
    assert (p.country, p.precision) == ("IRQ", "city")


def test_anaphor_takes_the_last_place_named_before(gaz):
    doc = "Isis fighters fled after abandoning Gorazde. The city was retaken by the army."
    s = "The city was retaken by the army."
    start = doc.index(s)
    p = event_place(s, s.index("retaken"), gaz, doc_places=gaz.find(doc), document=doc,
                    sentence_start=start)  # fmt: skip
    assert (p.name, p.country, p.text) == ("Goražde", "BIH", "The city")
    assert event_place(s, s.index("retaken"), gaz) is None  # nothing before: no place


def test_unknown_town_takes_the_targets_or_articles_country(gaz):
    s = "Soldiers shot dead 12 protesters in Xyzville on Monday."
    p = where(gaz, s, "shot", target_countries=["SYR"], source_countries=["TUR"])
    assert (p.text, p.country, p.precision) == ("Xyzville", "SYR", "country")
    p = where(gaz, s, "shot", source_countries=["TUR"])
    assert p.country == "TUR"
    assert where(gaz, "Soldiers shot dead 12 protesters in January.", "shot",
                 source_countries=["TUR"]) is None  # fmt: skip


def test_material_event_takes_the_dateline_or_the_articles_one_country(gaz):
    doc = "BEIRUT (Reuters) - Gunmen opened fire on a convoy, killing three."
    s = doc[doc.index("Gunmen") :]
    kw = dict(document=doc, sentence_start=doc.index(s), doc_places=gaz.find(doc))
    assert where(gaz, s, "opened", event_type="ASSAULT", **kw).country == "LBN"
    assert where(gaz, s, "opened", event_type="ACCUSE", **kw) is None  # verbal: no guess
    doc = "Fighting in Syria went on. Damascus said Idlib was shelled. Troops were on alert."
    s = "Troops were on alert."
    kw = dict(document=doc, sentence_start=doc.index(s), doc_places=gaz.find(doc))
    assert where(gaz, s, "alert", event_type="MOBILIZE", **kw).country == "SYR"


def test_direction_of_and_wrapped_places(gaz):
    s = "Troops blew up a bridge 20 km north of Gorazde."
    assert where(gaz, s, "blew").text == "Gorazde"
    s = "Protesters took to the streets of Baghdad on Tuesday."
    assert where(gaz, s, "took").country == "IRQ"
    s = "Security forces fired on crowds in the town of Xyzabad, killing two."
    p = where(gaz, s, "fired", source_countries=["PAK"])
    assert (p.text, p.country) == ("Xyzabad", "PAK")


def test_anaphor_for_the_country_and_for_a_qualified_town(gaz):
    doc = "Clashes spread in Iraq. The government shut down the internet across the country."
    s = doc[doc.index("The government") :]
    p = event_place(s, s.index("shut"), gaz, document=doc, sentence_start=doc.index(s))
    assert (p.country, p.precision) == ("IRQ", "country")
    doc = (
        "Soldiers clashed with militants near Xuddur (Xuddur, Bakool). They arrested 4 in the town."
    )
    s = doc[doc.index("They") :]
    p = event_place(s, s.index("arrested"), gaz, document=doc, sentence_start=doc.index(s))
    assert (p.name, p.country) == ("Xuddur", "SOM")


def test_on_and_off_are_prepositions_not_booleans(gaz):
    cues = gaz.cues
    assert "on" in cues["weak_prepositions"] and "off" in cues["locative_prepositions"]
    s = "Troops killed 58 protesters on the Gaza border on Monday."
    assert where(gaz, s, "killed").text == "Gaza"


def test_acled_admin2_and_town_qualifiers(full):
    # a province pycountry files under its region stands for the region
    s = "On 15 November 2021, militants attacked a post in Inata (Djibo, Soum)."
    p = where(full, s, "attacked")
    assert (p.text, p.country, p.admin1) == ("Inata", "BFA", "Sahel")
    # no admin unit known: a known town among the parts gives the country
    s = "On 15 November 2021, militants attacked a post in Xyzgou (Djibo, Xyzland)."
    assert where(full, s, "attacked").country == "BFA"


@pytest.mark.parametrize(
    ("qualifier", "iso3"),
    [
        ("Jayawijaya, Papua", "IDN"),  # provinces under pycountry's "geographical units"
        ("Kasese, Kasese", "UGA"),  # districts under "geographical regions"
        ("Khan Yunis, Gaza", "PSE"),  # Gaza is the Strip before Mozambique's province
        ("Deir al-Balah, Gaza Strip", "PSE"),
    ],
)
def test_admin_units_below_geographical_groupings(full, qualifier, iso3):
    s = f"On 9 May 2020, gunmen attacked Xyzton village ({qualifier})."
    assert where(full, s, "attacked").country == iso3


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("BEIRUT (Reuters) - Gunmen opened fire.", "LBN"),
        ("MOGADISHU, Somalia (AP) — Gunmen opened fire.", "SOM"),
        ("Mogadishu, May 9 (Reuters) - Gunmen opened fire.", "SOM"),
        ("Mogadishu (AFP) - Gunmen opened fire.", "SOM"),
        ("Police said - gunmen opened fire.", None),
        ("The army (FAR) - said gunmen opened fire.", None),
    ],
)
def test_dateline_place(gaz, text, iso3):
    p = dateline_place(text, gaz)
    assert (p.country if p else None) == iso3


@pytest.mark.parametrize(
    ("where_", "iso3", "precision"),
    [
        ("Punjab province", "PAK", "admin1"),  # a province in Pakistan, a state in India
        ("Punjab state", "IND", "admin1"),
        ("Punjab", "PAK", "none"),  # the cross-border region, nothing in context: first listed
        ("the Sahel region", "MLI", "none"),  # the region, not Burkina Faso's Sahel
        ("Hodeidah", "YEM", "city"),
    ],
)
def test_shared_and_cross_border_names(full, where_, iso3, precision):
    s = f"Gunmen attacked a village in {where_} on Sunday."
    p = where(full, s, "attacked")
    assert (p.country, p.precision) == (iso3, precision)


def test_dateline_after_a_headline_is_found(gaz):
    text = ("Police station attacked\n\nBELEDWEYNE, April 16 (Horn Wire) — Al-Shabaab "
            "militants attacked a police station.")
    p = dateline_place(text, gaz)
    assert p is not None and p.country == "SOM"
    assert text[p.start:p.end] == "BELEDWEYNE"
