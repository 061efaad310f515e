"""Unit tests for eventfold.coding.dates: time expressions and event-date resolution."""

from __future__ import annotations

import datetime as dt

import pytest

from eventfold.coding.dates import (
    ResolvedDate,
    dateline_date,
    document_year,
    find_time_expressions,
    is_background,
    opening_date,
    resolve_event_date,
    resolve_expression,
)

TUE = dt.date(2019, 3, 26)  # Tuesday, the guidelines' example
JULY_2022 = dt.date(2022, 7, 5)


def _at(sentence: str, trigger: str, published: dt.date | None, year: int | None = None):
    return resolve_event_date(sentence, sentence.index(trigger), published, year)


@pytest.mark.parametrize(
    ("sentence", "trigger", "published", "expected", "precision"),
    [
        # weekdays: past preference, same day is that day
        ("Rebels retook Baghuz on Saturday.", "retook", TUE, "2019-03-23", "day"),
        ("The ministers met on Tuesday.", "met", TUE, "2019-03-26", "day"),
        ("He spoke on Wednesday in Rabat.", "spoke", TUE, "2019-03-20", "day"),
        ("Gunmen attacked a convoy on Saturday night.", "attacked", TUE, "2019-03-23", "day"),
        ("Saturday’s attack killed five.", "attack", TUE, "2019-03-23", "day"),
        ("They met last Tuesday.", "met", TUE, "2019-03-19", "day"),
        ("They will meet next Tuesday.", "meet", TUE, "2019-04-02", "day"),
        # relative days
        ("Protesters gathered yesterday.", "gathered", TUE, "2019-03-25", "day"),
        ("The president resigned today.", "resigned", TUE, "2019-03-26", "day"),
        ("Clashes erupted last night.", "erupted", TUE, "2019-03-25", "day"),
        ("Police arrested him this morning.", "arrested", TUE, "2019-03-26", "day"),
        ("The talks began two days ago.", "began", TUE, "2019-03-24", "day"),
        # weeks: that week's Monday
        ("The envoys met last week.", "met", TUE, "2019-03-18", "week"),
        ("The envoys met this week.", "met", TUE, "2019-03-25", "week"),
        (
            "The city was retaken earlier in the week.",
            "retaken",
            dt.date(2017, 9, 8),
            "2017-09-04",
            "week",
        ),
        ("The army withdrew three weeks ago.", "withdrew", TUE, "2019-03-04", "week"),
        ("Talks resumed over the weekend.", "resumed", TUE, "2019-03-18", "week"),
        # months
        ("Talks collapsed last month.", "collapsed", TUE, "2019-02", "month"),
        ("Talks started this month.", "started", TUE, "2019-03", "month"),
        ("The deal was signed in June.", "signed", JULY_2022, "2022-06", "month"),
        ("The meeting was in late June.", "meeting", JULY_2022, "2022-06", "month"),
        ("Troops arrived in early March.", "arrived", JULY_2022, "2022-03", "month"),
        ("Fighting resumed in mid-April.", "resumed", JULY_2022, "2022-04", "month"),
        ("The deal was signed in November 2021.", "signed", None, "2021-11", "month"),
        ("There was the November 2021 signing of an MOU.", "signing", None, "2021-11", "month"),
        ("Ties have grown since December 2020.", "grown", None, "2020-12", "month"),
        ("A raid in August killed ten.", "raid", TUE, "2018-08", "month"),  # past preference
        # years
        ("Elections were held last year.", "held", TUE, "2018", "year"),
        ("Elections were held this year.", "held", TUE, "2019", "year"),
        ("Earlier this year, the army moved north.", "moved", TUE, "2019", "year"),
        ("The treaty was signed in 2021.", "signed", TUE, "2021", "year"),
        ("The party split in mid-2015.", "split", TUE, "2015", "year"),
        # full dates
        ("The accord was signed on 9 May 2020.", "signed", TUE, "2020-05-09", "day"),
        ("The accord was signed on May 9, 2020.", "signed", TUE, "2020-05-09", "day"),
        ("Troops entered the city on March 3.", "entered", TUE, "2019-03-03", "day"),
        ("Troops entered the city on March 30.", "entered", TUE, "2018-03-30", "day"),
        ("Fighting began on 19 June.", "began", dt.date(2018, 6, 30), "2018-06-19", "day"),
        ("Results were published on 2020-05-09.", "published", TUE, "2020-05-09", "day"),
    ],
)
def test_resolves_against_publication(sentence, trigger, published, expected, precision):
    r = _at(sentence, trigger, published, published.year if published else None)
    assert r is not None and r.source == "text"
    assert r.date.isoformat().startswith(expected) and r.precision == precision
    assert sentence[r.start : r.end] == r.text


