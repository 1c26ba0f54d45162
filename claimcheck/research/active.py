"""Which comments to label next: uncertainty, margin and diversity-aware sampling.

The model's probabilities say where it is unsure; labelling those comments teaches it most.
`margin` is the default: it reached random sampling's final score with the fewest labels in
our simulation (docs/labelling.md). Plain uncertainty sampling tends to pick a batch of
near-twins (the same template the model keeps failing on), so `diverse` first takes the 5n
most uncertain comments, clusters them on TF-IDF character n-grams into n clusters and keeps
the most uncertain comment of each cluster.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from claimcheck.exceptions import InputError
from claimcheck.io.labelling import PoolItem, Skipped, Suggestion
from claimcheck.types import LABELS, Prediction

if TYPE_CHECKING:
    from claimcheck.predict import Classifier

Strategy = Literal["uncertainty", "margin", "diverse", "random"]
STRATEGIES: tuple[str, ...] = ("uncertainty", "margin", "diverse", "random")
#: `diverse` clusters this many times n of the most uncertain comments.
DIVERSE_CANDIDATES = 5


@dataclass
class Pool:
    """The unlabelled comments read from the input files, plus the records that were skipped."""

    items: list[PoolItem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read_pool(paths: Sequence[str | Path], *, text_field: str = "text") -> Pool:
    """Comments from any file the batch readers understand (JSONL, CSV, Parquet, Disqus, ...).

    A corpus file is a JSONL file too; its labels are ignored. Repeated texts are kept once.
    """
    from claimcheck.io.detect import iter_records
    from claimcheck.io.records import BadRecord, ReadOptions
    from claimcheck.text import is_empty

    pool = Pool()
    seen: set[str] = set()
    options = ReadOptions(text_field=text_field)
    for p in paths:
        for position, item in enumerate(iter_records(str(p), options), 1):
            if isinstance(item, BadRecord):
                pool.skipped.append(Skipped(item.source, item.position, item.reason))
                continue
            if is_empty(item.text):
                pool.skipped.append(Skipped(item.source, position, "empty text", item.id))
                continue
            if item.text in seen:
                pool.skipped.append(Skipped(item.source, position, "repeated text", item.id))
                continue
            seen.add(item.text)
            domain = item.extra.get("domain")
            pool.items.append(
                PoolItem(
                    id=item.id,
                    text=item.text,
                    source=item.source,
                    position=position,
                    domain=domain if isinstance(domain, str) else None,
                )
            )
    return pool


def entropy(proba: np.ndarray) -> np.ndarray:
    """Shannon entropy (nats) of each row: highest where the model spreads its bets."""
    clipped = np.clip(proba, 1e-12, 1.0)
    return np.asarray(-(clipped * np.log(clipped)).sum(axis=1))


def margin(proba: np.ndarray) -> np.ndarray:
    """Top-1 minus top-2 probability of each row: lowest where two labels compete."""
    top = np.sort(proba, axis=1)
    return np.asarray(top[:, -1] - top[:, -2])


def informativeness(proba: np.ndarray, strategy: str) -> np.ndarray:
    """One score per row, higher = label it sooner (random: zeros, the order is shuffled)."""
    if strategy in ("uncertainty", "diverse"):
        return entropy(proba)
    if strategy == "margin":
        return 1.0 - margin(proba)
    if strategy == "random":
        return np.zeros(len(proba))
    raise InputError(f"unknown strategy {strategy!r}; use one of: {', '.join(STRATEGIES)}")


def diverse_pick(features: Any, scores: np.ndarray, n: int, seed: int = 0) -> list[int]:
    """n row indices: one per k-means cluster of `features`, the highest-scoring in each.

    `features` are the candidates' rows (dense or sparse); clusters that come out empty (k-means
    may merge duplicates) are filled with the best remaining candidates, so n are returned
    whenever there are n candidates.
    """
    from sklearn.cluster import KMeans

    count = len(scores)
    if n >= count:
        return sorted(range(count), key=lambda i: -scores[i])
    clusters = KMeans(n_clusters=n, n_init=1, random_state=seed).fit_predict(features)
    best: dict[int, int] = {}
    for i in np.argsort(-scores, kind="stable"):
        best.setdefault(int(clusters[i]), int(i))
    picked = sorted(best.values(), key=lambda i: -scores[i])
    if len(picked) < n:
        chosen = set(picked)
        rest = [int(i) for i in np.argsort(-scores, kind="stable") if int(i) not in chosen]
        picked.extend(rest[: n - len(picked)])
    return picked


def text_features(texts: Sequence[str]) -> Any:
    """L2-normalised character 3-5-gram TF-IDF rows: near-twins land close together."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    return vectorizer.fit_transform(texts)


