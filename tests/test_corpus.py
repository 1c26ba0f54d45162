"""The corpus checker: every problem of a file is reported with its line and field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimcheck.corpus import (
    HARD_CASES,
    CheckReport,
    check_corpus,
    comment_id,
    corpus_stats,
    is_domain_slug,
    iter_comments,
    iter_flag_rows,
    load_comments,
    load_flag_rows,
    parse_comment_line,
)
from claimcheck.exceptions import CorpusFormatError, InputError
from claimcheck.types import Label

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"
REAL_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def problems_of(name: str) -> set[tuple[int, str]]:
    """(line, field) of every problem the checker reports for a fixture file."""
    report = check_corpus(FIXTURES / name, style_leak=False)
    assert all(p.path == str(FIXTURES / name) for p in report.problems)
    return {(p.line, p.field) for p in report.problems}


# --- one fixture file per problem kind --------------------------------------------------------


def test_good_file_has_no_problems() -> None:
    report = check_corpus(FIXTURES / "good.jsonl", style_leak=False)
    assert report.problems == []
    assert report.n_comments == 4
    assert report.ok


@pytest.mark.parametrize(
    ("name", "expected", "good_lines"),
    [
        ("bad_json.jsonl", {(2, ""), (4, "")}, 3),
        (
            "missing_field.jsonl",
            {(1, "label"), (3, "domain"), (3, "provenance"), (4, "provenance.date")},
            1,
        ),
        ("unknown_label.jsonl", {(2, "label"), (4, "sentences[1]")}, 2),
        ("bad_domain.jsonl", {(3, "domain")}, 2),
        ("sentence_offsets.jsonl", {(1, "sentences[1]"), (3, "sentences[0]")}, 1),
        ("overlapping_sentences.jsonl", {(2, "sentences[1]")}, 1),
        ("precedence.jsonl", {(2, "label"), (3, "label")}, 1),
        ("duplicate_ids.jsonl", {(3, "")}, 2),
        ("emoji_only.jsonl", {(2, "text"), (3, "text")}, 1),
        ("hard_case.jsonl", {(1, "label"), (3, "hard_case")}, 1),
    ],
)
def test_each_problem_kind_is_reported_on_its_line_and_field(
    name: str, expected: set[tuple[int, str]], good_lines: int
) -> None:
    report = check_corpus(FIXTURES / name, style_leak=False)
    assert {(p.line, p.field) for p in report.problems} == expected
    assert report.n_comments == good_lines
    assert not report.ok


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("bad_json.jsonl", 4, ["not valid JSON", "column 1"]),
        ("missing_field.jsonl", 1, ["required field is missing"]),
        ("unknown_label.jsonl", 2, ["'rumour'", "testimonial"]),
        ("unknown_label.jsonl", 4, ["'anecdote'"]),
        ("bad_domain.jsonl", 3, ["'Astrology Forum!'"]),
        ("sentence_offsets.jsonl", 1, ["23-80", "39"]),
        ("overlapping_sentences.jsonl", 2, ["overlaps"]),
        ("precedence.jsonl", 2, ["'opinion'", "'testimonial'", "precedence"]),
        ("duplicate_ids.jsonl", 3, ["dup-1", "line 1"]),
        ("emoji_only.jsonl", 2, ["emoji", "flags.jsonl"]),
        ("hard_case.jsonl", 1, ["hc13_self_promo_no_link", "spam"]),
        ("hard_case.jsonl", 3, ["'hc99_made_up'"]),
    ],
)
def test_problem_messages_say_what_is_wrong(name: str, line: int, words: list[str]) -> None:
    report = check_corpus(FIXTURES / name, style_leak=False)
    messages = [str(p) for p in report.problems if p.line == line]
    assert messages, f"no problem reported on line {line}"
    text = " ".join(messages)
    assert f"{FIXTURES / name}:{line}:" in text
    for word in words:
        assert word in text


def test_all_problems_of_a_file_are_reported_not_only_the_first() -> None:
    assert problems_of("many_problems.jsonl") == {
        (2, ""),
        (3, "label"),
        (5, "domain"),
        (6, "text"),
        (7, "sentences[0]"),
    }
    report = check_corpus(FIXTURES / "many_problems.jsonl", style_leak=False)
    assert report.n_comments == 3  # lines 1, 4 and 8 are good and still counted


def test_non_utf8_bytes_raise_corpus_format_error_with_file_and_line() -> None:
    path = FIXTURES / "non_utf8.jsonl"
    with pytest.raises(CorpusFormatError) as info:
        check_corpus(path, style_leak=False)
    assert info.value.path == str(path)
    assert info.value.line == 3
    assert f"{path}:3" in str(info.value)
    assert "UTF-8" in str(info.value)


def test_non_utf8_bytes_stop_loading_too() -> None:
    with pytest.raises(CorpusFormatError) as info:
        load_comments(FIXTURES / "non_utf8.jsonl")
    assert info.value.line == 3


def test_near_duplicate_pair_is_detected() -> None:
    report = check_corpus(FIXTURES / "near_duplicates.jsonl", style_leak=False)
    assert report.problems == []
    assert [(a, b) for a, b, _ in report.near_duplicates] == [("nd-1", "nd-3")]
    similarity = report.near_duplicates[0][2]
    assert 0.85 <= similarity <= 1.0
    assert report.near_duplicate_share == pytest.approx(1 / 4)
    assert not report.ok  # one pair in four comments is far above the 1% limit


def test_distinct_comments_are_not_near_duplicates() -> None:
    assert check_corpus(FIXTURES / "good.jsonl", style_leak=False).near_duplicates == []


def test_missing_corpus_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        check_corpus(tmp_path / "nowhere.jsonl")


def test_check_report_ok_needs_no_problems_few_duplicates_and_no_style_leak() -> None:
    assert CheckReport(n_comments=200).ok
    assert not CheckReport(n_comments=200, near_duplicates=[("a", "b", 0.9)] * 2).ok
    assert CheckReport(n_comments=200, near_duplicates=[("a", "b", 0.9)]).ok  # 0.5%
    assert not CheckReport(n_comments=200, style_leak_f1=0.51).ok
    assert CheckReport(n_comments=200, style_leak_f1=0.50).ok


# --- parse_comment_line -----------------------------------------------------------------------

GOOD = {
    "id": "x-1",
    "text": "My dad had the stent in 2010. It did nothing.",
    "label": "testimonial",
    "domain": "ms_ccsvi",
    "sentences": [
        {"start": 0, "end": 29, "label": "testimonial"},
        {"start": 30, "end": 45, "label": "opinion"},
    ],
    "hard_case": "hc01_second_hand_specific",
    "provenance": {"author": "tests", "date": "2026-01-01"},
}


def test_parse_comment_line_builds_the_record() -> None:
    record, problems = parse_comment_line(json.dumps(GOOD), "c.jsonl", 7)
    assert problems == []
    assert record is not None
    assert record.label is Label.TESTIMONIAL
    assert [(s.start, s.end, s.label) for s in record.sentences] == [
        (0, 29, Label.TESTIMONIAL),
        (30, 45, Label.OPINION),
    ]
    assert record.hard_case == "hc01_second_hand_specific"


def test_parse_comment_line_reports_several_problems_of_one_line() -> None:
    line = json.dumps({**GOOD, "label": "rumour", "domain": "9lives", "id": ""})
    record, problems = parse_comment_line(line, "c.jsonl", 7)
    assert record is None
    assert {p.field for p in problems} == {"label", "domain", "id"}
    assert {p.line for p in problems} == {7}


@pytest.mark.parametrize("text", ["[1, 2]", '"a string"', "null"])
def test_parse_comment_line_needs_an_object(text: str) -> None:
    record, problems = parse_comment_line(text, "c.jsonl", 3)
    assert record is None
    assert [(p.line, p.message) for p in problems] == [(3, "a line must be a JSON object")]


def test_hard_case_label_may_be_carried_by_a_sentence_only() -> None:
    text = "My dad had the stent in 2010. Book yours at www.vein-clinic.example"
    line = json.dumps(
        {
            **GOOD,
            "text": text,
            "label": "spam",
            "sentences": [
                {"start": 0, "end": 29, "label": "testimonial"},
                {"start": 30, "end": len(text), "label": "spam"},
            ],
        }
    )
    record, problems = parse_comment_line(line, "c.jsonl", 1)
    assert problems == []
    assert record is not None and record.label is Label.SPAM


def test_whitespace_only_sentence_span_is_a_problem() -> None:
    line = json.dumps({**GOOD, "sentences": [{"start": 29, "end": 30, "label": "opinion"}]})
    _, problems = parse_comment_line(line, "c.jsonl", 1)
    assert [p.field for p in problems] == ["sentences[0]"]


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"domain": ["vaccines"]}),
        pytest.param({"hard_case": ["hc01_second_hand_specific"]}),
        {"label": ["spam"]},
        {"text": 42},
        {"sentences": "all of it"},
        {"sentences": [{"start": "0", "end": 29, "label": "testimonial"}]},
    ],
    ids=["domain-list", "hard-case-list", "label-list", "text-int", "sentences-str", "start-str"],
)
def test_wrongly_typed_fields_are_problems_not_crashes(bad: dict[str, object]) -> None:
    record, problems = parse_comment_line(json.dumps({**GOOD, **bad}), "c.jsonl", 5)
    assert record is None
    assert problems
    assert all(p.line == 5 for p in problems)
    assert all(p.field.startswith(next(iter(bad))) for p in problems)


def test_iter_comments_strict_raises_on_first_bad_line_with_field() -> None:
    with pytest.raises(CorpusFormatError) as info:
        list(iter_comments(FIXTURES / "bad_domain.jsonl"))
    assert (info.value.line, info.value.field) == (3, "domain")


def test_iter_comments_lenient_skips_bad_lines() -> None:
    records = list(iter_comments(FIXTURES / "many_problems.jsonl", strict=False))
    assert [r.id for r in records] == ["ok-1", "ok-2", "ok-3"]


def test_comment_id_is_stable_and_text_derived() -> None:
    assert comment_id("hello") == comment_id("hello")
    assert comment_id("hello") != comment_id("hello!")
    assert comment_id("hello").startswith("cc-")


# --- flag rows --------------------------------------------------------------------------------


def test_iter_flag_rows_reports_every_bad_row() -> None:
    rows = list(iter_flag_rows(FIXTURES / "flags_problems.jsonl"))
    good = [number for number, record, problems in rows if record is not None]
    assert good == [1, 9]
    bad = {number: problems for number, record, problems in rows if problems}
    assert sorted(bad) == [2, 3, 4, 5, 6, 7, 8]
    fields = {number: {p.field for p in problems} for number, problems in bad.items()}
    assert fields[2] == {"label"}  # empty rows carry no label
    assert fields[4] == {"label"}  # non_english rows need one
    assert fields[5] == {"flag"}
    assert fields[6] == {"provenance"}
    assert fields[7] == {"label"}
    assert all(p.line == number for number, problems in bad.items() for p in problems)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"flag": ["empty"], "label": None}),
        pytest.param({"label": ["spam"]}),
        pytest.param({"text": 5}),
    ],
    ids=["flag-list", "label-list", "text-int"],
)
def test_wrongly_typed_flag_rows_are_problems_not_crashes(
    bad: dict[str, object], tmp_path: Path
) -> None:
    row = {
        "text": "hola",
        "flag": "non_english",
        "label": "opinion",
        "provenance": {"author": "tests", "date": "2026-01-01"},
        **bad,
    }
    path = tmp_path / "flags.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    [(number, record, problems)] = list(iter_flag_rows(path))
    assert number == 1
    assert record is None
    assert problems


def test_flag_record_fields() -> None:
    rows = {n: r for n, r, _ in iter_flag_rows(FIXTURES / "flags_problems.jsonl") if r}
    assert rows[1].flag == "non_english"
    assert rows[1].language == "de"
    assert rows[1].label is Label.OPINION
    assert rows[9].label is None


def test_load_flag_rows_raises_on_first_bad_row() -> None:
    with pytest.raises(CorpusFormatError) as info:
        load_flag_rows(FIXTURES / "flags_problems.jsonl")
    assert info.value.line == 2


def test_flag_row_reusing_a_comment_id_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "comments.jsonl").write_bytes((FIXTURES / "good.jsonl").read_bytes())
    flag = {
        "id": "ok-1",
        "text": "👍",
        "flag": "empty",
        "label": None,
        "provenance": {"author": "tests", "date": "2026-01-01"},
    }
    (tmp_path / "flags.jsonl").write_text(json.dumps(flag) + "\n", encoding="utf-8")
    report = check_corpus(tmp_path, style_leak=False)
    assert [(Path(p.path).name, p.line) for p in report.problems] == [("flags.jsonl", 1)]
    assert "ok-1" in report.problems[0].message
    assert report.n_flag_rows == 1


# --- the real corpus --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_report() -> CheckReport:
    return check_corpus(REAL_CORPUS)


@pytest.mark.slow
def test_real_corpus_has_no_problems(real_report: CheckReport) -> None:
    assert [str(p) for p in real_report.problems] == []


@pytest.mark.slow
def test_real_corpus_has_few_near_duplicates(real_report: CheckReport) -> None:
    assert real_report.near_duplicate_share < 0.01, real_report.near_duplicates[:10]


@pytest.mark.slow
def test_real_corpus_style_does_not_leak_the_label(real_report: CheckReport) -> None:
    assert real_report.style_leak_f1 is not None
    assert real_report.style_leak_f1 <= 0.50
    assert real_report.ok


@pytest.fixture(scope="module")
def real_stats() -> dict[str, object]:
    return corpus_stats(REAL_CORPUS)


def test_real_corpus_size_and_balance(real_stats: dict) -> None:
    assert real_stats["comments"] >= 2400
    assert min(real_stats["labels"].values()) >= 500, real_stats["labels"]
    assert real_stats["n_domains"] >= 15
    assert all(is_domain_slug(d) for d in real_stats["domains"])
    assert real_stats["multi_sentence_labelled"] >= 800


def test_real_corpus_covers_every_hard_case(real_stats: dict) -> None:
    assert set(real_stats["hard_cases"]) == set(HARD_CASES)
    thin = {k: v for k, v in real_stats["hard_cases"].items() if v < 15}
    assert thin == {}


def test_real_corpus_has_non_english_flag_rows(real_stats: dict) -> None:
    assert real_stats["flags"].get("non_english", 0) >= 60
    assert len(real_stats["flag_languages"]) >= 5
    assert real_stats["flags"].get("empty", 0) > 0


# --- round 5: the corpus must not teach the shortcuts issue 12 measured -------------------

#: Writing quotas of round 5 (provenance `register`), counted by `corpus stats`.
ROUND5_QUOTAS = {
    "messy": 300,
    "flat_testimonial": 250,
    "reported_speech": 250,
    "link_share": 200,
    "contact_no_promo": 200,
    "help_question": 150,
    "evidence_phrase_decoy": 150,
}


def test_round5_quotas_are_met(real_stats: dict) -> None:
    counts = {name: sum(row.values()) for name, row in real_stats["registers"].items()}
    short = {k: (counts.get(k, 0), n) for k, n in ROUND5_QUOTAS.items() if counts.get(k, 0) < n}
    assert short == {}
    # A shared link is never spam by itself: link shares are citations, or (round 6) the
    # writer's own view or experience with a photo or video beside it; citations dominate.
    link_share = real_stats["registers"]["link_share"]
    assert "spam" not in link_share
    assert link_share["evidence_citation"] > sum(link_share.values()) / 2
    assert real_stats["attention_spam_share"] >= 0.40


@pytest.fixture(scope="module")
def real_records() -> list:
    return load_comments(REAL_CORPUS)


@pytest.mark.parametrize("label", ["opinion", "testimonial"])
def test_digits_are_not_a_label_cue(real_records: list, label: str) -> None:
    texts = [r.text for r in real_records if r.label.value == label]
    share = sum(any(c.isdigit() for c in t) for t in texts) / len(texts)
    assert share <= 0.25, f"{share:.0%} of {label} comments carry a digit"


def test_emoji_share_per_label_is_low(real_records: list) -> None:
    from claimcheck.text import is_emoji_char

    for label in {r.label.value for r in real_records}:
        texts = [r.text for r in real_records if r.label.value == label]
        share = sum(any(is_emoji_char(c) for c in t) for t in texts) / len(texts)
        assert share <= 0.10, f"{share:.0%} of {label} comments carry an emoji"


def test_no_fictional_555_phone_numbers(real_records: list) -> None:
    fake = re.compile(r"555[-. )]?\d{4}|\(555\)")
    assert [r.id for r in real_records if fake.search(r.text)] == []
