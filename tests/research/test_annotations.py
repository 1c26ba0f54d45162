"""Merging annotations into corpus records: the majority rule, domains, the corpus check."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.corpus import Sentence, load_comments
from claimcheck.exceptions import ExportFormatError, InputError
from claimcheck.io.labelling import Annotation, check_spans
from claimcheck.research.annotations import (
    merge_annotations,
    read_annotation_files,
    read_imported,
    write_records,
)
from claimcheck.types import Label

TEXT = "I tried it for a month. Smith et al. 2019 found nothing."
T, E, OP = Label.TESTIMONIAL, Label.EVIDENCE_CITATION, Label.OPINION


def vote(person: str, label: Label, item: str = "q1", text: str = TEXT, **kw) -> Annotation:
    return Annotation(item, text, person, label, source="f.json", position=1, **kw)


def test_majority_wins_and_every_vote_is_kept() -> None:
    report = merge_annotations([vote("a", E), vote("b", OP), vote("c", E)], domain="fitness")
    [record] = report.records
    assert record["label"] == "evidence_citation" and report.majority == 1
    assert record["provenance"]["annotators"] == {
        "a": "evidence_citation",
        "b": "opinion",
        "c": "evidence_citation",
    }
    assert record["provenance"]["author"] == "a, b, c"
    assert record["provenance"]["source_id"] == "q1"


def test_a_tie_is_skipped_with_the_votes() -> None:
    report = merge_annotations([vote("a", E), vote("b", OP)], domain="fitness")
    assert report.records == []
    [skipped] = report.skipped
    assert "annotators disagree (a: evidence_citation, b: opinion); no majority" in skipped.reason


def test_unanimous_rule_skips_any_disagreement() -> None:
    votes = [vote("a", E), vote("b", OP), vote("c", E)]
    report = merge_annotations(votes, domain="fitness", rule="unanimous")
    assert report.records == [] and "not unanimous" in report.skipped[0].reason


def test_domain_comes_from_the_item_or_the_option() -> None:
    own = merge_annotations([vote("a", OP, domain="vaccines")], domain="fitness")
    assert own.records[0]["domain"] == "vaccines"
    foreign = merge_annotations([vote("a", OP, domain="Knitting Club")])
    assert (
        "no domain ('Knitting Club' is not a domain slug): pass --domain"
        in foreign.skipped[0].reason
    )
    with pytest.raises(InputError, match="'Knitting Club' is not a slug"):
        merge_annotations([vote("a", OP)], domain="Knitting Club")


def test_a_researchers_own_domain_slug_is_accepted() -> None:
    """Issue 13: any slug, not only the shipped corpus's domains."""
    own = merge_annotations([vote("a", OP, domain="knitting")])
    assert own.records[0]["domain"] == "knitting"
    given = merge_annotations([vote("a", OP)], domain="my_forum")
    assert given.records[0]["domain"] == "my_forum"


def test_sentences_must_agree_with_the_comment_label() -> None:
    spans = (Sentence(0, 23, T), Sentence(24, 56, E))
    good = merge_annotations([vote("a", E, sentences=spans)], domain="fitness")
    assert [s["label"] for s in good.records[0]["sentences"]] == [
        "testimonial",
        "evidence_citation",
    ]
    bad = merge_annotations([vote("a", T, sentences=spans)], domain="fitness")
    assert bad.records == []
    assert "fails the corpus check" in bad.skipped[0].reason
    assert "by the precedence of docs/labelling-guide.md" in bad.skipped[0].reason


def test_different_texts_under_one_id_are_refused() -> None:
    report = merge_annotations(
        [vote("a", OP), vote("b", OP, text="Another text.")], domain="fitness"
    )
    assert "different texts" in report.skipped[0].reason


def test_written_records_load_as_a_corpus_and_read_back_for_agreement(tmp_path: Path) -> None:
    votes = [vote("a", E), vote("b", E), vote("a", OP, item="q2", text="Fair point.")]
    report = merge_annotations(votes, domain="fitness")
    path = write_records(report.records, tmp_path / "labelled.jsonl")
    loaded = load_comments(path)
    assert [r.label.value for r in loaded] == ["evidence_citation", "opinion"]
    back = read_imported(path)
    assert sorted((a.item_id == loaded[0].id, a.annotator) for a in back.annotations) == [
        (False, "a"),
        (True, "a"),
        (True, "b"),
    ]
    assert read_annotation_files([path]).annotations == back.annotations


def test_check_spans_reports_the_first_problem() -> None:
    assert check_spans([(0, 5, "opinion", "I tri")], TEXT)[1] is None
    assert "invalid offsets" in check_spans([(5, 5, "opinion", None)], TEXT)[1]
    assert "out of range" in check_spans([(0, 500, "opinion", None)], TEXT)[1]


def test_unknown_file_types_and_missing_files(tmp_path: Path) -> None:
    odd = tmp_path / "labels.xlsx"
    odd.write_bytes(b"PK")
    with pytest.raises(ExportFormatError, match="unknown annotation file type"):
        read_annotation_files([odd])
    with pytest.raises(InputError, match="not found"):
        read_annotation_files([tmp_path / "missing.json"])
    broken = tmp_path / "x.jsonl"
    broken.write_text(json.dumps({"text": "ok", "label": "opinion"}) + "\n{bad\n")
    with pytest.raises(ExportFormatError, match=r"x\.jsonl:2"):
        read_imported(broken)


def test_spans_come_from_a_winning_annotator_who_marked_them() -> None:
    spans = (Sentence(0, 23, T), Sentence(24, 56, E))
    votes = [vote("a", E), vote("b", E, sentences=spans), vote("c", OP)]
    [record] = merge_annotations(votes, domain="fitness").records
    assert len(record["sentences"]) == 2


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=80), label=st.sampled_from(list(Label)))
def test_any_text_becomes_a_valid_record_or_a_reported_skip(text: str, label: Label) -> None:
    report = merge_annotations([vote("a", label, text=text)], domain="fitness")
    assert len(report.records) + len(report.skipped) == 1
    for record in report.records:
        from claimcheck.corpus import parse_comment_line

        assert parse_comment_line(json.dumps(record), "x", 1)[1] == []


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_read_imported_any_bytes(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(data)
    with contextlib.suppress(ExportFormatError):
        got = read_imported(path)
        assert all(a.text.strip() for a in got.annotations)
