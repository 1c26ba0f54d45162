"""spaCy components: token classes, line-break sentences, serialisation of the pipeline."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import load_model_from_config
from thinc.api import Config

from claimcheck.model import SpacyPreprocessor
from claimcheck.nlp.components import (
    CUE_SPANS_KEY,
    NO_BREAK_BEFORE_DOT,
    as_phrases,
    compile_patterns,
    line_breaks,
    norm_class,
)
from claimcheck.nlp.pipeline import build_nlp, doc_features, pipe_features
from claimcheck.parsed import DocFeatures

TEXT = (
    "Petrov et al. 2011 (doi:10.1177/1352458511) says no.\n"
    "My wife had it done in 2010 and her life is back!\n"
    "WhatsApp +234 803 555 1234 or visit www.cheap-meds.biz 👍"
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def cue_tuples(nlp: Language, text: str) -> list[tuple[str, int, int, str]]:
    doc = nlp(text)
    return [(s.label_, s.start_char, s.end_char, s.id_) for s in doc.spans[CUE_SPANS_KEY]]


@pytest.mark.parametrize(
    ("token", "like_url", "like_email", "expected"),
    [
        ("https://pubmed.ncbi.nlm.nih.gov/123/", True, False, "__url_scholarly__"),
        ("https://www.nature.com/articles/x1", True, False, "__url_scholarly__"),
        ("www.who.int", True, False, "__url_scholarly__"),
        ("https://example.com/shop", True, False, "__url__"),
        ("www.cheap-meds.biz", True, False, "__url__"),
        ("bit.ly/3xYz", True, False, "__url_short__"),
        ("https://wa.me/2348035551234", True, False, "__url_short__"),
        ("10.1177/1352458511", False, False, "__doi__"),
        ("doi:10.1177/1352458511", False, False, "__doi__"),
        ("https://doi.org/10.1056/NEJMoa2034577", True, False, "__doi__"),
        ("NCT01234567", False, False, "__registry__"),
        ("PMC1234567", False, False, "__registry__"),
        ("drokosun@gmail.com", False, True, "__email__"),
        ("2011", False, False, "__year__"),
        ("1990s", False, False, "__year__"),
        ("1850", False, False, "__num__"),
        ("42", False, False, "__num__"),
        ("3.5%", False, False, "__num__"),
        ("$20", False, False, "__num__"),
        ("12:34", False, False, "__numref__"),
        ("393:1234", False, False, "__numref__"),
        ("👍", False, False, "__emoji__"),
        ("👍🏽", False, False, "__emoji__"),
        ("❤️", False, False, "__emoji__"),
        ("@sarah", False, False, "__mention__"),
        ("+2348035551234", False, False, "__phone__"),
        ("+234", False, False, "__phone__"),
        ("hello", False, False, None),
        ("Hello", False, False, None),
        ("don't", False, False, None),
        ("@", False, False, None),
    ],
)
def test_norm_class(token: str, like_url: bool, like_email: bool, expected: str | None) -> None:
    assert norm_class(token, like_url, like_email) == expected


def test_normalizer_writes_classes_and_lower_lemmas(nlp: Language) -> None:
    doc = nlp("Visit www.cheap-meds.biz, email a@b.com, call +2348035551234 in 2011 👍 had")
    norms = {t.text: t.norm_ for t in doc}
    assert norms["www.cheap-meds.biz"] == "__url__"
    assert norms["a@b.com"] == "__email__"
    assert norms["+2348035551234"] == "__phone__"
    assert norms["2011"] == "__year__"
    assert norms["👍"] == "__emoji__"
    assert norms["had"] == "have"  # lookup lemma
    assert norms["Visit"] == "visit"


def test_line_breaks_start_sentences(nlp: Language) -> None:
    doc = nlp("first line without a full stop\nsecond line here\n\nthird")
    assert [s.text.strip() for s in doc.sents] == [
        "first line without a full stop",
        "second line here",
        "third",
    ]


def test_no_line_break_no_extra_sentence(nlp: Language) -> None:
    doc = nlp("one two three four five")
    assert len(list(doc.sents)) == 1


def test_doc_features_offsets_point_into_the_text(nlp: Language) -> None:
    features = doc_features(nlp(TEXT))
    starts = [start for start, _ in features.sentence_spans()]
    # every line starts a sentence (the sentencizer may split further, e.g. after "al.")
    assert {0, TEXT.index("My wife"), TEXT.index("WhatsApp")} <= set(starts)
    for start, end in features.sentence_spans():
        assert 0 <= start < end <= len(TEXT)
        assert TEXT[start:end] == TEXT[start:end].strip()
    for family, start, end in features.cue_spans():
        assert 0 <= start < end <= len(TEXT)
        assert family in {"citation", "promotion", "experience", "rebuttal", "hedge"}
    for norm, start, end in zip(features.norms, features.starts, features.ends, strict=True):
        assert TEXT[start:end].strip() == TEXT[start:end]
        assert norm


def test_pipeline_round_trips_through_bytes_with_the_same_cues(nlp: Language) -> None:
    config = Config().from_str(nlp.config.to_str())
    loaded = load_model_from_config(config, auto_fill=False).from_bytes(nlp.to_bytes())
    assert loaded.pipe_names == nlp.pipe_names
    assert cue_tuples(loaded, TEXT) == cue_tuples(nlp, TEXT)
    assert cue_tuples(nlp, TEXT)  # the comparison is not vacuous
    assert [t.norm_ for t in loaded(TEXT)] == [t.norm_ for t in nlp(TEXT)]


def test_pipeline_round_trips_through_disk(nlp: Language, tmp_path) -> None:
    import spacy

    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert cue_tuples(loaded, TEXT) == cue_tuples(nlp, TEXT)


@pytest.mark.filterwarnings("ignore:.*W036")
def test_saved_pipeline_keeps_its_own_patterns() -> None:
    """A bundle keeps the cues it was trained with even if the pattern files change later."""
    custom = build_nlp()
    tagger: Any = custom.get_pipe("claimcheck_cues")
    tagger.set_patterns([{"label": "hedge", "id": "meh", "pattern": [{"LOWER": "meh"}]}])
    config = Config().from_str(custom.config.to_str())
    loaded = load_model_from_config(config, auto_fill=False).from_bytes(custom.to_bytes())
    assert [(f, i) for f, _, _, i in cue_tuples(loaded, "PMID 21679068 is meh")] == [
        ("hedge", "meh")
    ]


def test_spacy_preprocessor_pickles_and_gives_the_same_features() -> None:
    pre = SpacyPreprocessor(batch_size=7).fit([])
    clone = pickle.loads(pickle.dumps(pre))
    assert clone.get_params() == pre.get_params()
    assert clone.batch_size == 7
    assert "_nlp_bytes" not in clone.__dict__
    assert clone.transform([TEXT, "ok"]) == pre.transform([TEXT, "ok"])


def test_unfitted_spacy_preprocessor_pickles() -> None:
    clone = pickle.loads(pickle.dumps(SpacyPreprocessor()))
    assert not hasattr(clone, "nlp_")


def test_lower_only_patterns_become_phrases() -> None:
    assert as_phrases([{"LOWER": {"IN": ["my", "our"]}}, {"LOWER": "wife"}]) == [
        "my wife",
        "our wife",
    ]
    assert as_phrases([{"LOWER": "my"}, {"IS_TITLE": True}]) is None
    assert as_phrases([{"LOWER": "a", "OP": "?"}]) is None


def test_compile_patterns_keeps_ids_and_families() -> None:
    compiled = compile_patterns(
        [
            {"label": "hedge", "id": "imo", "pattern": [{"LOWER": {"IN": ["imo", "imho"]}}]},
            {"label": "citation", "id": "doi", "pattern": [{"NORM": "__doi__"}]},
        ]
    )
    assert compiled == [
        {"label": "hedge", "id": "imo", "pattern": "imo"},
        {"label": "hedge", "id": "imo", "pattern": "imho"},
        {"label": "citation", "id": "doi", "pattern": [{"NORM": "__doi__"}]},
    ]


def reference_doc_features(doc: Doc) -> DocFeatures:
    """doc_features written the plain way, one Token object at a time."""
    tokens = [t for t in doc if not t.is_space]
    index = {t.i: k for k, t in enumerate(tokens)}
    sentences = []
    for sent in doc.sents:
        members = [index[t.i] for t in sent if t.i in index]
        if members:
            sentences.append((members[0], members[-1] + 1))
    cues = set()
    for span in doc.spans[CUE_SPANS_KEY]:
        members = [index[t.i] for t in span if t.i in index]
        if members:
            cues.add((span.label_, members[0], members[-1] + 1))
    return DocFeatures(
        text=doc.text,
        norms=tuple(t.norm_ for t in tokens),
        starts=tuple(t.idx for t in tokens),
        ends=tuple(t.idx + len(t.text) for t in tokens),
        sentences=tuple(sentences),
        cues=tuple(sorted(cues, key=lambda c: (c[1], c[2], c[0]))),
    )


def reference_line_breaks(doc: Doc) -> list[bool | None]:
    """Sentence starts the line-break rule sets, walking Token objects."""
    starts: list[bool | None] = [None] * len(doc)
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            starts[token.i + 1] = True
        elif (
            token.text == "."
            and token.i > 0
            and doc[token.i - 1].lower_ in NO_BREAK_BEFORE_DOT
            and not doc[token.i + 1].is_space
        ):
            starts[token.i + 1] = False
    return starts


SOME_TEXTS = st.lists(
    st.sampled_from(
        ["Smith", "et", "al.", "2011", "vol.", "3", ".", "\n", "\n\n", "  ", "I", "had", "it",
         "!", "www.x.com", "10.1177/135", "Re:", ">", "👍", "ok", "was", "better", "?", "\t",
         "...", "!?", "。", '"', ")", "Yes.", "no!"]
    ),
    max_size=30,
).map(lambda parts: "".join(p if p.isspace() else f"{p} " for p in parts))  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(text=SOME_TEXTS)
def test_array_components_equal_the_token_walk(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert doc_features(doc) == reference_doc_features(doc)
    fresh = nlp.make_doc(text)
    expected = reference_line_breaks(fresh)
    line_breaks(fresh)
    assert [t.is_sent_start for t in fresh][1:] == expected[1:]


@settings(max_examples=60, deadline=None)
@given(extra=SOME_TEXTS)
def test_normaliser_reads_the_lemma_table_itself(nlp: Language, extra: str) -> None:
    """Without the lemmatizer (as pipe_features runs it) the norms equal those written from
    the lemmas spaCy's lookup lemmatizer sets."""
    from claimcheck.nlp.components import Normalizer

    text = "My wives had tried it and OK it was; studies showed www.x.com in 2010 " + extra
    from_lemmas = nlp(text)
    Normalizer("lemma")(from_lemmas)  # no pipeline given: reads token.lemma_
    with nlp.select_pipes(disable=["lemmatizer"]):
        from_table = [t.norm_ for t in nlp(text)]
    assert from_table == [t.norm_ for t in from_lemmas]
    assert {"wife", "try", "__url__"} <= set(from_table)


def test_normaliser_without_a_lookup_table_reads_token_lemmas() -> None:
    from claimcheck.nlp.components import Normalizer

    pipeline = build_nlp()
    normaliser = Normalizer("lemma")  # no pipeline: no table, uses token.lemma_
    doc = pipeline("My wives had tried it")
    for token in doc:
        token.norm_ = "x"
    normaliser(doc)
    assert [t.norm_ for t in doc] == ["my", "wife", "have", "try", "it"]


def test_pipe_features_skips_the_lemmatizer(nlp: Language) -> None:
    assert nlp.get_pipe("claimcheck_normalizer").lemma_table() is not None


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(SOME_TEXTS, min_size=1, max_size=4))
def test_pipe_features_equal_the_full_pipeline(nlp: Language, texts: list[str]) -> None:
    """Skipping the lemmatizer changes nothing in the features."""
    texts = [TEXT, "My wives had tried it.\nOK it was!! Yes.. no?!", *texts]
    assert list(pipe_features(nlp, texts)) == [doc_features(nlp(t)) for t in texts]