def test_month_without_publication_uses_context_year():
    s = "By March, Israel and Morocco had established direct public military ties."
    r = _at(s, "established", None, 2022)
    assert (r.date, r.precision, r.text) == (dt.date(2022, 3, 1), "month", "March")
    assert _at("In June, there was a visit.", "visit", None, 2022).date == dt.date(2022, 6, 1)


def test_last_year_without_publication_counts_from_context_year():
    s = "It continues the unit's participation in the exercise, which was held last year."
    r = _at(s, "participation", None, 2022)
    assert (r.date, r.precision) == (dt.date(2021, 1, 1), "year")


def test_relative_expression_needs_publication_date():
    assert _at("The ministers met on Saturday.", "met", None, 2022) is None
    assert resolve_expression("yesterday", None, 2022) is None


@pytest.mark.parametrize(
    "text",
    [
        "We will march on the capital.",
        "The minister may resign.",
        "The March was peaceful.",
        "It was the second week of talks.",
        "The rebels are now in control.",
        "For three years the siege lasted.",
        "Over the past year, prices rose.",
        "Over the last year, prices rose.",
        "Some 2000 troops were deployed.",
        "Good Friday prayers were held.",
        "Dates like 9/5 are ambiguous.",
        "The ‘African Lion 2022’ exercise is held each year.",
    ],
)
def test_not_time_expressions(text):
    assert find_time_expressions(text) == []


def test_no_expression_falls_back_to_publication():
    r = resolve_event_date("The UK called the accusation ludicrous.", 7, TUE, None)
    assert r == ResolvedDate(TUE, "day", "publication", None, None, None)
    assert resolve_event_date("The UK called the accusation ludicrous.", 7, None, 2019) is None


def test_prefers_expression_in_the_triggers_clause():
    s = "Fighting, which began on 19 June, continued into Saturday."
    pub = dt.date(2018, 6, 30)
    assert _at(s, "began", pub).date == dt.date(2018, 6, 19)
    assert _at(s, "continued", pub).date == dt.date(2018, 6, 30)


def test_fronted_expression_governs_later_clauses():
    s = (
        "As the navy manoeuvred in the Mediterranean on Friday, other nations took positions; "
        "the Turkish army sent a convoy into Syria."
    )
    assert _at(s, "sent", dt.date(2018, 9, 1)).date == dt.date(2018, 8, 31)


def test_aside_about_the_subject_is_ignored():
    s = (
        "The congress, meeting in the resort of Sochi on Monday and Tuesday, is also being "
        "boycotted by the main Kurdish groups."
    )
    r = _at(s, "boycotted", dt.date(2018, 1, 28))
    assert (r.date, r.source) == (dt.date(2018, 1, 28), "publication")


def test_period_opener_in_another_clause_is_ignored():
    s = "The envoy, in office since 2014, visited Damascus."
    r = _at(s, "visited", TUE)
    assert r.source == "publication"


def test_find_time_expressions_spans():
    s = "By March, ties grew; in late June and on 9 May 2020 they met, and again yesterday."
    assert [t for _, _, t in find_time_expressions(s)] == [
        "March",
        "late June",
        "9 May 2020",
        "yesterday",
    ]
    for start, end, text in find_time_expressions(s):
        assert s[start:end] == text


