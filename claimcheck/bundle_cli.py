"""`claimcheck trust`, `export`, `import` and `pin`: which bundles may be unpickled, and
sharing a model as a file that loads without running code.

Registered on the main Typer app by `register(app)` from claimcheck/cli.py; console helpers
come from claimcheck.console.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

ModelOption = Annotated[
    Path | None, typer.Option("--model", "-m", help="Model bundle directory (default: shipped).")
]


def trust(
    bundle: Annotated[
        Path | None, typer.Argument(help="Bundle directory to trust from now on.")
    ] = None,
    list_all: Annotated[
        bool, typer.Option("--list", help="List the trusted bundles and the trust file.")
    ] = False,
    remove: Annotated[bool, typer.Option("--remove", help="Stop trusting BUNDLE instead.")] = False,
) -> None:
    """Trust a model bundle: let claimcheck unpickle it (a joblib file can run code).

    Only do this for a bundle whose source you trust. Bundles trained on this machine are
    trusted already; to share a model, use `claimcheck export` (a file that loads without
    running code) instead.
    """
    from claimcheck.bundle import bundle_digest, record_trusted
    from claimcheck.console import fail, out, run_safely
    from claimcheck.trust import forget_trusted, list_trusted, pinned_digest, trust_file

    if list_all:
        entries = run_safely(list_trusted)
        out.print(f"trust file: {trust_file()}", highlight=False, markup=False)
        out.print(f"shipped (pinned): {pinned_digest()}", highlight=False, markup=False)
        for digest, entry in sorted(entries.items(), key=lambda item: item[1].get("added", "")):
            out.print(
                f"{digest[:16]}  {entry.get('added', '?')}  {entry.get('how', '?')}  "
                f"{entry.get('path', '?')}",
                highlight=False,
                markup=False,
            )
        return
    if bundle is None:
        fail("name a bundle directory to trust (or use --list)", 2)
    if remove:
        digest = run_safely(bundle_digest, bundle)
        if not run_safely(forget_trusted, digest):
            fail(f"{bundle} was not in the trust file {trust_file()}", 1)
        out.print(f"no longer trusted: {bundle} ({digest[:16]})", highlight=False, markup=False)
        return
    digest = run_safely(record_trusted, bundle, "trusted by the user")
    out.print(
        f"trusted {bundle} (digest {digest[:16]}) in {trust_file()}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def export(
    out_file: Annotated[Path, typer.Argument(help="File to write (*.npz).")],
    model: ModelOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was written as JSON.")
    ] = False,
) -> None:
    """Write a model as a portable .npz that loads without running code from it.

    Arrays are stored as numpy arrays and everything else as JSON naming only classes on
    claimcheck's trusted list; anyone can load it with `claimcheck import` or
    `load_model("FILE.npz")` without trusting the sender.
    """
    from claimcheck.console import err, run_safely
    from claimcheck.portable import describe, export_bundle

    path = run_safely(export_bundle, model, out_file)
    info = describe(path)
    if as_json:
        print(json.dumps(info, indent=2))
        return
    err.print(
        f"wrote {path} ({info['bytes'] / 1e6:.1f} MB, {len(info['classes'])} classes)",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def import_(
    in_file: Annotated[Path, typer.Argument(help="A file written by `claimcheck export`.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Bundle directory to write.")],
) -> None:
    """Rebuild an exported model (no code from the file runs) into a bundle directory,
    which is then trusted like one trained here."""
    from claimcheck.console import err, run_safely
    from claimcheck.portable import import_bundle

    path = run_safely(import_bundle, in_file, out_dir)
    err.print(f"wrote bundle {path}", highlight=False, markup=False, soft_wrap=True)


def pin() -> None:
    """Re-pin the shipped bundle's digest after models/default was replaced by hand.

    `claimcheck train --out models/default` re-pins by itself; this is for a bundle copied
    or restored into models/default (checkout only).
    """
    from claimcheck.bundle import CHECKOUT_MODEL, bundle_digest, is_checkout_default
    from claimcheck.console import err, fail, run_safely
    from claimcheck.trust import write_pin

    if not is_checkout_default(CHECKOUT_MODEL):
        fail("`claimcheck pin` works in a source checkout (models/default next to pyproject)", 2)
    digest = run_safely(bundle_digest, CHECKOUT_MODEL)
    path = run_safely(write_pin, digest)
    err.print(f"pinned {digest[:16]} in {path}", highlight=False, markup=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """Add `trust`, `export`, `import` and `pin` to the main app."""
    app.command("trust")(trust)
    app.command("export")(export)
    app.command("import")(import_)
    app.command("pin")(pin)
