"""Feedback into a training file (conflicts, provenance, validation) and a retrain with it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.corpus import load_comments
from claimcheck.exceptions import ExportFormatError, InputError, StoreError
from claimcheck.retrain import TRAINING_CORPUS_FILE
from claimcheck.service.db import Database, FeedbackIn, FeedbackRecord
from claimcheck.service.feedback_export import (
    FEEDBACK_FILE,
    REPORT_FILE,
    export_feedback,
    read_feedback_export,
    retrain_with_feedback,
    text_key,
)
from claimcheck.types import Label

#: Corrections a moderator of a health forum might make; written for these tests.
FEEDBACK = [
    (
        "Switched my daughter to the gluten-free plan in March and her eczema cleared by June.",
        Label.TESTIMONIAL,
    ),
    (
        "The Cochrane review from 2019 (Smith et al.) pooled 14 trials and found no effect "
        "on relapse rates.",
        Label.EVIDENCE_CITATION,
    ),
    (
        "DM me for 40% off the detox tea, only three boxes left at this price!!",
        Label.SPAM,
    ),
    (
        "Honestly I think the clinic charges too much for what is basically a scan.",
        Label.OPINION,
    ),
    (
        "My uncle had the venous angioplasty in Poland; two years on he walks without a cane.",
        Label.TESTIMONIAL,
    ),
]


def _add(db: Database, text: str, label: Label, author: str = "mod-ana", **extra: object) -> None:
    db.add_feedback(FeedbackIn(text=text, label=label, author=author, **extra))  # type: ignore[arg-type]


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_writes_valid_corpus_rows_with_provenance(
    database: Database, tmp_path: Path
) -> None:
    key, _ = database.create_key("forum-bot")
    stored = database.add_feedback(
        FeedbackIn(
            text=FEEDBACK[0][0],
            label=FEEDBACK[0][1],
            author="mod-ben",
            comment_id="wp-8812",
            reason="first-hand, dated outcome",
            predicted_label="opinion",
            model_version="0.1.0+tiny",
            request_id="req-77",
        ),
        key_id=key.key_id,
    )
    out = tmp_path / FEEDBACK_FILE
    report = export_feedback(database.iter_feedback(), out, domain="parenting")
    assert (report.read, report.written) == (1, 1)
    [record] = load_comments(out)  # the corpus parser accepts the file
    assert record.text == stored.text
    assert record.label is Label.TESTIMONIAL
    assert record.domain == "parenting"
    assert record.id.startswith("fb-")
    provenance = record.provenance
    assert provenance["source"] == "feedback"
    assert provenance["feedback_id"] == stored.id
    assert provenance["author"] == "mod-ben"
    assert provenance["key_id"] == key.key_id
    assert provenance["created_at"] == stored.created_at.isoformat()
    assert provenance["date"] == stored.created_at.isoformat()
    assert provenance["reason"] == "first-hand, dated outcome"
    assert provenance["model_version"] == "0.1.0+tiny"
    assert provenance["predicted_label"] == "opinion"
    assert provenance["comment_id"] == "wp-8812"
    assert provenance["request_id"] == "req-77"


def test_latest_feedback_wins_and_conflicts_are_reported(
    database: Database, tmp_path: Path
) -> None:
    text = FEEDBACK[3][0]
    _add(database, text, Label.OPINION, author="ana")
    _add(database, text, Label.OPINION, author="ben")
    # Re-pasted with other whitespace: the same comment.
    _add(database, text.replace(" ", "  ", 2) + "\n", Label.SPAM, author="cho")
    _add(database, FEEDBACK[2][0], Label.SPAM)
    _add(database, FEEDBACK[2][0], Label.SPAM)  # plain repeat, no conflict
    records = list(database.iter_feedback())
    report = export_feedback(records, tmp_path / FEEDBACK_FILE, domain="consumer_products")
    assert report.read == 5
    assert report.written == 2
    assert report.collapsed_repeats == 3
    [conflict] = report.feedback_conflicts
    assert conflict.kept == "spam"
    latest = max((r for r in records if text_key(r.text) == text_key(text)), key=lambda r: r.id)
    assert conflict.kept_from == f"feedback {latest.id} (latest)"
    assert sorted(conflict.labels) == ["opinion", "spam"]
    assert len(conflict.labels["opinion"]) == 2
    labels = {text_key(r.text): r.label for r in load_comments(tmp_path / FEEDBACK_FILE)}
    assert labels == {text_key(text): Label.SPAM, text_key(FEEDBACK[2][0]): Label.SPAM}


def test_corpus_stays_the_source_of_truth(
    database: Database, tmp_path: Path, tiny_corpus: Path
) -> None:
    corpus = load_comments(tiny_corpus)
    agree, disagree = corpus[0], corpus[1]
    other = next(lab for lab in Label if lab is not disagree.label)
    _add(database, agree.text, agree.label)
    _add(database, disagree.text, other)
    _add(database, FEEDBACK[1][0], FEEDBACK[1][1])
    out = tmp_path / FEEDBACK_FILE
    report = export_feedback(database.iter_feedback(), out, domain="ms_ccsvi", corpus=corpus)
    assert report.already_in_corpus == 1
    [conflict] = report.corpus_conflicts
    assert conflict.kept == disagree.label.value
    assert conflict.kept_from == f"corpus {disagree.id}"
    assert report.overridden_corpus_ids == []
    assert [r.text for r in load_comments(out)] == [FEEDBACK[1][0]]


def test_feedback_wins_relabels_the_corpus_text(
    database: Database, tmp_path: Path, tiny_corpus: Path
) -> None:
    corpus = load_comments(tiny_corpus)
    target = corpus[5]
    other = next(lab for lab in Label if lab is not target.label)
    _add(database, target.text, other)
    report = export_feedback(
        database.iter_feedback(),
        tmp_path / FEEDBACK_FILE,
        domain="ms_ccsvi",
        corpus=corpus,
        feedback_wins=True,
    )
    assert report.overridden_corpus_ids == [target.id]
    [conflict] = report.corpus_conflicts
    assert conflict.kept == other.value
    [row] = load_comments(tmp_path / FEEDBACK_FILE)
    assert (row.text, row.label) == (target.text, other)


def test_rows_the_corpus_parser_refuses_are_skipped_with_the_reason(
    database: Database, tmp_path: Path
) -> None:
    _add(database, "🙄🙄🙄", Label.OPINION)  # storable, but the corpus keeps emoji-only rows out
    _add(database, FEEDBACK[4][0], FEEDBACK[4][1])
    report = export_feedback(database.iter_feedback(), tmp_path / FEEDBACK_FILE, domain="ms_ccsvi")
    assert report.written == 1
    [skipped] = report.skipped
    assert "emoji" in skipped["reason"]
    assert len(load_comments(tmp_path / FEEDBACK_FILE)) == 1


def test_a_domain_that_is_not_a_slug_is_an_input_error(tmp_path: Path) -> None:
    records: list[FeedbackRecord] = []
    with pytest.raises(InputError, match=r"'My Forum' .*is not a slug.*my_forum"):
        export_feedback(records, tmp_path / FEEDBACK_FILE, domain="My Forum")


def test_a_researchers_own_domain_slug_is_accepted(tmp_path: Path) -> None:
    """Issue 13: feedback rows may name any forum as a slug, not only the corpus's domains."""
    report = export_feedback([], tmp_path / FEEDBACK_FILE, domain="my_forum")
    assert report.path == tmp_path / FEEDBACK_FILE


