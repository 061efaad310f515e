"""When two coded mentions may report the same real-world event: type, date, actors, place.

Every rule here is symmetric (`compatible(a, b) == compatible(b, a)`) and looks only at the
two mentions, so clustering over it cannot depend on the order of the input.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from eventfold.coding.coder import CodedMention
from eventfold.coding.dictionary import ActorRef

# Types the guidelines score in either direction: compare all participants, not roles.
SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# An undated mention may report an event from this many days before to after publication.
UNDATED_WINDOW_DAYS = 3
# A date taken from the publication date stands for "that day or the day before".
PUBLICATION_SLACK_DAYS = 1

# How specific a mention's date is (higher first when clustering).
DATE_RANK = {("day", "text"): 6, ("day", "publication"): 5, "week": 4, "month": 3, "year": 2}
UNDATED_RANK = 1
GEO_RANK = {"city": 3, "admin1": 2, "country": 1, "none": 0}


@dataclass(frozen=True)
class Facts:
    """What the clustering needs to know about one mention, computed once."""

    mention: CodedMention
    interval: tuple[date, date] | None  # first and last day the event may have happened
    date_rank: int
    geo_rank: int
    sources: tuple[ActorRef, ...]
    targets: tuple[ActorRef, ...]

    @property
    def undated(self) -> bool:
        return self.mention.event_date is None

    @property
    def participants(self) -> tuple[ActorRef, ...]:
        return self.sources + self.targets

    @property
    def sort_key(self) -> tuple:
        """Most specific first (date, then place, then actors); mention_id breaks ties."""
        m = self.mention
        return (-self.date_rank, -self.geo_rank, -bool(self.targets),
                -len({a.actor_id for a in self.participants}), m.mention_id)


def date_interval(m: CodedMention) -> tuple[date, date] | None:
    """The days an event may fall on, given its date and precision."""
    d = m.event_date
    if d is None:
        if m.published_at is None:
            return None
        pub = m.published_at.date()
        window = timedelta(days=UNDATED_WINDOW_DAYS)
        return pub - window, pub + window
    if m.date_precision == "week":
        return d, d + timedelta(days=6)
    if m.date_precision == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
    if m.date_precision == "year":
        return date(d.year, 1, 1), date(d.year, 12, 31)
    if m.date_source == "publication":
        return d - timedelta(days=PUBLICATION_SLACK_DAYS), d
    return d, d


def date_rank(m: CodedMention) -> int:
    if m.event_date is None:
        return UNDATED_RANK if m.published_at is not None else 0
    if m.date_precision == "day" or m.date_precision is None:
        return DATE_RANK[("day", "publication" if m.date_source == "publication" else "text")]
    return DATE_RANK.get(m.date_precision, 0)


def facts_of(m: CodedMention) -> Facts:
    return Facts(
        mention=m, interval=date_interval(m), date_rank=date_rank(m),
        geo_rank=GEO_RANK.get(m.place.precision, 0) if m.place else 0,
        sources=tuple(m.sources), targets=tuple(m.targets),
    )


# -- actors ---------------------------------------------------------------------------
def is_generic(a: ActorRef) -> bool:
    """A sector of a country as a whole ("MLI_MIL", the Malian armed forces)."""
    return bool(a.country) and a.actor_id == f"{a.country}_{a.sector}"


def country_of(a: ActorRef) -> str | None:
    return a.actor_id if a.actor_type == "country" else a.country


def same_actor(x: ActorRef, y: ActorRef) -> bool:
    """The same actor, or one side names only a country (or a country's sector) the other's
    actor belongs to: Israel ~ Benny Gantz [ISR]; Malian armed forces ~ FAMa [MLI/MIL]."""
    if x.actor_id == y.actor_id:
        return True
    for a, b in ((x, y), (y, x)):
        if a.actor_type == "country" and b.country == a.actor_id:
            return True
        if is_generic(a) and b.country == a.country and b.sector == a.sector:
            return True
    return False


def is_unidentified(a: ActorRef) -> bool:
    """A sector of no known country ("XXX_REB", militants somewhere): not an identity."""
    return a.country is None and a.actor_id == f"XXX_{a.sector}"


def identified_overlap(a: Facts, b: Facts) -> bool:
    """Some actor of `a` matches one of `b` (same role, or any role for symmetric types)
    that is more than an unidentified sector: "militants" in two articles may be anyone."""
    pairs = ((a.participants, b.participants),) if a.mention.event_type in SYMMETRIC_TYPES \
        else ((a.sources, b.sources), (a.targets, b.targets))
    return any(same_actor(x, y) and not (is_unidentified(x) and is_unidentified(y))
               for xs, ys in pairs for x in xs for y in ys)


def _matched(xs: tuple[ActorRef, ...], ys: tuple[ActorRef, ...]) -> int:
    """How many distinct actors of `xs` match some actor of `ys`."""
    return len({x.actor_id for x in xs if any(same_actor(x, y) for y in ys)})


def actors_compatible(a: Facts, b: Facts, strict: bool) -> bool:
    """Sources overlap and targets overlap (or one side names no target; not when `strict`).
    For symmetric types all participants are compared: when both mentions name two or more
    parties, at least two must match on each side (X meeting Y is not X meeting Z)."""
    if a.mention.event_type in SYMMETRIC_TYPES:
        pa, pb = _unique(a.participants), _unique(b.participants)
        if not pa or not pb:
            return False
        if strict:
            return _matched(pa, pb) == len(pa) and _matched(pb, pa) == len(pb)
        need = min(2, len(pa), len(pb))
        return _matched(pa, pb) >= need and _matched(pb, pa) >= need
    if not a.sources or not b.sources or not _matched(a.sources, b.sources):
        return False
    if not a.targets or not b.targets:
        return not strict or (not a.targets and not b.targets)
    return _matched(a.targets, b.targets) > 0


def _unique(refs: tuple[ActorRef, ...]) -> tuple[ActorRef, ...]:
    seen: dict[str, ActorRef] = {}
    for r in refs:
        seen.setdefault(r.actor_id, r)
    return tuple(seen[k] for k in sorted(seen))


# -- places -----------------------------------------------------------------------------
def places_compatible(a: Facts, b: Facts) -> bool:
    """Same country or one unknown; two cities (or two admin1 units) must be the same one,
    and a city must lie in an admin1 unit named on the other side."""
    p, q = a.mention.place, b.mention.place
    if p is None or q is None:
        return True
    if p.country and q.country and p.country != q.country:
        return False
    rp, rq = GEO_RANK.get(p.precision, 0), GEO_RANK.get(q.precision, 0)
    if rp == rq and rp >= GEO_RANK["admin1"]:
        return _same_name(p.name, q.name)
    if {rp, rq} == {GEO_RANK["city"], GEO_RANK["admin1"]}:
        city, region = (p, q) if rp > rq else (q, p)
        return city.admin1 is None or _same_name(city.admin1, region.name)
    return True


def same_named_place(a: Facts, b: Facts) -> bool:
    """Both name the same city or admin1 unit."""
    p, q = a.mention.place, b.mention.place
    return (p is not None and q is not None and p.precision == q.precision
            and GEO_RANK.get(p.precision, 0) >= GEO_RANK["admin1"] and _same_name(p.name, q.name))


def _same_name(x: str | None, y: str | None) -> bool:
    return (x or "").casefold() == (y or "").casefold()


# -- dates ------------------------------------------------------------------------------
def dates_compatible(a: Facts, b: Facts) -> bool:
    """The days the two dates stand for overlap: a month joins a day in that month, a day
    never joins another day (a publication date also stands for the day before it).
    Within one article two dates read from the text must be the same date: an article that
    reports an event on 3 June and "another" earlier this year reports two events."""
    if a.interval is None or b.interval is None:
        return False
    ma, mb = a.mention, b.mention
    if ma.article_id == mb.article_id and ma.date_source == mb.date_source == "text" and (
            ma.event_date, ma.date_precision) != (mb.event_date, mb.date_precision):
        return False
    return a.interval[0] <= b.interval[1] and b.interval[0] <= a.interval[1]


def compatible(a: Facts, b: Facts) -> bool:
    """May `a` and `b` report the same event? Undated mentions (matched through their
    publication date) must agree on everything else: no missing target on one side only.
    Across articles, actors that match only as unidentified sectors ("militants") count
    only when both mentions name the same city or admin1 unit."""
    if a.mention.event_type != b.mention.event_type:
        return False
    strict = a.undated or b.undated
    if not (dates_compatible(a, b) and places_compatible(a, b)
            and actors_compatible(a, b, strict)):
        return False
    return (a.mention.article_id == b.mention.article_id or identified_overlap(a, b)
            or same_named_place(a, b))
