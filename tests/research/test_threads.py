"""Thread analysis on real batch output (every format), ranking rules, bad input, safe output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcheck.batch.engines import InProcessEngine
from claimcheck.batch.runner import run_batch
from claimcheck.batch.summary import Thread, iter_threads, load_batch_output
from claimcheck.batch.worker import ModelRef, remember
from claimcheck.exceptions import InputError
from claimcheck.research.threads import (
    analyse,
    evidence_lateness,
    label_counts,
    pick_top,
    slug,
    write_threads,
)

REPO = Path(__file__).resolve().parents[2]
MULTI = REPO / "examples" / "forum_threads.jsonl"
CCSVI = REPO / "examples" / "ccsvi_thread.jsonl"


@pytest.fixture(scope="module")
def engine(tiny_bundle: Path, tiny_model) -> InProcessEngine:
    ref = ModelRef(str(tiny_bundle.resolve()), tiny_model.settings)
    remember(ref, tiny_model)
    return InProcessEngine(ref)


@pytest.fixture(scope="module")
def outputs(engine: InProcessEngine, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The multi-thread example through the real batch job, in all three output formats."""
    root = tmp_path_factory.mktemp("batch_out")
    out = {"parquet": root / "labelled", "jsonl": root / "l.jsonl", "csv": root / "l.csv"}
    for target in out.values():
        result = run_batch([str(MULTI)], str(target), engine)
        assert result.progress.labelled == 46
    return out


def test_multi_thread_output_in_every_format(outputs: dict[str, Path], tmp_path: Path) -> None:
    # timelines are drawn once (parquet); the other formats only need to agree on the table
    results = {
        kind: write_threads(path, tmp_path / kind, top=3 if kind == "parquet" else 0)
        for kind, path in outputs.items()
    }
    tables = {
        kind: pd.read_csv(r.out_dir / "threads.csv").drop(columns="timeline_png")
        for kind, r in results.items()
    }
    assert tables["parquet"].equals(tables["jsonl"]) and tables["parquet"].equals(tables["csv"])
    result = results["parquet"]
    table = tables["parquet"]
    assert len(table) == 5 and table["comments"].sum() == 46
    assert sum(result.label_counts.values()) == 46
    # the emoji-only reply has no label and is counted as such
    assert result.label_counts["unlabelled"] == 1
    assert sorted(table["rank_testimonial_share"]) == [1, 2, 3, 4, 5]
    assert sorted(table["rank_evidence_lateness"]) == [1, 2, 3, 4, 5]
    shares = table.sort_values("rank_testimonial_share")["share_testimonial"].tolist()
    assert shares == sorted(shares, reverse=True)
    late = table.sort_values("rank_evidence_lateness")
    with_evidence = late[late["has_evidence"]]
    assert with_evidence["first_evidence_share"].is_monotonic_decreasing
    # threads without any evidence_citation come after every thread with one
    assert late["has_evidence"].tolist() == sorted(late["has_evidence"], reverse=True)
    out = result.out_dir
    assert (out / "timelines.png").read_bytes().startswith(b"\x89PNG")
    assert len(list((out / "timelines").glob("*.png"))) == 3
    assert pd.read_csv(out / "threads.csv")["timeline_png"].notna().sum() == 3
    document = json.loads((out / "threads.json").read_text(encoding="utf-8"))
    assert document["threads"] == 5 and document["comments"] == 46
    assert [r["thread_id"] for r in document["rows"]] == table["thread_id"].tolist()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert all(name in page for name in table["name"])


def test_time_axis_on_timestamped_threads(outputs: dict[str, Path], tmp_path: Path) -> None:
    result = write_threads(
        outputs["jsonl"], tmp_path / "t", x_axis="time", order="testimonial", top=2
    )
    assert result.notes == []
    assert "days since the first comment" in (tmp_path / "t" / "index.html").read_text()


