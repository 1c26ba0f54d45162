"""`claimcheck adapt`: fit a model bundle to one forum with a few of its own labels, or none.

The adapted model is the base model plus an offset fitted on the forum's labels
(claimcheck/adapt_fit.py says why and how), plus, with an unlabelled export, the forum's label
priors re-estimated by EM. It is never silently worse: the forum's labels are cross-validated
(the offset's strength chosen inside each fold), the before/after macro-F1 is reported with a
paired bootstrap interval, and the base corpus's leave-domains-out score is recomputed with the
adaptation applied. Either check failing gives a warning, or with `strict` a refusal.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from claimcheck.adapt_fit import (
    N_LABELS,
    STRENGTHS,
    Anchors,
    Index,
    Offset,
    Scored,
    em_priors,
    final_proba,
    fit_offset,
    label_index,
    prior_shift,
    unit_owner,
)
from claimcheck.adapt_inputs import ForumLabels, LabelledComment, read_forum_labels, read_unlabelled
from claimcheck.exceptions import ClaimcheckError, IncompatibleModelError, InputError
from claimcheck.parsed import DocFeatures, Units
from claimcheck.types import LABEL_NAMES

METHOD = "offset on base logits (Gaussian prior at the base weights), strength by forum CV"
#: Fewer labelled comments than this cannot be cross-validated meaningfully.
MIN_LABELS = 10
#: The adapted model may lose at most this much leave-domains-out macro-F1 on the base corpus.
MAX_LDO_LOSS = 0.01
N_FOLDS = 5
BOOTSTRAP = 1000
#: Base corpus comments the offset is distilled on (balanced by label) and their total
#: weight against the forum's labels.
ANCHORS = 2000
ANCHOR_WEIGHT = 3.0


class AdaptationRefused(ClaimcheckError):
    """`strict` adaptation whose checks failed: nothing was written."""


# --- the base model --------------------------------------------------------------------------


@dataclass
class BaseModel:
    """A loaded bundle split into the parts adaptation needs."""

    path: Path
    pipeline: Any
    meta: dict[str, Any]
    version: str
    sentence_weight: float
    temperature: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> BaseModel:
        from sklearn.linear_model import LogisticRegression

        from claimcheck.bundle import default_model_path, load_bundle
        from claimcheck.predict import Classifier

        bundle = load_bundle(path if path is not None else default_model_path())
        clf = bundle.model[-1]
        if not isinstance(clf, LogisticRegression) or "features" not in bundle.model.named_steps:
            kind = type(clf).__name__
            raise IncompatibleModelError(
                f"{bundle.path}: adapt needs a bundle whose classifier is a plain "
                f"LogisticRegression (calibration 'temperature' or 'none'), not {kind}; "
                "retrain the base with `claimcheck train`"
            )
        settings = bundle.meta.get("settings", {})
        return cls(
            path=bundle.path,
            pipeline=bundle.model,
            meta=bundle.meta,
            version=Classifier(bundle.model, bundle.meta).version,
            sentence_weight=float(settings.get("sentence_weight", 0.5)),
            temperature=float(settings.get("temperature", 1.0)),
        )

    @property
    def clf(self) -> Any:
        return self.pipeline[-1]

    def parse(self, texts: Sequence[str]) -> list[DocFeatures]:
        return list(self.pipeline[0].transform(list(texts))) if texts else []

    def features(self, docs: Sequence[DocFeatures]) -> sp.csr_matrix:
        return sp.csr_matrix(self.pipeline.named_steps["features"].transform(docs))

    def scored(self, docs: Sequence[DocFeatures]) -> Scored:
        """Prediction units of `docs` with their features and base logits."""
        units = Units(docs)
        x = self.features(units)
        return Scored(list(docs), x, self.clf.decision_function(x), unit_owner(docs))


@dataclass
class TrainUnits:
    """The rows the offset is fitted on: each labelled comment and, where it has several
    labelled sentences, those sentences (as the base model was trained)."""

    x: sp.csr_matrix
    logits: np.ndarray
    y: np.ndarray
    owner: np.ndarray

    def of(self, comments: Index) -> TrainUnits:
        keep = np.isin(self.owner, np.asarray(comments, dtype=int))
        return TrainUnits(self.x[keep], self.logits[keep], self.y[keep], self.owner[keep])


def train_units(
    base: BaseModel, items: Sequence[LabelledComment], docs: Sequence[DocFeatures]
) -> TrainUnits:
    texts, labels, owners = [], [], []
    for i, item in enumerate(items):
        if len(item.sentences) > 1:
            for s in item.sentences:
                texts.append(item.text[s.start : s.end])
                labels.append(s.label.value)
                owners.append(i)
    units = list(docs) + base.parse(texts)
    x = base.features(units)
    y = label_index([it.label.value for it in items] + labels)
    owner = np.asarray(list(range(len(items))) + owners, dtype=int)
    return TrainUnits(x, base.clf.decision_function(x), y, owner)


# --- choosing the offset's strength ----------------------------------------------------------


def _folds(y: np.ndarray, n_splits: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import KFold, StratifiedKFold

    n_splits = max(2, min(n_splits, len(y)))
    counts = np.bincount(y, minlength=N_LABELS)
    if counts[counts > 0].min() >= n_splits:
        splitter: Any = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
        return list(splitter.split(np.zeros(len(y)), y))
    return list(KFold(n_splits, shuffle=True, random_state=seed).split(np.zeros(len(y))))


def _log_loss(proba: np.ndarray, y: np.ndarray) -> float:
    return float(-np.log(np.clip(proba[np.arange(len(y)), y], 1e-9, 1.0)).mean())


@dataclass
class Fitter:
    """Fits and scores offsets for one forum: training rows, prediction rows, gold."""

    base: BaseModel
    train: TrainUnits
    scored: Scored  # prediction units of the labelled comments
    gold: np.ndarray  # label index per labelled comment
    anchors: Anchors | None = None

    def proba(self, comments: Index, offset: Offset) -> np.ndarray:
        return final_proba(
            self.scored.subset(comments),
            offset,
            sentence_weight=self.base.sentence_weight,
            temperature=self.base.temperature,
        )

    def with_anchors(self, anchors: Anchors | None) -> Fitter:
        return Fitter(self.base, self.train, self.scored, self.gold, anchors)

    def fit(self, comments: Index, strength: float | None) -> Offset:
        rows = self.train.of(comments)
        return fit_offset(rows.x, rows.logits, rows.y, strength, anchors=self.anchors)

    def choose(self, comments: np.ndarray, seed: int = 0) -> float | None:
        """The strength with the lowest cross-validated log-loss on `comments` (None = base)."""
        losses = {s: 0.0 for s in STRENGTHS}
        for train, test in _folds(self.gold[comments], N_FOLDS, seed):
            for strength in STRENGTHS:
                offset = self.fit(comments[train], strength)
                proba = self.proba(comments[test], offset)
                losses[strength] += _log_loss(proba, self.gold[comments[test]]) * len(test)
        return min(STRENGTHS, key=lambda s: losses[s])

    def cross_validated(self, seed: int = 0) -> np.ndarray:
        """Out-of-fold probabilities of every labelled comment, the strength chosen inside
        each fold on its training part only (nested), so the score is not tuned on itself."""
        every = np.arange(len(self.gold))
        out = np.zeros((len(every), N_LABELS))
        for train, test in _folds(self.gold, N_FOLDS, seed):
            strength = self.choose(every[train], seed)
            out[test] = self.proba(every[test], self.fit(every[train], strength))
        return out


# --- scores and intervals --------------------------------------------------------------------


def _macro_f1_rows(gold: np.ndarray, pred: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Macro-F1 of each row of index arrays (resamples), over `labels` (zero_division=0)."""
    scores = []
    for lab in labels:
        tp = ((gold == lab) & (pred == lab)).sum(axis=1)
        denom = (gold == lab).sum(axis=1) + (pred == lab).sum(axis=1)
        scores.append(np.divide(2 * tp, denom, out=np.zeros(len(gold)), where=denom > 0))
    return np.asarray(np.mean(scores, axis=0))


