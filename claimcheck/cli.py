"""The claimcheck command line (Typer + Rich). Thin: parse, call one library function, print.

Exit codes: 0 success, 1 failure of the work itself (e.g. a corpus check that finds
problems, an unreadable model), 2 bad input or usage.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from claimcheck.console import err, fail, load_classifier, out, run_safely
from claimcheck.text import visible

if TYPE_CHECKING:
    from claimcheck.types import Prediction

app = typer.Typer(
    help="Label forum comments as testimonial, evidence_citation, spam or opinion.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
corpus_app = typer.Typer(help="Check and summarise the labelled corpus.", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")


def _print_version(value: bool) -> None:
    """`claimcheck --version`: package version, shipped model version and its location."""
    if not value:
        return
    from claimcheck._version import __version__
    from claimcheck.bundle import bundle_digest, bundle_version, default_model_path
    from claimcheck.exceptions import ClaimcheckError
    from claimcheck.trust import pinned_digest

    path = default_model_path()
    print(f"claimcheck {__version__}")
    try:
        pinned = "matches the pin" if bundle_digest(path) == pinned_digest() else "NOT the pin"
        print(f"model {bundle_version(path, check_trust=False)} from {path} ({pinned})")
    except ClaimcheckError as exc:
        print(f"model unavailable: {exc}")
    raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the package version, the shipped model's version and where it is.",
        ),
    ] = False,
) -> None:
    """Label forum comments as testimonial, evidence_citation, spam or opinion."""


LABEL_STYLE = {
    "testimonial": "cyan",
    "evidence_citation": "green",
    "spam": "red",
    "opinion": "yellow",
}

ModelOption = Annotated[
    Path | None, typer.Option("--model", "-m", help="Model bundle directory (default: shipped).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


# --- corpus ---------------------------------------------------------------------------------


@corpus_app.command("check")
def corpus_check(
    path: Annotated[Path, typer.Argument(help="Corpus directory or comments file.")] = Path(
        "corpus"
    ),
    style_leak: Annotated[bool, typer.Option(help="Run the style-leak check.")] = True,
    as_json: JsonOption = False,
) -> None:
    """Validate every line; report all problems, near-duplicates and the style-leak score."""
    from claimcheck.corpus import NEAR_DUPLICATE_THRESHOLD, STYLE_LEAK_MAX_F1, check_corpus

    report = run_safely(check_corpus, path, style_leak=style_leak)
    if as_json:
        print(
            json.dumps(
                {
                    "ok": report.ok,
                    "comments": report.n_comments,
                    "flag_rows": report.n_flag_rows,
                    "problems": [str(p) for p in report.problems],
                    "near_duplicates": report.near_duplicates,
                    "near_duplicate_share": report.near_duplicate_share,
                    "style_leak_f1": report.style_leak_f1,
                },
                indent=2,
            )
        )
    else:
        for problem in report.problems:
            out.print(f"[red]✗[/red] {problem}", highlight=False, soft_wrap=True)
        out.print(
            f"{report.n_comments} comments, {report.n_flag_rows} flag rows, "
            f"{len(report.problems)} problems"
        )
        out.print(
            f"near-duplicate pairs (cosine >= {NEAR_DUPLICATE_THRESHOLD}): "
            f"{len(report.near_duplicates)} ({report.near_duplicate_share:.2%}; limit 1%)"
        )
        for a, b, sim in report.near_duplicates[:20]:
            out.print(f"  {a} ~ {b} ({sim})")
        if report.style_leak_f1 is not None:
            out.print(
                f"style-leak macro-F1: {report.style_leak_f1:.3f} (limit {STYLE_LEAK_MAX_F1})"
            )
    if not report.ok:
        raise typer.Exit(1)


@corpus_app.command("stats")
def corpus_stats_cmd(
    path: Annotated[Path, typer.Argument(help="Corpus directory or comments file.")] = Path(
        "corpus"
    ),
    shortcuts: Annotated[
        bool,
        typer.Option(
            "--shortcuts",
            help="Instead: per-label shares of surface cues (URL, phone, e-mail, digits, emoji, "
            "first person, et al., misspellings...), spam kinds and the 20 most "
            "label-predictive n-grams.",
        ),
    ] = False,
    external: Annotated[
        Path | None,
        typer.Option(
            help="With --shortcuts: a labelled JSONL (text, label), e.g. the external dev set, "
            "reported beside the corpus."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Counts per label and domain, hard-case coverage, writing quotas, lengths, flag rows."""
    from claimcheck.corpus import corpus_stats

    if external is not None and not shortcuts:
        fail("--external is only used with --shortcuts", 2)
    if shortcuts:
        _shortcut_stats(path, external, as_json)
        return
    stats = run_safely(corpus_stats, path)
    if as_json:
        print(json.dumps(stats, indent=2))
        return
    labels = list(stats["labels"])
    table = Table(title=f"{stats['comments']} comments in {stats['n_domains']} domains")
    table.add_column("domain")
    for lab in labels:
        table.add_column(lab, justify="right")
    table.add_column("total", justify="right")
    for domain, row in stats["domains"].items():
        table.add_row(domain, *(str(row[lab]) for lab in labels), str(sum(row.values())))
    table.add_row(
        "[b]all[/b]", *(f"[b]{stats['labels'][lab]}[/b]" for lab in labels), str(stats["comments"])
    )
    out.print(table)
    out.print(
        f"multi-sentence comments with sentence labels: {stats['multi_sentence_labelled']} "
        f"({stats['sentences_labelled']} sentences)"
    )
    words = stats["words"]
    out.print(
        f"words per comment: min {words['min']}, p10 {words['p10']:.0f}, "
        f"median {words['median']:.0f}, p90 {words['p90']:.0f}, max {words['max']}"
    )
    out.print("hard cases: " + ", ".join(f"{k} {v}" for k, v in stats["hard_cases"].items()))
    out.print("writing quotas (provenance register): " + _register_summary(stats["registers"]))
    out.print(
        "spam that harvests attention (self-promotion, sub4sub, like-bait, fundraising, bot "
        f"text): {stats['attention_spam_share']:.0%}"
    )
    out.print(f"flag rows: {stats['flags']}; languages: {stats['flag_languages']}")


