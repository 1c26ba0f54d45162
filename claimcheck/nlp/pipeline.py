"""build_nlp(): the spaCy preprocessing pipeline, and doc_features(): Doc -> DocFeatures."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import accumulate, pairwise

import spacy
from spacy.attrs import IDX, IS_SPACE, LENGTH, NORM, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimcheck.nlp import components  # noqa: F401  (registers the components)
from claimcheck.nlp.components import CUE_SPANS_KEY, Normalizer
from claimcheck.parsed import DocFeatures

#: Longest run of non-space characters handed to the tokenizer as one chunk. For every affix
#: it strips, spaCy's tokenizer copies and re-hashes the rest of the chunk and searches all of
#: it for a `$`-anchored suffix, so a chunk costs the square of its length ("!?" * 10000 took
#: 27 s). Words are shorter than this; a rare longer URL is cut into two tokens for the cue
#: tagger only (features and link classes read the original text). One character per
#: MAX_CHUNK becomes a space, so the length and every offset stay the same.
MAX_CHUNK = 100
_LONG_CHUNK = re.compile(r"\S{" + str(MAX_CHUNK + 1) + ",}")


def _cut(match: re.Match[str]) -> str:
    chunk = match.group()
    return " ".join(chunk[i : i + MAX_CHUNK] for i in range(0, len(chunk), MAX_CHUNK + 1))


def bound_chunks(text: str) -> str:
    """The text with every run of more than MAX_CHUNK non-space characters cut (same length)."""
    return _LONG_CHUNK.sub(_cut, text) if len(text) > MAX_CHUNK else text


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


def doc_features(doc: Doc, text: str | None = None) -> DocFeatures:
    """What the feature step needs from a Doc, as plain Python values (no spaCy types).

    Reads token columns from `Doc.to_array` rather than iterating Token objects (their
    creation was the largest single cost here). Space tokens are dropped; a sentence or
    cue keeps the non-space tokens it covers, and disappears if it covers none. `text`,
    when given, is the original of the (same-length) text the Doc was made from.
    """
    strings = doc.vocab.strings
    idx, length, norm, space, sent_start = (
        doc.to_array([IDX, LENGTH, NORM, IS_SPACE, SENT_START]).T.tolist() if len(doc) else [[]] * 5
    )
    keep = [i for i, s in enumerate(space) if not s]
    # kept_before[i]: how many non-space tokens precede token i (so a token range [a, b)
    # covers the non-space tokens kept_before[a] .. kept_before[b] - 1).
    kept_before = [0, *accumulate(1 - s for s in space)]
    bounds = [0, *(i for i in range(1, len(space)) if sent_start[i] == 1), len(space)]
    sentences = [
        (kept_before[a], kept_before[b])
        for a, b in pairwise(bounds)
        if kept_before[b] > kept_before[a]
    ]
    cues = {
        (span.label_, kept_before[span.start], kept_before[span.end])
        for span in doc.spans[CUE_SPANS_KEY]
        if kept_before[span.end] > kept_before[span.start]
    }
    return DocFeatures(
        text=doc.text if text is None else text,
        norms=tuple(strings[norm[i]] for i in keep),
        starts=tuple(idx[i] for i in keep),
        ends=tuple(idx[i] + length[i] for i in keep),
        sentences=tuple(sentences),
        cues=tuple(sorted(cues, key=lambda c: (c[1], c[2], c[0]))),
    )


def pipe_features(
    nlp: Language, texts: Iterable[str], batch_size: int = 256
) -> Iterator[DocFeatures]:
    """Stream texts through `nlp.pipe` and yield their DocFeatures.

    The lemmatizer is skipped when the normaliser reads its lookup table itself (lemmas
    only reach the features through the norms).
    """
    skip = []
    if "claimcheck_normalizer" in nlp.pipe_names:
        normalizer = nlp.get_pipe("claimcheck_normalizer")
        if isinstance(normalizer, Normalizer) and normalizer.lemma_table() is not None:
            skip.append("lemmatizer")
    pairs = ((bound_chunks(text), text) for text in texts)
    for doc, original in nlp.pipe(pairs, batch_size=batch_size, disable=skip, as_tuples=True):
        yield doc_features(doc, original)
