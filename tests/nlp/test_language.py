"""Flags decided before the model runs: empty text and non-English text."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.corpus import load_comments, load_flag_rows
from claimcheck.nlp.language import detect_language, english_share, is_non_english
from claimcheck.text import is_empty

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"


@pytest.mark.parametrize(
    "text",
    ["", "  ", "\n\t", "👍🏽", "\u200b", "🙏 🙏", "❤️", "👨‍👩‍👧", "\ufeff 🔥\u200d"],
)
def test_is_empty_true(text: str) -> None:
    assert is_empty(text)


@pytest.mark.parametrize("text", ["ok", "...", "a", "1", "👍 ok", "?", "日本"])
def test_is_empty_false(text: str) -> None:
    assert not is_empty(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe die Behandlung letztes Jahr gemacht und es geht mir viel besser.",
        "Mi madre probó este tratamiento y no le funcionó para nada.",
        "Я прошла эту процедуру в прошлом году, и мне стало намного лучше.",
        "去年この治療を受けましたが、症状はかなり良くなりました。",
    ],
    ids=["de", "es", "ru", "ja"],
)
def test_other_languages_are_flagged(text: str) -> None:
    assert is_non_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok thanks",
        "gracias for the tip, that helped",
        "Great post, thanks!",
        "salud! happy new year from Texas",
        "I had it done in 2010 and my life is back",
    ],
)
def test_short_english_is_not_flagged(text: str) -> None:
    assert not is_non_english(text)


def test_detect_language_gives_code_and_probability() -> None:
    lang, prob = detect_language("Das ist eine sehr gute Frage, vielen Dank dafür.")
    assert lang == "de"
    assert 0.5 <= prob <= 1.0


def test_english_share() -> None:
    assert english_share("") == 0.0
    assert english_share("123 !!!") == 0.0
    assert english_share("the and of") == 1.0
    assert english_share("gracias amigo") == 0.0


@pytest.fixture(scope="module")
def flag_rows():
    return load_flag_rows(CORPUS)


@pytest.mark.slow
def test_non_english_rows_of_the_corpus_are_flagged(flag_rows) -> None:
    rows = [r for r in flag_rows if r.flag == "non_english"]
    missed = [(r.language, r.text) for r in rows if not is_non_english(r.text)]
    assert len(rows) >= 60
    assert 1 - len(missed) / len(rows) >= 0.95, missed


@pytest.mark.slow
def test_none_rows_of_the_corpus_are_not_flagged(flag_rows) -> None:
    """Rows marked "none" are English with foreign words or names: they must not be flagged."""
    rows = [r for r in flag_rows if r.flag == "none"]
    flagged = [r.text for r in rows if is_non_english(r.text)]
    assert rows
    assert flagged == []


@pytest.mark.slow
def test_english_comments_are_rarely_flagged() -> None:
    comments = load_comments(CORPUS)
    flagged = [r.text for r in comments if is_non_english(r.text)]
    assert len(flagged) / len(comments) <= 0.01, flagged[:20]
