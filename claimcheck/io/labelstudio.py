"""Label Studio interop: tasks with the model's pre-annotations out, JSON exports back in.

Formats (Label Studio docs, "Import pre-annotated data" and "Label Studio JSON format of
annotated tasks"): a task is `{"data": {...}, "predictions": [{"model_version", "score",
"result"}]}`; an export is a list of tasks with `annotations`, each with `completed_by`,
`was_cancelled` and a `result` list. A result item names the control (`from_name`) and the
object (`to_name`); `choices` results carry `value.choices`, `labels` results carry
`value.start/end/text/labels`.

Span offsets: recent Label Studio versions count Unicode code points (as Python does), older
ones counted UTF-16 units, which differ after an emoji. Import uses the quoted `value.text` to
tell which: code points first, UTF-16 next, and a span that matches neither is refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from claimcheck.exceptions import ExportFormatError
from claimcheck.io.jsonl import JsonParseError, parse_json
from claimcheck.io.labelling import (
    KNOWN_LABELS,
    Annotation,
    AnnotationSet,
    Skipped,
    Suggestion,
    check_label,
    check_spans,
)
from claimcheck.types import LABELS

#: Names shared by the labelling config, the predictions and the import.
TEXT_NAME = "text"
CHOICE_NAME = "label"
SPAN_NAME = "sentence"
COLOURS = {
    "testimonial": "#1f9bb4",
    "evidence_citation": "#2e9e44",
    "spam": "#d64545",
    "opinion": "#d6a21e",
}


def labelling_config() -> str:
    """The Label Studio labelling config: one comment label, optional sentence spans."""
    choices = "\n".join(f"    <Choice value={quoteattr(lab.value)}/>" for lab in LABELS)
    spans = "\n".join(
        f"    <Label value={quoteattr(lab.value)} background={quoteattr(COLOURS[lab.value])}/>"
        for lab in LABELS
    )
    return f"""<View>
  <Header value="Comment label (see docs/labelling-guide.md in claimcheck)"/>
  <Choices name="{CHOICE_NAME}" toName="{TEXT_NAME}" choice="single" showInline="true"
           required="true">
{choices}
  </Choices>
  <Header value="Sentence labels (optional: select a sentence, then its label)"/>
  <Labels name="{SPAN_NAME}" toName="{TEXT_NAME}">
{spans}
  </Labels>
  <Text name="{TEXT_NAME}" value="${TEXT_NAME}"/>
</View>
"""


def task_for(suggestion: Suggestion, model_version: str) -> dict[str, Any]:
    """One Label Studio task with the model's guess as a prediction (pre-annotation)."""
    p = suggestion.prediction
    item = suggestion.item
    result: list[dict[str, Any]] = []
    if p.label is not None:
        result.append(
            {
                "id": "comment",
                "from_name": CHOICE_NAME,
                "to_name": TEXT_NAME,
                "type": "choices",
                "value": {"choices": [p.label.value]},
            }
        )
    for i, s in enumerate(p.sentences):
        result.append(
            {
                "id": f"s{i}",
                "from_name": SPAN_NAME,
                "to_name": TEXT_NAME,
                "type": "labels",
                "value": {
                    "start": s.start,
                    "end": s.end,
                    "text": item.text[s.start : s.end],
                    "labels": [s.label.value],
                },
            }
        )
    data: dict[str, Any] = {TEXT_NAME: item.text, "id": item.id}
    if item.domain:
        data["domain"] = item.domain
    data["rank"] = suggestion.rank
    data["strategy"] = suggestion.strategy
    data["probabilities"] = {k: round(v, 4) for k, v in p.probabilities.items()}
    return {
        "data": data,
        "predictions": [
            {"model_version": model_version, "score": round(p.confidence, 4), "result": result}
        ],
    }


def config_path(tasks_path: Path) -> Path:
    """Where the labelling config goes: next to the tasks, `<name>.config.xml`."""
    return tasks_path.with_name(tasks_path.stem + ".config.xml")


