"""Commands of the feedback store: `db upgrade`, `keys create|revoke|list`, `retrain`.

Thin like the rest of the CLI. SQLAlchemy and Alembic are imported inside the commands so
`claimcheck --help` stays fast. The database is `--db URL`, else $CLAIMCHECK_DB_URL, else
`sqlite:///claimcheck.db` in the working directory.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimcheck.text import visible

if TYPE_CHECKING:
    from claimcheck.service.db import Database

db_app = typer.Typer(help="Create or migrate the feedback database.", no_args_is_help=True)
keys_app = typer.Typer(
    help="API keys for the service: create (token shown once), revoke, list.",
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $CLAIMCHECK_DB_URL, else sqlite:///claimcheck.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def printable(text: str) -> str:
    """`text` safe for a terminal on one line: control characters, newlines included, shown
    as escapes (\\x1b, \\n, \\u202e). Key names are anyone's input; only display changes:
    --json stays exact."""
    return visible(text, keep="")


def _open(url: str | None, *, check: bool = True) -> Database:
    """The database at `url` (or the default); checked to be migrated unless check=False."""
    from claimcheck.console import run_safely
    from claimcheck.service.db import Database, default_db_url

    db: Database = run_safely(Database, url or default_db_url())
    if check:
        try:
            run_safely(db.check_schema)
        except typer.Exit:
            db.dispose()
            raise
    return db


@db_app.command("upgrade")
def db_upgrade(db_url: DbOption = None) -> None:
    """Create the database and its tables, or migrate them to this version's schema (safe to
    repeat). The one place a new, empty database is made: it says so when it does."""
    from claimcheck.console import err, out, run_safely

    db = _open(db_url, check=False)
    try:
        done = run_safely(db.upgrade, create=True)
    finally:
        db.dispose()
    if done.created_file:
        err.print(
            f"created a new, empty database file {printable(str(db.file.path if db.file else ''))}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if done.before == done.after:
        out.print(f"{db.safe_url}: already at schema {done.after}", highlight=False, markup=False)
    else:
        out.print(
            f"{db.safe_url}: schema {done.before or 'empty'} -> {done.after}",
            highlight=False,
            markup=False,
        )


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who or what uses the key, e.g. 'forum-bot'.")],
    db_url: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create an API key and print its token once: it cannot be shown again."""
    from claimcheck.console import err, out, run_safely

    db = _open(db_url)
    try:
        key, token = run_safely(db.create_key, name)
    finally:
        db.dispose()
    if as_json:
        out.print_json(json.dumps({**key.to_dict(), "token": token}))
    else:
        out.print(f"key {key.key_id} ({printable(key.name)})", highlight=False, markup=False)
        out.print(token, highlight=False, soft_wrap=True, markup=False)
    err.print(
        "[yellow]warning:[/yellow] store this token now; it is kept only as a hash and "
        "cannot be shown again (revoke the key and create a new one if it is lost)",
        highlight=False,
        soft_wrap=True,
    )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[str, typer.Argument(help="The key id shown by `claimcheck keys list`.")],
    db_url: DbOption = None,
) -> None:
    """Revoke a key: its token stops working at once, for good."""
    from claimcheck.console import out, run_safely

    db = _open(db_url)
    try:
        key = run_safely(db.revoke_key, key_id)
    finally:
        db.dispose()
    out.print(
        f"revoked key {key.key_id} ({printable(key.name)}) at "
        f"{key.revoked_at:%Y-%m-%d %H:%M:%S} UTC",
        highlight=False,
        markup=False,
    )


@keys_app.command("list")
def keys_list(db_url: DbOption = None, as_json: JsonOption = False) -> None:
    """List keys (ids, names, dates); tokens are never shown."""
    from rich.table import Table
    from rich.text import Text

    from claimcheck.console import out, run_safely

    db = _open(db_url)
    try:
        found = run_safely(db.list_keys)
    finally:
        db.dispose()
    if as_json:
        # Exact names; JSON escapes control characters (ensure_ascii: C1 and bidi too).
        out.print_json(json.dumps([k.to_dict() for k in found]), ensure_ascii=True)
        return
    table = Table(title=f"{len(found)} API keys")
    for column in ("key id", "name", "created (UTC)", "status"):
        table.add_column(column)
    for k in found:
        status = f"revoked {k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "active"
        # Text, not a string: a name is never read as Rich markup ("[red]", "[/]").
        table.add_row(k.key_id, Text(printable(k.name)), f"{k.created_at:%Y-%m-%d %H:%M}", status)
    out.print(table)


