"""The feedback store and the API-key table, behind one SQLAlchemy engine.

SQLite (a file, WAL mode) by default, PostgreSQL by URL for a shared deployment. Every
statement uses bound parameters, so comment text is stored byte for byte whatever it
contains. Schema changes go through the Alembic migrations in `migrations/`
(`Database.upgrade`, or `claimcheck db upgrade`).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from claimcheck.exceptions import InputError, StoreError
from claimcheck.service import keys as tokens
from claimcheck.service.entities import (
    ApiKey,
    FeedbackIn,
    FeedbackRecord,
    WriteOutcome,
    api_key,
    check_optional,
    check_string,
    feedback_record,
    same_request,
    utc_moment,
)
from claimcheck.service.settings import DEFAULT_DB_URL
from claimcheck.service.tables import (
    MAX_KEY_NAME_CHARS,
    MAX_OFFSET,
    api_keys,
    feedback,
)
from claimcheck.types import Label, parse_label

__all__ = [
    "DB_URL_ENV",
    "DEFAULT_DB_URL",
    "ApiKey",
    "Database",
    "FeedbackIn",
    "FeedbackRecord",
    "Upgrade",
    "WriteOutcome",
    "alembic_config",
    "default_db_url",
]

if TYPE_CHECKING:
    from alembic.config import Config

#: Environment variable naming the database; the service's settings read the same one.
DB_URL_ENV = "CLAIMCHECK_DB_URL"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: How long a SQLite writer waits for the lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 30_000
MAX_PAGE = 1_000
#: Told to whoever may create a database: the service only does when this is set.
DB_CREATE_ENV = "CLAIMCHECK_DB_CREATE"


def default_db_url() -> str:
    """$CLAIMCHECK_DB_URL, else a SQLite file `claimcheck.db` in the working directory."""
    return os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL


def _now() -> datetime:
    return datetime.now(UTC)


# --- engine -----------------------------------------------------------------------------------


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let us issue BEGIN ourselves (see _sqlite_begin); pysqlite's implicit BEGIN is deferred.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A deferred transaction that reads and then writes can fail with SQLITE_BUSY at once,
    # without waiting: writes therefore take the write lock up front (BEGIN IMMEDIATE).
    write = conn.get_execution_options().get("claimcheck_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def alembic_config(url: str, connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations; no alembic.ini needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolates %: escape it so URL-encoded passwords survive.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


class SqliteFile:
    """The SQLite file a Database uses, pinned to the file (device, inode) it first opened.

    Deleting or replacing the file under a running process does not stop its open
    connections: they keep committing into the unlinked inode, and every such write is
    lost. So connections never create the file (SQLite `mode=rw`), a connection to a file
    other than the first one is refused, and the Database checks the file again after each
    write before it reports success.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.identity: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def current(self) -> tuple[int, int] | None:
        """(st_dev, st_ino) of the file at the path now; None if there is none."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_dev, stat.st_ino

    def problem(self) -> str | None:
        """Why the path does not hold the database this process uses, or None if it does."""
        now = self.current()
        if now is None and self.identity is None:
            return (
                f"database file {self.path} does not exist; run `claimcheck db upgrade` to "
                f"create it, or point --db / {DB_URL_ENV} at the existing one"
            )
        if now is None:
            return (
                f"database file {self.path} was deleted while in use: restore it from a backup "
                "and restart (`claimcheck db upgrade` would start a new, empty database)"
            )
        if self.identity is not None and now != self.identity:
            return (
                f"database file {self.path} was replaced while in use (it is not the file "
                "opened at start); restart to use the new file"
            )
        return None

    def connect(self) -> sqlite3.Connection:
        """Open the existing file, never creating it; the first open pins its identity."""
        problem = self.problem()
        if problem is not None:
            raise sqlite3.OperationalError(problem)
        uri = f"file:{quote(str(self.path))}?mode=rw"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        with self._lock:
            if self.identity is None:
                self.identity = self.current()
        problem = self.problem()
        if problem is not None:  # changed while we opened it
            connection.close()
            raise sqlite3.OperationalError(problem)
        return connection

    def create(self) -> bool:
        """Create an empty file (a valid, empty SQLite database); False if one exists."""
        try:
            with self.path.open("xb"):
                pass
        except FileExistsError:
            return False
        return True


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What `Database.upgrade` did: schema before and after, and whether it made the file."""

    before: str | None
    after: str
    created_file: bool


