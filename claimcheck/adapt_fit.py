"""The numbers behind `claimcheck adapt`: a forum offset on the base model's logits, its
strength chosen by cross-validation on the forum's own labels, and label priors re-estimated
by EM on unlabelled text. Plain numpy/scipy on feature matrices; no files, no spaCy.

Method (chosen by measurement, docs/benchmarks.md "Adapting to a forum"): the adapted model is
the base linear model plus an offset fitted on the forum's labels only,

    logits(x) = base_logits(x) + x · W + b,     min  mean_i s_i CE(y_i, softmax(logits(x_i)))
                                                     + strength / 2 · (|W|² + |b|²)

i.e. maximum a-posteriori training with a Gaussian prior centred on the base weights
(Chelba & Acero 2006), which is Daumé's (2007) feature augmentation with the shared weights
held at the base model's. Because the offset is linear in the same features it folds into the
base classifier (coef + Wᵀ, intercept + b): the adapted bundle is an ordinary bundle. Base
corpus rows never enter the fit, so a fit takes milliseconds, and refitting per fold is cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

from claimcheck.model import LABEL_INDEX, apply_temperature, predict_docs
from claimcheck.parsed import DocFeatures
from claimcheck.types import LABEL_NAMES, LABELS, Label

N_LABELS = len(LABELS)
#: Row or comment positions: a list or an integer array.
Index = Sequence[int] | np.ndarray
#: Strengths tried by the inner cross-validation, strongest pull towards the base first.
#: `None` is "no offset at all" (the base model), so selection can always keep the base.
STRENGTHS: tuple[float | None, ...] = (None, 1.0, 0.3, 0.1, 0.03, 0.01)


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def label_index(labels: Sequence[str]) -> np.ndarray:
    return np.asarray([LABEL_INDEX[Label(v)] for v in labels], dtype=int)


@dataclass(frozen=True)
class Offset:
    """The forum's correction to the base logits, on the feature columns it saw."""

    columns: np.ndarray  # feature indices with a weight
    weights: np.ndarray  # (len(columns), N_LABELS)
    bias: np.ndarray  # (N_LABELS,)
    strength: float | None  # None: the empty offset (base model unchanged)

    @staticmethod
    def empty(n_features: int = 0) -> Offset:
        return Offset(
            np.zeros(0, dtype=int), np.zeros((0, N_LABELS)), np.zeros(N_LABELS), strength=None
        )

    def text_logits(self, x: sp.csr_matrix) -> np.ndarray:
        """x · W: the part that reads the text (no bias)."""
        if not len(self.columns):
            return np.zeros((x.shape[0], N_LABELS))
        return np.asarray(x[:, self.columns] @ self.weights)

    def logits(self, x: sp.csr_matrix) -> np.ndarray:
        return self.text_logits(x) + self.bias

    def dense_weights(self, n_features: int) -> np.ndarray:
        """(N_LABELS, n_features), the shape of a LogisticRegression's coef_."""
        full = np.zeros((N_LABELS, n_features))
        full[:, self.columns] = self.weights.T
        return full


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """Per-row weights giving every label present the same total (mean 1), like the base
    model's class_weight="balanced": the offset then learns how the forum writes each label,
    not how often the labelled sample happened to contain it (EM sets the frequencies)."""
    counts = np.bincount(y, minlength=N_LABELS).astype(float)
    present = counts > 0
    w = np.zeros(N_LABELS)
    w[present] = len(y) / (present.sum() * counts[present])
    return np.asarray(w[y])


@dataclass(frozen=True)
class Anchors:
    """Base corpus rows the offset must leave alone: their features and the base model's
    logits on them. The fit adds KL(base || adapted) on these rows (distillation), so the
    offset learns what is peculiar to the forum, not what the forum merely lacks (a forum
    without testimonials must not teach that "I" or "my" never mark one)."""

    x: sp.csr_matrix
    logits: np.ndarray
    weight: float = 1.0


def fit_offset(
    x: sp.csr_matrix,
    base_logits: np.ndarray,
    y: np.ndarray,
    strength: float | None,
    *,
    anchors: Anchors | None = None,
    weights: np.ndarray | None = None,
) -> Offset:
    """The offset minimising weighted cross-entropy on the forum rows, + KL to the base on
    the anchor rows, + strength/2·(|W|² + |b|²); the bias acts on forum rows only.

    Only the feature columns the forum's rows use get a weight (elsewhere the forum gives
    no evidence). BLAS runs single-threaded here: the matrices are small, and on a busy
    2-core machine extra BLAS threads made each step 20x slower.
    """
    if strength is None or len(y) == 0:
        return Offset.empty()
    from threadpoolctl import threadpool_limits

    x = sp.csr_matrix(x)
    columns = np.unique(x.indices)
    n = x.shape[0]
    rows = x[:, columns]
    targets = np.zeros((n, N_LABELS))
    targets[np.arange(n), y] = 1.0
    s = balanced_weights(y) if weights is None else np.asarray(weights, dtype=float)
    s = s / s.sum()
    logits0 = base_logits
    if anchors is not None and anchors.x.shape[0]:
        m = anchors.x.shape[0]
        rows = sp.vstack([rows, anchors.x[:, columns]]).tocsr()
        targets = np.vstack([targets, softmax(anchors.logits)])
        s = np.concatenate([s, np.full(m, anchors.weight / m)])
        logits0 = np.vstack([base_logits, anchors.logits])
    forum = np.zeros(len(s), dtype=bool)
    forum[:n] = True
    rows_t = rows.T.tocsr()
    d = rows.shape[1]

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: d * N_LABELS].reshape(d, N_LABELS)
        b = theta[d * N_LABELS :]
        z = logits0 + rows @ w
        z[forum] += b
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1))[:, None]
        loss = -float((s * (logp * targets).sum(axis=1)).sum())
        loss += 0.5 * strength * float(theta @ theta)
        g = (np.exp(logp) - targets) * s[:, None]
        grad_w = rows_t @ g + strength * w
        grad_b = g[forum].sum(axis=0) + strength * b
        return loss, np.concatenate([np.asarray(grad_w).ravel(), grad_b])

    theta0 = np.zeros(d * N_LABELS + N_LABELS)
    with threadpool_limits(limits=1):
        result = minimize(objective, theta0, jac=True, method="L-BFGS-B", options={"maxiter": 300})
    return Offset(
        columns=columns,
        weights=result.x[: d * N_LABELS].reshape(d, N_LABELS),
        bias=result.x[d * N_LABELS :].copy(),
        strength=strength,
    )


