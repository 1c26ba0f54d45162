"""Issue 11, batch job: it never destroys a user's file, never mixes two jobs on resume, and
never leaves its workers behind. Every input is generated here, at test time."""

from __future__ import annotations

import copy
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from claimcheck.batch.engines import InProcessEngine
from claimcheck.batch.runner import BatchOptions, run_batch
from claimcheck.batch.worker import ModelRef, remember
from claimcheck.cli import app
from claimcheck.exceptions import InputError
from claimcheck.predict import Settings

WORDS = ["clinic", "trial", "study", "doctor", "wife", "procedure", "placebo", "blog"]


def comments(path: Path, n: int, prefix: str = "g") -> Path:
    """n distinct JSONL comments with ids prefix0..prefix{n-1}."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            words = " ".join(WORDS[(i * 5 + k) % len(WORDS)] for k in range(5))
            row = {"id": f"{prefix}{i}", "thread_id": f"t{i // 10}", "text": f"{words} {i}."}
            handle.write(json.dumps(row) + "\n")
    return path


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


SMALL = BatchOptions(part_size=10, chunk_size=5)


@pytest.fixture
def engine(tiny_bundle: Path, tiny_model: Any) -> InProcessEngine:
    ref = ModelRef(str(tiny_bundle.resolve()), tiny_model.settings)
    remember(ref, tiny_model)
    return InProcessEngine(ref)


@pytest.fixture
def cli(tiny_bundle: Path):
    """cli(*args): `claimcheck batch ARGS --model tiny` through Typer's runner."""

    def invoke(*args: object) -> Any:
        argv = ["batch", *(str(a) for a in args), "--model", str(tiny_bundle)]
        return CliRunner().invoke(app, argv)

    return invoke


def one_line_error(result: Any, code: int = 2) -> str:
    """The single stderr line of a refused command (no traceback)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


# --- 1. a Parquet output directory: only what the job owns ---------------------------------


def test_directory_with_foreign_files_is_refused_and_left_alone(cli: Any, tmp_path: Path) -> None:
    source = comments(tmp_path / "in.jsonl", 5)
    out = tmp_path / "out"
    out.mkdir()
    pd.DataFrame({"x": [1, 2]}).to_parquet(out / "precious.parquet")
    (out / "part-00007.parquet.bak").write_bytes(b"mine")
    (out / "notes.txt").write_text("keep me")
    before = snapshot(out)
    line = one_line_error(cli(source, "--out", out))
    assert "choose an empty or new directory" in line
    assert snapshot(out) == before


def test_parquet_input_inside_the_output_directory_is_refused(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    source = folder / "comments.parquet"
    pd.DataFrame({"id": ["a", "b"], "text": ["I had it done.", "Read the trial."]}).to_parquet(
        source
    )
    before = source.read_bytes()
    line = one_line_error(cli(source, "--out", folder))
    assert "contains the input" in line
    assert source.read_bytes() == before


def test_own_directory_is_reused_and_only_its_own_files_replaced(
    engine: InProcessEngine, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_batch([str(comments(tmp_path / "a.jsonl", 30))], str(out), engine, SMALL)
    assert (out / "_claimcheck_batch.json").is_file()
    assert len(list(out.glob("part-*.parquet"))) == 3
    run_batch([str(comments(tmp_path / "b.jsonl", 8, "b"))], str(out), engine, SMALL)
    assert sorted(pd.read_parquet(out)["id"]) == sorted(f"b{i}" for i in range(8))
    assert len(list(out.glob("part-*.parquet"))) == 1  # the first run's parts went
    (out / "mine.csv").write_text("a user's file")
    with pytest.raises(InputError, match="did not write"):
        run_batch([str(tmp_path / "a.jsonl")], str(out), engine, SMALL)
    assert (out / "mine.csv").read_text() == "a user's file"


def test_out_dot_with_summary(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 6: `--out . --summary` used to raise ValueError with a traceback."""
    source = comments(tmp_path / "in.jsonl", 12)
    busy = tmp_path / "busy"
    busy.mkdir()
    pd.DataFrame({"x": [1]}).to_parquet(busy / "data.parquet")
    monkeypatch.chdir(busy)
    assert "choose an empty or new directory" in one_line_error(
        cli(source, "--out", ".", "--summary")
    )
    assert (busy / "data.parquet").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    result = cli(source, "--out", ".", "--summary")
    assert result.exit_code == 0, result.output
    assert len(pd.read_parquet(empty)) == 12
    assert pd.read_parquet(empty / "_threads.parquet")["comments"].sum() == 12


