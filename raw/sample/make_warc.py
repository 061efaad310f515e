"""Generate raw/sample/warc/sample.warc.gz, the WARC part of the eventfold sample corpus.

The three pages below are invented wire-style articles written for eventfold (CC0). The output
is deterministic: fixed WARC-Date values, record IDs derived from the target URI (uuid5) and
gzip members written by zlib (no timestamp in the gzip header), so re-running this script
yields byte-identical output.

    .venv/bin/python raw/sample/make_warc.py            # (re)write the WARC
    .venv/bin/python raw/sample/make_warc.py --check    # exit 1 if the committed file differs
"""
from __future__ import annotations

import io
import sys
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "warc" / "sample.warc.gz"
NAMESPACE = uuid.UUID("5f0c6a2e-7d3b-4e59-9a51-0e7e0f01d000")  # fixed: IDs never change


def record_id(key: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, key)}>"


PAGES = [
    {
        "uri": "https://red-sea-courier.invalid/sudan/2025/06/13/us-blacklists-rsf-commanders.html",
        "warc_date": "2025-06-13T10:12:44Z",
        "http_date": "Fri, 13 Jun 2025 10:12:44 GMT",
        "html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Washington blacklists two RSF field commanders | Red Sea Courier</title>
<meta property="og:title" content="Washington blacklists two RSF field commanders">
<meta property="og:site_name" content="Red Sea Courier">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-06-13T09:05:00Z">
<link rel="canonical" href="https://red-sea-courier.invalid/sudan/2025/06/13/us-blacklists-rsf-commanders.html">
</head>
<body>
<header><a href="/">Red Sea Courier</a>
<nav><a href="/sudan">Sudan</a> | <a href="/eritrea">Eritrea</a> | <a href="/egypt">Egypt</a> | <a href="/shipping">Shipping</a> | <a href="/about">About</a></nav>
</header>
<main>
<article>
<h1>Washington blacklists two RSF field commanders</h1>
<p class="byline">Red Sea Courier · Port Sudan · 13 June 2025</p>
<p>PORT SUDAN, June 13 (Red Sea Courier) — The United States blacklisted two commanders of Sudan's Rapid Support Forces on June 12, freezing any US assets they hold over what the Treasury Department called their role in the killing of civilians around El Fasher.</p>
<p>The two officers, a brigadier general who leads RSF units on the city's eastern approaches and a colonel linked to raids on the Zamzam and Abu Shouk camps, are the most senior RSF field commanders to be targeted by US sanctions so far.</p>
<p>Sudan's foreign ministry in Port Sudan welcomed the US decision on Friday and urged the European Union and Britain to take similar measures against the paramilitary group's leaders.</p>
<p>RSF officials did not respond to requests for comment on Thursday.</p>
<p>Residents of El Fasher reached by satellite phone said shelling of the city's southern districts continued overnight.</p>
<p>The war between the Sudanese army and the RSF, now in its third year, has split the country in two, with the army holding the east and centre and the paramilitary group controlling most of Darfur.</p>
</article>
<p class="share">Share this article: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">WhatsApp</a></p>
</main>
<aside><h2>Shipping notices</h2><p>Port Sudan container terminal working hours extended.</p></aside>
<footer><p>© 2025 Red Sea Courier. All rights reserved.</p></footer>
</body>
</html>
""",
    },
    {
        "uri": "https://asia-maritime-review.invalid/news/2025-07-09-japan-philippines-surveillance-pact",
        "warc_date": "2025-07-09T04:30:00Z",
        "http_date": "Wed, 09 Jul 2025 04:30:00 GMT",
        "html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Japan and Philippines agree to pool South China Sea surveillance data - Asia Maritime Review</title>
<meta property="og:title" content="Japan and Philippines agree to pool South China Sea surveillance data">
<meta property="og:site_name" content="Asia Maritime Review">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-07-09T03:00:00Z">
<link rel="canonical" href="https://asia-maritime-review.invalid/news/2025-07-09-japan-philippines-surveillance-pact">
</head>
<body>
<nav class="top"><a href="/">Asia Maritime Review</a> <a href="/news">News</a> <a href="/ports">Ports</a> <a href="/navies">Navies</a> <a href="/events">Events</a> <a href="/subscribe">Subscribe</a></nav>
<main>
<article>
<h1>Japan and Philippines agree to pool South China Sea surveillance data</h1>
<p>SINGAPORE, July 9 (Asia Maritime Review) — Japan and the Philippines yesterday signed a pact to pool surveillance data on shipping in the South China Sea, during a visit to Manila by Japan's defence minister that underlined how quickly the two countries have become close security partners.</p>
<p>Under the agreement, signed at the Philippine military headquarters in Quezon City, radar and maritime patrol data collected by both militaries will be shared in near real time. The ministers also committed to larger joint exercises next year.</p>
<p>Analysts in Singapore said China may respond with more coast guard patrols near Scarborough Shoal, as it has after earlier agreements between Manila and its partners.</p>
<p>Japan is not a claimant in the South China Sea, but more than a third of its seaborne trade passes through the waterway.</p>
<p>The pact builds on a reciprocal access agreement that lets each country's forces train on the other's territory. Philippine officials said the new data link would first be tested during drills off the island of Palawan later in the year, though no dates have been published.</p>
</article>
<div class="share">Share this article <a href="#">LinkedIn</a> <a href="#">X</a></div>
<section class="comments"><h3>Leave a Reply</h3><p>Comments are moderated and will appear after approval.</p></section>
</main>
<footer><p>© 2025 Asia Maritime Review. All rights reserved.</p><p><a href="/advertise">Advertise</a> | <a href="/privacy">Privacy</a></p></footer>
</body>
</html>
""",
    },
    {
        "uri": "https://eastern-europe-monitor.invalid/moldova/2026/06/04/russian-diplomats-expelled/",
        "warc_date": "2026-06-04T16:05:10Z",
        "http_date": "Thu, 04 Jun 2026 16:05:10 GMT",
        "html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moldova expels two Russian diplomats over alleged vote-buying | Eastern Europe Monitor</title>
<meta property="og:title" content="Moldova expels two Russian diplomats over alleged vote-buying">
<meta property="og:site_name" content="Eastern Europe Monitor">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2026-06-04T15:30:00Z">
<link rel="canonical" href="https://eastern-europe-monitor.invalid/moldova/2026/06/04/russian-diplomats-expelled/">
</head>
<body>
<header><div class="brand"><a href="/">Eastern Europe Monitor</a></div>
<nav><ul><li><a href="/moldova">Moldova</a></li><li><a href="/romania">Romania</a></li><li><a href="/ukraine">Ukraine</a></li><li><a href="/baltics">Baltics</a></li></ul></nav></header>
<main>
<article>
<h1>Moldova expels two Russian diplomats over alleged vote-buying</h1>
<p class="meta">By Eastern Europe Monitor staff · 4 June 2026</p>
<p>CHIȘINĂU, June 4 (Eastern Europe Monitor) — Moldova expelled two Russian diplomats on Wednesday, accusing them of funnelling cash to pro-Russian activists ahead of local elections, the foreign ministry said.</p>
<p>The ministry gave the two embassy employees, a first secretary and an attaché, 72 hours to leave the country. Moldovan police detained three people in Comrat, in the autonomous region of Gagauzia, on Tuesday on suspicion of distributing the money to voters.</p>
<p>Russia's foreign ministry warned on Thursday that Moscow would answer with "retaliatory measures" against Moldovan diplomats in Moscow.</p>
<p>Earlier this year, Moldova expelled another Russian diplomat over alleged interference in the work of the country's electoral commission.</p>
<p>Gagauzia, a largely Russian-speaking region of about 130,000 people in the south of the country, has long been closer to Moscow than the rest of Moldova. Local elections across the country are due in the autumn.</p>
<p>Moldova, which applied to join the European Union in 2022, has repeatedly accused Moscow of trying to destabilise the country. The Kremlin denies interfering in Moldovan politics.</p>
</article>
<div class="share-this">Share this article: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Telegram</a></div>
</main>
<footer><p>© 2026 Eastern Europe Monitor. All rights reserved.</p></footer>
</body>
</html>
""",
    },
]


def build() -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    info = (
        "software: eventfold raw/sample/make_warc.py (warcio)\r\n"
        "format: WARC File Format 1.0\r\n"
        "description: eventfold sample corpus; invented articles, CC0 1.0\r\n"
    ).encode("utf-8")
    writer.write_record(
        writer.create_warc_record(
            "",
            "warcinfo",
            payload=io.BytesIO(info),
            length=len(info),
            warc_content_type="application/warc-fields",
            warc_headers_dict={
                "WARC-Record-ID": record_id("warcinfo:sample.warc.gz"),
                "WARC-Date": "2026-06-05T00:00:00Z",
                "WARC-Filename": "sample.warc.gz",
            },
        )
    )

    for page in PAGES:
        body = page["html"].encode("utf-8")
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Date", page["http_date"]),
                ("Server", "nginx"),
            ],
            protocol="HTTP/1.1",
        )
        writer.write_record(
            writer.create_warc_record(
                page["uri"],
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Record-ID": record_id(page["uri"]),
                    "WARC-Date": page["warc_date"],
                },
            )
        )
    return buf.getvalue()


def main(argv: list[str]) -> int:
    data = build()
    if "--check" in argv:
        same = OUT.exists() and OUT.read_bytes() == data
        print(f"{OUT}: {'up to date' if same else 'DIFFERS from generator output'}")
        return 0 if same else 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes, {len(PAGES)} responses)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
