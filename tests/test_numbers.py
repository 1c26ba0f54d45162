"""Numbers that are true: every measured figure the documentation quotes is held by a result
file in docs/results/, and a result about the shipped model is newer than the model.

Documents checked: README.md, models/README.md (the model card) and docs/*.md, except
docs/NOTES.md (the log of how we got here, which quotes old runs on purpose).

What counts as a measured number (the pattern below, MEASURED):
- a number with a decimal point (0.877, 1.28, 25.4), or one followed by a unit of measure
  (x, ×, %, ms, s, MB, GB, KB, MiB, GiB, texts/s, comments/s, records/s, req/s, rps);
- not inside code (fenced blocks or `inline code`: commands, options and settings);
- not a limit or target, i.e. not right after ≤, ≥, <, >, "target", "at most", "under" or
  "up to", not an interval's coverage ("95% bootstrap intervals", "2.5th percentile"), not
  a budget, timeout, cap or limit ("the 10 s budget"), and not a setting's default right
  after its name ("`CLAIMCHECK_REQUEST_BUDGET_S` (10 s)");
- not a version number (three parts, or right after a library's name) and not an ALLOWED
  constant (below, each with its reason).
Plain integers (counts of the corpus, years, ids, sizes of settings) are not checked.

Where the number may come from: the result files the text names (`speed.json`,
docs/results/speed.json) on the same line, else anywhere in the same section (heading to
heading); when the section names none, any result file. It matches a value of
such a file at the rounding the text uses (0.877 is any value in [0.8765, 0.8775]); `%` may
also be a share (0.65 for 65%), `ms` may be seconds, `MB`/`GB` may be bytes.

Staleness: every result file records the commit it was measured at (`environment.commit`,
or `commit`, from benchmarks.common.save_result). For the results about the shipped model
(MODEL_RESULTS), models/default must not have changed in a commit after that one (git log),
unless the result records the shipped bundle's current `model_version`. Needs a git
checkout; skipped, saying so, without one.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "results"
DOCUMENTS = sorted(
    [ROOT / "README.md", ROOT / "models" / "README.md"]
    + [p for p in (ROOT / "docs").glob("*.md") if p.name != "NOTES.md"]
)
#: Result files whose numbers change when models/default changes.
#: (prediction_path.json is not one: it records comparisons of named bundles across one code
#: change, each with the commits it compared.)
MODEL_RESULTS = (
    "accuracy", "adapt", "calibration", "compare", "cost", "dev_before_after", "install",
    "portable", "profile", "queue_policy", "shortcuts", "speed", "worst_case",
)  # fmt: skip
#: Result files known to be out of date (KNOWN_STALE: older than the model; NO_COMMIT: saved
#: without a commit), each with why it was not re-run yet. Marked strict xfail: re-running
#: the benchmark makes the test pass, which fails the mark until the entry is removed here,
#: so these lists can only shrink.
KNOWN_STALE: dict[str, str] = {
    "accuracy": "the feature ablation (~25 min) was last run on the round-5 corpus and model; "
    "the model card says so",
}
NO_COMMIT: dict[str, str] = {
    "active_learning": "saved before result files recorded their commit (2026-11-25)",
}


def _marked(names: list[str], known: dict[str, str]) -> list[Any]:
    return [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=known[n])) if n in known else n
        for n in names
    ]


#: (document, number as written) -> why it is no measurement.
ALLOWED: dict[tuple[str, str], str] = {
    ("docs/formats.md", "64 MiB"): "a reader's cap (a setting, in the caps table)",
    ("docs/formats.md", "8 MiB"): "where the inflation cap starts (a setting)",
    ("docs/labelling.md", "0.743"): "Krippendorff's textbook example, a test fixture",
    ("docs/formats.md", "1,032×"): "gzip's largest possible ratio (a property of deflate)",
}

UNIT = r"(?:x|×|%|\s?(?:ms|s|MB|GB|KB|MiB|GiB|texts/s|comments/s|records/s|req/s|rps))"
MEASURED = re.compile(
    r"(?<![\w.\-/+])(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<unit>" + UNIT + r")?"
    r"(?![\w/])(?!\.\d)"
)
LIMIT_BEFORE = re.compile(r"(?:[≤≥<>]|target|at most|under|up to)\s*$", re.IGNORECASE)
LIBRARY_BEFORE = re.compile(
    r"(?:python|spacy|scikit-learn|sklearn|numpy|pandas|pyarrow|fastapi|sqlalchemy|"
    r"claimcheck|version|v)[\s=<>]*$",
    re.IGNORECASE,
)
RESULT_NAME = re.compile(r"\b([a-z0-9_]+)\.json\b")
CODE_SPAN = re.compile(r"`[^`]*`")
#: "95% bootstrap intervals", "the 2.5th percentile": the coverage of an interval, a setting.
SETTING_AFTER = re.compile(
    r"\s*(?:bootstrap|confidence|interval|CI\b|th\b|budget|timeout|cap\b|limit)", re.IGNORECASE
)
#: "`CLAIMCHECK_REQUEST_BUDGET_S` (10 s)": a setting's default, right after its name.
SETTING_BEFORE = re.compile(r"`\s*\(\s*$")


def numeric_leaves(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        if math.isfinite(value):
            yield float(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from numeric_leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from numeric_leaves(item)


@cache
def result_values() -> dict[str, tuple[float, ...]]:
    return {
        path.stem: tuple(numeric_leaves(json.loads(path.read_text(encoding="utf-8"))))
        for path in sorted(RESULTS.glob("*.json"))
    }


def scales(unit: str) -> tuple[float, ...]:
    """What a stored value is multiplied by to read as the text's number."""
    unit = unit.strip()
    if unit == "%":
        return (1.0, 100.0)
    if unit == "ms":
        return (1.0, 1000.0)
    if unit in ("KB", "MB", "GB", "MiB", "GiB"):  # stored in bytes, either convention
        power = {"KB": 1, "MB": 2, "GB": 3, "MiB": 2, "GiB": 3}[unit]
        return (1.0, 1000.0**-power, 1024.0**-power)
    return (1.0,)