def test_the_shipped_example_thread(engine: InProcessEngine, tmp_path: Path) -> None:
    labelled = tmp_path / "ccsvi.jsonl"
    run_batch([str(CCSVI)], str(labelled), engine)
    result = write_threads(labelled, tmp_path / "out", x_axis="time")
    assert [r["thread_id"] for r in result.rows] == ["ccsvi-safety-2011"]
    assert result.rows[0]["comments"] == 14
    # the example has no timestamps: the timeline falls back to positions and says so
    assert result.notes and "without created_at" in result.notes[0]


def thread(labels: list[str | None], name: str = "t", source: str = "s") -> Thread:
    return Thread(source, name, labels, [None] * len(labels))


def test_evidence_lateness() -> None:
    assert evidence_lateness(["testimonial", "evidence_citation", "opinion"]) == 0.5
    assert evidence_lateness(["evidence_citation", "evidence_citation"]) == 0.0
    assert evidence_lateness(["opinion", None, "evidence_citation"]) == 1.0
    assert evidence_lateness(["evidence_citation"]) == 0.0
    assert evidence_lateness(["opinion", "spam"]) is None


def test_ranks_and_ties() -> None:
    rows = analyse(
        [
            thread(["testimonial", "opinion"], "half-small"),
            thread(["testimonial", "testimonial", "opinion", "evidence_citation"], "half-big"),
            thread(["opinion", "evidence_citation", "opinion"], "none"),
            thread(["testimonial", "spam", "opinion"], "no-evidence"),
        ]
    )
    by_name = {r["name"]: r for r in rows}
    # equal shares: the larger thread ranks first
    assert by_name["half-big"]["rank_testimonial_share"] == 1
    assert by_name["half-small"]["rank_testimonial_share"] == 2
    assert by_name["none"]["rank_testimonial_share"] == 4
    assert by_name["half-big"]["rank_evidence_lateness"] == 1  # evidence at 100%
    assert by_name["none"]["rank_evidence_lateness"] == 2  # at 50%
    # without evidence: ranked after all threads with evidence, and marked
    assert {
        by_name["half-small"]["rank_evidence_lateness"],
        by_name["no-evidence"]["rank_evidence_lateness"],
    } == {3, 4}
    assert not by_name["no-evidence"]["has_evidence"]
    assert by_name["no-evidence"]["first_evidence_share"] is None


def test_same_thread_id_in_two_sources_is_two_threads() -> None:
    rows = analyse([thread(["spam"], "42", "a.xml"), thread(["opinion"], "42", "b.xml")])
    assert sorted(r["name"] for r in rows) == ["42 (a.xml)", "42 (b.xml)"]


def test_reading_order_is_time_then_position() -> None:
    frame = pd.DataFrame(
        {
            "seq": [0, 1, 2, 3],
            "source": ["f"] * 4,
            "thread_id": ["t"] * 4,
            "created_at": pd.to_datetime(
                ["2020-01-02", "2020-01-01", None, "2020-01-01"], utc=True
            ),
            "label": ["spam", "testimonial", "opinion", "evidence_citation"],
        }
    )
    (only,) = iter_threads(frame)
    assert only.labels == ["testimonial", "evidence_citation", "spam", "opinion"]


def test_label_counts_and_pick_top() -> None:
    threads = [thread(["spam", None]), thread(["opinion"] * 3, "big")]
    assert label_counts(threads) == {
        "evidence_citation": 0,
        "opinion": 3,
        "spam": 1,
        "testimonial": 0,
        "unlabelled": 1,
    }
    rows = analyse(threads)
    assert [r["name"] for r in pick_top(rows, 1, "size")] == ["big"]
    with pytest.raises(InputError, match="unknown order"):
        pick_top(rows, 1, "random")


