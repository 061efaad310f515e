"""Find English time expressions in a sentence and resolve the event's date from them.

Regex-first (no dateparser): absolute, month, weekday and relative expressions are resolved
against the publication date (past preference) or, without one, a year named in the document.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from eventfold.coding.attribution import attribution_spans, inside

__all__ = [
    "ResolvedDate",
    "dateline_date",
    "document_year",
    "is_background",
    "opening_date",
    "find_time_expressions",
    "resolve_event_date",
    "resolve_expression",
]


# how many characters of an ISO date a precision keeps ("2022-06" for a month)
PRECISION_CHARS = {"day": 10, "week": 10, "month": 7, "year": 4}


@dataclass(frozen=True)
class ResolvedDate:
    """An event date with its precision and where it came from."""

    date: dt.date  # first day of the period for week (Monday) / month / year
    precision: str  # "day" | "week" | "month" | "year"
    source: str  # "text" | "publication"
    text: str | None  # the time expression used, as written
    start: int | None  # char offsets of the expression within the sentence
    end: int | None


# --------------------------------------------------------------------------- vocabulary

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
# weekday and month names, which the coder tags DATE where it does not run the NER
DATE_WORDS = frozenset(w for w in (*_MONTHS, *_WEEKDAYS) if len(w) > 3 or w == "may")
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
# Words that may stand capitalized before a date without making it part of a name.
_FUNCTION_WORDS = frozenset(
    "in on at by since until till during from through to of for and or the a an last this "
    "next early late mid before after between as when while but from around about".split()
)
# A year after one of these is a quantity ("some 2000 troops"), not a date.
_QUANTITY_WORDS = frozenset(
    "some about around over nearly almost than approximately roughly estimated up least "
    "only just another additional more".split()
)
# Expressions after these words open or close a period: used only when nothing else fits.
_PERIOD_CUES = frozenset("since until till before after from".split())
# A year after one of these is a target ("by 2030"), not a year the document speaks from.
_TARGET_CUES = frozenset("by until till to before".split())
# Weekday names inside these names are no dates ("Good Friday", "Bloody Sunday").
_WEEKDAY_NAMES = frozenset("good black bloody super ash palm easter holy cyber giving".split())

# --------------------------------------------------------------------------- patterns

_MF = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MA = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MON = rf"(?:{_MF}|{_MA})"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19\d\d|20\d\d)"
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MOD = r"(?:(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)[-\s]\s*)"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})"
_CUE = r"(?:in|In|by|By|since|Since|until|Until|till|during|During|from|From|through|Through|of)"
_NB = r"(?<![\w$€£#.,/-])"  # no digit/word/currency right before
_NA = r"(?![\w%/-]|[.,]\d)"  # no digit/word/percent right after

_TO = r"\s*(?:-|–|to|and|&)\s*"  # day ranges: "1-3 May", "between 1 and 3 May"
_WDP = rf"(?:{_WD},?\s+(?:the\s+)?)?"  # a weekday before a date: "Tuesday, March 19"
# Expressions dated from the event told just before: "hours later", "the next day".
_REF = (
    r"(?P<n>{num})\s+(?P<unit>hours?|minutes?|days?|weeks?)\s+(?P<dir>later|earlier|after|before)"
    r"|the\s+(?P<next>next|following|previous|preceding)\s+(?P<unit2>day|morning|afternoon|"
    r"evening|night|week)"
    r"|(?P<same>(?:later|earlier)\s+(?:that|the\s+same)\s+(?:day|morning|afternoon|evening|"
    r"night)|(?:on\s+)?the\s+same\s+(?:day|night|evening)|that\s+same\s+day|(?:hours|moments|"
    r"minutes)\s+(?:later|afterwards|earlier)|shortly\s+(?:afterwards|after\s+that))"
    r"|(?P<before>the\s+(?:day|night|evening)\s+before|a\s+day\s+(?:earlier|before))"
    r"|(?P<after>a\s+day\s+later|the\s+day\s+after)"
)

# (kind, regex); the named group `x` is the expression span when it differs from the match.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"{_NB}(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d){_NA}")),
    (
        "dmy",
        re.compile(
            rf"{_NB}(?P<d>{_DAY}){_TO}{_DAY}\s+(?:of\s+)?(?P<m>{_MON}),?\s+(?P<y>{_YEAR}){_NA}"
        ),
    ),
    (
        "mdy",
        re.compile(rf"\b(?P<m>{_MON})\s+(?P<d>{_DAY}){_TO}{_DAY}(?:,\s*|\s+)(?P<y>{_YEAR}){_NA}"),
    ),
    ("dm", re.compile(rf"{_NB}(?P<d>{_DAY}){_TO}{_DAY}\s+(?:of\s+)?(?P<m>{_MON})\b")),
    (
        "dmy",
        re.compile(rf"{_NB}{_WDP}(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MON}),?\s+(?P<y>{_YEAR}){_NA}"),
    ),
    ("mdy", re.compile(rf"\b{_WDP}(?P<m>{_MON})\s+(?P<d>{_DAY})(?:,\s*|\s+)(?P<y>{_YEAR}){_NA}")),
    ("md", re.compile(rf"\b{_WDP}(?P<m>{_MON})\s+(?P<d>{_DAY}){_NA}(?!,?\s*{_YEAR})")),
    ("dm", re.compile(rf"{_NB}{_WDP}(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MON})\b")),
    ("my", re.compile(rf"\b(?P<mod>{_MOD})?(?P<m>{_MON}),?\s+(?:of\s+)?(?P<y>{_YEAR}){_NA}")),
    ("mod_month", re.compile(rf"\b(?P<mod>{_MOD})(?:in\s+)?(?P<m>{_MF})\b(?!\s+\d)")),
    ("rel_month", re.compile(rf"\b(?P<rel>(?i:last|this|next))\s+(?P<m>{_MF})\b(?!\s+\d)")),
    ("cue_month", re.compile(rf"\b(?P<cue>{_CUE})\s+(?P<x>(?P<m>{_MF}))\b(?!\s+\d)")),
    (
        "season",
        re.compile(
            rf"\b(?i:(?:early|late|mid)[-\s]?)?(?i:spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
            rf"(?P<y>{_YEAR}){_NA}"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>(?i:last|this|next))\s+)?(?P<wd>{_WD})(?!s\b)(?:['’]s\b)?"
            rf"(?:\s+(?i:morning|afternoon|evening|night))?"
            rf"(?:\s+(?:of\s+)?(?P<wrel>(?i:last|this|next))\s+week)?\b"
        ),
    ),
    ("ago", re.compile(rf"\b(?i:(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago)\b")),
    ("ref", re.compile(r"\b(?i:" + _REF.format(num=_NUM) + r")\b")),
    (
        "rel_day",
        re.compile(
            r"\b(?P<w>(?i:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
            r"last\s+night|earlier\s+today|this\s+(?:morning|afternoon|evening)))\b"
        ),
    ),
    (
        "rel_period",
        re.compile(
            r"\b(?i:(?P<mod>earlier|later|early|late|mid)[-\s]\s*(?:in\s+)?)?"
            r"(?P<rel>(?i:last|this|next|the))\s+(?P<unit>(?i:weekend|week|month|year))\b"
        ),
    ),
    ("year", re.compile(rf"{_NB}(?P<mod>{_MOD})?(?P<y>{_YEAR}){_NA}(?![-–]\d)")),
]
_KIND_RANK = {kind: i for i, (kind, _) in enumerate(_PATTERNS)}
_WORD_BEFORE = re.compile(r"([A-Za-z][\w’'.-]*)\W*$")
_CLAUSE_SPLIT = re.compile(r"[,;:()\[\]—–]|\s-\s")
_REF_LOOKBACK = 1500  # characters of the article searched for the day "the next day" counts from
_APPOSITIVE = re.compile(
    r"\s*(?:(?:a|an|the|this)\s+(?:[a-z]+\s+)?[a-z]+\s+[a-z]+ed\b|(?:which|who)\b)"
)
_ADVERBIAL = re.compile(
    r"\s*(?:as|when|while|after|before|since|on|in|at|by|during|earlier|later|late|early|"
    r"last|this|overnight|until|following)\b",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"\s*(?:which|who|whom|whose|where|when|\w+ing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Expr:
    kind: str
    start: int
    end: int
    text: str
    groups: dict[str, str | None]
    in_name: bool  # a year that is part of a name ("African Lion 2022")
    period_cue: bool  # introduced by "since", "until", … (opens/closes a period)


def _word_before(text: str, pos: int) -> str:
    m = _WORD_BEFORE.search(text, max(0, pos - 40), pos)
    return m.group(1) if m else ""


def _is_in_name(text: str, start: int) -> bool:
    """True when the capitalized word right before `start` makes the expression part of a name."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or not (text[i - 1].isalpha()):
        return False
    word = _word_before(text, i)
    if not word or not word[0].isupper() or word.lower() in _FUNCTION_WORDS:
        return False
    if word.rstrip(".").lower() in _MONTHS or word.lower() in _WEEKDAYS:
        return False
    j = i - len(word)
    k = j
    while k > 0 and text[k - 1] in " \t\"'“‘(":
        k -= 1
    return k > 0 and text[k - 1] not in ".!?\n"  # a capital after sentence start is no name