def holds(values: tuple[float, ...], number: float, decimals: int, unit: str) -> bool:
    half = 0.5 * 10**-decimals + 1e-9
    return any(abs(v * s - number) <= half for v in values for s in scales(unit))


def quoted_numbers(text: str) -> Iterator[tuple[int, str, float, int, str, set[str]]]:
    """(line, as written, value, decimals, unit, result files in scope) per measured number."""
    lines = text.splitlines()
    # the result files each section (heading to heading) names anywhere in it
    section_of, named = [], [set[str]()]
    for raw in lines:
        if raw.startswith("#"):
            named.append(set())
        section_of.append(len(named) - 1)
        named[-1].update(RESULT_NAME.findall(raw))
    in_code = False
    for number, raw in enumerate(lines, 1):
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code or raw.startswith("#"):
            continue
        line = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), raw)
        scope = set(RESULT_NAME.findall(raw)) or named[section_of[number - 1]]
        for match in MEASURED.finditer(line):
            whole, frac, unit = match.group("int"), match.group("frac"), match.group("unit")
            if not frac and not unit:
                continue
            before = line[: match.start()]
            if LIMIT_BEFORE.search(before) or LIBRARY_BEFORE.search(before):
                continue
            if SETTING_AFTER.match(line, match.end()):
                continue
            if SETTING_BEFORE.search(raw[: match.start()]):
                continue
            value = float(whole.replace(",", "") + (frac or ""))
            decimals = len(frac) - 1 if frac else 0
            yield number, match.group(0).strip(), value, decimals, unit or "", set(scope)


