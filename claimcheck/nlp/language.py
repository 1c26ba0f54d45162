"""Text-level flags decided before the model runs: empty (nothing to classify) and non-English."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
#: langid must be at least this sure of another language (measured on corpus/flags.jsonl).
NON_ENGLISH_MIN_PROB = 0.5
#: A text whose words are at least this share English function words is English, whatever
#: langid says (it protects short English replies with a foreign name in them).
ENGLISH_STOPWORD_SHARE = 0.3


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's model, loaded once per process on first use (about 1 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _english_stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def english_share(text: str) -> float:
    """Share of the words of `text` that are English stop words."""
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return 0.0
    stop = _english_stopwords()
    return sum(w in stop for w in words) / len(words)


def detect_language(text: str) -> tuple[str, float]:
    """ISO code and probability of the text's language, by py3langid."""
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)


def is_non_english(text: str) -> bool:
    """True when the text is confidently in another language than English."""
    if english_share(text) >= ENGLISH_STOPWORD_SHARE:
        return False
    lang, prob = detect_language(text)
    return lang != "en" and prob >= NON_ENGLISH_MIN_PROB