def test_retrain_refuses_an_unmigrated_database(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    try:
        with pytest.raises(StoreError, match="claimcheck db upgrade"):
            retrain_with_feedback(db, out=tmp_path / "bundle", domain="ms_ccsvi")
    finally:
        db.dispose()


@pytest.mark.slow
def test_retrain_with_feedback_produces_a_loadable_bundle(
    database: Database, tmp_path: Path, small_corpus: Path
) -> None:
    from claimcheck.model import ModelParams
    from claimcheck.predict import load_model

    for text, label in FEEDBACK:
        _add(database, text, label)
    corpus = load_comments(small_corpus)
    relabelled = corpus[3]
    _add(database, relabelled.text, next(lab for lab in Label if lab is not relabelled.label))
    out = tmp_path / "bundle"
    report, meta = retrain_with_feedback(
        database,
        corpus=small_corpus,
        out=out,
        domain="ms_ccsvi",
        feedback_wins=True,
        cross_validate=False,
        params=ModelParams(min_df=1),  # temperature, not fitted without CV: fastest
    )
    assert report.written == len(FEEDBACK) + 1
    # The corpus copy lacks the relabelled record; the feedback file adds six.
    assert meta["n_comments"] == len(corpus) - 1 + len(FEEDBACK) + 1
    assert (out / FEEDBACK_FILE).is_file() and (out / TRAINING_CORPUS_FILE).is_file()
    assert str(out / FEEDBACK_FILE) in meta["corpus_files"]
    saved = json.loads((out / REPORT_FILE).read_text(encoding="utf-8"))
    assert saved["overridden_corpus_ids"] == [relabelled.id]
    assert saved["written"] == len(FEEDBACK) + 1
    classifier = load_model(out)
    predictions = classifier.predict([text for text, _ in FEEDBACK])
    assert len(predictions) == len(FEEDBACK)
    assert all(p.label in set(Label) for p in predictions)


# --- retraining from a JSONL export (GET /v1/feedback?format=jsonl) -------------------------


def _export(db: Database, path: Path) -> Path:
    lines = [json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in db.iter_feedback()]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_jsonl_export_reads_back_as_the_stored_records(
    database: Database, tmp_path: Path
) -> None:
    key, _ = database.create_key("bot")
    for n, (text, label) in enumerate(FEEDBACK):
        _add(database, text, label, reason=f"case {n}", request_id=f"r{n}")
    database.add_feedback(
        FeedbackIn(text="Robert'); DROP TABLE feedback;-- 🙂", label=Label.OPINION, author="x"),
        key_id=key.key_id,
    )
    path = _export(database, tmp_path / "feedback.export.jsonl")
    assert read_feedback_export(path) == list(database.iter_feedback())


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"not json\n", r"export.jsonl:1: not valid JSON"),
        (b"[1, 2]\n", r":1: a line must be a JSON object"),
        (b'{"text": "x"}\n', r"missing id, label, author, created_at"),
        (
            b'{"id": 0, "text": "x", "label": "spam", "author": "a", "created_at": "2026-01-01"}',
            r"must be a positive integer \(field 'id'\)",
        ),
        (
            b'{"id": 1, "text": "x", "label": "rant", "author": "a", "created_at": "2026-01-01"}',
            r"unknown label 'rant'",
        ),
        (
            b'{"id": 1, "text": "x", "label": "spam", "author": "a", "created_at": "soon"}',
            r"not an ISO 8601 time",
        ),
        (b"\n\n\xff\xfe\n", r"export.jsonl:3: not UTF-8"),
    ],
)
def test_bad_export_lines_name_file_line_and_problem(
    tmp_path: Path, content: bytes, match: str
) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(content)
    with pytest.raises(ExportFormatError, match=match):
        read_feedback_export(path)