def before_after(
    gold: np.ndarray, before: np.ndarray, after: np.ndarray, *, seed: int = 0
) -> dict[str, Any]:
    """Macro-F1 before/after on the forum's labels, with paired percentile-bootstrap 95%
    intervals (the same resampled comments score both models)."""
    labels = np.unique(gold)
    pb, pa = before.argmax(axis=1), after.argmax(axis=1)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(gold), size=(BOOTSTRAP, len(gold)))
    point_b = float(_macro_f1_rows(gold[None], pb[None], labels)[0])
    point_a = float(_macro_f1_rows(gold[None], pa[None], labels)[0])
    boot_b = _macro_f1_rows(gold[idx], pb[idx], labels)
    boot_a = _macro_f1_rows(gold[idx], pa[idx], labels)

    def ci(values: np.ndarray) -> list[float]:
        return [float(v) for v in np.percentile(values, [2.5, 97.5])]

    return {
        "n": len(gold),
        "labels": [LABEL_NAMES[i] for i in labels],
        "before": point_b,
        "before_ci": ci(boot_b),
        "after": point_a,
        "after_ci": ci(boot_a),
        "gain": point_a - point_b,
        "gain_ci": ci(boot_a - boot_b),
    }


# --- the base corpus's leave-domains-out score ------------------------------------------------


