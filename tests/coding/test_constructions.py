"""Events carried by a construction rather than a trigger word (constructions.yaml): a
disapproving verdict, blame, a decision to stay away, and a meeting inside an utterance."""

from __future__ import annotations

import pytest

from eventfold.coding.coder import Coder
from tests.coding.test_coder_events import code


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def found(coder: Coder, text: str, published: str = "2018-04-13"):
    return [(m.event_type, m.event_mode, [a.actor_id for a in m.sources],
             [a.actor_id for a in m.targets], m.event_date.isoformat() if m.event_date else None)
            for m in code(coder, text, published).mentions]


@pytest.mark.parametrize("text, source, target", [
    ("The UK government called Moscow's accusation \"ludicrous\".", "GBR_GOV", "RUS"),
    ("Iran described the US sanctions as illegal.", "IRN", "USA"),
    ("China branded the report by Japan a lie.", "CHN", "JPN"),
])
def test_disapproving_verdict_is_an_accusation(coder, text, source, target):
    assert ("ACCUSE", [source], [target]) in [(t, s, g) for t, _, s, g, _ in found(coder, text)]


def test_an_approving_or_neutral_verdict_is_not(coder):
    assert not [e for e in found(coder, "Iran described the US proposal as interesting.")
                if e[0] == "ACCUSE"]


def test_blame_in_reported_speech(coder):
    events = found(coder, "Russia's ambassador, Alexander Yakovenko, said the UK-funded White "
                   "Helmets were behind fake reports about the incident.")
    assert [(t, s, g) for t, _, s, g, _ in events] == [
        ("ACCUSE", ["RUS_GOV"], ["NGO_WHITEHELMETS"])]
    assert found(coder, "Iran said it was not behind the attack on the tanker.") == []


def test_deciding_not_to_attend_is_a_boycott(coder):
    events = found(coder, "The Syrian Negotiations Commission voted on Saturday not to attend "
                   "the conference in Sochi.")
    assert [(t, m, d) for t, m, _, _, d in events] == [("PROTEST", "boycott", "2018-04-07")]
    # not deciding, or deciding to go, is no boycott
    assert found(coder, "The commission did not vote to attend the conference.") == []


def test_a_meeting_inside_an_utterance(coder):
    events = found(coder, "French President Emmanuel Macron has called for more dialogue with "
                   "Russia in a phone call with his Russian counterpart Vladimir Putin.")
    assert ("CONSULT", "phone") in [(t, m) for t, m, *_ in events]
    assert ("REQUEST", None) in [(t, m) for t, m, *_ in events]
    # "riot police", "aid groups": a trigger word that only describes an actor is no event
    aid = code(coder, "Doctors from two American aid groups delivered goods to Baghdad "
               "University.", "2018-04-13").mentions
    assert [m.trigger for m in aid if m.trigger == "aid"] == []
    assert [t for t, *_ in found(coder, "Liberian riot police used tear gas in Monrovia.")
            if t == "PROTEST"] == []


def test_a_verdict_after_a_long_object_in_curly_quotes(coder):
    events = found(coder, "The UK government called Moscow’s accusation that Britain directed "
                   "the attack on Douma “ludicrous”.")
    assert ("ACCUSE", ["GBR_GOV"], ["RUS"]) in [(t, s, g) for t, _, s, g, _ in events]


def test_declining_to_act_is_a_rejection_and_a_force_put_on_alert_mobilises(coder):
    assert [t for t, *_ in found(coder, "Vice-President Moody Awori has declined to resign "
                                 "despite growing pressure.")] == ["REJECT"]
    assert found(coder, "Kenyan exports declined by 20 percent in May.") == []
    events = found(coder, "The Syrian army was placed on high alert on Friday.")
    assert [(t, s) for t, _, s, _, _ in events] == [("MOBILIZE", ["SYR_MIL"])]


def test_allowing_people_in_is_a_retreat(coder):
    assert [t for t, *_ in found(coder, "Jordan allowed UN inspectors to enter the camp.")] == [
        "RETREAT"]