class _FixedProba:
    """Stands in for a fitted pipeline in `predict_docs`: returns probabilities computed
    elsewhere, so comment/sentence combination runs exactly as it does in the Classifier."""

    def __init__(self, proba: np.ndarray) -> None:
        self.proba = proba

    def __getitem__(self, key: object) -> _FixedProba:
        return self

    def predict_proba(self, units: object) -> np.ndarray:
        return self.proba


@dataclass
class Scored:
    """Parsed comments with what the final probabilities need: the features and base logits
    of their prediction units (each comment, then the sentences of multi-sentence ones)."""

    docs: list[DocFeatures]
    x: sp.csr_matrix
    base_logits: np.ndarray
    #: unit row -> comment index
    owner: np.ndarray

    def subset(self, comments: Index) -> Scored:
        """The same for some comments, in the given order (rows rebuilt in Units order)."""
        rows_of = {int(c): np.flatnonzero(self.owner == c) for c in comments}
        rows = [int(rows_of[int(c)][0]) for c in comments]
        owner = list(range(len(comments)))
        for i, c in enumerate(comments):
            extra = rows_of[int(c)][1:]
            rows.extend(int(r) for r in extra)
            owner.extend([i] * len(extra))
        return Scored(
            docs=[self.docs[int(c)] for c in comments],
            x=self.x[rows],
            base_logits=self.base_logits[rows],
            owner=np.asarray(owner, dtype=int),
        )


def unit_owner(docs: Sequence[DocFeatures]) -> np.ndarray:
    """Comment index of each row of `Units(docs)`."""
    owners = list(range(len(docs)))
    for i, doc in enumerate(docs):
        if len(doc.sentences) > 1:
            owners.extend([i] * len(doc.sentences))
    return np.asarray(owners, dtype=int)


def final_proba(
    scored: Scored,
    offset: Offset,
    *,
    sentence_weight: float,
    temperature: float,
    shift: np.ndarray | None = None,
    text_only: bool = False,
) -> np.ndarray:
    """Comment probabilities of base + offset (+ a prior shift), as the Classifier gives them."""
    logits = scored.base_logits + (
        offset.text_logits(scored.x) if text_only else offset.logits(scored.x)
    )
    if shift is not None:
        logits = logits + shift
    combined, _ = predict_docs(_FixedProba(softmax(logits)), scored.docs, sentence_weight)
    return apply_temperature(combined, temperature)


def em_priors(
    proba: np.ndarray,
    reference: np.ndarray | None = None,
    *,
    max_iter: int = 200,
    tol: float = 1e-6,
) -> np.ndarray:
    """Label priors of unlabelled data by EM on a model's posteriors (Saerens, Latinne &
    Decaestecker 2002). `reference` is the prior the posteriors assume: uniform for a model
    fitted with balanced class weights, as claimcheck's is."""
    ref = np.full(N_LABELS, 1.0 / N_LABELS) if reference is None else np.asarray(reference)
    priors = ref.copy()
    for _ in range(max_iter):
        adjusted = proba * (priors / ref)
        adjusted /= adjusted.sum(axis=1, keepdims=True)
        new = adjusted.mean(axis=0)
        if np.abs(new - priors).max() < tol:
            priors = new
            break
        priors = new
    return np.asarray(priors)


def prior_shift(
    scored: Scored,
    offset: Offset,
    target: np.ndarray,
    *,
    sentence_weight: float,
    temperature: float,
    iterations: int = 30,
    floor: float = 1e-3,
) -> np.ndarray:
    """A logit shift (added to the intercept) after which the model's mean prediction on
    `scored` matches `target`: the EM priors carried into the model itself."""
    goal = np.clip(target, floor, None)
    goal = goal / goal.sum()
    shift = np.zeros(N_LABELS)
    for _ in range(iterations):
        mean = final_proba(
            scored, offset, sentence_weight=sentence_weight, temperature=temperature, shift=shift
        ).mean(axis=0)
        step = np.log(goal) - np.log(np.clip(mean, floor / 10, None))
        shift = shift + temperature * step
        shift -= shift.mean()
        if np.abs(step).max() < 1e-3:
            break
    return shift


def macro_f1(gold: Sequence[str], proba: np.ndarray, labels: Sequence[str] | None = None) -> float:
    """Macro-F1 over `labels` (default: the labels present in `gold`)."""
    from sklearn.metrics import f1_score

    predicted = [LABEL_NAMES[i] for i in proba.argmax(axis=1)]
    use = sorted(set(gold)) if labels is None else list(labels)
    return float(f1_score(gold, predicted, labels=use, average="macro", zero_division=0))