def write_tasks(suggestions: Sequence[Suggestion], path: Path, *, model_version: str) -> list[Path]:
    """Write the tasks JSON and its labelling config; returns both paths."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tasks = [task_for(s, model_version) for s in suggestions]
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    config = config_path(path)
    config.write_text(labelling_config(), encoding="utf-8")
    return [path, config]


# --- import ---------------------------------------------------------------------------------


def _annotator(value: object) -> str | None:
    """completed_by is a user id (int) in full exports, an object in some versions."""
    if isinstance(value, dict):
        email = value.get("email")
        if isinstance(email, str) and email:
            return email
        value = value.get("id")
    if isinstance(value, bool) or value is None or value == "":
        return None
    return f"user-{value}" if isinstance(value, int) else str(value)


def _utf16_to_index(text: str, offset: int) -> int | None:
    """The code-point index of a UTF-16 offset into `text` (None if it splits a character)."""
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text) if units == offset else None


def _span_values(
    items: list[dict[str, Any]], text: str
) -> tuple[list[tuple[int, int, object, str | None]], str | None]:
    spans: list[tuple[int, int, object, str | None]] = []
    for item in items:
        value = item.get("value")
        if not isinstance(value, dict):
            return [], "a span result has no value"
        start, end, quoted = value.get("start"), value.get("end"), value.get("text")
        labels = value.get("labels")
        if not isinstance(labels, list) or len(labels) != 1:
            return [], f"span {start}-{end} must carry exactly one label, got {labels!r}"
        if not isinstance(quoted, str):
            quoted = None
        if (
            quoted is not None
            and isinstance(start, int)
            and isinstance(end, int)
            and text[start:end] != quoted
        ):
            # Older Label Studio versions count UTF-16 units; convert if that is what fits.
            s16, e16 = _utf16_to_index(text, start), _utf16_to_index(text, end)
            if s16 is not None and e16 is not None and text[s16:e16] == quoted:
                start, end = s16, e16
        spans.append((start, end, labels[0], quoted))  # type: ignore[arg-type]
    return spans, None


def _read_annotation(
    raw: object, text: str, item_id: str, source: str, position: int, domain: Any
) -> Annotation | Skipped:
    where = (source, position)
    if not isinstance(raw, dict):
        return Skipped(*where, "an annotation is not a JSON object", item_id)
    annotator = _annotator(raw.get("completed_by"))
    who = annotator or "unknown annotator"
    if raw.get("was_cancelled"):
        return Skipped(
            *where, f"annotation by {who} was cancelled (skipped in Label Studio)", item_id
        )
    if annotator is None:
        return Skipped(*where, "annotation has no completed_by (annotator id)", item_id)
    result = raw.get("result")
    if not isinstance(result, list):
        return Skipped(*where, f"annotation by {who} has no result list", item_id)
    choices = [r for r in result if isinstance(r, dict) and r.get("type") == "choices"]
    span_items = [r for r in result if isinstance(r, dict) and r.get("type") == "labels"]
    if not choices:
        return Skipped(*where, f"annotation by {who} chose no comment label", item_id)
    ours = [r for r in choices if r.get("from_name") == CHOICE_NAME] or choices
    if len(ours) > 1:
        return Skipped(*where, f"annotation by {who} has several comment-label results", item_id)
    value = ours[0].get("value")
    picked = value.get("choices") if isinstance(value, dict) else None
    if not isinstance(picked, list) or len(picked) != 1:
        return Skipped(
            *where, f"annotation by {who} must choose one label, got {picked!r}", item_id
        )
    label = check_label(picked[0])
    if label is None:
        return Skipped(
            *where, f"annotation by {who}: unknown label {picked[0]!r} ({KNOWN_LABELS})", item_id
        )
    values, problem = _span_values(span_items, text)
    if problem is None:
        spans, problem = check_spans(values, text)
    if problem is not None:
        return Skipped(*where, f"annotation by {who}: {problem}", item_id)
    return Annotation(
        item_id=item_id,
        text=text,
        annotator=annotator,
        label=label,
        sentences=spans,
        source=source,
        position=position,
        domain=domain if isinstance(domain, str) else None,
    )


def load_export(path: str | Path) -> list[Any]:
    """The task list of a Label Studio JSON export; ExportFormatError if it is not one."""
    source = str(path)
    try:
        raw = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportFormatError(f"{source}: not UTF-8 (byte {exc.start}); re-export it") from None
    try:
        tasks = parse_json(raw)
    except JsonParseError as exc:
        where = f"{source}:{exc.lineno}:{exc.colno}" if exc.lineno else source
        raise ExportFormatError(
            f"{where}: {exc.reason}; export the project again as 'JSON'"
        ) from None
    if isinstance(tasks, dict) and "data" in tasks:
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise ExportFormatError(
            f"{source}: a Label Studio JSON export is a list of tasks, got {type(tasks).__name__}"
        )
    return tasks


def read_export(path: str | Path) -> AnnotationSet:
    """Every usable annotation of a Label Studio JSON export, and what was skipped and why.

    Positions are task numbers in the file (1-based). Predictions are never read as labels.
    """
    source = str(path)
    result = AnnotationSet()
    for position, task in enumerate(load_export(path), 1):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise ExportFormatError(
                f"{source}: task {position} has no 'data' object; is this a Label Studio "
                "JSON export (not JSON-MIN or CSV)?"
            )
        data = task["data"]
        text = data.get(TEXT_NAME)
        item_id = str(data.get("id") or task.get("id") or position)
        if not isinstance(text, str) or not text.strip():
            result.skipped.append(Skipped(source, position, "empty or missing text", item_id))
            continue
        annotations = task.get("annotations") or task.get("completions") or []
        if not isinstance(annotations, list) or not annotations:
            reason = "no annotations (not labelled yet"
            reason += "; predictions are not labels)" if task.get("predictions") else ")"
            result.skipped.append(Skipped(source, position, reason, item_id))
            continue
        for raw in annotations:
            got = _read_annotation(raw, text, item_id, source, position, data.get("domain"))
            if isinstance(got, Skipped):
                result.skipped.append(got)
            else:
                result.annotations.append(got)
    return result