@pytest.mark.parametrize(
    ("expr", "published", "year", "expected"),
    [
        ("June", JULY_2022, None, (dt.date(2022, 6, 1), "month")),
        ("in June", None, 2022, (dt.date(2022, 6, 1), "month")),
        ("By March", None, 2022, (dt.date(2022, 3, 1), "month")),
        ("December 2020", None, None, (dt.date(2020, 12, 1), "month")),
        ("Saturday", TUE, None, (dt.date(2019, 3, 23), "day")),
        ("2021", None, None, (dt.date(2021, 1, 1), "year")),
        ("earlier this year", TUE, None, (dt.date(2019, 1, 1), "year")),
        ("June", None, None, None),
        ("the March", TUE, None, None),
    ],
)
def test_resolve_expression(expr, published, year, expected):
    assert resolve_expression(expr, published, year) == expected


def test_document_year():
    text = (
        "Ties have emerged since December 2020. There was the November 2021 signing. "
        "African Lion 2022 included Israel. The goal is a pact by 2030."
    )
    assert document_year(text, None) == 2022
    assert document_year(text, TUE) == 2019
    assert document_year("No year here.", None) is None


# ------------------------------------------------------------------ principles added with issue 3


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        # a day range dates the event by its first day
        ("Between 1 and 3 May 2020, clashes killed 12.", "clashes", "2020-05-01"),
        ("Fighting raged on 9-10 May 2020 in the town.", "Fighting", "2020-05-09"),
        ("Protests were held on May 1-3, 2020.", "Protests", "2020-05-01"),
        ("Troops clashed from 4 to 6 June in the hills.", "clashed", "2019-06-04"),
    ],
)
def test_day_ranges_take_the_first_day(sentence, trigger, expected):
    r = _at(sentence, trigger, dt.date(2019, 7, 1), 2019)
    assert (r.date.isoformat(), r.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected", "precision"),
    [
        ("On 9 May 2020, militants attacked a post; the next day troops raided the village.",
         "raided", "2020-05-10", "day"),
        ("On 9 May 2020, militants attacked a post. Two days later, troops raided the village.",
         "raided", "2020-05-11", "day"),
        ("The opposition voted on Saturday to stay away. Hours later the UN announced it would "
         "attend.", "announced", "2019-03-23", "day"),
        ("Police arrested him on Monday. He was released the following week.", "released",
         "2019-04-01", "week"),
        ("Rebels took the town on 3 March. The day before, jets had bombed it.", "bombed",
         "2019-03-02", "day"),
    ],
)  # fmt: skip
def test_anaphoric_expressions_count_from_the_day_told_before(
    sentence, trigger, expected, precision
):
    last = sentence.rfind(". ")
    start = last + 2 if last > 0 and sentence.index(trigger) > last else 0
    sent = sentence[start:]
    r = resolve_event_date(sent, sent.index(trigger), TUE, 2019, document=sentence,
                           sentence_start=start)  # fmt: skip
    assert r.source == "text"
    assert (r.date.isoformat(), r.precision) == (expected, precision)


def test_anaphoric_expression_without_a_day_before_falls_back():
    r = resolve_event_date("The next day troops raided the village.", 20, TUE, 2019)
    assert r.source == "publication"


@pytest.mark.parametrize(
    "sentence",
    [
        "Syrian rebels had seized the town before the army arrived.",
        "Talks were pushed by US officials, who have also lobbied partners to take detainees.",
        "In Raqqa to the north, where Kurdish forces have taken the Old City, resistance ebbed.",
    ],
)
def test_background_verb_forms_get_no_publication_date(sentence):
    trigger = next(w for w in ("seized", "lobbied", "taken") if w in sentence)
    assert _at(sentence, trigger, TUE) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Islamic State fighters have retreated towards the river.",  # main-clause perfect: news
        "French President Emmanuel Macron has called for more dialogue with Russia.",
        "The UK said that Russia has deployed more troops.",
        "The army said on its website it had killed 12 militants.",  # reported speech
    ],
)
def test_news_in_the_perfect_keeps_the_publication_date(sentence):
    trigger = next(w for w in ("retreated", "called", "deployed", "killed") if w in sentence)
    assert _at(sentence, trigger, TUE).source == "publication"


