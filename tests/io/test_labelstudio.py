"""Label Studio: the tasks and config we write, and the exports we read back."""

from __future__ import annotations

import contextlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.labelstudio import (
    CHOICE_NAME,
    SPAN_NAME,
    TEXT_NAME,
    labelling_config,
    read_export,
    task_for,
    write_tasks,
)
from claimcheck.research.active import read_pool, suggest
from claimcheck.types import LABELS

LABEL_VALUES = sorted(lab.value for lab in LABELS)


def test_config_has_one_choice_control_and_one_span_control() -> None:
    root = ET.fromstring(labelling_config())
    [text] = root.iter("Text")
    [choices] = root.iter("Choices")
    [labels] = root.iter("Labels")
    assert text.get("name") == TEXT_NAME and text.get("value") == f"${TEXT_NAME}"
    assert choices.get("name") == CHOICE_NAME and choices.get("toName") == TEXT_NAME
    assert choices.get("choice") == "single"
    assert labels.get("name") == SPAN_NAME and labels.get("toName") == TEXT_NAME
    assert sorted(c.get("value") for c in choices.iter("Choice")) == LABEL_VALUES
    assert sorted(c.get("value") for c in labels.iter("Label")) == LABEL_VALUES


def test_tasks_carry_predictions_that_match_the_config(
    tiny_model, pool_file: Path, tmp_path: Path
) -> None:
    chosen = suggest(tiny_model, read_pool([pool_file]).items, 6, "uncertainty")
    tasks_path, config = write_tasks(chosen, tmp_path / "tasks.json", model_version="v9")
    assert config.read_text() == labelling_config()
    tasks = json.loads(tasks_path.read_text())
    assert len(tasks) == 6
    for task, s in zip(tasks, chosen, strict=True):
        assert task["data"][TEXT_NAME] == s.item.text and task["data"]["id"] == s.item.id
        [prediction] = task["predictions"]
        assert prediction["model_version"] == "v9"
        assert prediction["score"] == pytest.approx(s.prediction.confidence, abs=1e-4)
        kinds = [r["type"] for r in prediction["result"]]
        assert kinds[0] == "choices" and set(kinds[1:]) <= {"labels"}
        assert prediction["result"][0]["value"]["choices"] == [s.prediction.label.value]
        for r in prediction["result"][1:]:
            v = r["value"]
            assert r["from_name"] == SPAN_NAME and r["to_name"] == TEXT_NAME
            assert s.item.text[v["start"] : v["end"]] == v["text"]
            assert v["labels"][0] in LABEL_VALUES


def test_a_suggested_task_exported_unchanged_reads_back_as_unlabelled(
    tiny_model, pool_file: Path, tmp_path: Path
) -> None:
    [s] = suggest(tiny_model, read_pool([pool_file]).items, 1, "uncertainty")
    path = tmp_path / "export.json"
    path.write_text(json.dumps([task_for(s, "v")]))
    got = read_export(path)
    assert got.annotations == []
    [skipped] = got.skipped
    assert "predictions are not labels" in skipped.reason


def test_export_fixture_every_case_is_used_or_reported(export_file: Path) -> None:
    got = read_export(export_file)
    by_reason = {s.position: s.reason for s in got.skipped}
    assert "cancelled" in by_reason[4]
    assert "no annotations" in by_reason[5]
    assert "unknown label 'anecdote'" in by_reason[6]
    assert "out of range" in by_reason[7]
    assert "quotes 'Always admit'" in by_reason[8]
    assert "empty or missing text" in by_reason[9]
    assert len(got.skipped) == 6
    annotators = {(a.position, a.annotator) for a in got.annotations}
    assert (11, "dana@lab.example") in annotators  # completed_by given as an object
    assert {(1, "user-1"), (1, "user-2"), (2, "user-3"), (4, "user-2")} <= annotators
    [first] = [a for a in got.annotations if a.position == 1 and a.annotator == "user-1"]
    assert [(s.start, s.end) for s in first.sentences] == [(0, 56), (57, 153)]


def test_utf16_offsets_after_an_emoji_are_converted(export_file: Path) -> None:
    [emoji] = [a for a in read_export(export_file).annotations if a.item_id == "emoji-1"]
    [span] = emoji.sentences
    assert emoji.text[span.start : span.end] == "honestly my joints feel worse."


def test_unparseable_files_raise_export_format_error_with_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"data": {"text": "x"}},\n  {oops}]')
    with pytest.raises(ExportFormatError, match=r"bad\.json:2:4: not valid JSON"):
        read_export(bad)
    bad.write_text('{"tasks": []}')
    with pytest.raises(ExportFormatError, match="list of tasks"):
        read_export(bad)
    bad.write_text('[{"text": "JSON-MIN row", "label": "opinion"}]')
    with pytest.raises(ExportFormatError, match="task 1 has no 'data'"):
        read_export(bad)
    bad.write_bytes(b"\xff\xfe[]")
    with pytest.raises(ExportFormatError, match="not UTF-8"):
        read_export(bad)


def test_choices_and_span_edge_cases(tmp_path: Path) -> None:
    text = "First sentence here. Second one."

    def task(result: list[dict], who: object = 5) -> dict:
        return {
            "id": 1,
            "data": {"text": text},
            "annotations": [{"completed_by": who, "result": result, "was_cancelled": False}],
        }

    def choice(*values: str) -> dict:
        return {"from_name": "label", "to_name": "text", "type": "choices",
                "value": {"choices": list(values)}}  # fmt: skip

    def span(start: int, end: int, label: str, quoted: str | None = None) -> dict:
        value = {"start": start, "end": end, "labels": [label]}
        if quoted is not None:
            value["text"] = quoted
        return {"from_name": "sentence", "to_name": "text", "type": "labels", "value": value}

    cases = [
        (task([choice("opinion", "spam")]), "must choose one label"),
        (task([span(0, 20, "opinion")]), "chose no comment label"),
        (task([choice("opinion")], who=None), "no completed_by"),
        (task([choice("opinion"), span(0, 25, "opinion"), span(21, 32, "opinion")]), "overlap"),
        (task([choice("opinion"), span(0, 20, "rant")]), "unknown label 'rant'"),
        (task([choice("Opinion"), span(0, 20, "opinion", "First sentence here.")]), None),
    ]
    for raw, expected in cases:
        path = tmp_path / "one.json"
        path.write_text(json.dumps([raw]))
        got = read_export(path)
        if expected is None:
            [annotation] = got.annotations
            assert annotation.label.value == "opinion" and annotation.annotator == "user-5"
        else:
            [skipped] = got.skipped
            assert expected in skipped.reason, (expected, skipped.reason)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300))
def test_any_bytes_give_annotations_or_a_typed_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    with contextlib.suppress(ExportFormatError):
        read_export(path)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 300) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    result=st.lists(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["choices", "labels", "textarea"]), "value": json_values}
        ),
        max_size=4,
    ),
    who=json_values,
    text=st.text(max_size=60),
)
def test_any_task_shape_gives_annotations_or_skips(
    result: list, who: object, text: str, tmp_path: Path
) -> None:
    path = tmp_path / "shape.json"
    task = {"data": {"text": text}, "annotations": [{"completed_by": who, "result": result}]}
    path.write_text(json.dumps([task]))
    got = read_export(path)
    assert len(got.annotations) + len(got.skipped) == 1
    for a in got.annotations:
        for s in a.sentences:
            assert 0 <= s.start < s.end <= len(a.text)