def test_missing_export_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="feedback export not found"):
        read_feedback_export(tmp_path / "absent.jsonl")


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_records_or_an_export_format_error(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "export.jsonl"
        path.write_bytes(data)
        try:
            records = read_feedback_export(path)
        except ExportFormatError:
            return
        assert all(isinstance(r, FeedbackRecord) for r in records)


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(min_size=1, max_size=200).filter(lambda t: t.strip()),
    label=st.sampled_from(list(Label)),
    moment=st.datetimes(timezones=st.just(UTC)),
)
def test_export_lines_round_trip(text: str, label: Label, moment: datetime) -> None:
    try:
        item = FeedbackIn(text=text, label=label, author="mod")
    except InputError:
        return
    record = FeedbackRecord(
        id=7,
        text=item.text,
        label=item.label.value,
        author="mod",
        comment_id=None,
        reason="",
        predicted_label=None,
        model_version=None,
        request_id=None,
        key_id=None,
        created_at=moment,
    )
    import tempfile

    with tempfile.TemporaryDirectory() as root:
        path = Path(root) / "export.jsonl"
        path.write_text(json.dumps(record.to_dict()) + "\n", encoding="utf-8")
        assert read_feedback_export(path) == [record]


@pytest.mark.slow
def test_retrain_from_an_export_file_honours_since(
    database: Database, tmp_path: Path, small_corpus: Path
) -> None:
    from claimcheck.model import ModelParams

    for text, label in FEEDBACK[:2]:
        _add(database, text, label)
    cutoff = datetime.now(UTC)
    for text, label in FEEDBACK[2:]:
        _add(database, text, label)
    export = _export(database, tmp_path / "export.jsonl")
    report, meta = retrain_with_feedback(
        export,
        corpus=small_corpus,
        out=tmp_path / "bundle",
        domain="supplements",
        since=cutoff,
        cross_validate=False,
        params=ModelParams(min_df=1),  # temperature, not fitted without CV: fastest
    )
    assert report.read == len(FEEDBACK) - 2
    assert {r.text for r in load_comments(report.path)} == {t for t, _ in FEEDBACK[2:]}
    assert meta["n_comments"] == len(load_comments(small_corpus)) + len(FEEDBACK) - 2