def jsonl(path: Path, rows: list[object]) -> Path:
    text = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.jsonl", [{"thread_id": "t", "text": "hi"}], r"no 'label' column"),
        ("a.jsonl", [{"label": "spam"}], r"no 'thread_id' column"),
        ("a.jsonl", [], r"has no records"),
        ("a.jsonl", ["{oops"], r"a.jsonl:1: not valid JSON"),
        ("a.jsonl", [{"thread_id": "t", "label": "anecdote"}], r"unknown label 'anecdote'"),
        ("a.csv", "thread_id,text\nt,hi\n", r"no 'label' column"),
        ("a.csv", "", r"is empty"),
        ("a.txt", "x", r"unknown batch output type"),
    ],
)
def test_bad_input_is_a_typed_error(
    tmp_path: Path, name: str, content: object, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, list):
        jsonl(path, content)
    else:
        path.write_text(str(content), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        write_threads(path, tmp_path / "out")
    assert not (tmp_path / "out" / "threads.csv").exists()


def test_missing_input_and_bad_options(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_batch_output(tmp_path / "nope.jsonl")
    empty_dir = tmp_path / "parts"
    empty_dir.mkdir()
    with pytest.raises(InputError):
        load_batch_output(empty_dir)
    path = jsonl(tmp_path / "ok.jsonl", [{"thread_id": "t", "label": "spam"}])
    with pytest.raises(InputError, match="unknown x axis"):
        write_threads(path, tmp_path / "o", x_axis="hours")
    with pytest.raises(InputError, match="unknown order"):
        write_threads(path, tmp_path / "o", order="random")


def test_hostile_thread_ids_are_escaped_and_files_stay_inside(tmp_path: Path) -> None:
    ids = ["<script>alert(1)</script>", "../../escape", "https://forum.example/t/9?a=1&b=2", ""]
    path = jsonl(
        tmp_path / "l.jsonl",
        [{"seq": i, "thread_id": t, "label": "opinion"} for i, t in enumerate(ids)],
    )
    result = write_threads(path, tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower() and "&lt;script&gt;" in page
    assert "(no thread id)" in page
    written = list((tmp_path / "out" / "timelines").iterdir())
    assert len(written) == 4
    assert all(p.parent == tmp_path / "out" / "timelines" for p in written)
    assert {p.resolve().parent for p in result.files} <= {
        (tmp_path / "out").resolve(),
        (tmp_path / "out" / "timelines").resolve(),
    }


def test_a_rerun_removes_stale_timelines(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "l.jsonl",
        [{"seq": i, "thread_id": f"t{i}", "label": "spam"} for i in range(3)],
    )
    write_threads(path, tmp_path / "out", top=2)
    write_threads(path, tmp_path / "out", top=1)
    assert len(list((tmp_path / "out" / "timelines").glob("*.png"))) == 1


@settings(max_examples=200, deadline=None)
@given(a=st.text(max_size=80), b=st.text(max_size=80))
def test_slugs_are_safe_file_names_and_distinct(a: str, b: str) -> None:
    for value in (a, b):
        assert re.fullmatch(r"[A-Za-z0-9._-]+", slug("src", value))
        assert not slug("src", value).startswith(".")
    if a != b:
        assert slug("src", a) != slug("src", b)


row_values = st.fixed_dictionaries(
    {},
    optional={
        "thread_id": st.one_of(st.none(), st.text(max_size=10), st.integers()),
        "label": st.one_of(st.none(), st.sampled_from(["spam", "opinion", "testimonial", "x", ""])),
        "created_at": st.one_of(st.none(), st.text(max_size=12), st.integers(0, 2**31)),
        "seq": st.integers(0, 100),
    },
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row_values, max_size=8))
def test_any_jsonl_rows_give_a_table_or_a_typed_error(tmp_path: Path, rows: list[dict]) -> None:
    path = jsonl(tmp_path / "any.jsonl", rows)  # type: ignore[arg-type]
    try:
        frame = load_batch_output(path)
    except InputError:
        return
    result = analyse(iter_threads(frame))
    assert sum(r["comments"] for r in result) == len(rows)