def _parse_since(value: str | None) -> datetime | None:
    from claimcheck.console import fail

    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--since {value!r} is not an ISO date or time (e.g. 2026-11-01)", 2)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def retrain(
    with_feedback: Annotated[
        bool,
        typer.Option("--with-feedback/--without-feedback", help="Merge stored moderator feedback."),
    ] = False,
    db_url: DbOption = None,
    corpus: Annotated[Path, typer.Option(help="Corpus directory or comments file.")] = Path(
        "corpus"
    ),
    out_dir: Annotated[Path, typer.Option("--out", help="Bundle directory to write.")] = Path(
        "models/retrained"
    ),
    domain: Annotated[
        str | None,
        typer.Option(
            help="Corpus domain of the feedback rows (the forum's topic), e.g. ms_ccsvi.",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only feedback from this date/time on (ISO, UTC).")
    ] = None,
    feedback_wins: Annotated[
        bool,
        typer.Option(
            "--feedback-wins",
            help="Where feedback relabels a corpus text, train on the feedback label.",
        ),
    ] = False,
    feedback_file: Annotated[
        Path | None,
        typer.Option(
            "--feedback-file",
            help="Read feedback from a JSONL export (GET /v1/feedback?format=jsonl) instead "
            "of the database; implies --with-feedback.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    cross_validate: Annotated[
        bool, typer.Option("--cv/--no-cv", help="Measure leave-domains-out CV first.")
    ] = True,
    as_json: JsonOption = False,
) -> None:
    """Retrain a bundle on the corpus plus moderator feedback (kept in OUT/feedback.jsonl)."""
    from claimcheck.console import err, fail, out, run_safely
    from claimcheck.corpus import is_domain_slug

    def log(message: str) -> None:
        err.print(message, highlight=False)

    with_feedback = with_feedback or feedback_file is not None
    # Check the options before the slow imports (spaCy, scikit-learn) and the database.
    if with_feedback and (domain is None or not is_domain_slug(domain)):
        problem = "is required" if domain is None else f"{domain!r} is not a domain slug"
        fail(
            f"--with-feedback: --domain {problem}; name the forum's topic as a slug "
            "(lower-case letters, digits and _, starting with a letter), e.g. my_forum",
            2,
        )
    since_moment = _parse_since(since)
    from claimcheck.model import ModelParams

    params = ModelParams(seed=seed)
    if not with_feedback:
        from claimcheck.train import train_model

        run_safely(
            train_model, corpus, out_dir, params=params, cross_validate=cross_validate, log=log
        )
        return
    assert domain is not None
    from claimcheck.service.feedback_export import retrain_with_feedback

    db = _open(db_url) if feedback_file is None else None
    try:
        report, meta = run_safely(
            retrain_with_feedback,
            db if db is not None else feedback_file,
            corpus=corpus,
            out=out_dir,
            domain=domain,
            feedback_wins=feedback_wins,
            since=since_moment,
            cross_validate=cross_validate,
            params=params,
            log=log,
        )
    finally:
        if db is not None:
            db.dispose()
    for conflict in report.feedback_conflicts:
        log(
            f"conflict: feedback gave {sorted(conflict.labels)}; kept {conflict.kept} "
            f"from {conflict.kept_from}: {conflict.text[:70]!r}"
        )
    for conflict in report.corpus_conflicts:
        log(
            f"corpus conflict: {sorted(conflict.labels)}; kept {conflict.kept} "
            f"from {conflict.kept_from}: {conflict.text[:70]!r}"
        )
    for skipped in report.skipped:
        log(f"skipped feedback {skipped['feedback_id']}: {skipped['reason']}")
    if as_json:
        out.print_json(json.dumps({"feedback": report.to_dict(), "n_comments": meta["n_comments"]}))
    else:
        out.print(
            f"trained on {meta['n_comments']} comments ({report.written} from feedback); "
            f"bundle in {out_dir}, feedback kept in {report.path}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add `db`, `keys` and `retrain` to the main app."""
    app.add_typer(db_app, name="db")
    app.add_typer(keys_app, name="keys")
    app.command("retrain")(retrain)
