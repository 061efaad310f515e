"""Short conflict reports of the kind ACLED writes: who (with the country the place gives an
unnamed actor), what, to whom. Each case states one rule."""

from __future__ import annotations

import pytest

from eventfold.coding.coder import Coder
from tests.coding.test_coder_events import code


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def found(coder: Coder, text: str, published: str = "2022-03-04"):
    return [(m.event_type, [a.actor_id for a in m.sources], [a.actor_id for a in m.targets])
            for m in code(coder, text, published).mentions]


def test_the_victims_are_not_the_attackers(coder):
    # a word before the victims' noun does not lend them the whole clause's actors
    assert found(coder, "On 14 February 2022, ISWAP militants abducted 7 civilians near Bosso "
                 "(Bosso, Diffa).") == [("ASSAULT", ["GRP_ISWAP"], ["NER_CVL"])]


def test_members_of_a_named_force_act_for_it(coder):
    assert found(coder, "On 4 February 2022, Somali Police Force officers arrested 5 "
                 "journalists in Mogadishu.") == [("COERCE", ["SOM_COP"], ["SOM_MED"])]


@pytest.mark.parametrize("text", [
    "On 2 February 2022, resident doctors went on an indefinite strike in Abuja.",
    "On 2 February 2022, thousands of people joined a national strike in Cali.",
    "On 2 February 2022, BNP activists enforced a nationwide hartal in Dhaka.",
    "On 2 February 2022, thousands of people demonstrated in Omdurman.",
])
def test_strikes_and_crowds_are_protests(coder, text):
    assert [kind for kind, *_ in found(coder, text)] == ["PROTEST"]


def test_an_air_strike_is_still_an_assault(coder):
    assert [k for k, *_ in found(coder, "On 2 February 2022, Russian jets carried out air "
                                 "strikes on Idlib.")] == ["ASSAULT"]


def test_releasing_any_captives_is_a_retreat(coder):
    assert found(coder, "On 23 February 2022, Abu Sayyaf militants released 4 Indonesian "
                 "fishermen in Patikul (Sulu).")[0][0] == "RETREAT"
    assert found(coder, "On 23 February 2022, the ministry released a report on Sulu.") == []


def test_seizing_a_town_is_an_assault_seizing_goods_a_coercion(coder):
    assert found(coder, "On 20 February 2022, M23 rebels seized Ntamugenga (Rutshuru, North "
                 "Kivu).")[0][0] == "ASSAULT"
    assert found(coder, "On 20 February 2022, Kenyan police seized 200 kilograms of heroin in "
                 "Mombasa.")[0][0] == "COERCE"


def test_repression_is_domestic_and_a_force_of_the_source_is_its_own(coder):
    assert found(coder, "The Egyptian government ordered an opposition newspaper to suspend "
                 "publication.") == [("COERCE", ["EGY_GOV"], ["EGY_MED"])]
    assert found(coder, "Russian forces fired artillery at Ukrainian positions near "
                 "Bakhmut.") == [("ASSAULT", ["RUS_MIL"], ["UKR"])]


def test_withdrawing_targets_the_place_left(coder):
    assert found(coder, "Syria withdrew its troops from Lebanon on Monday.", "2005-04-27"
                 ) == [("RETREAT", ["SYR"], ["LBN"])]
    assert found(coder, "The withdrawal of Ethiopian forces from Somalia began on Monday.",
                 "2009-01-14")[0][2] == ["SOM"]


def test_a_noun_in_front_of_an_actor_noun_gives_the_actor(coder):
    # "army officers": the army's; "commitment to the Zambian people": the people
    assert found(coder, "Peru granted asylum to five Panamanian army officers on Tuesday.",
                 "1990-01-10")[0][2] == ["PAN_MIL"]
    assert found(coder, "President Levy Mwanawasa reneged on his commitment to the Zambian "
                 "people.", "2005-03-10")[0][2] == ["ZMB_CVL"]


def test_protest_in_defiance_of_someone_targets_them(coder):
    events = found(coder, "Thousands of people blocked streets in Hong Kong in defiance of "
                   "Chinese authorities.", "2019-06-12")
    assert events[0][0] == "PROTEST" and "CHN_GOV" in events[0][2]


def test_an_event_noun_as_the_subject_of_its_verb_is_one_event(coder):
    assert [k for k, *_ in found(coder, "An Israeli air strike killed five Palestinians in "
                                 "Gaza on Monday.", "2022-01-11")] == ["ASSAULT"]


def test_unidentified_attackers_make_no_event_and_women_are_civilians(coder):
    # GUIDELINES: the source must be named or clearly identified
    assert found(coder, "On 17 August 2021, unidentified armed men killed 4 villagers near "
                 "Tondikiwindi (Ouallam, Tillaberi).", "2021-08-20") == []
    assert found(coder, "On 17 August 2021, armed men killed 4 villagers near Tondikiwindi "
                 "(Ouallam, Tillaberi).", "2021-08-20") == [("ASSAULT", ["NER_REB"], ["NER_CVL"])]
    assert found(coder, "On 8 May 2021, hundreds of women marched in Quetta.", "2021-05-12"
                 ) == [("PROTEST", ["PAK_CVL"], ["PAK"])]


def test_willing_to_withdraw_is_an_offer_to_the_place_left(coder):
    assert found(coder, "Syria says it is willing to withdraw its troops from Lebanon.",
                 "2004-09-15") == [("AGREE", ["SYR"], ["LBN"])]


def test_a_unit_or_post_of_a_force_is_that_force():
    """'ambushed a military column': the force the column belongs to is the target, in the
    country of the event; 'a military offensive' is an act, not a unit."""
    from tests.coding.test_coder_events import events

    coder = Coder()
    found = events(coder, "On 2 June 2021, PDF fighters ambushed a military column near Tahan "
                          "(Kale, Sagaing). Casualties unknown.", "2021-06-10")
    assert any(t == "ASSAULT" and "MMR_MIL" in tg for t, _, tg in found), found
    found = events(coder, "Iran threatened on Monday to launch a new military offensive "
                          "against Iraq.")
    assert all("XXX_MIL" not in tg and "IRN_MIL" not in tg for _, _, tg in found), found


def test_looting_and_taking_cattle_are_seizures_dated_by_the_opening_date():
    """Property taken by force is COERCE (confiscate); a report opening 'Overnight on 2-3
    March 2021' dates its later sentences by that night."""
    coder = Coder()
    coding = code(coder, "Overnight on 2-3 March 2021, militants raided the village of "
                         "Tin-Akoff (Oudalan, Sahel) and killed 5 civilians. The militants also "
                         "looted livestock and burned granaries.", "2021-03-06")
    rows = [(m.event_type, m.event_date.isoformat()) for m in coding.mentions]
    assert ("COERCE", "2021-03-02") in rows, rows
    rows = found(coder, "On 12 February 2022, Lou Nuer militiamen raided cattle camps near "
                        "Gumuruk, killing 8 herders. The raiders took about 2,000 head of "
                        "cattle.", "2022-02-14")
    assert "COERCE" in [r[0] for r in rows], rows