@dataclass
class LdoReference:
    """Out-of-fold base logits for every base corpus comment (whole domains held out), with
    the features the adaptation reads: enough to rescore leave-domains-out CV with any
    offset added, in a fraction of a second."""

    scored: Scored  # base_logits are the out-of-fold ones
    in_sample: np.ndarray  # the full base model's logits on the same rows
    gold: list[str]
    domains: list[str]
    folds: list[np.ndarray]  # held-out comment indices of each fold
    base_macro_f1: float
    seconds: float

    def anchors(self, comments: np.ndarray | None = None, *, seed: int = 0) -> Anchors:
        """Up to ANCHORS comment rows (of `comments`, default all), balanced by label."""
        pool = np.arange(len(self.gold)) if comments is None else np.asarray(comments)
        rng = np.random.default_rng(seed)
        gold = np.asarray(self.gold)[pool]
        per_label = ANCHORS // N_LABELS
        chosen = []
        for lab in LABEL_NAMES:
            mine = pool[gold == lab]
            chosen.extend(rng.choice(mine, min(per_label, len(mine)), replace=False).tolist())
        rows = np.sort(np.asarray(chosen, dtype=int))  # comment rows come first in Units
        return Anchors(self.scored.x[rows], self.in_sample[rows], ANCHOR_WEIGHT)


def _base_corpus(base: BaseModel, corpus: Sequence[str | Path] | None) -> list[Any]:
    from claimcheck.bundle import default_model_path
    from claimcheck.corpus import load_comments
    from claimcheck.train import corpus_digest

    if corpus:
        files = [Path(p) for p in corpus]
    else:
        root = default_model_path().parent.parent
        files = []
        for name in base.meta.get("corpus_files", []):
            here = Path(name)
            files.append(here if here.exists() or here.is_absolute() else root / name)
    missing = [str(p) for p in files if not p.is_file()]
    if not files or missing:
        raise InputError(
            f"the base model's corpus ({', '.join(missing) or 'not recorded'}) is not here, "
            "so its leave-domains-out score cannot be checked; pass --corpus with the files "
            "it was trained on"
        )
    want = base.meta.get("corpus_digest")
    if want and corpus_digest(files) != want:
        raise InputError(
            f"{', '.join(map(str, files))} changed since {base.path} was trained (corpus digest "
            "differs), so its leave-domains-out score cannot be reproduced; pass --corpus with "
            "the files it was trained on, or retrain the base"
        )
    records: list[Any] = []
    for path in files:
        records.extend(load_comments(path))
    return records


