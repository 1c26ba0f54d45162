"""The store's values: validation on construction, JSON-ready output."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from claimcheck.exceptions import InputError
from claimcheck.service.entities import (
    ApiKey,
    FeedbackIn,
    FeedbackRecord,
    nul_problem,
    surrogate_problem,
)
from claimcheck.service.tables import (
    MAX_AUTHOR_CHARS,
    MAX_COMMENT_ID_CHARS,
    MAX_REASON_CHARS,
    MAX_TEXT_CHARS,
    MAX_THREAD_ID_CHARS,
    MAX_URL_CHARS,
)
from claimcheck.types import Label


def _item(n: int, **overrides: object) -> FeedbackIn:
    fields: dict[str, object] = {
        "text": f"Comment number {n}: the chiropractor fixed my back in two sessions.",
        "label": Label.TESTIMONIAL,
        "author": "mod-ana",
    }
    fields.update(overrides)
    return FeedbackIn(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        ({"text": ""}, "text must not be empty"),
        ({"text": " \n\t "}, "text must not be empty"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "limit is 100,000"),
        ({"text": "nul \x00 inside"}, "NUL"),
        ({"text": "lone \ud800 surrogate"}, "surrogate"),
        ({"text": 42}, "text must be a string"),
        ({"label": "rant"}, "unknown label 'rant'"),
        ({"author": ""}, "author must not be empty"),
        ({"author": "a" * (MAX_AUTHOR_CHARS + 1)}, "author is 201"),
        ({"reason": "r" * (MAX_REASON_CHARS + 1)}, "reason is 2,001"),
        ({"predicted_label": "maybe"}, "unknown label 'maybe'"),
        ({"request_id": ""}, "request_id must not be empty"),
        ({"comment_id": "c" * 201}, "comment_id is 201"),
    ],
)
def test_bad_feedback_is_an_input_error_naming_the_field(
    overrides: dict[str, object], match: str
) -> None:
    with pytest.raises(InputError, match=match):
        _item(1, **overrides)


def test_label_strings_are_accepted_and_normalised() -> None:
    item = _item(1, label="spam", predicted_label=Label.OPINION)
    assert item.label is Label.SPAM
    assert item.predicted_label == "opinion"


def test_record_to_dict_is_json_ready_and_utc() -> None:
    moment = datetime(2026, 11, 25, 20, 15, 3, 120, tzinfo=timezone(timedelta(hours=2)))
    record = FeedbackRecord(
        id=3,
        text="Ça marche 👍",
        label="opinion",
        author="mod",
        comment_id="c1",
        reason="",
        predicted_label="spam",
        model_version="0.1.0",
        request_id="r",
        key_id="0123456789ab",
        created_at=moment,
    )
    data = record.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["created_at"] == "2026-11-25T18:15:03.000120+00:00"


def test_api_key_to_dict_says_whether_it_is_active() -> None:
    now = datetime.now(UTC)
    assert ApiKey("k", "n", now, None).to_dict()["active"] is True
    revoked = ApiKey("k", "n", now, now).to_dict()
    assert revoked["active"] is False and revoked["revoked_at"] == now.isoformat()


def test_wire_models_carry_exactly_the_records_fields() -> None:
    """The response models (schemas.py) document what to_dict gives: the same field names."""
    from dataclasses import fields

    from claimcheck.service.queue_store import DecisionRecord
    from claimcheck.service.schemas import DecisionOut, FeedbackOut

    for record, model in ((FeedbackRecord, FeedbackOut), (DecisionRecord, DecisionOut)):
        assert [f.name for f in fields(record)] == list(model.model_fields), model.__name__


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("text", "nul \x00 inside", nul_problem("\x00")),
        ("author", "lone \ud800", surrogate_problem("\ud800")),
        ("thread_id", "t" * (MAX_THREAD_ID_CHARS + 1), None),
        ("parent_id", "p" * (MAX_COMMENT_ID_CHARS + 1), None),
        ("url", "u" * (MAX_URL_CHARS + 1), None),
    ],
)
def test_api_and_store_refuse_the_same_comment_with_the_same_words(
    field: str, value: str, words: str | None
) -> None:
    """One rule each (entities.py, tables.py): the HTTP schema and the store agree on it."""
    from pydantic import ValidationError

    from claimcheck.service.queue_store import IncomingComment
    from claimcheck.service.schemas import CommentPost

    fields_in = {"id": "c1", "text": "ok", field: value}
    with pytest.raises(ValidationError) as api:
        CommentPost.model_validate(fields_in)
    with pytest.raises(InputError) as store:
        IncomingComment(**fields_in)
    assert api.value.errors()[0]["loc"][0] == field and field in str(store.value)
    if words is not None:
        assert words in str(api.value) and words in str(store.value)