def unbacked(document: Path) -> list[str]:
    """The measured numbers of `document` that no result file in scope holds."""
    values = result_values()
    name = document.relative_to(ROOT).as_posix()
    missing = []
    for line, written, value, decimals, unit, scope in quoted_numbers(
        document.read_text(encoding="utf-8")
    ):
        if (name, written) in ALLOWED:
            continue
        files = [f for f in scope if f in values] or list(values)
        if not any(holds(values[f], value, decimals, unit) for f in files):
            where = ", ".join(sorted(f"{f}.json" for f in files)) if scope else "any result"
            missing.append(f"{name}:{line}: {written} (in none of: {where})")
    return missing


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_quoted_number_is_in_a_result_file(document: Path) -> None:
    missing = unbacked(document)
    assert not missing, "numbers no result file holds:\n" + "\n".join(missing)


def test_the_number_reader_finds_and_matches_as_the_text_rounds() -> None:
    text = (
        "## Speed\n"
        "Ratio 0.46x and p99 2.2 ms, 65% of the time; target ≤ 2.5 ms; Python 3.11; 95% CI.\n"
        "Run `--threshold 0.35` on 5,484 comments in 12.5 s (speed.json), `X_S` (3.0 s).\n"
    )
    found = [(w, f) for _, w, _, _, _, f in quoted_numbers(text)]
    assert [w for w, _ in found] == ["0.46x", "2.2 ms", "65%", "12.5 s"]
    assert all(f == {"speed"} for _, f in found)
    assert holds((0.4649,), 0.46, 2, "x") and not holds((0.4651,), 0.46, 2, "x")
    assert holds((0.0022,), 2.2, 1, "ms") and holds((0.65,), 65, 0, "%")
    assert not holds((0.64,), 65, 0, "%")


# --- staleness ----------------------------------------------------------------------------


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


@cache
def in_git_checkout() -> bool:
    if shutil.which("git") is None:
        return False
    try:
        return git("rev-parse", "--is-inside-work-tree").strip() == "true"
    except RuntimeError:
        return False


def recorded_commit(payload: dict[str, Any]) -> str | None:
    env = payload.get("environment")
    commit = env.get("commit") if isinstance(env, dict) else None
    commit = commit or payload.get("commit")
    return str(commit).split("+")[0] if commit else None


def shipped_version() -> str:
    from claimcheck.bundle import CHECKOUT_MODEL, META_FILE, model_version

    return model_version(json.loads((CHECKOUT_MODEL / META_FILE).read_text(encoding="utf-8")))


RESULT_FILES = sorted(p.stem for p in RESULTS.glob("*.json"))


@pytest.mark.parametrize("name", _marked(RESULT_FILES, NO_COMMIT))
def test_every_result_records_its_commit(name: str) -> None:
    payload = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    assert recorded_commit(payload), (
        f"docs/results/{name}.json records no commit: re-run its benchmark "
        "(benchmarks.common.save_result records date, commit and machine)"
    )


@pytest.mark.parametrize(
    "name", _marked([n for n in MODEL_RESULTS if n in RESULT_FILES], KNOWN_STALE)
)
def test_results_about_the_shipped_model_are_newer_than_it(name: str) -> None:
    if not in_git_checkout():
        pytest.skip("not a git checkout: the age of a result cannot be compared with the model's")
    payload = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
    commit = recorded_commit(payload)
    if commit is None:
        pytest.fail(f"docs/results/{name}.json records no commit")
    if payload.get("model_version") == shipped_version():
        return  # it measured the bundle that ships now, whatever the commit says
    try:
        later = git("log", "--format=%h %s", f"{commit}..HEAD", "--", "models/default")
    except RuntimeError as exc:
        if git("rev-parse", "--is-shallow-repository").strip() == "true":
            pytest.skip(f"shallow clone: commit {commit} of {name}.json is not in its history")
        pytest.fail(f"docs/results/{name}.json: commit {commit} is unknown here ({exc})")
    changes = later.strip().splitlines()
    assert not changes, (
        f"docs/results/{name}.json was measured at {commit}, before models/default changed "
        f"in {len(changes)} commit(s) (latest: {changes[0][:70]}); re-run its benchmark"
    )


def test_known_stale_results_are_real_files() -> None:
    assert set(KNOWN_STALE) | set(NO_COMMIT) <= set(RESULT_FILES)