def select(
    proba: np.ndarray,
    n: int,
    strategy: str,
    *,
    texts: Sequence[str] | None = None,
    seed: int = 0,
) -> list[int]:
    """Indices of the n rows to label next, most useful first."""
    if n < 1:
        raise InputError(f"--n must be at least 1, got {n}")
    scores = informativeness(proba, strategy)
    count = len(scores)
    if strategy == "random":
        order = np.random.default_rng(seed).permutation(count)
        return [int(i) for i in order[:n]]
    order = np.argsort(-scores, kind="stable")
    if strategy != "diverse":
        return [int(i) for i in order[:n]]
    if texts is None:
        raise InputError("the diverse strategy needs the texts to cluster")
    candidates = [int(i) for i in order[: n * DIVERSE_CANDIDATES]]
    features = text_features([texts[i] for i in candidates])
    picked = diverse_pick(features, scores[candidates], n, seed)
    return [candidates[i] for i in picked]


def proba_matrix(predictions: Sequence[Prediction]) -> np.ndarray:
    """Rows of probabilities in the canonical label order."""
    return np.asarray([[p.probabilities[lab.value] for lab in LABELS] for p in predictions])


def suggest(
    classifier: Classifier,
    items: Sequence[PoolItem],
    n: int,
    strategy: str = "margin",
    *,
    seed: int = 0,
) -> list[Suggestion]:
    """Score the pool with the model and return the n comments most worth labelling."""
    if strategy not in STRATEGIES:
        raise InputError(f"unknown strategy {strategy!r}; use one of: {', '.join(STRATEGIES)}")
    if not items:
        raise InputError("the pool has no usable comments")
    predictions = classifier.predict([item.text for item in items])
    usable = [i for i, p in enumerate(predictions) if p.label is not None]
    proba = proba_matrix([predictions[i] for i in usable])
    texts = [items[i].text for i in usable]
    chosen = select(proba, n, strategy, texts=texts, seed=seed)
    scores = informativeness(proba, strategy)
    return [
        Suggestion(
            item=items[usable[k]],
            prediction=predictions[usable[k]],
            score=round(float(scores[k]), 6),
            strategy=strategy,
            rank=rank,
        )
        for rank, k in enumerate(chosen, 1)
    ]


def write_suggestions(
    suggestions: Sequence[Suggestion],
    out: str | Path,
    *,
    model_version: str,
    fmt: str | None = None,
) -> list[Path]:
    """Write suggestions as Label Studio tasks (+ config), a CSV sheet or JSONL; paths written.

    The format comes from `fmt` or the file name: `.csv` -> sheet, `.jsonl` -> JSON Lines,
    `.json` -> Label Studio tasks.
    """
    from claimcheck.io import labelstudio, sheets

    path = Path(out)
    if fmt is None:
        suffix = path.suffix.lower()
        fmt = {".csv": "csv", ".jsonl": "jsonl", ".json": "labelstudio"}.get(suffix)
        if fmt is None:
            raise InputError(
                f"cannot tell the format of {path} from its name; use a .json (Label Studio), "
                ".csv or .jsonl file, or pass --format"
            )
    if fmt == "labelstudio":
        return labelstudio.write_tasks(suggestions, path, model_version=model_version)
    if fmt == "csv":
        return [sheets.write_sheet(suggestions, path)]
    if fmt == "jsonl":
        return [write_jsonl(suggestions, path, model_version=model_version)]
    raise InputError(f"unknown format {fmt!r}; use labelstudio, csv or jsonl")


def suggestion_dict(suggestion: Suggestion, model_version: str) -> dict[str, Any]:
    """A suggestion as a flat JSON object (the JSONL output)."""
    p = suggestion.prediction
    return {
        "id": suggestion.item.id,
        "text": suggestion.item.text,
        "domain": suggestion.item.domain,
        "rank": suggestion.rank,
        "strategy": suggestion.strategy,
        "score": suggestion.score,
        "suggested_label": p.label.value if p.label else None,
        "probabilities": {k: round(v, 6) for k, v in p.probabilities.items()},
        "sentences": [
            {"start": s.start, "end": s.end, "label": s.label.value} for s in p.sentences
        ],
        "model_version": model_version,
    }


def write_jsonl(suggestions: Sequence[Suggestion], path: Path, *, model_version: str) -> Path:
    """One JSON object per suggestion."""
    from claimcheck.io.jsonl import write_jsonl as write_rows

    return write_rows((suggestion_dict(s, model_version) for s in suggestions), path)
