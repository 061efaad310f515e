"""Where and when in wire stories: a retelling with no doer gives its place; the closing
attribution dates a speech act; aid is where it goes; an event among one country's actors
happens there; a dateline places police and crowds but not armies."""

from __future__ import annotations

import pytest

from eventfold.coding.coder import Coder
from tests.coding.test_coder_events import code


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def found(coder: Coder, text: str, published: str):
    return [(m.event_type, m.event_date.isoformat() if m.event_date else None, m.date_source,
             m.place.country if m.place else None, m.place.precision if m.place else None)
            for m in code(coder, text, published).mentions]


def test_a_retelling_without_a_doer_gives_the_place(coder):
    events = found(coder, "Kenya and Uganda signed a border agreement on Sunday, officials said. "
                   "The deal was signed in Kampala.", "2021-06-08")
    assert events == [("SUPPORT", "2021-06-06", "text", "UGA", "city")]
    # an indefinite phrase is news, not a retelling, and names no doer: no event
    assert found(coder, "An agreement was signed in Kampala on Sunday.", "2021-06-08") == []


def test_the_closing_attribution_dates_a_speech_act(coder):
    events = found(coder, "Spain has offered to send firefighting planes to Greece, Spanish "
                   "Defence Minister Margarita Robles said on Monday.", "2021-08-11")
    assert events[0][:3] == ("AGREE", "2021-08-09", "text")
    # but the content's own time stays the content's: "urged … to withdraw by Friday"
    assert found(coder, "Egypt urged Ethiopia to stop filling the dam by Friday.",
                 "2021-08-11")[0][1:3] == ("2021-08-11", "publication")


def test_aid_is_located_where_it_goes(coder):
    events = found(coder, "Japan delivered tents and blankets to Nepal last week.", "2015-05-06")
    assert events[0][0] == "AID" and events[0][3] == "NPL"


def test_an_event_among_one_countrys_actors_happens_there(coder):
    assert found(coder, "A Cairo court sentenced the opposition leader to five years in "
                 "prison.", "2019-03-27")[0][3:] == ("EGY", "country")
    # one country's army acting alone may be abroad: no place is made up
    assert [e[3] for e in found(coder, "Russian jets carried out air strikes.", "2019-03-27")
            ] == [None]


def test_a_dateline_places_police_not_armies(coder):
    events = code(coder, "MOSCOW (Reuters) - Russian and Turkish troops patrolled northeast "
                  "Syria on Friday. Kurdish-led forces withdrew from the border area earlier "
                  "this week, the ministry added.", "2019-11-02").mentions
    withdrawal = [m for m in events if m.event_type == "RETREAT"][0]
    assert withdrawal.sources[0].country is None
    assert withdrawal.place is None or withdrawal.place.country == "SYR"


def test_an_event_told_next_is_in_the_country_of_the_one_before(coder):
    # "Tripoli (North)" is Lebanon's; the article-wide guess would make the second event Libyan
    mentions = code(coder, "On 26 January 2021, residents rioted in Tripoli (North) over "
                    "lockdown measures. Lebanese Army troops fired rubber bullets at the rioters, "
                    "injuring 30.", "2021-01-28").mentions
    assert [m.place.country for m in mentions] == ["LBN", "LBN"]
    assert mentions[1].targets[0].country == "LBN"
    # and police there are that country's police
    police = code(coder, "On 5 June 2020, around 200 people protested in Tunis against rising "
                  "prices. Police dispersed them with tear gas.", "2020-06-10").mentions
    assert police[1].sources[0].actor_id == "TUN_COP"
