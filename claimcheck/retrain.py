"""Retrain a bundle on the corpus plus extra corpus-format files, leaving chosen corpus
records out.

Beside train.py because it is training: the service's feedback export (service/
feedback_export.py) decides what to add (the exported feedback file) and which corpus records
a moderator's correction replaces, and hands both here; nothing here knows about databases.
The corpus directory is never changed: records left out go to a training copy in the output
directory (`training_corpus.jsonl`), which the bundle's meta lists among its corpus files.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.corpus import load_comments, resolve_corpus
from claimcheck.exceptions import InputError
from claimcheck.io.jsonl import write_jsonl

if TYPE_CHECKING:
    from claimcheck.model import ModelParams

TRAINING_CORPUS_FILE = "training_corpus.jsonl"


@dataclass(frozen=True)
class Retrained:
    """The new bundle's meta.json, and the corpus file it was trained on."""

    meta: dict[str, Any]
    corpus: Path


def training_corpus(corpus: str | Path, out: str | Path, drop_ids: Collection[str] = ()) -> Path:
    """The corpus file to train on: the corpus itself, or with `drop_ids`, a copy without
    those records at OUT/training_corpus.jsonl. An id the corpus does not hold is an
    InputError (a typo would otherwise train on the record it meant to replace)."""
    corpus_file = resolve_corpus(corpus)
    if not drop_ids:
        return corpus_file
    records = load_comments(corpus_file)
    unknown = sorted(set(drop_ids) - {r.id for r in records})
    if unknown:
        raise InputError(
            f"{corpus_file} has no record with id {', '.join(map(repr, unknown[:5]))}"
            f"{' ...' if len(unknown) > 5 else ''}; give ids of records in the corpus to leave out"
        )
    drop = set(drop_ids)
    rows = (r.to_dict() for r in records if r.id not in drop)
    return write_jsonl(rows, Path(out) / TRAINING_CORPUS_FILE)


def retrain(
    corpus: str | Path,
    out: str | Path,
    *,
    extra: Sequence[str | Path] = (),
    drop_ids: Collection[str] = (),
    params: ModelParams | None = None,
    cross_validate: bool = True,
    log: Callable[[str], None] | None = None,
) -> Retrained:
    """Train a bundle in OUT on the corpus (less `drop_ids`) plus the `extra` files."""
    from claimcheck.train import train_model  # spaCy and scikit-learn: only when training

    train_on = training_corpus(corpus, out, drop_ids)
    kwargs: dict[str, Any] = {"cross_validate": cross_validate, "extra": list(extra)}
    if params is not None:
        kwargs["params"] = params
    if log is not None:
        kwargs["log"] = log
    return Retrained(train_model(train_on, out, **kwargs), train_on)