def _register_summary(registers: dict[str, dict[str, int]]) -> str:
    return "; ".join(
        f"{name} {sum(row.values())} ("
        + ", ".join(f"{label} {n}" for label, n in sorted(row.items()))
        + ")"
        for name, row in sorted(registers.items())
    )


def _shortcut_stats(path: Path, external: Path | None, as_json: bool) -> None:
    """`corpus stats --shortcuts`: the corpus's shortcut report, beside another file's."""
    from claimcheck.corpus import resolve_corpus
    from claimcheck.shortcuts import print_reports, report_for_jsonl

    reports = {"corpus": run_safely(report_for_jsonl, resolve_corpus(path))}
    if external is not None:
        reports["external"] = run_safely(report_for_jsonl, external)
    if as_json:
        print(json.dumps(reports, indent=2))
        return
    print_reports(reports, out)


# --- model ----------------------------------------------------------------------------------


@app.command()
def train(
    corpus: Annotated[Path, typer.Option(help="Corpus directory or comments file.")] = Path(
        "corpus"
    ),
    out_dir: Annotated[Path, typer.Option("--out", help="Bundle directory to write.")] = Path(
        "models/default"
    ),
    extra: Annotated[
        list[Path] | None, typer.Option("--extra", help="More labelled files (corpus format).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    cross_validate: Annotated[
        bool, typer.Option("--cv/--no-cv", help="Measure leave-domains-out CV first.")
    ] = True,
) -> None:
    """Rebuild a model bundle from the corpus; the same seed gives the same predictions."""
    from claimcheck.model import ModelParams
    from claimcheck.train import train_model

    run_safely(
        train_model,
        corpus,
        out_dir,
        params=ModelParams(seed=seed),
        extra=extra or [],
        cross_validate=cross_validate,
        log=lambda message: err.print(message, highlight=False),
    )


def _read_text_arg(text: str) -> str:
    if text != "-":
        return text
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail("stdin is not UTF-8 text; convert it (e.g. iconv -t UTF-8) and retry", 2)


def _highlight(prediction: Prediction, text: str) -> str:
    from rich.markup import escape

    pieces, cursor = [], 0
    for cue in prediction.cues:
        if cue.start < cursor:
            continue
        pieces.append(escape(visible(text[cursor : cue.start])))
        cue_text = escape(visible(text[cue.start : cue.end]))
        pieces.append(f"[u]{cue_text}[/u][dim]⟨{cue.family}⟩[/dim]")
        cursor = cue.end
    pieces.append(escape(visible(text[cursor:])))
    return "".join(pieces)


@app.command()
def classify(
    text: Annotated[str, typer.Argument(help="The comment, or - to read stdin.")],
    model: ModelOption = None,
    as_json: JsonOption = False,
) -> None:
    """Label one comment: label, confidence and the cues behind it."""
    body = _read_text_arg(text)
    classifier = load_classifier(model)
    prediction = run_safely(classifier.predict_one, body)
    if as_json:
        print(json.dumps(prediction.to_dict(), ensure_ascii=False, indent=2))
        return
    label = prediction.label.value if prediction.label else "—"
    style = LABEL_STYLE.get(label, "white")
    flags = f"  flags: {', '.join(sorted(prediction.flags))}" if prediction.flags else ""
    out.print(f"[b {style}]{label}[/] ({prediction.confidence:.0%}){flags}")
    out.print(_highlight(prediction, body[: classifier.settings.max_chars]))
    for s in prediction.sentences if len(prediction.sentences) > 1 else ():
        sentence_style = LABEL_STYLE[s.label.value]
        out.print(f"  [{sentence_style}]{s.label.value:>17}[/] {body[s.start : s.end]}")


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Export files (JSONL/NDJSON[.gz|.zst], CSV/TSV, Parquet, Disqus XML, "
            "WordPress WXR, Reddit dumps), or - for stdin (JSONL)."
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--out",
            "-o",
            help="Directory of Parquet parts, or a .jsonl/.csv file (default: stdout).",
        ),
    ] = None,
    model: ModelOption = None,
    text_field: Annotated[str, typer.Option(help="Field/column holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field/column holding the id.")] = "id",
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="jsonl, reddit, csv, tsv, parquet, disqus or wxr."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="CSV/TSV encoding (default: BOM, UTF-8, else cp1252).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Local worker processes (default: all cores).", min=1)
    ] = None,
    engine: Annotated[str, typer.Option(help="local or dask.")] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Dask scheduler address for --engine dask (default: start a local cluster "
            "sized to this machine, on 127.0.0.1 only)."
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="Also write per-thread summaries (OUT/_threads.parquet, or OUT.threads.jsonl "
            "next to a .jsonl/.csv OUT).",
        ),
    ] = False,
    quarantine: Annotated[
        str | None,
        typer.Option(
            help="Where unusable records go (default: next to OUT; for stdout, "
            "INPUT.quarantine.jsonl in the working directory)."
        ),
    ] = None,
    skip_status: Annotated[
        list[str] | None,
        typer.Option(
            "--skip-status",
            help="Statuses not labelled (repeatable; default: deleted; 'none' labels all).",
        ),
    ] = None,
    part_size: Annotated[
        int, typer.Option(help="Labelled records per committed part/checkpoint.", min=1)
    ] = 10_000,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Ignore an unfinished run's checkpoint; start over.")
    ] = False,
) -> None:
    """Label every comment of exported threads; resumable, bad records quarantined.

    Rerunning the same command after an interruption continues from the last checkpoint.
    An output that overlaps an input, or a non-empty directory it did not write, is refused.
    """
    from claimcheck.batch.engines import Terminated, make_engine, terminate_as_exception
    from claimcheck.batch.runner import DEFAULT_SKIP, BatchOptions, check_batch, run_batch
    from claimcheck.batch.worker import ModelRef
    from claimcheck.io.detect import FORMATS
    from claimcheck.io.records import STATUSES, ReadOptions

    if fmt is not None and fmt not in FORMATS:
        fail(f"unknown --format {fmt!r}; use one of: {', '.join(FORMATS)}", 2)
    if engine not in ("local", "dask"):
        fail(f"unknown --engine {engine!r}; use local or dask", 2)
    skips = tuple(skip_status) if skip_status else DEFAULT_SKIP
    skips = () if skips == ("none",) else skips
    unknown = [s for s in skips if s not in STATUSES]
    if unknown:
        fail(f"unknown --skip-status {unknown[0]!r}; use {', '.join(STATUSES)} or none", 2)
    options = BatchOptions(
        read=ReadOptions(format=fmt, text_field=text_field, id_field=id_field, encoding=encoding),
        skip_statuses=skips,
        part_size=part_size,
        summary=summary,
        fresh=fresh,
    )
    run_safely(check_batch, inputs, output, options, quarantine)  # before loading anything
    # The engine verifies the bundle now; its workers load the model on their first chunk.
    ref = ModelRef(str(model.resolve()) if model else "")
    runner = run_safely(make_engine, ref, engine, workers, scheduler)
    try:
        with terminate_as_exception():
            result = run_safely(
                run_batch,
                inputs,
                output,
                runner,
                options,
                quarantine=quarantine,
                progress=sys.stderr.isatty(),
                log=lambda message: err.print(message, highlight=False, soft_wrap=True),
            )
    except Terminated as exc:
        fail(f"{exc}; committed parts are kept: rerun the same command to resume", 143)
    finally:
        runner.close()
    prog = result.progress
    skipped = sum(prog.skipped.values())
    detail = ", ".join(f"{k} {v}" for k, v in sorted(prog.skipped.items()))
    err.print(
        f"read {prog.read}, labelled {prog.labelled}, quarantined {prog.quarantined}"
        + (f" -> {result.quarantine_path}" if result.quarantine_path else "")
        + f", skipped by status {skipped}"
        + (f" ({detail})" if detail else "")
        + (f", duplicate ids {prog.duplicates}" if prog.duplicates else "")
        + f"; output {result.output}"
        + (f"; threads {result.summary_path}" if result.summary_path else "")
        + f" in {result.seconds:.1f} s",
        highlight=False,
        soft_wrap=True,
    )
    for problem in prog.file_errors:
        err.print(f"[yellow]warning:[/yellow] {problem}", highlight=False, soft_wrap=True)
    if prog.read == 0:
        reason = f": {prog.file_errors[0]}" if prog.file_errors else ""
        fail(f"no records could be read from the input{reason}", 2)