class Database:
    """One engine for the feedback store and the key table.

    SQLite gets WAL (readers never block the writer), foreign keys, a busy timeout and
    `BEGIN IMMEDIATE` for writes; its file is never created by connecting and is checked
    after every write (see SqliteFile). PostgreSQL gets `pool_pre_ping` so a restarted
    server costs one reconnect, not an error. Thread-safe: share one instance per process.
    """

    def __init__(self, url: str) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise InputError(
                f"not a database URL: {url!r}; use e.g. sqlite:///claimcheck.db or "
                "postgresql+psycopg://user:pass@host/db"
            ) from None
        self.url = url
        self.safe_url = parsed.render_as_string(hide_password=True)
        self.file: SqliteFile | None = None
        kwargs: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            kwargs["connect_args"] = {"check_same_thread": False}
            database = parsed.database
            if database in (None, "", ":memory:"):
                # Each new connection would be a new, empty in-memory database: share one.
                # For experiments and quick tests only; nothing survives dispose().
                kwargs["poolclass"] = StaticPool
            elif not database.startswith("file:"):
                self.file = SqliteFile(Path(database).expanduser().absolute())
                kwargs["creator"] = self.file.connect
        else:
            kwargs.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        try:
            self.engine: Engine = create_engine(parsed, **kwargs)
        except (NoSuchModuleError, ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database {self.safe_url}: {exc}") from None
        self.dialect = self.engine.dialect.name
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)

    def __repr__(self) -> str:
        return f"Database({self.safe_url!r})"

    def _fail(self, action: str, exc: SQLAlchemyError) -> StoreError:
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        hint = ""
        if "no such table" in detail or ("relation" in detail and "does not exist" in detail):
            hint = "; run `claimcheck db upgrade` first"
        return StoreError(f"{action} failed on {self.safe_url}: {detail}{hint}")

    def _check_file(self, action: str, *, done: bool = False) -> None:
        """StoreError if the SQLite file is gone or replaced (done: after a write committed)."""
        if self.file is None:
            return
        problem = self.file.problem()
        if problem is None:
            return
        if self.file.identity is not None:
            # Pooled connections point at the lost file: drop them, so nothing more goes there.
            self.engine.dispose()
        if done:
            raise StoreError(f"{action} cannot be confirmed, so it is not acknowledged: {problem}")
        raise StoreError(f"{action} failed: {problem}")

    def _read(self, action: str) -> Connection:
        self._check_file(action)
        return self.engine.connect()

    def _write(self, action: str) -> Connection:
        self._check_file(action)
        conn = self.engine.connect()
        return conn.execution_options(claimcheck_write=True)

    # --- schema -------------------------------------------------------------------------------

    def upgrade(self, *, create: bool = False) -> Upgrade:
        """Bring the schema to the newest migration (alembic upgrade head); idempotent.

        A database with no claimcheck schema (for SQLite: no file) is created only when
        `create` is true, so a lost database is reported instead of silently replaced by an
        empty one.
        """
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        created_file = False
        if self.file is not None:
            if not self.file.path.parent.is_dir():
                raise StoreError(
                    f"directory {self.file.path.parent} for the SQLite database does not "
                    f"exist; create it or point {DB_URL_ENV} elsewhere"
                )
            if self.file.current() is None and self.file.identity is None:
                if not create:
                    raise StoreError(
                        f"database file {self.file.path} does not exist, and a new one is "
                        "created only when asked: run `claimcheck db upgrade` to create it "
                        f"({DB_CREATE_ENV}=true lets the service do it), or point --db / "
                        f"{DB_URL_ENV} at the existing file"
                    )
                created_file = self.file.create()
        try:
            with self._write("schema upgrade") as conn, conn.begin():
                before = MigrationContext.configure(conn).get_current_revision()
                if before is None and not create:
                    raise StoreError(
                        f"database {self.safe_url} has no claimcheck schema, and one is created "
                        "only when asked: run `claimcheck db upgrade` to create the tables "
                        f"({DB_CREATE_ENV}=true lets the service do it)"
                    )
                command.upgrade(alembic_config(self.url, conn), "head")
                after = MigrationContext.configure(conn).get_current_revision()
        except SQLAlchemyError as exc:
            raise self._fail("schema upgrade", exc) from None
        self._check_file("schema upgrade", done=True)
        assert after is not None, "alembic upgrade head left no revision"
        return Upgrade(before=before, after=after, created_file=created_file)

    def current_revision(self) -> str | None:
        """The migration the database is at (None: never migrated)."""
        from alembic.runtime.migration import MigrationContext

        try:
            with self._read("reading the schema version") as conn:
                return MigrationContext.configure(conn).get_current_revision()
        except SQLAlchemyError as exc:
            raise self._fail("reading the schema version", exc) from None

    def head_revision(self) -> str:
        """The newest migration shipped with this claimcheck (read once: /readyz asks often)."""
        return _head_revision()

    def check_schema(self) -> None:
        """Raise StoreError unless the database is at the newest migration (and, for SQLite,
        the file is still the one this process opened)."""
        if self.file is not None:
            problem = self.file.problem()
            if problem is not None:
                self._check_file("checking the schema")
        current = self.current_revision()
        head = self.head_revision()
        if current == head:
            return
        state = "has no claimcheck schema" if current is None else f"is at schema {current}"
        raise StoreError(
            f"database {self.safe_url} {state}, this claimcheck needs {head}; "
            "run `claimcheck db upgrade`"
        )

    def table_names(self) -> list[str]:
        """Tables present in the database (for checks and tests)."""
        with self._read("listing tables") as conn:
            return sorted(inspect(conn).get_table_names())

    def dispose(self) -> None:
        """Close every pooled connection (call at shutdown)."""
        self.engine.dispose()

    # --- feedback -----------------------------------------------------------------------------

    def add_feedback(self, item: FeedbackIn, *, key_id: str | None = None) -> FeedbackRecord:
        """Store a correction; a repeated request_id returns the first stored row unchanged.

        Exactly-once under retries and races (see record_feedback); the first write wins.
        """
        return self.record_feedback(item, key_id=key_id)[0]

    def record_feedback(
        self, item: FeedbackIn, *, key_id: str | None = None
    ) -> tuple[FeedbackRecord, WriteOutcome]:
        """Like add_feedback, and say what happened: stored, a replay of the same request, or
        a conflict (the request_id holds a different correction, which is kept).

        Decided inside one transaction: the insert skips a taken request_id (ON CONFLICT DO
        NOTHING; PostgreSQL waits for a racing insert to commit first), and the row holding
        it is read and compared with this request in the same transaction.
        """
        if not isinstance(item, FeedbackIn):
            raise InputError(f"expected FeedbackIn, got {type(item).__name__}")
        check_optional("key_id", key_id, 64)
        values = {
            "text": item.text,
            "label": item.label.value,
            "author": item.author,
            "comment_id": item.comment_id,
            "reason": item.reason,
            "predicted_label": item.predicted_label,
            "model_version": item.model_version,
            "request_id": item.request_id,
            "key_id": key_id,
            "created_at": _now(),
        }
        action = "storing feedback"
        try:
            with self._write(action) as conn, conn.begin():
                row = conn.execute(self._insert_feedback(values)).one_or_none()
                if row is not None:
                    record, outcome = feedback_record(row), WriteOutcome.CREATED
                else:
                    taken = select(feedback).where(feedback.c.request_id == item.request_id)
                    record = feedback_record(conn.execute(taken).one())
                    same = same_request(record, item, key_id)
                    outcome = WriteOutcome.REPLAYED if same else WriteOutcome.CONFLICT
        except IntegrityError as exc:
            if key_id is not None and self._key_row(key_id) is None:
                raise InputError(f"unknown key_id {key_id!r}") from None
            raise self._fail(action, exc) from None
        except SQLAlchemyError as exc:
            raise self._fail(action, exc) from None
        self._check_file(action, done=True)
        return record, outcome

    def _insert_feedback(self, values: dict[str, Any]) -> Any:
        """INSERT ... ON CONFLICT (request_id) DO NOTHING RETURNING *, in this dialect."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects import postgresql as dialect
        elif self.dialect == "sqlite":
            from sqlalchemy.dialects import sqlite as dialect  # type: ignore[no-redef]
        else:
            raise StoreError(f"unsupported database {self.safe_url}: use SQLite or PostgreSQL")
        statement = dialect.insert(feedback).values(**values)
        return statement.on_conflict_do_nothing(index_elements=[feedback.c.request_id]).returning(
            feedback
        )

    def _one(self, statement: Select[Any], doing: str) -> Any:
        """The single row a read-only select finds, or None; errors name what was being done."""
        try:
            with self._read(doing) as conn:
                return conn.execute(statement).one_or_none()
        except SQLAlchemyError as exc:
            raise self._fail(doing, exc) from None

    def _by_request_id(self, request_id: str) -> FeedbackRecord | None:
        row = self._one(
            select(feedback).where(feedback.c.request_id == request_id), "reading feedback"
        )
        return feedback_record(row) if row is not None else None

    def get_feedback(self, feedback_id: int) -> FeedbackRecord | None:
        """One stored correction by id, or None."""
        row = self._one(select(feedback).where(feedback.c.id == feedback_id), "reading feedback")
        return feedback_record(row) if row is not None else None

    @staticmethod
    def _filtered(
        query: Select[Any],
        label: Label | str | None,
        author: str | None,
        since: datetime | None,
    ) -> Select[Any]:
        if label is not None:
            query = query.where(feedback.c.label == parse_label(label).value)
        if author is not None:
            query = query.where(feedback.c.author == author)
        if since is not None:
            if not isinstance(since, datetime):
                raise InputError(f"since must be a datetime, not {type(since).__name__}")
            query = query.where(feedback.c.created_at >= utc_moment(since, "since"))
        return query

    def list_feedback(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        label: Label | None = None,
        author: str | None = None,
        since: datetime | None = None,
    ) -> list[FeedbackRecord]:
        """One page of corrections, newest first. A naive `since` is taken as UTC."""
        if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
            raise InputError(f"limit must be between 1 and {MAX_PAGE}, got {limit!r}")
        if not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
            raise InputError(f"offset must be between 0 and {MAX_OFFSET}, got {offset!r}")
        query = self._filtered(select(feedback), label, author, since)
        query = query.order_by(feedback.c.id.desc()).limit(limit).offset(offset)
        try:
            with self._read("listing feedback") as conn:
                return [feedback_record(row) for row in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise self._fail("listing feedback", exc) from None

    def count_feedback(
        self,
        *,
        label: Label | None = None,
        author: str | None = None,
        since: datetime | None = None,
    ) -> int:
        """How many corrections match the filters."""
        query = self._filtered(select(func.count()).select_from(feedback), label, author, since)
        try:
            with self._read("counting feedback") as conn:
                return int(conn.execute(query).scalar_one())
        except SQLAlchemyError as exc:
            raise self._fail("counting feedback", exc) from None

    def iter_feedback(
        self,
        *,
        label: Label | None = None,
        author: str | None = None,
        since: datetime | None = None,
        batch_size: int = 500,
    ) -> Iterator[FeedbackRecord]:
        """Every matching correction, oldest first, streamed in batches (for exports)."""
        query = self._filtered(select(feedback), label, author, since).order_by(feedback.c.id)
        try:
            with self._read("exporting feedback") as conn:
                result = conn.execution_options(yield_per=batch_size).execute(query)
                for row in result:
                    yield feedback_record(row)
        except SQLAlchemyError as exc:
            raise self._fail("exporting feedback", exc) from None

    # --- keys ---------------------------------------------------------------------------------

    def create_key(self, name: str) -> tuple[ApiKey, str]:
        """Create a key; returns it and its plaintext token, which is never shown again."""
        check_string("key name", name, MAX_KEY_NAME_CHARS, required=True)
        minted = tokens.new_token()
        key = ApiKey(minted.key_id, name, _now(), None)
        try:
            with self._write("creating a key") as conn, conn.begin():
                conn.execute(
                    insert(api_keys).values(
                        key_id=key.key_id,
                        name=key.name,
                        secret_hash=minted.secret_hash,
                        created_at=key.created_at,
                    )
                )
        except SQLAlchemyError as exc:
            raise self._fail("creating a key", exc) from None
        self._check_file("creating a key", done=True)
        return key, minted.token

    def _key_row(self, key_id: str) -> Any:
        return self._one(select(api_keys).where(api_keys.c.key_id == key_id), "reading keys")

    def revoke_key(self, key_id: str) -> ApiKey:
        """Revoke a key for good; revoking twice keeps the first revocation time."""
        try:
            with self._write("revoking a key") as conn, conn.begin():
                conn.execute(
                    update(api_keys)
                    .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                    .values(revoked_at=_now())
                )
                row = conn.execute(
                    select(api_keys).where(api_keys.c.key_id == key_id)
                ).one_or_none()
        except SQLAlchemyError as exc:
            raise self._fail("revoking a key", exc) from None
        self._check_file("revoking a key", done=True)
        if row is None:
            raise StoreError(f"no API key with id {key_id!r}; `claimcheck keys list` shows them")
        return api_key(row)

    def verify_key(self, token: str) -> ApiKey | None:
        """The active key a bearer token belongs to; None if malformed, unknown or revoked."""
        parsed = tokens.parse_token(token)
        if parsed is None:
            return None
        key_id, secret = parsed
        row = self._key_row(key_id)
        if not tokens.secret_matches(secret, row.secret_hash if row is not None else None):
            return None
        if row.revoked_at is not None:
            return None
        return api_key(row)

    def list_keys(self) -> list[ApiKey]:
        """Every key, oldest first, revoked ones included."""
        try:
            with self._read("listing keys") as conn:
                rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at))
                return [api_key(row) for row in rows]
        except SQLAlchemyError as exc:
            raise self._fail("listing keys", exc) from None
