"""build_nlp(): the spaCy preprocessing pipeline, and doc_features(): Doc -> DocFeatures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.features import DocFeatures
from claimcheck.nlp import components  # noqa: F401  (registers the components)
from claimcheck.nlp.components import CUE_SPANS_KEY


def build_nlp(norm_form: str = "lemma") -> Language:
    """blank("en") + line breaks + sentencizer + lookup lemmatizer + normaliser + cue tagger.

    The lemmatizer's lookup table comes from spacy-lookups-data at build time and is saved
    with the pipeline, so loading a bundle never downloads anything.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("claimcheck_line_breaks")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.add_pipe("claimcheck_normalizer", config={"form": norm_form})
    nlp.add_pipe("claimcheck_cues")
    return nlp


def doc_features(doc: Doc) -> DocFeatures:
    """What the feature step needs from a Doc, as plain Python values (no spaCy types)."""
    tokens = [t for t in doc if not t.is_space]
    index = {t.i: k for k, t in enumerate(tokens)}
    norms = tuple(t.norm_ for t in tokens)
    starts = tuple(t.idx for t in tokens)
    ends = tuple(t.idx + len(t.text) for t in tokens)
    sentences = []
    for sent in doc.sents:
        members = [index[t.i] for t in sent if t.i in index]
        if members:
            sentences.append((members[0], members[-1] + 1))
    cues = []
    for span in doc.spans[CUE_SPANS_KEY]:
        members = [index[t.i] for t in span if t.i in index]
        if members:
            cues.append((span.label_, members[0], members[-1] + 1))
    return DocFeatures(
        text=doc.text,
        norms=norms,
        starts=starts,
        ends=ends,
        sentences=tuple(sentences),
        cues=tuple(sorted(set(cues), key=lambda c: (c[1], c[2], c[0]))),
    )


def pipe_features(
    nlp: Language, texts: Iterable[str], batch_size: int = 256
) -> Iterator[DocFeatures]:
    """Stream texts through `nlp.pipe` and yield their DocFeatures."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield doc_features(doc)