@lru_cache(maxsize=4096)
def _scan(text: str) -> tuple[_Expr, ...]:
    """All time expressions (incl. years inside names), longest first, without overlaps.
    Cached: every event of a sentence, and every sentence of a report (its opening date),
    scans the same text."""
    found: list[tuple[int, int, int, str, re.Match[str]]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span("x") if "x" in pattern.groupindex else m.span()
            found.append((s, e, _KIND_RANK[kind], kind, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[2]))
    out: list[_Expr] = []
    last_end = -1
    for s, e, _, kind, m in found:
        if s < last_end:
            continue
        groups = m.groupdict()
        before = _word_before(text, m.start()).lower()
        if kind == "rel_period" and (groups.get("rel") or "").lower() == "the":
            if (groups.get("unit") or "").lower() != "weekend" and not groups.get("mod"):
                continue  # "the week" / "over the last year" are no dates
        rel = (groups.get("rel") or "").lower()
        if kind == "rel_period" and rel == "last" and before in ("the", "past"):
            continue
        if kind == "year" and not groups.get("mod") and before in _QUANTITY_WORDS:
            continue
        if kind == "weekday" and before == "the" and not groups.get("rel"):
            continue
        if kind == "weekday":
            in_name = before in _WEEKDAY_NAMES
        else:
            in_name = kind == "year" and not groups.get("mod") and _is_in_name(text, s)
        cue = (groups.get("cue") or before).lower()
        out.append(_Expr(kind, s, e, text[s:e], groups, in_name, cue in _PERIOD_CUES))
        last_end = e
    return tuple(out)


def find_time_expressions(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, text) of the time expressions in a sentence, in order."""
    return [(x.start, x.end, x.text) for x in _scan(text) if not x.in_name]


# --------------------------------------------------------------------------- resolution


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _add_months(d: dt.date, n: int) -> dt.date:
    k = d.year * 12 + d.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def _month_no(word: str | None) -> int | None:
    return _MONTHS.get((word or "").rstrip(".").lower())


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _day_no(word: str) -> int:
    return int(re.sub(r"\D", "", word))


def _resolve(x: _Expr, pub: dt.date | None, cy: int | None) -> tuple[dt.date, str] | None:
    g = x.groups
    k = x.kind
    if k in ("iso", "dmy", "mdy"):
        m = int(g["m"]) if k == "iso" else _month_no(g["m"])
        d = _safe_date(int(g["y"]), m, _day_no(g["d"])) if m else None
        return (d, "day") if d else None
    if k in ("md", "dm"):
        m, day = _month_no(g["m"]), _day_no(g["d"])
        if pub is not None:
            d = _safe_date(pub.year, m, day)
            if d is not None and d > pub:
                d = _safe_date(pub.year - 1, m, day)
        else:
            d = _safe_date(cy, m, day) if cy else None
        return (d, "day") if d else None
    if k == "my":
        return dt.date(int(g["y"]), _month_no(g["m"]), 1), "month"
    if k in ("mod_month", "cue_month", "rel_month"):
        m = _month_no(g["m"])
        rel = (g.get("rel") or "").lower()
        if pub is None:
            return (dt.date(cy, m, 1), "month") if cy else None
        y = pub.year
        if rel == "next":
            y += 1 if m <= pub.month else 0
        elif rel == "last":
            y -= 1 if m >= pub.month else 0
        elif rel != "this" and m > pub.month:
            y -= 1
        return dt.date(y, m, 1), "month"
    if k in ("season", "year"):
        return dt.date(int(g["y"]), 1, 1), "year"
    if k == "weekday":
        if pub is None:
            return None
        wd = _WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        wrel = (g.get("wrel") or "").lower()
        if wrel:  # "Wednesday last week"
            step = {"last": -1, "next": 1}.get(wrel, 0)
            return _monday(pub) + dt.timedelta(weeks=step, days=wd), "day"
        if rel == "next":
            return pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7), "day"
        if rel == "this":
            return _monday(pub) + dt.timedelta(days=wd), "day"
        back = (pub.weekday() - wd) % 7
        if rel == "last" and back == 0:
            back = 7
        return pub - dt.timedelta(days=back), "day"
    if k == "rel_day":
        if pub is None:
            return None
        w = " ".join(g["w"].lower().split())
        offset = {"the day before yesterday": -2, "yesterday": -1, "last night": -1, "tomorrow": 1}
        return pub + dt.timedelta(days=offset.get(w, 0)), "day"
    if k == "ago":
        if pub is None:
            return None
        n = int(g["n"]) if g["n"].isdigit() else _NUMBERS[g["n"].lower()]
        unit = g["unit"].lower()
        if unit == "day":
            return pub - dt.timedelta(days=n), "day"
        if unit == "week":
            return _monday(pub - dt.timedelta(weeks=n)), "week"
        if unit == "month":
            return _add_months(pub.replace(day=1), -n), "month"
        return dt.date(pub.year - n, 1, 1), "year"
    if k == "rel_period":
        unit = g["unit"].lower()
        rel = g["rel"].lower()
        step = {"last": -1, "next": 1}.get(rel, 0)
        if unit == "year":
            base = pub.year if pub is not None else cy
            return (dt.date(base + step, 1, 1), "year") if base else None
        if pub is None:
            return None
        if unit == "month":
            return _add_months(pub.replace(day=1), step), "month"
        if unit == "weekend":  # the weekend just past (or coming, for "next")
            sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
            if step == 1:
                sat += dt.timedelta(days=7)
            elif step == -1 and pub.weekday() >= 5:
                sat -= dt.timedelta(days=7)
            return _monday(sat), "week"
        return _monday(pub) + dt.timedelta(weeks=step), "week"
    return None


_BARE = re.compile(rf"^\W*(?:(?P<m>{_MF})|(?P<wd>{_WD}))\W*$")


def resolve_expression(
    expr: str, published: dt.date | None, context_year: int | None
) -> tuple[dt.date, str] | None:
    """Resolve one time expression to (date, precision), or None when it cannot be resolved.

    Relative expressions need `published`; month names without a year fall back to
    `context_year`. Bare month or weekday names are accepted here (the caller vouches for them).
    """
    xs = [x for x in _scan(expr) if not x.in_name] or _scan(expr)
    if not xs:
        m = _BARE.match(expr)
        if not m:
            return None
        kind = "cue_month" if m.group("m") else "weekday"
        xs = [_Expr(kind, 0, len(expr), expr, {**m.groupdict(), "rel": None}, False, False)]
    best = max(xs, key=lambda x: x.end - x.start)
    return _resolve(best, published, context_year)


def document_year(text: str, published: dt.date | None) -> int | None:
    """The year that anchors month names: the publication year, else the latest year named.

    Years in names ("African Lion 2022") count; targets ("by 2030", "until 2025") do not.
    """
    if published is not None:
        return published.year
    years = [
        int(x.groups["y"])
        for x in _scan(text)
        if x.groups.get("y") and _word_before(text, x.start).lower() not in _TARGET_CUES
    ]
    return max(years) if years else None


def _segments(sentence: str) -> list[tuple[int, int]]:
    bounds = [0]
    for m in _CLAUSE_SPLIT.finditer(sentence):
        bounds.extend((m.start(), m.end()))
    bounds.append(len(sentence))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]


def _segment_of(segments: list[tuple[int, int]], pos: int) -> int:
    i = 0
    while i + 1 < len(segments) and segments[i + 1][0] <= pos:
        i += 1
    return i


# Speech acts whose complement is what is promised, demanded or threatened: a time expression
# inside the complement dates the content, not the speech act (trigger-word prefixes).
_SPEECH_ACTS = (
    "promis", "pledg", "vow", "threat", "warn", "urg", "call", "demand", "ask", "appeal",
    "agree", "offer", "order", "request", "plan", "intend", "decid", "announc", "propos",
    "invit", "press", "insist", "refus", "reject",
)  # fmt: skip
_COMPLEMENT = re.compile(r"\b(?:to\s+(?!the\b|a\b|an\b|its\b|their\b|his\b|her\b)[a-z]+|that)\b")


def _content_start(sentence: str, anchor: int) -> int | None:
    """Where the complement of a speech-act trigger begins ("… urged Israel | to withdraw by
    Friday"), or None."""
    word = re.match(r"[A-Za-z]+", sentence[anchor:])
    if word is None or not word.group().lower().startswith(_SPEECH_ACTS):
        return None
    m = _COMPLEMENT.search(sentence, anchor + word.end())
    return m.start() if m else None


def _candidates(sentence: str, exprs: list[_Expr], anchor: int | None) -> list[_Expr]:
    """Expressions that may date the event at `anchor`, best first.

    Same clause segment as the trigger first, then a fronted first segment ("By March, …"),
    then other segments, nearest first. Asides before the trigger ("X, meeting on Monday, was
    boycotted") and period openers outside the trigger's segment ("since 2020") are dropped.
    """
    if anchor is None:
        return sorted(exprs, key=lambda x: (x.period_cue, x.start))
    content = _content_start(sentence, anchor)
    if content is not None:  # "promised to withdraw by Friday": Friday is the content's
        # … but not the attribution that closes the sentence ("…, the minister said on
        # Monday"): the speech act was reported that day
        reported = attribution_spans(sentence, anchor)
        exprs = [x for x in exprs if x.start < content or inside(x.start, reported)]
    segs = _segments(sentence)
    a_seg = _segment_of(segs, anchor)
    # an appositive or relative clause ("…, a decision hailed by Moscow") has its own time
    own_time = a_seg > 0 and bool(_APPOSITIVE.match(sentence, segs[a_seg][0]))
    adverbial = bool(_ADVERBIAL.match(sentence, segs[0][0]))
    ranked: list[tuple[tuple[bool, int, int], _Expr]] = []
    for x in exprs:
        seg = _segment_of(segs, x.start)
        if seg == a_seg:
            tier = 0
        elif x.period_cue:
            continue
        elif own_time and not (seg == 0 and (adverbial or x.start == segs[0][0])):
            continue
        elif seg == 0:
            tier = 1
        elif seg < a_seg and _SUBORDINATE.match(sentence, segs[seg][0]):
            continue  # an aside about the subject ("X, meeting on Monday, was boycotted")
        else:
            tier = 2
        dist = x.start - anchor if x.start >= anchor else max(0, anchor - x.end)
        ranked.append(((x.period_cue, tier, dist), x))
    ranked.sort(key=lambda r: r[0])
    return [x for _, x in ranked]


def _reference(
    sentence: str,
    pos: int,
    document: str | None,
    sentence_start: int | None,
    published: dt.date | None,
    cy: int | None,
) -> dt.date | None:
    """The day an anaphoric expression ("hours later", "the next day") counts from: the last
    day-precise expression before it, in its sentence or shortly before in the article."""
    texts = [sentence[:pos]]
    if document is not None and sentence_start is not None:
        texts.append(document[max(0, sentence_start - _REF_LOOKBACK) : sentence_start])
    for text in texts:
        for x in reversed([x for x in _scan(text) if not x.in_name and x.kind != "ref"]):
            r = _resolve(x, published, cy)
            if r is not None and r[1] == "day":
                return r[0]
    return None


def _resolve_ref(x: _Expr, ref: dt.date) -> tuple[dt.date, str]:
    g = x.groups
    if g.get("n"):
        n = int(g["n"]) if g["n"].isdigit() else _NUMBERS[g["n"].lower()]
        unit = g["unit"].lower().rstrip("s")
        sign = 1 if g["dir"].lower() in ("later", "after") else -1
        if unit == "day":
            return ref + dt.timedelta(days=sign * n), "day"
        if unit == "week":
            return _monday(ref + dt.timedelta(weeks=sign * n)), "week"
        return ref, "day"  # hours, minutes
    if g.get("next"):
        sign = 1 if g["next"].lower() in ("next", "following") else -1
        if g["unit2"].lower() == "week":
            return _monday(ref + dt.timedelta(weeks=sign)), "week"
        return ref + dt.timedelta(days=sign), "day"
    if g.get("before"):
        return ref - dt.timedelta(days=1), "day"
    if g.get("after"):
        return ref + dt.timedelta(days=1), "day"
    return ref, "day"


# Background in the verb form: past perfect ("had seized"), or the perfect in a relative clause
# ("…, who have also lobbied …", "where Kurdish forces have taken"): dated news it is not.
_PERFECT_BEFORE = re.compile(
    r"\b(?P<aux>had|have|has|'d|’d)\s+(?:(?:not|also|already|since|previously|recently|now|"
    r"reportedly|allegedly|repeatedly|just|long|been)\s+){0,3}$",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:said|says|say|told|tells|announced|reported|claimed|confirmed|added|stated|denied|"
    r"insisted|alleged|admitted|acknowledged|according\s+to)\b",
    re.IGNORECASE,
)
_RELATIVE_START = re.compile(r"^\s*(?:who|which|where|whose)\b", re.IGNORECASE)


def is_background(sentence: str, anchor: int | None) -> bool:
    """True when the trigger's verb form marks background rather than the day's news: a past
    perfect ("had seized the town", but not in reported speech: "said it had killed"), or a
    present perfect inside a relative clause ("US officials, who have also lobbied partners")."""
    if anchor is None:
        return False
    m = _PERFECT_BEFORE.search(sentence, max(0, anchor - 60), anchor)
    if m is None:
        return False
    if m.group("aux").lower() in ("had", "'d", "’d"):
        # "the army said it had killed 12": reported speech backshifts the news, no background
        return _REPORTED.search(sentence, 0, m.start()) is None
    clause = _CLAUSE_SPLIT.split(sentence[: m.start()])[-1]
    return bool(_RELATIVE_START.match(clause)) or bool(
        re.search(r"\b(?:who|which|where|whose)\s+[^,;]*$", clause, re.IGNORECASE)
    )


_DATELINE_DATE = re.compile(
    rf"^\s*(?:[A-Z][A-Z'’.-]+(?:\s+[A-Z][A-Z'’.-]+){{0,3}},?\s*)?"
    rf"(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){{0,2}},\s*)?"
    rf"(?P<x>(?P<m>{_MON})\s+(?P<d>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?|(?P<d2>{_DAY})\s+(?P<m2>{_MON})"
    rf"(?:,?\s+(?P<y2>{_YEAR}))?)\s*(?:\([^()]{{1,30}}\)\s*)?[-—–:]"
)
_OPENING = re.compile(
    r"^\s*(?:(?:On|Around|On\s+or\s+about|On\s+or\s+around|As\s+reported\s+on|Between|"
    r"Overnight(?:\s+on)?|(?:Late|Early)\s+on|(?:On|During)\s+the\s+night\s+of)\s+)?$",
    re.IGNORECASE,
)


def dateline_date(document: str | None, context_year: int | None) -> dt.date | None:
    """The date of a news dateline ("KABUL, May 9 (Reuters) -", "LONDON, 3 March 2021 —")."""
    m = _DATELINE_DATE.match(document or "")
    if m is None:
        return None
    month = _month_no(m.group("m") or m.group("m2"))
    day = _day_no(m.group("d") or m.group("d2"))
    year = m.group("y") or m.group("y2")
    y = int(year) if year else context_year
    return _safe_date(y, month, day) if y and month else None


def opening_date(
    document: str | None, published: dt.date | None, context_year: int | None
) -> tuple[dt.date, str, str] | None:
    """The full date a report opens with ("On 9 May 2020, militants attacked …"): the date of
    the incident the whole report is about. (date, precision "day", expression) or None."""
    if not document:
        return None
    head = document[:200]
    for x in _scan(head):
        if x.kind in ("iso", "dmy", "mdy") and _OPENING.match(head[: x.start]):
            r = _resolve(x, published, context_year)
            return (r[0], r[1], x.text) if r else None
        break
    return None


def resolve_event_date(
    sentence: str,
    anchor: int | None,
    published: dt.date | None,
    context_year: int | None,
    *,
    document: str | None = None,
    sentence_start: int | None = None,
) -> ResolvedDate | None:
    """Date of the event whose trigger starts at `anchor` (char offset) in `sentence`.

    Resolves the time expression that belongs to the event (see `_candidates`); "hours later",
    "the next day" count from the last day named before (in the sentence, or in `document`
    before `sentence_start`, the sentence's offset in it). When the sentence has none:
    - background verb forms ("had seized", "…, who have lobbied") get no date;
    - a report that opens with a full date ("On 9 May 2020, …") dates its other sentences too;
    - otherwise the publication date (precision "day", source "publication"); an article
      without one takes its dateline's date ("KABUL, May 9 (Reuters) -"), if any.
    Returns None when nothing dates the event.
    """
    if published is None and document:
        published = dateline_date(document, context_year)
    exprs = [x for x in _scan(sentence) if not x.in_name]
    for x in _candidates(sentence, exprs, anchor):
        if x.kind == "ref":
            ref = _reference(sentence, x.start, document, sentence_start, published,
                             context_year)  # fmt: skip
            r = _resolve_ref(x, ref) if ref is not None else None
        else:
            r = _resolve(x, published, context_year)
        if r is not None:
            return ResolvedDate(r[0], r[1], "text", x.text, x.start, x.end)
    if is_background(sentence, anchor):
        return None
    opening = opening_date(document, published, context_year)
    if opening is not None and sentence_start:
        return ResolvedDate(opening[0], opening[1], "text", opening[2], None, None)
    if published is not None:
        return ResolvedDate(published, "day", "publication", None, None, None)
    return None