# --- 2. an output that is, or overlaps, an input -----------------------------------------------


def _same_file(tmp_path: Path, source: Path) -> list[str]:
    return ["--out", str(source)]


def _relative(tmp_path: Path, source: Path) -> list[str]:
    (tmp_path / "sub").mkdir()
    return ["--out", os.path.relpath(tmp_path / "sub" / ".." / source.name)]


def _symlink(tmp_path: Path, source: Path) -> list[str]:
    (tmp_path / "link.jsonl").symlink_to(source)
    return ["--out", str(tmp_path / "link.jsonl")]


def _hardlink(tmp_path: Path, source: Path) -> list[str]:
    os.link(source, tmp_path / "hard.jsonl")
    return ["--out", str(tmp_path / "hard.jsonl")]


def _quarantine_is_input(tmp_path: Path, source: Path) -> list[str]:
    return ["--out", str(tmp_path / "o.jsonl"), "--quarantine", str(source)]


def _derived_quarantine_is_input(tmp_path: Path, source: Path) -> list[str]:
    target = tmp_path / "c.jsonl"  # its quarantine is c.quarantine.jsonl: the input
    return ["--out", str(target)]


@pytest.mark.parametrize(
    "spell",
    [
        _same_file,
        _relative,
        _symlink,
        _hardlink,
        _quarantine_is_input,
        _derived_quarantine_is_input,
    ],
)
def test_output_overlapping_an_input_is_refused(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spell: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    source = comments(tmp_path / "c.quarantine.jsonl", 5)
    before = source.read_bytes()
    line = one_line_error(cli(source, *spell(tmp_path, source)))
    assert "is the input" in line and "choose another output name" in line
    assert source.read_bytes() == before


def test_interrupted_run_keeps_the_previous_output(
    engine: InProcessEngine, tmp_path: Path, crash_after: Any
) -> None:
    """A file output grows under a temporary name: the old file survives a crash."""
    source = comments(tmp_path / "in.jsonl", 40)
    out = tmp_path / "o.jsonl"
    out.write_text('{"id": "from an earlier run"}\n')
    (tmp_path / "o.quarantine.jsonl").write_text('{"reason": "earlier"}\n')
    with pytest.raises(RuntimeError, match="crash"):
        run_batch([str(source)], str(out), crash_after(engine, 3), SMALL)
    assert out.read_text() == '{"id": "from an earlier run"}\n'
    assert (tmp_path / "o.quarantine.jsonl").read_text() == '{"reason": "earlier"}\n'
    result = run_batch([str(source)], str(out), engine, SMALL)
    assert result.resumed
    assert ids(out) == [f"g{i}" for i in range(40)]
    assert not (tmp_path / "o.quarantine.jsonl").exists()  # this run quarantined nothing
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.slow  # a real process: its stdout must be a real file
def test_stdout_redirected_into_the_input_is_refused(tiny_bundle: Path, tmp_path: Path) -> None:
    source = comments(tmp_path / "in.jsonl", 5)
    before = source.read_bytes()
    command = [sys.executable, "-m", "claimcheck.cli", "batch", str(source), "-m", str(tiny_bundle)]
    with source.open("ab") as appended:
        done = subprocess.run(
            command, stdout=appended, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert done.returncode == 2, done.stderr
    assert "stdout is redirected into the input" in done.stderr
    assert source.read_bytes() == before


@pytest.mark.slow
def test_kill_9_with_a_jsonl_output_then_rerun_gives_every_record_once(
    tiny_bundle: Path, tmp_path: Path
) -> None:
    n = 2000
    source = comments(tmp_path / "in.jsonl", n)
    out = tmp_path / "out.jsonl"
    command = [
        sys.executable, "-m", "claimcheck.cli", "batch", str(source), "--out", str(out),
        "--model", str(tiny_bundle), "--workers", "2", "--part-size", "200",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    committed = wait_for_commit(tmp_path / "out.checkpoint.json", process, 400)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < committed < n
    assert not out.exists()  # nothing under the real name until the run is complete
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming" in rerun.stderr
    assert ids(out) == [f"g{i}" for i in range(n)]
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert not (tmp_path / "out.checkpoint.json").exists()


def wait_for_commit(checkpoint: Path, process: subprocess.Popen[bytes], at_least: int) -> int:
    """Labelled records in the checkpoint once it reports `at_least` (the run still going)."""
    deadline = time.monotonic() + 120
    committed = 0
    while time.monotonic() < deadline and process.poll() is None:
        try:
            committed = json.loads(checkpoint.read_text())["progress"]["labelled"]
        except (OSError, ValueError, KeyError):
            committed = 0
        if committed >= at_least:
            break
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be stopped"
    return committed


# --- 3. resume only the same job ---------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))


def test_stdin_run_is_not_resumed_from_another_stream(
    engine: InProcessEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_after: Any
) -> None:
    out = tmp_path / "s.jsonl"
    _stdin(monkeypatch, comments(tmp_path / "first.jsonl", 50, "a"))
    with pytest.raises(RuntimeError, match="crash"):
        run_batch(["-"], str(out), crash_after(engine, 4), SMALL)
    _stdin(monkeypatch, comments(tmp_path / "second.jsonl", 50, "b"))
    with pytest.raises(InputError, match="stdin cannot be resumed"):
        run_batch(["-"], str(out), engine, SMALL)
    _stdin(monkeypatch, tmp_path / "second.jsonl")
    result = run_batch(["-"], str(out), engine, BatchOptions(part_size=10, fresh=True))
    assert ids(out) == [f"b{i}" for i in range(50)]
    assert result.progress.labelled == 50


def _replace_same_size_and_mtime(source: Path, ref: ModelRef) -> ModelRef:
    info = source.stat()
    source.write_bytes(source.read_bytes().replace(b"clinic", b"CLINIC"))
    os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert source.stat().st_size == info.st_size
    return ref


def _other_settings(source: Path, ref: ModelRef) -> ModelRef:
    return ModelRef(ref.path, Settings(review_threshold=0.95))


@pytest.mark.parametrize("change", [_replace_same_size_and_mtime, _other_settings])
def test_resume_refuses_a_changed_job(
    engine: InProcessEngine, tiny_model: Any, tmp_path: Path, change: Any, crash_after: Any
) -> None:
    """The fingerprint covers the input's bytes and every setting that changes the output."""
    source = comments(tmp_path / "in.jsonl", 50)
    out = tmp_path / "o.jsonl"
    with pytest.raises(RuntimeError, match="crash"):
        run_batch([str(source)], str(out), crash_after(engine, 4), SMALL)
    ref = change(source, engine.ref)
    if ref != engine.ref:
        changed = copy.copy(tiny_model)  # the same model, other run-time settings
        changed.settings = ref.settings
        remember(ref, changed)
    with pytest.raises(InputError, match="other inputs or options"):
        run_batch([str(source)], str(out), InProcessEngine(ref), SMALL)


# --- 4. workers do not outlive the batch process -----------------------------------------------


def _descendants(pid: int) -> list[int]:
    import psutil

    return [child.pid for child in psutil.Process(pid).children(recursive=True)]


def _living(pids: list[int]) -> list[int]:
    import psutil

    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while _living(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _living(pids)


RUN_RECORDS = 40_000


def _start_batch(tiny_bundle: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], list[str]]:
    # Enough records that the run cannot finish between the first commit and the signal:
    # the workers label a tiny model's chunks at thousands of records per second.
    source = comments(tmp_path / "in.jsonl", RUN_RECORDS)
    command = [
        sys.executable, "-m", "claimcheck.cli", "batch", str(source), "--out",
        str(tmp_path / "out"), "--model", str(tiny_bundle), "--workers", "2",
        "--part-size", "200",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    wait_for_commit(tmp_path / "out" / "_checkpoint.json", process, 200)
    return process, command


@pytest.mark.slow
def test_workers_exit_when_the_parent_is_killed(tiny_bundle: Path, tmp_path: Path) -> None:
    process, _ = _start_batch(tiny_bundle, tmp_path)
    workers = _descendants(process.pid)
    assert len(workers) >= 2
    try:
        os.kill(process.pid, signal.SIGKILL)  # the parent only, not its process group
        process.wait()
        assert _gone_within(workers, 10) == []
    finally:
        for pid in _living(workers):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_term_stops_the_run_and_its_workers_and_the_rerun_resumes(
    tiny_bundle: Path, tmp_path: Path
) -> None:
    process, command = _start_batch(tiny_bundle, tmp_path)
    workers = _descendants(process.pid)
    try:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 143
        last = stderr.decode().strip().splitlines()[-1]
        assert "SIGTERM" in last and "rerun the same command" in last
        assert _gone_within(workers, 10) == []
    finally:
        for pid in _living(workers):
            os.kill(pid, signal.SIGKILL)
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "resuming" in rerun.stderr
    frame = pd.read_parquet(tmp_path / "out")
    assert frame["seq"].tolist() == list(range(RUN_RECORDS))


FORKSERVER_POOL = """
import os, sys, threading, time
from claimcheck.batch.engines import LocalEngine
from claimcheck.batch.worker import ModelRef
threading.Thread(target=time.sleep, args=(600,), daemon=True).start()  # -> forkserver
engine = LocalEngine(ModelRef(sys.argv[1]), 2)
print("ready", flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_forkserver_workers_exit_when_the_parent_is_killed(tiny_bundle: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", FORKSERVER_POOL, str(tiny_bundle)],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline().strip() == b"ready"
        workers = _descendants(process.pid)  # the forkserver and the two workers
        assert len(workers) >= 3
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    try:
        assert _gone_within(workers, 10) == []
    finally:
        for pid in _living(workers):
            os.kill(pid, signal.SIGKILL)


# --- 5. the quarantine goes where it can be written ---------------------------------------------


def test_stdout_run_quarantines_in_the_working_directory(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    source = inputs / "in.jsonl"
    source.write_text('{"id": "a", "text": "I had it done."}\n{broken\n')
    inputs.chmod(0o555)  # read-only for a normal user (root writes anyway)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    try:
        result = cli(source)
    finally:
        inputs.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a"]
    assert sorted(p.name for p in inputs.iterdir()) == ["in.jsonl"]
    [bad] = (work / "in.quarantine.jsonl").read_text().splitlines()
    assert json.loads(bad)["line"] == 2


@pytest.mark.parametrize("where", ["--quarantine", "--out"])
def test_unwritable_location_is_reported_before_any_work(
    cli: Any, tmp_path: Path, where: str
) -> None:
    source = comments(tmp_path / "in.jsonl", 5)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    target = blocker / ("q.jsonl" if where == "--quarantine" else "o.jsonl")
    result = cli(source, where, target)
    line = one_line_error(result)
    assert "cannot write" in line and "is not a directory" in line and where in line
    assert result.stdout == ""  # refused before labelling anything


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only directory")
def test_read_only_output_directory_is_reported_before_any_work(cli: Any, tmp_path: Path) -> None:
    source = comments(tmp_path / "in.jsonl", 5)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        line = one_line_error(cli(source, "--out", locked / "o.jsonl"))
    finally:
        locked.chmod(0o755)
    assert "is not writable" in line


# --- 6. the model is loaded only when there is something to label ------------------------------


def _refuse_unpickling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Any:
        raise AssertionError("the model was unpickled")

    monkeypatch.setattr("claimcheck.predict.load_bundle", refuse)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_input_with_nothing_to_label_never_loads_the_model(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    source = tmp_path / "broken.jsonl"
    source.write_text("{broken\nnot json either\n", encoding="utf-8")
    _refuse_unpickling(monkeypatch)
    result = cli(source, "--out", tmp_path / "out.jsonl", "--workers", workers)
    assert result.exit_code == 2, result.output
    assert "no records could be read" in result.output
    assert "unpickled" not in result.output


def test_a_tampered_bundle_fails_before_any_record_is_read(
    tmp_path: Path, tiny_bundle: Path
) -> None:
    import shutil

    bundle = tmp_path / "bundle"
    shutil.copytree(tiny_bundle, bundle)
    (bundle / "meta.json").write_text('{"changed": true}', encoding="utf-8")
    source = comments(tmp_path / "in.jsonl", 3)
    argv = ["batch", str(source), "--out", str(tmp_path / "out.jsonl"), "--model", str(bundle)]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 1
    assert "SHA-256" in result.output
    assert not (tmp_path / "out.jsonl").exists()
