"""Progress lines (terminal only), stage summaries, and the bench report's arithmetic."""

from __future__ import annotations

import io

from eventfold.ops.bench import BenchResult, format_report
from eventfold.ops.progress import Progress, StageTimes, format_duration, progress_text


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_text_rate_and_eta():
    assert progress_text("code", 0, 100, 0.0) == "code: 0/100 articles (0.0%)"
    assert progress_text("code", 250, 1000, 10.0) == \
        "code: 250/1,000 articles (25.0%)  25.0/s  ETA 30s"
    assert progress_text("code", 1000, 1000, 40.0).endswith("25.0/s  in 40s")
    assert [format_duration(s) for s in (5, 211, 3720)] == ["5s", "3m31s", "1h02m"]


def test_progress_redraws_one_line_on_a_terminal_only():
    clock = iter([0.0, 0.0, 1.0, 1.05, 2.0, 2.0, 2.0]).__next__
    tty = Tty()
    with Progress("code", 30, stream=tty, clock=clock, min_interval=0.2) as p:
        p.advance(10)  # t=1.0: drawn
        p.advance(10)  # t=1.05: too soon, skipped
        p.advance(10)  # done: always drawn
    out = tty.getvalue()
    assert out.count("\r") == 4 and out.endswith("\n")
    assert "10/30 articles (33.3%)  10.0/s  ETA 2s" in out
    assert "20/30" not in out
    assert "30/30 articles (100.0%)" in out

    piped = io.StringIO()  # cron, CI, a pipe: nothing at all
    with Progress("code", 3, stream=piped) as p:
        p.advance(3)
    assert piped.getvalue() == ""
    with Progress("code", 3, stream=tty, enabled=False) as p:
        p.advance(3)
    assert tty.getvalue() == out


def test_stage_times_report_and_serialize():
    seen = []
    times = StageTimes(on_stage=seen.append)
    times.add("ingest", 2.0, 1000, "10 new")
    times.add("code", 0.0, 0)
    assert [s.line() for s in seen] == [
        "ingest: 1,000 articles in 2.00 s (500.0 articles/s); 10 new",
        "code: 0 articles in 0.00 s",
    ]
    assert times.to_dict() == {
        "ingest": {"seconds": 2.0, "articles": 1000, "articles_per_second": 500.0},
        "code": {"seconds": 0.0, "articles": 0, "articles_per_second": None},
    }


def test_bench_targets_and_report():
    r = BenchResult(articles=1000, words_per_article=200, input_mb=1.5, batch_size=64,
                    runner="local threads", cores=1, coder_version="v")
    r.pipeline_stages = {"ingest": {"seconds": 1.0, "articles": 1000},
                         "code": {"seconds": 40.0, "articles": 1000}}
    r.pipeline_wall_s, r.noop_wall_s, r.noop_up_to_date = 50.0, 1.0, True
    r.memory_after_pipeline = r.memory_after_library = {"self_mb": 900, "live_children_mb": 220,
                                                        "reaped_children_max_mb": 0}
    r.library_stages = {"ingest": 0.5, "code": 40.0, "normalize": 0.5, "validate": 0.5,
                        "publish": 3.5}
    t = r.targets()
    assert t["end_to_end_per_core_vs_bare_coder"] == 0.8
    assert t["noop_share_of_first_run"] == 0.02
    assert t["prefect_overhead_s"] == 5.0
    text = format_report(r)
    assert "= 80% (target >= 80%: met)" in text
    assert "no-op re-run: 2.0% of the first run (target < 5%: met)" in text