def ldo_reference(
    base: BaseModel,
    *,
    corpus: Sequence[str | Path] | None = None,
    cache_dir: Path | None = None,
    log: Callable[[str], None] = lambda m: None,
) -> LdoReference:
    """Leave-domains-out out-of-fold logits of the base corpus, cached per base bundle.

    Honest and affordable: spaCy and the base model's fitted features run once over the
    corpus, and each of the 5 folds refits the linear model (warm-started from the base
    weights) on the other domains. The fold models share the full model's vocabulary and
    IDF (the held-out text shaped those, its labels did not), which is the one way this
    differs from `claimcheck train`'s CV; base and adapted are scored the same way.
    """
    import joblib
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold

    from claimcheck.bundle import MODEL_FILE, sha256_file
    from claimcheck.evaluate import parse_corpus

    key = sha256_file(base.path / MODEL_FILE)[:20]
    target = cache_dir / f"ldo-{key}.joblib" if cache_dir else None
    if target is not None and target.is_file():
        try:
            cached = joblib.load(target)
            if isinstance(cached, LdoReference):
                return cached
        except Exception:  # a damaged cache is rebuilt, never trusted
            pass
    started = time.perf_counter()
    log("base corpus leave-domains-out reference (once per base model; cached)...")
    records = _base_corpus(base, corpus)
    parsed = parse_corpus(records, base.pipeline[0])
    x_train = base.features(list(parsed.docs) + list(parsed.sentence_docs))
    y_train = np.asarray([r.label.value for r in records] + list(parsed.sentence_labels))
    owner = np.concatenate([np.arange(len(records)), parsed.sentence_owner]).astype(int)
    scored = base.scored(parsed.docs)
    domains = [r.domain for r in records]
    oof = np.zeros_like(scored.base_logits)
    folds: list[np.ndarray] = []
    for train, test in GroupKFold(n_splits=N_FOLDS).split(parsed.docs, groups=domains):
        rows = np.isin(owner, train)
        clf = clone(base.clf).set_params(tol=1e-3)
        clf.fit(x_train[rows], y_train[rows])
        units = np.isin(scored.owner, test)
        oof[units] = clf.decision_function(scored.x[units])
        folds.append(np.asarray(test))
        log(f"  fold {len(folds)}/{N_FOLDS} ({time.perf_counter() - started:.0f} s)")
    reference = Scored(scored.docs, scored.x, oof, scored.owner)
    gold = [r.label.value for r in records]
    proba = final_proba(
        reference,
        Offset.empty(),
        sentence_weight=base.sentence_weight,
        temperature=base.temperature,
    )
    from claimcheck.adapt_fit import macro_f1

    result = LdoReference(
        reference,
        scored.base_logits,
        gold,
        domains,
        folds,
        macro_f1(gold, proba, LABEL_NAMES),
        time.perf_counter() - started,
    )
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(result, target, compress=0)
    return result


def ldo_after(
    reference: LdoReference,
    base: BaseModel,
    fit: Callable[[Anchors], Offset],
    *,
    seed: int = 0,
) -> float:
    """Leave-domains-out macro-F1 of the adapted model: in each fold the offset is refitted
    with anchors from the other domains only, and its text weights are added to the fold
    model's logits on the held-out domains.

    The offset's bias and the EM prior shift are left out: they carry the forum's label
    frequencies, which the base corpus does not share; the text weights are what could
    damage what the model knows about text in general.
    """
    from claimcheck.adapt_fit import macro_f1

    every = np.arange(len(reference.gold))
    proba = np.zeros((len(every), N_LABELS))
    for test in reference.folds:
        test = np.sort(test)
        offset = fit(reference.anchors(np.setdiff1d(every, test), seed=seed))
        proba[test] = final_proba(
            reference.scored.subset(test),
            offset,
            sentence_weight=base.sentence_weight,
            temperature=base.temperature,
            text_only=True,
        )
    return macro_f1(reference.gold, proba, LABEL_NAMES)


