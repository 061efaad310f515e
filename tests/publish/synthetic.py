"""A deterministic synthetic release (a few hundred events among real-looking actors and places)
for the report, quality and load tests: valid against the catalogue, built with conform.

Not a test module; conftest files load it by path (tests/ has no __init__.py).
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from schemas.arrow import conform

ACTORS = [  # actor_id, name, actor_type, country, sector
    ("UKR", "Ukraine", "country", "UKR", None), ("RUS", "Russia", "country", "RUS", None),
    ("UKR_MIL", "Ukrainian military", "group", "UKR", "MIL"),
    ("RUS_MIL", "Russian military", "group", "RUS", "MIL"),
    ("USA", "United States", "country", "USA", None), ("CHN", "China", "country", "CHN", None),
    ("PHL", "Philippines", "country", "PHL", None), ("ISR", "Israel", "country", "ISR", None),
    ("PSE", "Palestine", "country", "PSE", None), ("EGY", "Egypt", "country", "EGY", None),
    ("QAT", "Qatar", "country", "QAT", None), ("IND", "India", "country", "IND", None),
    ("PAK", "Pakistan", "country", "PAK", None), ("COL", "Colombia", "country", "COL", None),
    ("ECU", "Ecuador", "country", "ECU", None),
    ("ARG_LAB", "Argentine unions", "group", "ARG", "LAB"),
    ("ARG_GOV", "Argentine government", "group", "ARG", "GOV"),
    ("EU", "European Union", "igo", None, "IGO"), ("NGA", "Nigeria", "country", "NGA", None),
    ("KEN_CVL", "Kenyan protesters", "group", "KEN", "CVL"),
    ("KEN_GOV", "Kenyan government", "group", "KEN", "GOV"),
]
PLACES = [  # name, country, admin1, lat, lon
    ("Kyiv", "UKR", "Kyiv City", 50.45, 30.52), ("Kharkiv", "UKR", "Kharkiv", 49.99, 36.23),
    ("Moscow", "RUS", "Moscow", 55.76, 37.62), ("Washington", "USA", "D.C.", 38.9, -77.04),
    ("Beijing", "CHN", "Beijing", 39.9, 116.4), ("Manila", "PHL", "Metro Manila", 14.6, 120.98),
    ("Gaza", "PSE", "Gaza", 31.5, 34.47), ("Cairo", "EGY", "Cairo", 30.04, 31.24),
    ("Doha", "QAT", "Doha", 25.29, 51.53), ("New Delhi", "IND", "Delhi", 28.61, 77.21),
    ("Islamabad", "PAK", "Islamabad", 33.69, 73.05), ("Bogota", "COL", "Bogota", 4.71, -74.07),
    ("Quito", "ECU", "Pichincha", -0.18, -78.47),
    ("Buenos Aires", "ARG", "Buenos Aires", -34.6, -58.38),
    ("Brussels", "BEL", "Brussels", 50.85, 4.35), ("Abuja", "NGA", "FCT", 9.06, 7.49),
    ("Nairobi", "KEN", "Nairobi", -1.29, 36.82),
]
DYADS = [  # source, target, place, weight, types
    ("RUS_MIL", "UKR", "Kharkiv", 9, ["ASSAULT", "COERCE", "THREATEN"]),
    ("UKR_MIL", "RUS_MIL", "Kharkiv", 6, ["ASSAULT", "MOBILIZE"]),
    ("USA", "UKR", "Kyiv", 5, ["AID", "SUPPORT", "CONSULT"]),
    ("UKR", "RUS", "Kyiv", 3, ["ACCUSE", "REJECT"]),
    ("EU", "RUS", "Brussels", 3, ["SANCTION", "ACCUSE"]),
    ("CHN", "PHL", "Manila", 4, ["COERCE", "THREATEN", "ACCUSE"]),
    ("PHL", "CHN", "Manila", 2, ["ACCUSE", "PROTEST"]),
    ("USA", "CHN", "Beijing", 2, ["CONSULT", "SANCTION"]),
    ("EGY", "ISR", "Cairo", 3, ["CONSULT", "REQUEST"]),
    ("QAT", "PSE", "Doha", 3, ["CONSULT", "AID"]),
    ("ISR", "PSE", "Gaza", 5, ["ASSAULT", "COERCE"]),
    ("IND", "PAK", "New Delhi", 3, ["ACCUSE", "THREATEN"]),
    ("PAK", "IND", "Islamabad", 2, ["REJECT", "ACCUSE"]),
    ("COL", "ECU", "Bogota", 2, ["CONSULT", "AGREE"]),
    ("ECU", "COL", "Quito", 1, ["CONCEDE", "AGREE"]),
    ("ARG_LAB", "ARG_GOV", "Buenos Aires", 3, ["PROTEST"]),
    ("KEN_CVL", "KEN_GOV", "Nairobi", 3, ["PROTEST"]),
    ("KEN_GOV", "KEN_CVL", "Nairobi", 2, ["COERCE"]),
    ("USA", "NGA", "Abuja", 1, ["AID", "COOPERATE"]),
]
TYPES = {  # type: quad class, intensity, CAMEO root
    "AGREE": (1, 4.2, "05"), "CONSULT": (1, 2.1, "04"), "SUPPORT": (1, 4.6, "05"),
    "REQUEST": (1, 3.0, "02"), "CONCEDE": (2, 6.8, "08"), "COOPERATE": (2, 6.8, "06"),
    "AID": (2, 7.4, "07"), "ACCUSE": (3, -2.0, "11"), "REJECT": (3, -4.2, "12"),
    "THREATEN": (3, -5.1, "13"), "PROTEST": (3, -4.5, "14"), "SANCTION": (4, -6.0, "16"),
    "MOBILIZE": (4, -5.0, "15"), "COERCE": (4, -7.0, "17"), "ASSAULT": (4, -9.0, "19"),
}
SOURCES = ["Example Wire", "Daily Ledger", "Global Times Review", "Metro Herald", "Radio Nord"]


def synthetic_records(n_events: int = 240, seed: int = 7, start: date = date(2026, 5, 4),
                      weeks: int = 24) -> dict[str, list[dict]]:
    """Records for all seven tables: n_events events over `weeks` weeks from `start`."""
    rnd = random.Random(seed)
    places = {p[0]: p for p in PLACES}
    weights = [d[3] for d in DYADS]
    articles, events, event_actors, mentions = [], [], [], []
    seen: dict[str, list[date]] = defaultdict(list)
    pair_events: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    n_articles = max(n_events // 2, 1)
    for a in range(n_articles):
        day = start + timedelta(days=rnd.randrange(weeks * 7))
        articles.append({
            "article_id": f"art_{a:016x}", "url": f"https://news.example.org/{a}",
            "source_name": SOURCES[a % len(SOURCES)], "title": f"Report {a}",
            "published_at": datetime(day.year, day.month, day.day, 8 + a % 10, tzinfo=UTC),
            "language": "en", "content_sha256": f"{a:064x}", "n_chars": 900 + a,
            "ingested_at": datetime(2026, 11, 20, tzinfo=UTC), "raw_path": f"feed.jsonl#{a}"})
    for i in range(n_events):
        src, tgt, place, _, types = rnd.choices(DYADS, weights)[0]
        etype = rnd.choice(types)
        quad, intensity, cameo = TYPES[etype]
        arts = rnd.sample(articles, k=1 + (i % 3 == 0) + (i % 7 == 0))
        first = min(a["published_at"] for a in arts)
        undated = i % 23 == 5
        event_day = None if undated else first.date() - timedelta(days=rnd.randrange(3))
        located = i % 17 != 3
        name, country, admin1, lat, lon = places[place]
        eid = f"evt_{i:016x}"
        mids = []
        for k, art in enumerate(arts):
            mid = f"men_{i:012x}{k:04x}"
            mids.append(mid)
            mentions.append({"mention_id": mid, "event_id": eid, "article_id": art["article_id"],
                             "sentence_index": k, "char_start": 10 * k, "char_end": 10 * k + 60,
                             "trigger": etype.lower(), "confidence": 0.6 + 0.1 * (i % 4)})
        events.append({
            "event_id": eid, "event_type": etype, "event_mode": None, "quad_class": quad,
            "intensity": intensity, "cameo_root": cameo, "event_date": event_day,
            "date_precision": None if undated else "day",
            "date_source": None if undated else "text",
            "location_name": name if located else None,
            "location_country": country if located else None,
            "admin1": admin1 if located else None, "latitude": lat if located else None,
            "longitude": lon if located else None,
            "geo_precision": "city" if located else "none",
            "num_mentions": len(arts) + i % 4, "num_articles": len(arts),
            "num_sources": len({a["source_name"] for a in arts}),
            "first_published_at": first, "confidence": 0.55 + 0.05 * (i % 8),
            "coder_version": "coder-0.1"})
        has_target = i % 11 != 4
        event_actors.append({"event_id": eid, "actor_id": src, "role": "source"})
        if has_target:
            event_actors.append({"event_id": eid, "actor_id": tgt, "role": "target"})
            pair_events[(src, tgt)].append((eid, intensity))
        for actor in (src, tgt) if has_target else (src,):
            seen[actor].append(event_day or first.date())
    actors = []
    counts = defaultdict(int)
    for row in event_actors:
        counts[row["actor_id"]] += 1
    for actor_id, name, atype, country, sector in ACTORS:
        days = sorted(seen.get(actor_id, []))
        actors.append({"actor_id": actor_id, "name": name, "actor_type": atype,
                       "country": country, "sector": sector, "aliases": [name],
                       "wikidata_id": None, "num_mentions": counts[actor_id],
                       "first_seen": days[0] if days else None,
                       "last_seen": days[-1] if days else None})
    relations = []
    for k, ((s, t), evs) in enumerate(sorted(pair_events.items())):
        mean = sum(x for _, x in evs) / len(evs)
        days = sorted(seen[s] + seen[t])
        relations.append({
            "relation_id": f"rel_{k:016x}", "source_actor_id": s, "target_actor_id": t,
            "relation_type": "cooperates_with" if mean > 0 else "conflicts_with",
            "first_seen": days[0], "last_seen": days[-1], "num_events": len(evs),
            "mean_intensity": round(mean, 3), "evidence": sorted(e for e, _ in evs)})
    for k, (member, group) in enumerate([("UKR_MIL", "UKR"), ("RUS_MIL", "RUS"),
                                         ("ARG_GOV", "ARG_LAB")][:2]):
        relations.append({
            "relation_id": f"rel_{0xff00 + k:016x}", "source_actor_id": member,
            "target_actor_id": group, "relation_type": "part_of", "first_seen": None,
            "last_seen": None, "num_events": 2 + k, "mean_intensity": None,
            "evidence": [articles[k]["article_id"]]})
    quarantine = [{"raw_path": "feed.jsonl#999", "reason": "malformed_json",
                   "detail": "line 999: Expecting value", "seen_at": datetime(2026, 11, 20,
                                                                              tzinfo=UTC)}]
    return {"articles": articles, "events": events, "event_actors": event_actors,
            "mentions": mentions, "actors": actors, "relations": relations,
            "quarantine": quarantine}


def synthetic_tables(**kw) -> dict:
    return {name: conform(name, rows) for name, rows in synthetic_records(**kw).items()}


ACCURACY = {
    "gold_seed": {"event_type_f1": 0.812, "type_source_f1": 0.703,
                  "type_source_target_f1": 0.641, "date_accuracy": 0.9,
                  "country_accuracy": 0.875},
    "gold_news_v1": {"event_type_f1": 0.774, "type_source_f1": 0.655,
                     "type_source_target_f1": 0.598, "date_accuracy": 0.861,
                     "country_accuracy": 0.83},
}