@app.command()
def thread(
    path: Annotated[Path, typer.Argument(help="JSONL thread: one comment per line (text).")],
    model: ModelOption = None,
) -> None:
    """Classify a thread and print it as a table, with the label of every sentence."""
    from rich.markup import escape

    from claimcheck.io.jsonl import read_jsonl_texts

    classifier = load_classifier(model)
    rows = run_safely(read_jsonl_texts, path)
    predictions = run_safely(classifier.predict, [text for _, text in rows])
    table = Table(title=f"{path} — model {classifier.version}", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("comment", ratio=3)
    table.add_column("label")
    table.add_column("conf", justify="right")
    table.add_column("sentences", ratio=1)
    for (row_id, text), p in zip(rows, predictions, strict=True):
        label = p.label.value if p.label else "—"
        flags = "".join(f"\n[dim]{f}[/dim]" for f in sorted(p.flags))
        sentences = " ".join(
            f"[{LABEL_STYLE[s.label.value]}]■[/]" for s in p.sentences if s.label is not None
        )
        short = text if len(text) <= 280 else text[:277] + "..."
        table.add_row(
            escape(visible(str(row_id))),
            escape(visible(short)),  # user text: neither markup nor terminal escapes
            f"[{LABEL_STYLE.get(label, 'white')}]{label}[/]{flags}",
            f"{p.confidence:.0%}",
            sentences,
        )
    out.print(table)
    legend = "  ".join(f"[{style}]■[/] {lab}" for lab, style in LABEL_STYLE.items())
    out.print(f"sentence colours: {legend}")


@app.command()
def evaluate(
    data: Annotated[Path, typer.Argument(help="JSONL with text and label (optional source).")],
    model: ModelOption = None,
    as_json: JsonOption = False,
) -> None:
    """Per-label precision/recall/F1, macro-F1, confusion matrix, per-group table, ECE."""
    from claimcheck.evaluate import evaluate_file

    classifier = load_classifier(model)
    result = run_safely(evaluate_file, classifier, data)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    table = Table(title=f"{data}: {result['n']} items, macro-F1 {result['macro_f1']:.3f}")
    for column in ("label", "precision", "recall", "F1", "support"):
        table.add_column(column, justify="right" if column != "label" else "left")
    for lab, row in result["per_label"].items():
        table.add_row(
            lab,
            f"{row['precision']:.3f}",
            f"{row['recall']:.3f}",
            f"{row['f1']:.3f}",
            str(row["support"]),
        )
    out.print(table)
    labels = result["confusion"]["labels"]
    confusion = Table(title="confusion (rows: gold, columns: predicted)")
    confusion.add_column("")
    for lab in labels:
        confusion.add_column(lab[:10], justify="right")
    for lab, row in zip(labels, result["confusion"]["matrix"], strict=True):
        confusion.add_row(lab, *map(str, row))
    out.print(confusion)
    for key in [k for k in result if k.startswith("by_")]:
        groups = Table(title=f"macro-F1 {key.replace('_', ' ')}")
        groups.add_column(key[3:])
        groups.add_column("n", justify="right")
        groups.add_column("macro-F1", justify="right")
        for name, row in result[key].items():
            groups.add_row(name, str(row["n"]), f"{row['macro_f1']:.3f}")
        out.print(groups)
    out.print(f"expected calibration error: {result['ece']:.3f}")
    if "adaptation" in result:  # an adapted bundle: its base, files, label counts and method
        from claimcheck.adapt import describe_adaptation

        out.print(
            "\n".join(describe_adaptation(result["adaptation"])), highlight=False, markup=False
        )
    if result.get("skipped"):
        out.print(f"skipped {result['skipped']} empty texts (no label to score)")


# --- researcher workflow: label suggest|config|import, agreement, audit ----------------------

from claimcheck.research.label_cli import register as _register_labelling  # noqa: E402

_register_labelling(app)

# --- feedback store: db upgrade, keys create|revoke|list, retrain -----------------------------

from claimcheck.service.cli import register as _register_service  # noqa: E402

_register_service(app)

# --- HTTP service ---------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (env CLAIMCHECK_HOST; 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="TCP port (env CLAIMCHECK_PORT; 8000).", min=0, max=65535)
    ] = None,
    model: ModelOption = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (env CLAIMCHECK_DB_URL; sqlite:///claimcheck.db)."),
    ] = None,
) -> None:
    """Run the HTTP API and moderation page (settings also from CLAIMCHECK_* variables)."""
    from pydantic import ValidationError

    from claimcheck.service.app import load_classifier, open_database
    from claimcheck.service.server import build_settings
    from claimcheck.service.server import serve as run_server

    try:
        settings = build_settings(host=host, port=port, model=model, db_url=db)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        fail(f"bad setting {where} (CLAIMCHECK_{where.upper()}): {problem['msg']}", 2)
    classifier = run_safely(load_classifier, settings)
    database = run_safely(open_database, settings)
    err.print(
        f"claimcheck {classifier.version} on http://{settings.host}:{settings.port}/ "
        f"(database {database.safe_url})",
        highlight=False,
        soft_wrap=True,
    )
    try:
        run_server(settings, classifier=classifier, database=database)
    finally:
        database.dispose()


# --- researcher workflow: evaluation report, thread analysis ---------------------------------

from claimcheck.research.report_cli import register as _register_reports  # noqa: E402

_register_reports(app)
__import__("claimcheck.adapt_cli").adapt_cli.register(app)  # `claimcheck adapt`

# --- model trust and sharing: trust, export, import, pin -------------------------------------

from claimcheck.bundle_cli import register as _register_bundles  # noqa: E402

_register_bundles(app)


def main() -> None:  # pragma: no cover - console entry point
    """The `claimcheck` script: a missing optional library becomes one line naming its extra."""
    from claimcheck.extras import run_app

    run_app(app)


if __name__ == "__main__":  # pragma: no cover
    main()