def default_cache_dir() -> Path:
    import os

    root = os.environ.get("CLAIMCHECK_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return (Path(root) if root else Path.home() / ".cache") / "claimcheck" / "adapt"


# --- the whole command -----------------------------------------------------------------------


@dataclass
class AdaptResult:
    """What `adapt` did: the bundle written (None when refused), checks, and warnings."""

    out: Path | None
    report: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _check_out(out: Path, base: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} exists and is not a directory")
    if out.resolve() == base.resolve():
        raise InputError(f"--out {out} is the base bundle; write the adapted model elsewhere")


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def adapt(
    labelled: Sequence[str | Path],
    out: str | Path,
    *,
    base: str | Path | None = None,
    domain: str | None = None,
    unlabelled: str | Path | None = None,
    text_field: str = "text",
    strict: bool = False,
    corpus: Sequence[str | Path] | None = None,
    cache_dir: Path | None = None,
    seed: int = 0,
    log: Callable[[str], None] = lambda m: None,
) -> AdaptResult:
    """Adapt `base` to a forum from its labelled files and/or an unlabelled export."""
    from sklearn.base import clone
    from sklearn.pipeline import Pipeline

    from claimcheck.bundle import save_bundle
    from claimcheck.corpus import is_domain_slug

    started = time.perf_counter()
    out_dir = Path(out)
    if not labelled and unlabelled is None:
        raise InputError("nothing to adapt on: give labelled files, --unlabelled FILE, or both")
    if domain is not None and not is_domain_slug(domain):
        raise InputError(
            f"--domain {domain!r} is not a domain name: lower-case letters, digits and "
            "underscores, starting with a letter (e.g. my_forum)"
        )
    forum = read_forum_labels(labelled) if labelled else ForumLabels()
    if labelled and len(forum.items) < MIN_LABELS:
        raise InputError(
            f"{len(forum.items)} labelled comments in {', '.join(map(str, labelled))}; adapt "
            f"needs at least {MIN_LABELS} to fit and cross-check (label more with "
            "`claimcheck label suggest`)"
        )
    texts: list[str] = []
    skipped_unlabelled = 0
    if unlabelled is not None:
        texts, skipped_unlabelled = read_unlabelled(unlabelled, text_field=text_field)
    model = BaseModel.load(base)
    _check_out(out_dir, model.path)
    log(f"base {model.path} ({model.version}); {len(forum.items)} labelled comments")
    warnings: list[str] = []
    report: dict[str, Any] = {"method": METHOD, "label_counts": forum.counts()}

    reference = ldo_reference(
        model, corpus=corpus, cache_dir=cache_dir or default_cache_dir(), log=log
    )
    ldo: dict[str, Any] = {
        "before": reference.base_macro_f1,
        "after": reference.base_macro_f1,
        "reference_seconds": round(reference.seconds, 1),
    }
    offset = Offset.empty()
    if forum.items:
        items = forum.items
        docs = model.parse([it.text for it in items])
        fitter = Fitter(
            model,
            train_units(model, items, docs),
            model.scored(docs),
            label_index([it.label.value for it in items]),
            reference.anchors(seed=seed),
        )
        every = np.arange(len(items))
        log("cross-validating on the forum's labels (strength chosen inside each fold)...")
        before = fitter.proba(every, Offset.empty())
        check = before_after(fitter.gold, before, fitter.cross_validated(seed), seed=seed)
        strength = fitter.choose(every, seed)
        offset = fitter.fit(every, strength)
        check["strength"] = strength
        report["forum_cv"] = check
        if check["gain"] <= 0:
            warnings.append(
                f"the adapted model is not better on the forum's own labels (cross-validated "
                f"macro-F1 {check['before']:.3f} -> {check['after']:.3f})"
            )
        log("rescoring the base corpus's leave-domains-out CV with the adaptation...")
        ldo["after"] = ldo_after(
            reference, model, lambda anchors: fitter.with_anchors(anchors).fit(every, strength)
        )
    if texts:
        log(f"estimating the forum's label priors on {len(texts)} unlabelled comments (EM)...")
        report["priors"], offset = estimate_priors(model, model.parse(texts), offset)
        report["priors"]["skipped"] = skipped_unlabelled
    ldo["loss"] = ldo["before"] - ldo["after"]
    report["leave_domains_out"] = ldo
    if ldo["loss"] > MAX_LDO_LOSS:
        warnings.append(
            f"the adapted model loses {ldo['loss']:.3f} leave-domains-out macro-F1 on the base "
            f"corpus ({ldo['before']:.3f} -> {ldo['after']:.3f}; at most {MAX_LDO_LOSS} allowed)"
        )
    report["seconds"] = round(time.perf_counter() - started, 2)
    if strict and warnings:
        raise AdaptationRefused(
            "refused (--strict): " + "; ".join(warnings) + f". Nothing written to {out_dir}"
        )
    clf = clone(model.clf)
    n_features = model.clf.coef_.shape[1]
    clf.coef_ = model.clf.coef_ + offset.dense_weights(n_features)
    clf.intercept_ = model.clf.intercept_ + offset.bias
    clf.classes_ = model.clf.classes_
    clf.n_features_in_ = n_features
    clf.n_iter_ = getattr(model.clf, "n_iter_", None)
    pipeline = Pipeline([*model.pipeline.steps[:-1], (model.pipeline.steps[-1][0], clf)])
    files = forum.files + (
        [{"path": str(unlabelled), "sha256": _sha(unlabelled), "kind": "unlabelled"}]
        if unlabelled is not None
        else []
    )
    slug = domain or _domain_of(forum.items) or "forum"
    adaptation = {
        "base": {
            "path": str(model.path),
            "version": model.version,
            "corpus_digest": model.meta.get("corpus_digest"),
            "created": model.meta.get("created"),
        },
        "domain": slug,
        "files": files,
        **report,
        "warnings": warnings,
    }
    meta = {
        "corpus_digest": _digest(
            [str(model.meta.get("corpus_digest", ""))] + [f["sha256"] for f in files]
        ),
        "corpus_files": list(model.meta.get("corpus_files", [])) + [f["path"] for f in files],
        "n_comments": int(model.meta.get("n_comments", 0)) + len(forum.items),
        "params": model.meta.get("params"),
        "settings": {"sentence_weight": model.sentence_weight, "temperature": model.temperature},
        "metrics": {"leave_domains_out_cv": {"macro_f1": ldo["after"]}},
        "adaptation": adaptation,
    }
    save_bundle(pipeline, out_dir, meta)
    return AdaptResult(out_dir, adaptation, warnings, forum.notes)


def estimate_priors(
    model: BaseModel, docs: Sequence[DocFeatures], offset: Offset
) -> tuple[dict[str, Any], Offset]:
    """EM label priors of unlabelled forum comments, carried into the offset's bias."""
    scored = model.scored(docs)
    weight, temperature = model.sentence_weight, model.temperature
    proba = final_proba(scored, offset, sentence_weight=weight, temperature=temperature)
    priors = em_priors(proba)
    shift = prior_shift(scored, offset, priors, sentence_weight=weight, temperature=temperature)
    report = {
        "comments": len(docs),
        "before": dict(zip(LABEL_NAMES, map(float, proba.mean(axis=0)), strict=True)),
        "estimated": dict(zip(LABEL_NAMES, map(float, priors), strict=True)),
        "intercept_shift": [float(v) for v in shift],
    }
    return report, Offset(offset.columns, offset.weights, offset.bias + shift, offset.strength)


def _sha(path: str | Path) -> str:
    from claimcheck.bundle import sha256_file

    return sha256_file(Path(path))


def _domain_of(items: Sequence[LabelledComment]) -> str | None:
    from claimcheck.corpus import is_domain_slug

    found = {it.domain for it in items if it.domain and is_domain_slug(it.domain)}
    return found.pop() if len(found) == 1 else None


def describe_adaptation(summary: dict[str, Any]) -> list[str]:
    """Plain lines for a terminal: which base, which files, how many labels, which method."""
    counts = ", ".join(f"{k} {v}" for k, v in (summary.get("label_counts") or {}).items())
    lines = [
        f"adapted from {summary.get('base_version')} for domain {summary.get('domain')} "
        f"({summary.get('method')})",
        f"labels: {counts or 'none'}",
    ]
    for f in summary.get("files") or []:
        lines.append(f"  {f.get('kind')} {f.get('path')} sha256 {str(f.get('sha256'))[:16]}")
    cv = summary.get("forum_cv")
    if cv:
        lines.append(
            f"forum CV macro-F1 {cv['before']:.3f} -> {cv['after']:.3f} "
            f"(gain {cv['gain']:+.3f} [{cv['gain_ci'][0]:+.3f}, {cv['gain_ci'][1]:+.3f}])"
        )
    return lines
