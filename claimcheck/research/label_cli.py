"""Commands of the labelling loop: `label suggest|config|import`, `agreement`, `audit`.

Thin like the rest of the CLI: parse, call one library function, print. Heavy imports stay
inside the command functions so `claimcheck --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from claimcheck.io.labelling import Skipped

label_app = typer.Typer(
    help="Suggest comments to label, export them to Label Studio or a sheet, import labels.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


def _report_skipped(skipped: Sequence[Skipped], what: str, limit: int | None = None) -> None:
    """Skipped items on stderr with their reasons (all of them unless `limit`), never silent."""
    from claimcheck.console import err

    if not skipped:
        return
    err.print(f"skipped {len(skipped)} {what}:", highlight=False)
    shown = skipped if limit is None else skipped[:limit]
    for s in shown:
        err.print(f"  {s}", highlight=False, markup=False, soft_wrap=True)
    if len(shown) < len(skipped):
        err.print(f"  ... and {len(skipped) - len(shown)} more", highlight=False)


@label_app.command("suggest")
def suggest_cmd(
    pool: Annotated[
        list[Path], typer.Argument(help="Unlabelled comments: JSONL, CSV, Parquet, Disqus, ...")
    ],
    n: Annotated[int, typer.Option("--n", help="How many comments to suggest.")] = 200,
    strategy: Annotated[
        str, typer.Option(help="margin (top-2 gap), uncertainty (entropy), diverse or random.")
    ] = "margin",
    model: Annotated[
        Path | None, typer.Option("--model", "-m", help="Model bundle (default: shipped).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output file: .json (Label Studio), .csv or .jsonl."),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", help="labelstudio, csv or jsonl (default: by name).")
    ] = None,
    text_field: Annotated[str, typer.Option(help="Text field of JSONL/CSV/Parquet.")] = "text",
    seed: Annotated[int, typer.Option(help="Seed for random and diverse.")] = 0,
) -> None:
    """Pick the comments whose labels would teach the model most, pre-labelled with its guess."""
    from claimcheck.console import err, load_classifier, run_safely
    from claimcheck.research.active import read_pool, suggest, suggestion_dict, write_suggestions

    pool_data = run_safely(read_pool, [str(p) for p in pool], text_field=text_field)
    _report_skipped(pool_data.skipped, "pool records", limit=20)
    classifier = load_classifier(model)
    chosen = run_safely(suggest, classifier, pool_data.items, n, strategy, seed=seed)
    if out is None and fmt in (None, "jsonl"):
        for s in chosen:
            print(json.dumps(suggestion_dict(s, classifier.version), ensure_ascii=False))
    else:
        if out is None:
            from claimcheck.console import fail

            fail(f"--format {fmt} needs --out FILE", 2)
        paths = run_safely(
            write_suggestions, chosen, out, model_version=classifier.version, fmt=fmt
        )
        err.print(f"wrote {', '.join(map(str, paths))}", highlight=False)
    err.print(
        f"{len(chosen)} suggestions ({strategy}) from {len(pool_data.items)} comments",
        highlight=False,
    )


@label_app.command("config")
def config_cmd(
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
) -> None:
    """The Label Studio labelling config (comment label + sentence spans)."""
    from claimcheck.io.labelstudio import labelling_config

    if out is None:
        print(labelling_config(), end="")
    else:
        out.write_text(labelling_config(), encoding="utf-8")


@label_app.command("import")
def import_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Label Studio JSON exports and/or filled-in CSV sheets.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Corpus-format JSONL to write.")],
    domain: Annotated[
        str | None, typer.Option(help="Corpus domain for items that do not carry one.")
    ] = None,
    rule: Annotated[
        str, typer.Option(help="Several annotators: majority (ties skipped) or unanimous.")
    ] = "majority",
    as_json: JsonOption = False,
) -> None:
    """Annotations -> corpus records for `claimcheck train --extra`; says what was skipped."""
    from claimcheck.console import err, fail, run_safely
    from claimcheck.console import out as stdout
    from claimcheck.research.annotations import (
        merge_annotations,
        read_annotation_files,
        write_records,
    )

    if rule not in ("majority", "unanimous"):
        fail(f"unknown --rule {rule!r}; use majority or unanimous", 2)
    found = run_safely(read_annotation_files, [str(f) for f in files])
    merged = run_safely(
        merge_annotations,
        found.annotations,
        domain=domain,
        rule=rule,
        method="claimcheck label import",
    )
    for note in found.notes:
        err.print(f"note: {note}", highlight=False, markup=False)
    skipped = [*found.skipped, *merged.skipped]
    _report_skipped(skipped, "annotations or items")
    if not merged.records:
        fail(f"nothing to import from {', '.join(map(str, files))} (see the reasons above)", 1)
    write_records(merged.records, out)
    summary: dict[str, Any] = {
        "out": str(out),
        "annotations": len(found.annotations),
        "records": len(merged.records),
        "single_annotator": merged.single_annotator,
        "unanimous": merged.unanimous,
        "majority": merged.majority,
        "skipped": [str(s) for s in skipped],
        "notes": found.notes,
    }
    if as_json:
        print(json.dumps(summary, indent=2))
        return
    stdout.print(
        f"wrote {len(merged.records)} records to {out} from {len(found.annotations)} annotations "
        f"({merged.single_annotator} single, {merged.unanimous} unanimous, "
        f"{merged.majority} by majority; {len(skipped)} skipped)",
        highlight=False,
    )


def agreement_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="Label Studio exports, filled-in sheets or imported JSONL."),
    ],
    as_json: JsonOption = False,
) -> None:
    """Cohen's kappa (two annotators), Krippendorff's alpha (more), per-label confusion."""
    from rich.table import Table

    from claimcheck.console import err, out, run_safely
    from claimcheck.research.agreement import agreement
    from claimcheck.research.annotations import read_annotation_files

    found = run_safely(read_annotation_files, [str(f) for f in files])
    _report_skipped(found.skipped, "annotations")
    result = run_safely(agreement, found.annotations)
    if as_json:
        result["skipped"] = [str(s) for s in found.skipped]
        print(json.dumps(result, indent=2))
        return
    head = result["headline"]
    value = "undefined" if head["value"] is None else f"{head['value']:.3f}"
    out.print(
        f"{result['n_items_compared']} items compared by {len(result['annotators'])} annotators: "
        f"{head['measure'].replace('_', ' ')} {value}",
        highlight=False,
    )
    pairs = Table(title="pairs")
    for column in ("annotators", "n", "agreement", "kappa"):
        pairs.add_column(column, justify="left" if column == "annotators" else "right")
    for pair in result["pairs"]:
        kappa = pair["cohen_kappa"]
        pairs.add_row(
            " / ".join(pair["annotators"]),
            str(pair["n"]),
            f"{pair['observed_agreement']:.3f}",
            "-" if kappa is None else f"{kappa:.3f}",
        )
    out.print(pairs)
    labels = result["confusion"]["labels"]
    confusion = Table(title="confusion between annotators (rows: first of each pair)")
    confusion.add_column("")
    for lab in labels:
        confusion.add_column(lab[:10], justify="right")
    confusion.add_column("specific agr.", justify="right")
    for lab, row in zip(labels, result["confusion"]["matrix"], strict=True):
        specific = result["per_label"][lab]["specific_agreement"]
        confusion.add_row(lab, *map(str, row), "-" if specific is None else f"{specific:.3f}")
    out.print(confusion)
    single = result["single_annotator_items"]["n"]
    if single:
        err.print(f"{single} items had one annotator and were not used", highlight=False)


def audit_cmd(
    corpus: Annotated[Path, typer.Argument(help="Corpus directory or corpus-format JSONL.")],
    out: Annotated[
        Path, typer.Option("--out", help="Review file (JSONL), most suspicious first.")
    ] = Path("review.jsonl"),
    folds: Annotated[int, typer.Option(help="Cross-validation folds.")] = 5,
    seed: Annotated[int, typer.Option(help="Random seed of the folds.")] = 0,
    top: Annotated[int, typer.Option(help="How many flagged items to print.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Likely label errors from out-of-fold probabilities (confident learning), ranked."""
    from rich.table import Table

    from claimcheck.console import err, run_safely
    from claimcheck.console import out as stdout
    from claimcheck.corpus import load_comments
    from claimcheck.research.audit import audit_records, write_review

    records = run_safely(load_comments, corpus)
    result = run_safely(
        audit_records,
        records,
        folds=folds,
        seed=seed,
        log=lambda message: err.print(message, highlight=False),
    )
    write_review(result.issues, out)
    if as_json:
        print(json.dumps({"n": result.n, "flagged": len(result.issues), "review": str(out)}))
        return
    table = Table(title=f"{len(result.issues)} of {result.n} labels look wrong (review: {out})")
    for column in ("id", "given", "suggested", "p(given)", "text"):
        table.add_column(column)
    for issue in result.issues[:top]:
        table.add_row(
            issue["id"],
            issue["given_label"],
            issue["suggested_label"],
            f"{issue['self_confidence']:.3f}",
            issue["text"][:70],
        )
    stdout.print(table)


def register(app: typer.Typer) -> None:
    """Add the `label` sub-app and the `agreement` and `audit` commands to the main app."""
    app.add_typer(label_app, name="label")
    app.command("agreement")(agreement_cmd)
    app.command("audit")(audit_cmd)
