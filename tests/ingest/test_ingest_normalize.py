"""Text normalization, boilerplate removal (incl. the seed article's site tail), the English check
and publication-date parsing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from eventfold.ingest import ArticleStore, ingest_inputs
from eventfold.ingest.boilerplate import remove_boilerplate
from eventfold.ingest.dates import parse_published
from eventfold.ingest.extract_html import strip_site_suffix
from eventfold.ingest.language import looks_english, normalize_language_code
from eventfold.ingest.normalize import join_title, normalize_text

EVAL_DIR = Path(__file__).parents[2].parent / "shared" / "eval"
SEED_END = "it is important to reflect it to the leaders of your countries.”"


def test_normalize_text_basics() -> None:
    raw = "Cafe\u0301 line  \r\nsecond\t \r\n\r\n\r\n\r\nthird\rfourth   \n\n\n"
    assert normalize_text(raw) == "Café line\nsecond\n\nthird\nfourth"


@pytest.mark.parametrize(
    "line",
    [
        "Read article in full",
        "Read more",
        "Leave a Reply",
        "Your email address will not be published.",
        "Your email address will not be published. Required fields are marked *",
        "Share this:",
        "Share this article",
        "Sign up for our newsletter",
        "Subscribe to our daily newsletter for the latest news",
        "© 2024 Example Media Ltd. All rights reserved.",
        "All rights reserved.",
        "Click here to subscribe",
        "We use cookies to improve your experience on our website.",
        "This website uses cookies. Accept all cookies",
        "Advertisement",
        "Tags: Israel, Morocco",
    ],
)
def test_boilerplate_lines_removed(line: str) -> None:
    rest = "\n\n".join(f"Paragraph {n} of the story goes on for a while." for n in range(6))
    text = f"First paragraph of the story.\n\n{line}\n\n{rest}"
    assert normalize_text(text) == f"First paragraph of the story.\n\n{rest}"


@pytest.mark.parametrize(
    "line",
    [
        "She said she would read the article in full before commenting on the proposal.",
        "Officials said the share of the budget spent on defence would rise.",
        "The rights reserved for minorities were at the centre of the talks, he said, "
        "and no one had asked the parliament to click through a deal it had not read.",
    ],
)
def test_sentences_that_mention_boilerplate_words_are_kept(line: str) -> None:
    text = f"First paragraph.\n\n{line}\n\nLast paragraph."
    assert normalize_text(text) == text


def test_tail_marker_cuts_site_tail_but_not_near_the_top() -> None:
    story = "\n\n".join(f"Paragraph {n} of the story, with enough words in it." for n in range(8))
    tail = "Leave a Reply\n\nThis website is about something else entirely.\n\nSite Name"
    assert remove_boilerplate(f"{story}\n\n{tail}").rstrip() == story
    top = f"Leave a Reply\n\n{story}"
    assert normalize_text(top) == story  # near the top only the marker line goes


def test_join_title_does_not_duplicate_headline() -> None:
    assert join_title("Headline here\n\nBody.", "Headline here") == "Headline here\n\nBody."
    assert join_title("HEADLINE  here\n\nBody.", "Headline here") == "HEADLINE  here\n\nBody."
    assert join_title("Body only.", "Headline here") == "Headline here\n\nBody only."
    assert join_title("Body only.", None) == "Body only."
    kicker = "WORLD NEWS\n\nHeadline here\n\nBody."
    assert join_title(kicker, "Headline here") == kicker


def test_site_name_stripped_from_html_title() -> None:
    assert strip_site_suffix("Talks resume | Capital Post", "Capital Post") == "Talks resume"
    assert strip_site_suffix("Capital Post - Talks resume", "Capital Post") == "Talks resume"
    assert strip_site_suffix("Talks resume - again", "Capital Post") == "Talks resume - again"


@pytest.fixture
def seed() -> dict:
    path = EVAL_DIR / "seed_gold.jsonl"
    if not path.is_file():
        pytest.skip("shared eval folder absent")
    return json.loads(path.read_text(encoding="utf-8").splitlines()[0])


def test_seed_article_tail_removed(seed: dict, tmp_path: Path, clock) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed.jsonl").write_text(json.dumps(seed) + "\n", encoding="utf-8")
    (folder / "seed.txt").write_text(seed["text"], encoding="utf-8")
    result = ingest_inputs([folder], ArticleStore(tmp_path / "store"), clock=clock)
    assert result.quarantine == []
    [article] = result.articles  # the same text as JSONL and as .txt is one article
    assert article.text.startswith(seed["title"] + "\n\nThe official visit of")
    assert article.text.endswith(SEED_END)
    cut = seed["text"].index("Read article in full")
    assert article.text == seed["text"][:cut].rstrip()
    for gone in ("Read article in full", "Leave a Reply", "Point of No Return", "updated daily"):
        assert gone not in article.text
    assert article.title == seed["title"]
    assert article.published_at is None
    assert article.raw_path == "seed.jsonl#L1"  # first by raw_path wins
    assert article.url == seed["url"]


def test_english_check() -> None:
    english = (
        "The government said on Tuesday that it would send more troops to the border after "
        "clashes with rebels, who have been fighting for control of the region since March."
    )
    spanish = (
        "El gobierno anunció el martes que enviará más tropas a la frontera tras los "
        "enfrentamientos con los rebeldes, que luchan por el control de la región desde marzo."
    )
    german = (
        "Die Regierung hat am Dienstag angekündigt, nach Gefechten mit Rebellen weitere "
        "Truppen an die Grenze zu schicken; die Rebellen kämpfen seit März um die Region."
    )
    assert looks_english(english)[0]
    assert not looks_english(spanish)[0]
    assert not looks_english(german)[0]
    assert not looks_english("中国外交部周二表示，将派遣更多部队前往边境地区，" * 10)[0]


def test_language_codes() -> None:
    assert normalize_language_code("EN-us") == "en"
    assert normalize_language_code("fr_FR") == "fr"
    assert normalize_language_code("english") is None
    assert normalize_language_code(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-04-13", datetime(2018, 4, 13, tzinfo=UTC)),
        ("2018-04-13T10:00:00Z", datetime(2018, 4, 13, 10, tzinfo=UTC)),
        ("2018-04-13T12:00:00+02:00", datetime(2018, 4, 13, 10, tzinfo=UTC)),
        ("2018-04-13 10:00:00", datetime(2018, 4, 13, 10, tzinfo=UTC)),
        ("Fri, 13 Apr 2018 10:00:00 GMT", datetime(2018, 4, 13, 10, tzinfo=UTC)),
        ("last Tuesday", None),
        ("2018-13-45", None),
        ("", None),
        (None, None),
        (20180413, None),
    ],
)
def test_parse_published(value: object, expected: datetime | None) -> None:
    assert parse_published(value) == expected
