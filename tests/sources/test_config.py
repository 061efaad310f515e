"""sources.yaml: the shipped file (and every commented example in it) is valid; mistakes give
errors that name the file, line and key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventfold.sources import FetchSettings, SourcesConfigError, load_sources, parse_sources
from eventfold.sources.config import SOURCE_KINDS, check_cron

REPO = Path(__file__).resolve().parents[2]


def test_the_shipped_config_reads_the_sample_corpus():
    config = load_sources(REPO / "sources.yaml")
    assert [(s.name, s.kind, s.path) for s in config.sources] == [
        ("sample", "folder", REPO / "raw")
    ]
    assert config.schedule == "0 * * * *" and config.timezone == "UTC"
    assert config.fetch == FetchSettings()  # the file spells out the defaults
    assert config.fetch.allow_private_addresses is False
    assert config.fetch.user_agent.startswith("eventfold/0.1.0 (+https://")


def test_every_commented_example_is_valid_and_every_kind_has_one():
    text = (REPO / "sources.yaml").read_text(encoding="utf-8")
    uncommented = re.sub(r"(?m)^  # (- |  )", r"  \1", text)
    config = parse_sources(uncommented, "sources.yaml (examples)", base_dir=REPO)
    assert {s.kind for s in config.sources} == set(SOURCE_KINDS)
    assert len(config.sources) > len(SOURCE_KINDS)
    assert [s.name for s in config.enabled_sources()].count("partner-export") == 0


def _error(text: str) -> str:
    with pytest.raises(SourcesConfigError) as err:
        parse_sources(text, "test.yaml", base_dir=Path("/base"))
    return str(err.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources:\n  - name: a\n    kind: feed\n    urll: https://x.invalid/\n",
         "test.yaml, line 4: sources[0] (a): unknown key 'urll'"),
        ("sources:\n  - name: a\n    kind: rss\n    url: https://x.invalid/\n",
         "line 3: sources[0] (a): unknown kind 'rss' (expected one of: feed, page"),
        ("sources:\n  - name: a\n    kind: feed\n",
         "line 2: sources[0] (a): missing key 'url' (kind feed takes url)"),
        ("sources:\n  - name: a\n    kind: jsonl\n    url: https://x.invalid/a.jsonl\n"
         "    path: a.jsonl\n", "give only one of 'url' and 'path'"),
        ("sources:\n  - name: a\n    kind: page\n    url: file:///etc/passwd\n",
         "line 4: sources[0] (a): url 'file:///etc/passwd': only http and https URLs"),
        ("sources:\n  - name: a\n    kind: feed\n    url: ftp://x.invalid/feed\n",
         "only http and https URLs are fetched (ftp:)"),
        ("sources:\n  - name: a\n    kind: folder\n    url: https://x.invalid/\n",
         "line 4: sources[0] (a): kind folder reads a local 'path', not a url"),
        ("sources:\n  - name: a\n    kind: folder\n    path: raw\n    max_items: 3\n",
         "line 5: sources[0] (a): max_items applies to kinds feed and warc_list, not folder"),
        ("sources:\n  - name: a\n    kind: feed\n    url: https://x.invalid/\n    max_items: 0\n",
         "line 5: sources[0] (a): max_items must be at least 1, got 0"),
        ("sources:\n  - name: a\n    kind: file\n    path: notes.docx\n",
         "path 'notes.docx' must end with one of: .txt, .html"),
        ("sources:\n  - name: a b\n    kind: folder\n    path: raw\n",
         "line 2: sources[0]: name 'a b' must be letters"),
        ("sources:\n  - name: a\n    kind: folder\n    path: raw\n"
         "  - name: a\n    kind: folder\n    path: raw2\n",
         "line 5: sources[1]: duplicate source name 'a' (first used on line 2)"),
        ("sources:\n  - name: a\n    kind: folder\n    path: raw\n    kind: file\n",
         "test.yaml, line 5: duplicate key 'kind' (first given on line 3)"),
        ("sources: []\nfetch:\n  rate_limit_per_host: 0\n",
         "line 3: fetch: rate_limit_per_host must be greater than 0, got 0"),
        ("sources: []\nfetch:\n  retries: two\n", "line 3: fetch: retries must be an integer"),
        ("sources: []\nfetch:\n  allow_private_addresses: yes please\n",
         "line 3: fetch: allow_private_addresses must be true or false"),
        ("sources: []\nfetch:\n  max_byte: 10\n",
         "line 3: fetch: unknown key 'max_byte' (expected one of: user_agent"),
        ("sources: []\nschedule: '0 * * *'\n",
         "line 2: schedule: '0 * * *': a cron schedule has 5 fields"),
        ("sources: []\nschedule: '61 * * * *'\n", "minute field '61': '61' is outside 0-59"),
        ("sources: []\ntimezone: Mars/Olympus\n", "line 2: timezone: unknown time zone"),
        ("source: []\n", "line 1: config: unknown key 'source'"),
        ("fetch: {}\n", "config: missing key 'sources'"),
        ("sources:\n  - name: a\n   kind: folder\n", "test.yaml, line 3: YAML: cannot parse"),
        ("", "test.yaml: config: the file is empty"),
        ("sources:\n  - just-a-string\n", "line 1: sources[0]: each source must be a mapping"),
    ],
)
def test_errors_name_the_line_and_key(text, expected):
    assert expected in _error(text)


def test_relative_paths_are_resolved_against_the_config_folder(tmp_path):
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "sources.yaml").write_text(
        "sources:\n  - name: local\n    kind: jsonl\n    path: data/a.jsonl\n"
        "  - name: cc\n    kind: warc_list\n    url: https://x.invalid/warc.paths.gz\n"
        "    base_url: https://x.invalid\n    max_items: 2\n    enabled: false\n"
    )
    config = load_sources(tmp_path / "conf" / "sources.yaml")
    local, cc = config.sources
    assert local.path == tmp_path / "conf" / "data" / "a.jsonl"
    assert cc.base_url == "https://x.invalid/" and cc.max_items == 2
    assert config.enabled_sources() == [local]


def test_a_missing_config_file_is_a_clear_error(tmp_path):
    with pytest.raises(SourcesConfigError, match="sources config not found"):
        load_sources(tmp_path / "nope.yaml")


@pytest.mark.parametrize("expr", ["0 * * * *", "*/15 * * * *", "0 6,18 * * mon-fri",
                                  "30 2 1 jan,jul *", "0 0 * * 7"])
def test_valid_cron_expressions(expr):
    assert check_cron(expr) is None
