"""`claimcheck db upgrade`, `keys create|revoke|list` and `retrain --with-feedback`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimcheck.cli import app
from claimcheck.corpus import load_comments
from claimcheck.service.cli import printable
from claimcheck.service.db import DB_URL_ENV, Database, FeedbackIn
from claimcheck.types import Label

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_db_upgrade_creates_then_reports_current(runner: CliRunner, any_database_url: str) -> None:
    first = invoke(runner, "db", "upgrade", "--db", any_database_url)
    assert first.exit_code == 0, first.output
    assert "schema empty -> 0002" in first.stdout
    sqlite = any_database_url.startswith("sqlite")
    # Making a new database is never silent: `db upgrade` is the one place, and it says so.
    assert ("created a new, empty database file" in first.stderr) is sqlite
    again = invoke(runner, "db", "upgrade", "--db", any_database_url)
    assert again.exit_code == 0
    assert "already at schema 0002" in again.stdout
    assert "created" not in again.stderr
    db = Database(any_database_url)
    try:
        db.check_schema()
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("forum-bot", "forum-bot"),
        ("Ünïcode names & emoji 😀 stay", "Ünïcode names & emoji 😀 stay"),
        ("red\x1b[31m alert\x07", "red\\x1b[31m alert\\x07"),
        ("csi \x9b2J del \x7f", "csi \\x9b2J del \\x7f"),
        ("rtl \u202eexe.txt \u2066x\u2069", "rtl \\u202eexe.txt \\u2066x\\u2069"),
        ("two\nlines\r\u2028", "two\\nlines\\r\\u2028"),
    ],
)
def test_printable_shows_control_characters_as_escapes(name: str, shown: str) -> None:
    assert printable(name) == shown


def test_passwords_never_reach_the_output(runner: CliRunner, postgres_url: str) -> None:
    from sqlalchemy.engine import make_url

    password = make_url(postgres_url).password
    assert password
    result = invoke(runner, "db", "upgrade", "--db", postgres_url)
    assert result.exit_code == 0, result.output
    assert password not in result.output and "***" in result.stdout


def test_keys_create_list_revoke(runner: CliRunner, sqlite_url: str) -> None:
    assert invoke(runner, "db", "upgrade", "--db", sqlite_url).exit_code == 0
    created = invoke(runner, "keys", "create", "forum-bot", "--db", sqlite_url)
    assert created.exit_code == 0, created.output
    lines = created.stdout.strip().splitlines()
    token = lines[-1]
    key_id = lines[0].split()[1]
    assert token.startswith(f"cc_{key_id}_")
    assert "cannot be shown again" in created.stderr

    listed = invoke(runner, "keys", "list", "--db", sqlite_url, "--json")
    assert listed.exit_code == 0
    [key] = json.loads(listed.stdout)
    assert (key["key_id"], key["name"], key["active"]) == (key_id, "forum-bot", True)
    assert token not in listed.output
    table = invoke(runner, "keys", "list", "--db", sqlite_url)
    assert key_id in table.stdout and "active" in table.stdout

    db = Database(sqlite_url)
    try:
        assert db.verify_key(token) is not None
        revoked = invoke(runner, "keys", "revoke", key_id, "--db", sqlite_url)
        assert revoked.exit_code == 0, revoked.output
        assert f"revoked key {key_id}" in revoked.stdout
        assert db.verify_key(token) is None
    finally:
        db.dispose()
    after = json.loads(invoke(runner, "keys", "list", "--db", sqlite_url, "--json").stdout)
    assert after[0]["active"] is False and after[0]["revoked_at"]


def test_keys_create_json_includes_the_token_once(runner: CliRunner, database: Database) -> None:
    result = invoke(runner, "keys", "create", "page", "--db", database.url, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert database.verify_key(data["token"]).key_id == data["key_id"]  # type: ignore[union-attr]


def test_database_url_comes_from_the_environment(
    runner: CliRunner, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_URL_ENV, sqlite_url)
    assert invoke(runner, "db", "upgrade").exit_code == 0
    assert invoke(runner, "keys", "create", "env-key").exit_code == 0
    db = Database(sqlite_url)
    try:
        assert [k.name for k in db.list_keys()] == ["env-key"]
    finally:
        db.dispose()


def test_default_database_is_claimcheck_db_in_the_working_directory(tmp_path: Path) -> None:
    env = {k: v for k, v in __import__("os").environ.items() if k != DB_URL_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "claimcheck.cli", "db", "upgrade"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "claimcheck.db").is_file()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["keys", "list"], 1, "does not exist; run `claimcheck db upgrade`"),
        (["keys", "revoke", "abcdefabcdef"], 1, "no API key with id 'abcdefabcdef'"),
        (["keys", "create", " "], 2, "key name must not be empty"),
        (["retrain", "--corpus", "/nonexistent/comments.jsonl"], 2, "corpus file not found"),
        (["retrain", "--with-feedback"], 2, "--domain is required"),
        (["retrain", "--with-feedback", "--domain", "my forum"], 2, "not a domain slug"),
        (
            ["retrain", "--with-feedback", "--domain", "ms_ccsvi", "--since", "last week"],
            2,
            "--since 'last week'",
        ),
    ],
)
def test_errors_are_one_line_with_exit_codes(
    runner: CliRunner, sqlite_url: str, args: list[str], code: int, message: str
) -> None:
    if args[:2] != ["keys", "list"]:
        assert invoke(runner, "db", "upgrade", "--db", sqlite_url).exit_code == 0
    result = invoke(runner, *args, "--db", sqlite_url)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_bad_feedback_export_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    result = invoke(runner, "retrain", "--feedback-file", export, "--domain", "ms_ccsvi")
    assert result.exit_code == 2, result.output
    assert f"{export}:1: missing label, author, created_at" in result.stderr


def test_bad_url_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "db", "upgrade", "--db", "not a url")
    assert result.exit_code == 2
    assert "not a database URL" in result.stderr


@pytest.mark.slow
def test_retrain_with_feedback_end_to_end(
    runner: CliRunner, database: Database, small_corpus: Path, tmp_path: Path
) -> None:
    text = "Three weeks on the elimination diet and my reflux is gone, no pills since."
    database.add_feedback(FeedbackIn(text=text, label=Label.OPINION, author="ana"))
    database.add_feedback(FeedbackIn(text=text, label=Label.TESTIMONIAL, author="ben"))
    out = tmp_path / "bundle"
    result = invoke(
        runner,
        "retrain",
        "--with-feedback",
        "--db",
        database.url,
        "--corpus",
        small_corpus,
        "--out",
        out,
        "--domain",
        "diets_nutrition",
        "--no-cv",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n_comments"] == len(load_comments(small_corpus)) + 1 == 41
    assert data["feedback"]["written"] == 1
    [conflict] = data["feedback"]["feedback_conflicts"]
    assert conflict["kept"] == "testimonial"
    assert "conflict: feedback gave ['opinion', 'testimonial']" in result.stderr
    [row] = load_comments(out / "feedback.jsonl")
    assert (row.label, row.provenance["author"]) == (Label.TESTIMONIAL, "ben")
    from claimcheck.predict import load_model

    assert load_model(out).predict_one(text).label is not None
