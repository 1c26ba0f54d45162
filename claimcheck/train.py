"""Rebuild a model bundle from the corpus: fit, measure on held-out domains, save, verify."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from claimcheck.bundle import save_bundle
from claimcheck.corpus import CorpusRecord, load_comments, resolve_corpus
from claimcheck.evaluate import (
    cross_fitted_temperature,
    cross_validate_domains,
    parse_corpus,
    scores,
)
from claimcheck.extras import require
from claimcheck.model import (
    ModelParams,
    SpacyPreprocessor,
    apply_temperature,
    fit_pipeline,
    fit_temperature,
)


def corpus_digest(paths: Sequence[Path]) -> str:
    """SHA-256 over the training files, in order: which data a bundle was built from."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_training_records(
    corpus: str | Path, extra: Sequence[str | Path] = ()
) -> tuple[list[CorpusRecord], list[Path]]:
    """The corpus plus any additional labelled files in the corpus format."""
    files = [resolve_corpus(corpus), *(Path(p) for p in extra)]
    records: list[CorpusRecord] = []
    for path in files:
        records.extend(load_comments(path))
    return records, files


def train_model(
    corpus: str | Path = "corpus",
    out: str | Path = "models/default",
    *,
    params: ModelParams | None = None,
    extra: Sequence[str | Path] = (),
    cross_validate: bool = True,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Fit on all records, optionally score leave-domains-out CV, and save the bundle."""
    # The lemmatizer's lookup table comes from spacy-lookups-data when a pipeline is built
    # (a bundle carries its own copy, so prediction never needs the package).
    require("train", "spacy_lookups_data", feature="training a model")
    params = params or ModelParams()
    records, files = load_training_records(corpus, extra)
    log(f"training on {len(records)} comments from {', '.join(map(str, files))}")
    metrics: dict[str, Any] = {}
    fixed = params.temperature if params.calibration == "temperature" else None
    temperature = 1.0 if fixed is None else fixed
    if params.calibration == "temperature" and fixed is None and not cross_validate:
        log("no cross-validation: probabilities stay uncalibrated (temperature 1.0)")
    if cross_validate:
        log("leave-domains-out cross-validation (5 folds)...")
        preprocessor = SpacyPreprocessor(norm_form=params.norm_form).fit([])
        parsed = parse_corpus(records, preprocessor)
        oof = cross_validate_domains(parsed, params)
        gold = [r.label.value for r in records]
        if params.calibration == "temperature" and fixed is None:
            temperature = fit_temperature(oof, gold)
            # Honest ECE: each domain fold is scaled by a temperature fitted on the others.
            oof = cross_fitted_temperature(oof, gold, [r.domain for r in records])
            log(f"  temperature {temperature:.3f} (fitted on held-out domains)")
        elif fixed is not None:
            oof = apply_temperature(oof, fixed)
            log(f"  temperature {fixed:.3f} (fixed by the parameters)")
        cv = scores(gold, oof, groups={"domain": [r.domain for r in records]})
        metrics["leave_domains_out_cv"] = {
            "macro_f1": cv["macro_f1"],
            "ece": cv["ece"],
            "per_label_f1": {k: v["f1"] for k, v in cv["per_label"].items()},
        }
        log(f"  macro-F1 {cv['macro_f1']:.3f}, ECE {cv['ece']:.3f}")
    log("fitting the final model on everything...")
    pipeline = fit_pipeline(
        [r.text for r in records],
        [r.label.value for r in records],
        [[(s.start, s.end, s.label.value) for s in r.sentences] for r in records],
        params,
    )
    meta = {
        "corpus_digest": corpus_digest(files),
        "corpus_files": [str(p) for p in files],
        "n_comments": len(records),
        "params": asdict(params),
        "settings": {"sentence_weight": params.sentence_weight, "temperature": temperature},
        "metrics": metrics,
    }
    path = save_bundle(pipeline, out, meta)
    log(f"saved {path}")
    return meta
