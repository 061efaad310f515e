"""report.html: self-contained (no script, no network), deterministic, every chart present, and
rendered for real in headless Chromium (screenshot + DOM dump)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventfold.publish.parquet_io import arrow_table
from eventfold.publish.report import render_report, strongest_relations, time_series

CHROMIUM = "/usr/bin/chromium"
CHARTS = ["chart-weekly", "chart-map", "chart-dyads", "chart-network", "chart-types"]
CLOCK = datetime(2026, 11, 25, 13, 40, tzinfo=UTC)


@pytest.fixture(scope="module")
def arrow(synthetic):
    return {n: arrow_table(n, f) for n, f in synthetic.synthetic_tables().items()}


def test_release_has_a_deterministic_report(tmp_path, tables, publish):
    a = publish(tables, tmp_path / "r", version="2026.01.01")
    b = publish(tables, tmp_path / "r2", version="2026.01.01")
    html = (a.path / "report.html").read_text()
    assert html == (b.path / "report.html").read_text()
    assert "report.html" in {f["path"] for f in a.files}
    assert "`report.html` shows the release in charts" in (a.path / "README.md").read_text()


def test_report_is_self_contained(arrow, synthetic):
    html = render_report(arrow, version="2026.11.25", created_at=CLOCK,
                         accuracy=synthetic.ACCURACY)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html
    for chart in CHARTS:
        assert f"id='{chart}'" in html
    assert html.count("class='point'") == 15  # one circle per place with coordinates
    assert "Russian military → Ukraine" in html
    assert "id='table-accuracy'" in html and "gold_news_v1" in html and "0.812" in html
    assert render_report(arrow, version="2026.11.25", created_at=CLOCK,
                         accuracy=synthetic.ACCURACY) == html


def test_report_without_accuracy_or_dated_events(tables):
    arrow = {n: arrow_table(n, f) for n, f in tables.items()}
    html = render_report(arrow, version="x", created_at=CLOCK)
    assert "Not measured in this release." in html
    undated = dict(arrow)
    ev = arrow["events"]
    undated["events"] = ev.filter(ev["event_date"].is_null())
    html = render_report(undated, version="x", created_at=CLOCK)
    assert "No dated events in this release." in html


def test_weekly_buckets_fill_gaps_and_long_spans_go_monthly(arrow):
    labels, series, unit = time_series(arrow["events"].filter(
        arrow["events"]["event_date"].is_valid()))
    assert unit == "week" and labels[0] == "2026-05-04"  # a Monday
    assert all(len(v) == len(labels) for v in series.values())
    dated = arrow["events"].num_rows - arrow["events"]["event_date"].null_count
    assert sum(map(sum, series.values())) == dated
    nodes, edges = strongest_relations(arrow["relations"], {})
    assert edges[0]["events"] == max(r for r in arrow["relations"]["num_events"].to_pylist())
    assert {e["source"] for e in edges} | {e["target"] for e in edges} == {n["id"] for n in nodes}


def _chromium() -> str:
    """The Chromium binary; installs Debian's package when missing and possible, else skips."""
    found = shutil.which("chromium") or (CHROMIUM if os.access(CHROMIUM, os.X_OK) else None)
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run("apt-get update -qq && apt-get install -y -qq chromium", shell=True,
                       capture_output=True, timeout=900, check=False)
        if os.access(CHROMIUM, os.X_OK):
            return CHROMIUM
    pytest.skip("chromium is not installed and could not be installed (needs root and "
                "apt-get with Debian's package list; `make chromium` does it)")


def _run_chromium(binary: str, tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={tmp / 'chromium-profile'}",
           "--window-size=1280,2000", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def test_report_renders_in_headless_chromium(tmp_path, synthetic, publish):
    binary = _chromium()
    info = publish(synthetic.synthetic_tables(), tmp_path / "releases",
                   accuracy=synthetic.ACCURACY)
    url = (info.path / "report.html").as_uri()
    shot = tmp_path / "report-screenshot.png"
    res = _run_chromium(binary, tmp_path, url, f"--screenshot={shot}")
    assert shot.is_file(), res.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1280, 2000)
    assert len(png) > 50_000  # charts, not a blank page
    print(f"\nreport.html screenshot: {shot}")

    dom = _run_chromium(binary, tmp_path, url, "--dump-dom").stdout
    for chart in CHARTS:
        assert re.search(rf'<svg class="chart" id="{chart}"', dom), chart
    assert dom.count('class="bar"') > 50
    assert dom.count('class="point"') == 15
    assert dom.count('class="edge"') == min(info.rows["relations"], 24)
    assert dom.count('class="land"') == 1
    assert 'id="table-accuracy"' in dom and 'id="table-dyads"' in dom


def test_events_recalled_from_long_ago_do_not_stretch_the_time_chart(records, build):
    from datetime import date

    records["events"][0]["event_date"] = date(1984, 1, 1)  # "as in 1984, ..."
    arrow = {n: arrow_table(n, f) for n, f in build(records).items()}
    html = render_report(arrow, version="x", created_at=CLOCK)
    assert "nor 1 event(s) dated before 2021-06-14" in html
    assert "1984" not in html.split("id='chart-weekly'")[1].split("</svg>")[0]


def test_dyads_only_pair_events_with_both_a_source_and_a_target(tables):
    from eventfold.publish.report import top_dyads

    arrow = {n: arrow_table(n, f) for n, f in tables.items()}
    names = dict(zip(arrow["actors"]["actor_id"].to_pylist(),
                     arrow["actors"]["name"].to_pylist(), strict=True))
    assert top_dyads(arrow, names) == [("Israel → Morocco", {1: 1})]
