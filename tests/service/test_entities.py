"""The store's values: validation on construction, JSON-ready output."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from claimcheck.exceptions import InputError
from claimcheck.service.tables import MAX_AUTHOR_CHARS, MAX_REASON_CHARS, MAX_TEXT_CHARS
from claimcheck.service.entities import ApiKey, FeedbackIn, FeedbackRecord
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
