"""The anchored matcher finds exactly what spaCy's Matcher finds with the same patterns."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.matcher import Matcher

from claimcheck.nlp.components import CUE_SPANS_KEY, compile_patterns, load_patterns
from claimcheck.nlp.matching import AnchoredMatcher, compile_token_pattern
from claimcheck.nlp.pipeline import build_nlp

TEXTS = [
    "Petrov et al. 2011 (doi:10.1177/1352458511) says no.\nMy wife had it done in 2010.",
    "Lancet 2019;393:1234-45 has the numbers, and J Clin Oncol 2018 agrees.",
    "According to the CDC the rate fell. She told the BBC it was weak.",
    "WhatsApp +234 803 555 1234 or email drokosun@gmail.com, only $20 a day!",
    "> I did it in Italy\nRe: the clinic\nQuote: my life is back",
    "Three weeks later I felt better. Since 2015 I never had it again.",
    "Prof Smith of Oxford University said the 2015 survey was wrong.",
    "subscribe subscribed Subscribers SUBSCRIBE sub4sub check out my channel",
    "The Nature paper by the Karolinska Institutet found it. PMID 21679068.",
    "I think studies show it works. Published in the Journal of Things.",
    "",
    "@sarah that's survivorship bias, see NCT01234567 and PMC1234567.",
]


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def token_patterns() -> list[tuple[str, list[dict[str, Any]]]]:
    return [
        (f"{e['label']}|{e['id']}", e["pattern"])
        for e in compile_patterns(load_patterns())
        if not isinstance(e["pattern"], str)
    ]


def both(nlp: Language) -> tuple[Matcher, AnchoredMatcher]:
    reference = Matcher(nlp.vocab)
    compiled = []
    for key, pattern in token_patterns():
        reference.add(key, [pattern])
        one = compile_token_pattern(nlp.vocab.strings.add(key), pattern, nlp.vocab)
        assert one is not None, key
        compiled.append(one)
    return reference, AnchoredMatcher(nlp.vocab, compiled)


def test_every_shipped_token_pattern_compiles(nlp: Language) -> None:
    assert len(both(nlp)[1]) == len(token_patterns())


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_spacy_matcher(nlp: Language, text: str) -> None:
    reference, anchored = both(nlp)
    doc = nlp(text)
    assert anchored(doc) == set(reference(doc))


# Words the patterns care about, and look-alikes, to build adversarial token sequences.
VOCAB = [
    "et", "al", "al.", "Smith", "(", ")", ",", "2011", "1850", "doi", ":", "10.1177/135",
    "pmid", "21679068", "study", "by", "the", "The", "Lancet", "J", "Clin", "2019;393:12",
    "according", "to", "CDC", "told", "BBC", "in", "since", "I", "we", "had", "never",
    "weeks", "later", "three", "3", "$", "20", "a", "day", "+234", "8035551234567",
    "check", "out", "my", "subscribe", "Subscribers", "re", "quote", '"', ">", "@sarah",
    "university", "of", "Oxford", "prof", "Dr.", "who", "www.x.com", "bit.ly/x", "\n",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(VOCAB), max_size=25))
def test_same_matches_on_generated_token_sequences(nlp: Language, words: list[str]) -> None:
    reference, anchored = both(nlp)
    doc = nlp(" ".join(words))
    assert anchored(doc) == set(reference(doc))


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "+"}],  # operator other than "?"
        [{"POS": "NOUN"}],  # attribute it does not read
        [{"IS_TITLE": True}],  # nothing to anchor on
        [{"LOWER": "a", "OP": "?"}],  # may match nothing
        [],
    ],
)
def test_unsupported_patterns_are_left_to_spacy(nlp: Language, pattern: list[Any]) -> None:
    assert compile_token_pattern(1, pattern, nlp.vocab) is None


def test_anchor_prefers_a_cue_class_to_a_common_word(nlp: Language) -> None:
    pattern = [{"LOWER": "in"}, {"LOWER": "in", "OP": "?"}, {"NORM": "__year__"}]
    compiled = compile_token_pattern(1, pattern, nlp.vocab)
    assert compiled is not None
    assert (compiled.anchor, compiled.min_before, compiled.max_before) == (2, 1, 2)


def test_tagger_still_runs_a_pattern_only_spacy_can(nlp: Language) -> None:
    """A pattern outside the anchored subset still finds its cue (through spaCy's Matcher)."""
    pipeline = build_nlp()
    tagger = pipeline.get_pipe("claimcheck_cues")
    extra = {"label": "hedge", "id": "so_so", "pattern": [{"LOWER": "so", "OP": "+"}]}
    tagger.set_patterns([*tagger.patterns, extra])
    doc = pipeline("it was so so good")
    assert ("hedge", "so so") in {(s.label_, s.text) for s in doc.spans[CUE_SPANS_KEY]}
    assert len(tagger.matcher) == 1
