"""Alembic migrations: from empty to head, idempotent, matching the table definitions."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from claimcheck.exceptions import StoreError
from claimcheck.service.db import MIGRATIONS_DIR, Database, FeedbackIn, alembic_config
from claimcheck.service.tables import metadata


def test_upgrade_from_empty_creates_the_tables(any_database_url: str) -> None:
    db = Database(any_database_url)
    try:
        done = db.upgrade(create=True)
        assert done.before is None and done.after == db.head_revision()
        assert done.created_file is any_database_url.startswith("sqlite")
        assert db.current_revision() == db.head_revision()
        assert {"alembic_version", "api_keys", "feedback"} <= set(db.table_names())
        db.check_schema()
    finally:
        db.dispose()


def test_upgrade_is_idempotent_and_keeps_data(any_database: Database) -> None:
    stored = any_database.add_feedback(
        FeedbackIn(text="The diet cured my migraines.", label="testimonial", author="m")  # type: ignore[arg-type]
    )
    any_database.upgrade()
    any_database.upgrade()
    any_database.check_schema()
    assert any_database.list_feedback() == [stored]


def test_migrated_schema_matches_the_table_definitions(any_database: Database) -> None:
    """A change to models.py without a migration makes this fail."""
    with any_database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_check_schema_refuses_an_unmigrated_database(any_database_url: str) -> None:
    if any_database_url.startswith("sqlite"):
        Path(any_database_url.removeprefix("sqlite:///")).touch()  # an empty SQLite database
    db = Database(any_database_url)
    try:
        assert db.table_names() == []  # connected: the database exists but is empty
        with pytest.raises(StoreError, match=r"has no claimcheck schema.*claimcheck db upgrade"):
            db.check_schema()
    finally:
        db.dispose()


def test_check_schema_does_not_create_a_missing_sqlite_file(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    try:
        with pytest.raises(StoreError, match=r"feedback.db does not exist.*claimcheck db upgrade"):
            db.check_schema()
        assert not path.exists()
    finally:
        db.dispose()


def test_check_schema_refuses_an_older_schema(database: Database) -> None:
    with database.engine.connect() as conn, conn.begin():
        command.downgrade(alembic_config(database.url, conn), "base")
    with pytest.raises(StoreError, match="claimcheck db upgrade"):
        database.check_schema()
    assert "feedback" not in database.table_names()
    with pytest.raises(StoreError, match=r"no claimcheck schema.*only when asked"):
        database.upgrade()  # at base it is empty: making the schema again needs create
    database.upgrade(create=True)
    database.check_schema()


def test_check_schema_refuses_an_unknown_newer_schema(database: Database) -> None:
    with database.engine.connect() as conn, conn.begin():
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="is at schema 9999"):
        database.check_schema()


def test_migrations_form_one_linear_history() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1
    revisions = list(scripts.walk_revisions())
    assert revisions[-1].down_revision is None
    assert Path(MIGRATIONS_DIR, "env.py").is_file()
    assert Path(MIGRATIONS_DIR, "script.py.mako").is_file()


def test_migrations_ship_as_package_data() -> None:
    """pyproject's package-data must cover every migration file, or an installed copy breaks."""
    import tomllib

    repo = Path(__file__).resolve().parents[2]
    config = tomllib.loads((repo / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["claimcheck"]
    package = repo / "claimcheck"
    shipped = {p for pattern in patterns for p in package.glob(pattern)}
    needed = [p for p in MIGRATIONS_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert needed
    assert [p for p in needed if p not in shipped] == []