def test_appositive_has_its_own_time():
    s = "The UN hours later announced that he would attend, a decision hailed by Moscow."
    doc = "The opposition voted on Saturday to stay away. " + s
    start = doc.index(s)
    announced = resolve_event_date(s, s.index("announced"), TUE, 2019, document=doc,
                                   sentence_start=start)  # fmt: skip
    hailed = resolve_event_date(s, s.index("hailed"), TUE, 2019, document=doc,
                                sentence_start=start)  # fmt: skip
    assert announced.date == dt.date(2019, 3, 23)
    assert (hailed.date, hailed.source) == (TUE, "publication")
    # a fronted adverbial clause still dates the later clauses
    s = "As the navy manoeuvred on Friday, the army sent a convoy, a move welcomed by allies."
    assert _at(s, "welcomed", TUE).date == dt.date(2019, 3, 22)


def test_report_opening_with_a_full_date_dates_its_other_sentences():
    doc = ("On 9 May 2020, militants attacked a checkpoint in Dand (Dand, Kandahar). "
           "They also abducted two civilians.")  # fmt: skip
    s = "They also abducted two civilians."
    start = doc.index(s)
    for published in (None, dt.date(2020, 5, 12)):
        r = resolve_event_date(s, s.index("abducted"), published, 2020, document=doc,
                               sentence_start=start)  # fmt: skip
        assert (r.date, r.precision, r.source) == (dt.date(2020, 5, 9), "day", "text")
    assert opening_date("Gunmen attacked on 9 May 2020.", None, None) is None


def test_dateline_stands_in_for_a_missing_publication_date():
    doc = "KABUL, May 9 (Reuters) - Taliban fighters attacked a checkpoint on Saturday."
    assert dateline_date(doc, 2020) == dt.date(2020, 5, 9)
    s = doc[doc.index("Taliban") :]
    r = resolve_event_date(s, s.index("attacked"), None, 2020, document=doc,
                           sentence_start=doc.index(s))  # fmt: skip
    assert r.date == dt.date(2020, 5, 9)  # 9 May 2020 was a Saturday
    assert dateline_date("LONDON (Reuters) - Nothing dated.", 2020) is None
    assert is_background("Rebels had seized the town.", 11)


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected"),
    [
        ("The two leaders met in Geneva on Tuesday, March 19.", "met", "2019-03-19"),
        ("On Sunday, 24 March, militants attacked a base.", "attacked", "2019-03-24"),
        ("Israel on Wednesday last week struck targets in Syria.", "struck", "2019-03-20"),
        ("Talks resume next week; the envoy met rebels on Monday.", "met", "2019-03-25"),
    ],
)
def test_weekday_with_a_date_or_a_week(sentence, trigger, expected):
    r = _at(sentence, trigger, TUE)
    assert (r.date.isoformat(), r.precision) == (expected, "day")


@pytest.mark.parametrize(
    ("sentence", "trigger", "expected", "source"),
    [
        ("Washington urged Israel to withdraw its troops by Friday.", "urged", TUE, "publication"),
        ("The rebels promised to free the hostages on Saturday.", "promised", TUE, "publication"),
        ("The UN announced that the envoy would attend talks on Monday.", "announced", TUE,
         "publication"),
        ("Washington on Friday urged Israel to withdraw.", "urged", dt.date(2019, 3, 22), "text"),
        ("The two sides agreed to a ceasefire on Sunday.", "agreed", dt.date(2019, 3, 24),
         "text"),
    ],
)  # fmt: skip
def test_speech_act_content_has_its_own_time(sentence, trigger, expected, source):
    r = _at(sentence, trigger, TUE)
    assert (r.date, r.source) == (expected, source)
