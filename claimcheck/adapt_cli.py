"""`claimcheck adapt`: a thin command over claimcheck.adapt (registered by `register(app)`).

Console helpers come from claimcheck.console, so this module never imports the top-level CLI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def adapt_cmd(
    labelled: Annotated[
        list[Path] | None,
        typer.Argument(
            help="The forum's labelled comments: corpus-format or plain JSONL (text, label, "
            "optional sentences), a Label Studio export (.json) or a filled-in sheet/CSV.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Bundle directory to write.")] = Path(
        "models/adapted"
    ),
    base: Annotated[
        Path | None, typer.Option("--base", help="Base bundle (default: the shipped model).")
    ] = None,
    domain: Annotated[
        str | None, typer.Option(help="Name of the forum (a slug such as my_forum).")
    ] = None,
    unlabelled: Annotated[
        Path | None,
        typer.Option(
            help="An unlabelled export of the forum (any batch format): re-estimates its label "
            "priors by EM. Works alone or with labels."
        ),
    ] = None,
    text_field: Annotated[str, typer.Option(help="Text field of the unlabelled file.")] = "text",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse (exit 1, write nothing) when the adapted model is not better on the "
            "forum's labels or loses more than 0.01 leave-domains-out on the base corpus.",
        ),
    ] = False,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(help="The base model's corpus files, if not where its meta.json says."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the folds and the bootstrap.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Fit a model to one forum with its own labels (a hundred are enough) or none.

    Prints the cross-validated macro-F1 on the forum's labels before/after with a paired
    bootstrap interval and the base corpus's leave-domains-out score after adaptation.
    """
    from claimcheck.adapt import adapt, describe_adaptation
    from claimcheck.console import err, run_safely
    from claimcheck.console import out as stdout

    result = run_safely(
        adapt,
        [str(p) for p in labelled or []],
        out,
        base=base,
        domain=domain,
        unlabelled=unlabelled,
        text_field=text_field,
        strict=strict,
        corpus=corpus,
        seed=seed,
        log=lambda message: err.print(message, highlight=False, markup=False),
    )
    for note in result.notes:
        err.print(f"note: {note}", highlight=False, markup=False, soft_wrap=True)
    report = result.report
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        from claimcheck.bundle import adaptation_summary

        summary = adaptation_summary({"adaptation": report}) or {}
        for line in describe_adaptation(summary):
            stdout.print(line, highlight=False, markup=False, soft_wrap=True)
        ldo = report["leave_domains_out"]
        stdout.print(
            f"base corpus leave-domains-out macro-F1 {ldo['before']:.3f} -> {ldo['after']:.3f}",
            highlight=False,
        )
        if "priors" in report:
            priors = ", ".join(f"{k} {v:.2f}" for k, v in report["priors"]["estimated"].items())
            stdout.print(f"estimated label priors: {priors}", highlight=False)
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False, soft_wrap=True)
    err.print(f"wrote {result.out} in {report['seconds']:.1f} s", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    """Add `adapt` to the main app."""
    app.command("adapt")(adapt_cmd)
