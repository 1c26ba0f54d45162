"""User text printed to a terminal must not drive the terminal.

Issue 11: escape sequences in thread ids, comment text and key names were printed raw by
`threads`, `classify` and `keys list` (a comment could clear the screen or retitle it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.text import visible

HOSTILE = "I had it done \x1b]0;owned\x07 in Padua \x1b[2J\x1b[31m[red]really[/red]\u202e"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "plain text, émoji 😀 and ZWJ 👩\u200d👩\u200d👧",
            "plain text, émoji 😀 and ZWJ 👩\u200d👩\u200d👧",
        ),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("bell\x07", "bell\\x07"),
        ("c1 \x9b31m", "c1 \\x9b31m"),
        ("rtl \u202eevil", "rtl \\u202eevil"),
        ("lines\nand\ttabs", "lines\nand\ttabs"),
    ],
)
def test_visible_shows_controls_as_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown


def _no_raw_controls(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output


def test_classify_prints_hostile_text_inertly(tiny_bundle: Path) -> None:
    result = CliRunner().invoke(app, ["classify", HOSTILE, "--model", str(tiny_bundle)])
    assert result.exit_code == 0, result.output
    _no_raw_controls(result.stdout)
    assert "\\x1b[2J" in result.stdout
    assert "[red]really[/red]" in result.stdout  # shown as typed, not as markup


def test_thread_table_prints_hostile_text_and_ids_inertly(
    tiny_bundle: Path, tmp_path: Path
) -> None:
    thread = tmp_path / "thread.jsonl"
    rows = [{"id": "c\x1b[2J1", "text": HOSTILE}, {"id": "c2", "text": "Great post, thanks."}]
    thread.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["thread", str(thread), "--model", str(tiny_bundle)], env={"COLUMNS": "300"}
    )
    assert result.exit_code == 0, result.output
    _no_raw_controls(result.stdout)
    assert "[red]really[/red]" in result.stdout