@pytest.mark.parametrize("text, expected", [
    # GUIDELINES: REJECT is denying a request, not an accusation
    ("Moscow has denied any involvement in the attack.", []),
    ("Israel denied entry to two US congresswomen.", ["REJECT"]),
    # claiming an attack admits it; the attack is coded where it is told
    ("The Islamic extremist group claimed responsibility for the attack.", []),
    # ordering troops somewhere moves them; approving a loan gives it
    ("U.S. Defense Secretary Patrick Shanahan ordered 1,000 troops to Saudi Arabia.",
     ["MOBILIZE"]),
    ("The IMF's executive board approved a $3 billion bailout for Pakistan.", ["AID"]),
    # "on Thursday" is a date, not the particle of "call on"
    ("Belarus's foreign ministry on Thursday called the expulsions \"unfriendly\".", ["ACCUSE"]),
])
def test_what_a_word_means_depends_on_its_object(coder, text, expected):
    assert [t for t, *_ in found(coder, text)] == expected


def test_extradition_targets_the_receiving_state_and_a_trip_for_a_visit_is_one(coder):
    assert found(coder, "Colombia on Wednesday extradited Dairo Antonio Usuga to the United "
                 "States.")[0][2:4] == (["COL"], ["USA"])
    events = found(coder, "Japanese Prime Minister Fumio Kishida arrived in New Delhi on "
                   "Monday for a two-day visit.")
    assert [(t, m) for t, m, *_ in events] == [("CONSULT", "visit")]


def test_done_in_protest_and_gathering_for_a_rally_are_protests(coder):
    assert [t for t, *_ in found(coder, "Palestinians in the West Bank shunned work on Monday "
                                 "to protest against new settlements.")] == ["PROTEST"]
    assert [t for t, *_ in found(coder, "Thousands of Nigerians were converging on Thursday "
                                 "for a rally in Lagos.")] == ["PROTEST"]
    # planning to protest is not protesting; other purposes are not events
    assert found(coder, "Students plan to protest on Friday.") == []


def test_missiles_fired_into_the_sea_are_a_test_and_pledged_aid_an_offer(coder):
    assert [(t, m) for t, m, *_ in found(coder, "North Korea fired two ballistic missiles into "
                                         "the sea on Sunday.")] == [("MOBILIZE", "weapons")]
    assert [t for t, *_ in found(coder, "Hamas fired rockets into southern Israel on "
                                 "Monday.")] == ["ASSAULT"]
    assert found(coder, "The United States will provide an additional $300 million in "
                 "military aid to Ukraine.")[0][:1] == ("AGREE",)


@pytest.mark.parametrize(("text", "kind", "source", "target"), [
    # a definite act noun is the act told before; its doers are the target
    ("Lithuania expelled two Belarusian diplomats last week. Belarus's foreign ministry on "
     "Thursday called the expulsions \"unfriendly and unfounded\".", "ACCUSE", "BLR_GOV", "LTU"),
    ("South Korea and the United States held joint air drills on Sunday. North Korea's foreign "
     "ministry condemned the exercise as a rehearsal for invasion.", "ACCUSE", "PRK_GOV", "KOR"),
    ("Malian rebels attacked an army base on Monday. The African Union condemned the attack.",
     "ACCUSE", "IGO_AU", "MLI_REB"),
    # "…, a move X condemned": the act of the same sentence
    ("Spain, Ireland and Norway formally recognised a Palestinian state on Tuesday, a move "
     "Israel condemned as a reward for terrorism.", "ACCUSE", "ISR", "ESP"),
    # the parser hangs the object's "by" phrase on the verb
    ("Iran on Friday rejected a proposal by France, Britain and Germany to open talks.",
     "REJECT", "IRN", "FRA"),
])
def test_an_act_judged_targets_its_doers(coder, text, kind, source, target):
    events = found(coder, text)
    assert any(t == kind and source in s and target in tg for t, _, s, tg, _ in events), events


def test_an_act_judged_with_no_act_told_has_no_target(coder):
    events = found(coder, "The African Union condemned the attack on Monday.")
    assert [(t, tg) for t, _, _, tg, _ in events] == [("ACCUSE", [])]
