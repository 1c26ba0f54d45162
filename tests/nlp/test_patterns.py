"""Cue pattern files: each family finds its cues and leaves look-alikes alone."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language

from claimcheck.nlp.components import CUE_SPANS_KEY, load_patterns, patterns_dir
from claimcheck.nlp.pipeline import build_nlp
from claimcheck.parsed import CUE_FAMILIES


@pytest.fixture(scope="module")
def nlp() -> Language:
    return build_nlp()


def cues(nlp: Language, text: str) -> list[tuple[str, str]]:
    """(family, text) of every cue span the pipeline finds."""
    doc = nlp(text)  # keep the Doc alive: a SpanGroup dies with its Doc
    return [(span.label_, span.text) for span in doc.spans[CUE_SPANS_KEY]]


def families(nlp: Language, text: str) -> set[str]:
    return {family for family, _ in cues(nlp, text)}


# Positives: the family must find a span, and the span must cover `must_cover`.
POSITIVES = [
    ("citation", "Petrov et al. 2011 found a modest effect.", "et al"),
    ("citation", "see doi:10.1177/1352458511 for the details", "10.1177/1352458511"),
    ("citation", "https://doi.org/10.1056/NEJMoa2034577", "10.1056/NEJMoa2034577"),
    ("citation", "It is PMID 21679068 if you want to look.", "21679068"),
    ("citation", "The trial is NCT01234567 on the registry.", "NCT01234567"),
    ("citation", "ISRCTN12345678 was stopped early.", "ISRCTN12345678"),
    ("citation", "Read https://pubmed.ncbi.nlm.nih.gov/123/ first.", "pubmed.ncbi.nlm.nih.gov"),
    ("citation", "Lancet 2019;393:1234-45 has the numbers.", "2019;393:1234"),
    ("citation", "A Cochrane systematic review found no benefit.", "systematic review"),
    ("citation", "It was published in the Lancet last year.", "Lancet"),
    ("citation", "According to the CDC the rate fell.", "CDC"),
    ("citation", "She told the BBC the results were weak.", "BBC"),
    ("citation", "a 2015 survey found the same", "2015 survey"),
    ("promotion", "WhatsApp +234 803 555 1234", "+234 803 555 1234"),
    ("promotion", "WhatsApp +234 803 555 1234", "WhatsApp"),
    ("promotion", "check out my channel for more", "check out my"),
    ("promotion", "pls subscribe, it means a lot", "subscribe"),
    ("promotion", "www.cheap-meds.biz", "www.cheap-meds.biz"),
    ("promotion", "best prices at https://cheap-meds.biz today", "https://cheap-meds.biz"),
    ("promotion", "email me at drokosun@gmail.com", "drokosun@gmail.com"),
    ("promotion", "bit.ly/3xYz", "bit.ly/3xYz"),
    ("promotion", "DM me for details", "DM me"),
    ("promotion", "earn $500 a day from home", "from home"),
    ("experience", "I had the surgery in 2010 and my life is back", "I had"),
    ("experience", "I had the surgery in 2010 and my life is back", "my life"),
    ("experience", "A friend of mine had it done.", "A friend of mine"),
    ("experience", "Three weeks later I felt better.", "weeks later"),
    ("experience", "My wife tried it.", "My wife"),
    ("experience", "Since then the numbness is gone.", "Since then"),
    ("experience", "They rang me at work three times last week.", "They rang me"),
    ("experience", "I've been on it for six months.", "I've been"),
    ("rebuttal", "You say it works, but that is an anecdote.", "You say"),
    ("rebuttal", "You say it works, but that is an anecdote.", "anecdote"),
    ("rebuttal", "> I did it in Italy", ">"),
    ("rebuttal", "Re: the clinic in Italy", "Re:"),
    ("rebuttal", "Quote: my life is back", "Quote"),
    ("rebuttal", "@sarah that's survivorship bias", "@sarah"),
    ("hedge", "studies show it works", "studies show"),
    ("hedge", "Experts say it works.", "Experts say"),
    ("hedge", "do your research", "do your research"),
    ("hedge", "There is no evidence for it.", "no evidence"),
    ("hedge", "I think it is fine.", "I think"),
    ("hedge", "IMO it's overrated", "IMO"),
    ("hedge", "People say it helps.", "People say"),
    ("hedge", "I read somewhere that it works.", "read somewhere"),
]


@pytest.mark.parametrize(("family", "text", "must_cover"), POSITIVES)
def test_family_finds_its_cue(nlp: Language, family: str, text: str, must_cover: str) -> None:
    found = [span for fam, span in cues(nlp, text) if fam == family]
    assert any(must_cover in span for span in found), (family, cues(nlp, text))


# Look-alikes: text that shares words, numbers or shapes with the family's cues.
NEGATIVES = [
    ("citation", "I went to the clinic in 2011."),
    ("citation", "studies show it works"),
    ("citation", "I had 3 kids and 2 dogs by then."),
    ("citation", "I read the news yesterday."),
    ("citation", "The study was small."),
    ("citation", "Great post, thanks!"),
    ("promotion", "I checked my notes again."),
    ("promotion", "The channel was on TV all night."),
    ("promotion", "I visited the clinic on Monday."),
    ("promotion", "My phone is broken."),
    ("promotion", "Great post, thanks!"),
    ("promotion", "There is a link between diet and mood."),
    ("experience", "studies show it works"),
    ("experience", "I think it will work out."),
    ("experience", "People who had it done say they feel better."),
    ("experience", "The study was small."),
    ("rebuttal", "I say it works."),
    ("rebuttal", "The quotation was long."),
    ("rebuttal", "Great post, thanks!"),
    ("rebuttal", "My dad had it done in 2010."),
    ("hedge", "I had the surgery in 2010."),
    ("hedge", "Petrov et al. 2011 found a modest effect."),
    ("hedge", "The study was small."),
    ("hedge", "She is a good doctor."),
]


@pytest.mark.parametrize(("family", "text"), NEGATIVES)
def test_family_ignores_look_alikes(nlp: Language, family: str, text: str) -> None:
    assert family not in families(nlp, text), cues(nlp, text)


def test_every_family_has_a_pattern_file_with_unique_ids() -> None:
    for family in CUE_FAMILIES:
        path = patterns_dir() / f"{family}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        assert rows, path
        assert all(row["label"] == family for row in rows), path
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"{path}: duplicate pattern ids"


def test_load_patterns_labels_each_pattern_with_its_family() -> None:
    patterns = load_patterns()
    assert {p["label"] for p in patterns} == set(CUE_FAMILIES)


def test_cue_spans_carry_their_pattern_id(nlp: Language) -> None:
    doc = nlp("PMID 21679068 has the details.")
    assert [(s.label_, s.id_) for s in doc.spans[CUE_SPANS_KEY]] == [("citation", "pmid")]


@pytest.mark.filterwarnings("ignore:.*W036")
def test_patterns_from_another_directory(tmp_path) -> None:
    for family in CUE_FAMILIES:
        (tmp_path / f"{family}.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "hedge.jsonl").write_text(
        json.dumps({"id": "meh", "pattern": [{"LOWER": "meh"}]}) + "\n", encoding="utf-8"
    )
    nlp = build_nlp()
    nlp.replace_pipe("claimcheck_cues", "claimcheck_cues", config={"patterns_path": str(tmp_path)})
    doc = nlp("studies show it is meh")
    assert [(s.label_, s.text) for s in doc.spans[CUE_SPANS_KEY]] == [("hedge", "meh")]


# Known gap, kept visible: strict xfail so a fix shows up as XPASS.
PATTERN_GAP = pytest.mark.xfail(strict=True, reason="pattern gap, reported")


def test_arxiv_identifier_in_its_usual_form_is_a_citation(nlp: Language) -> None:
    assert any(
        fam == "citation" and "2101.00001" in span
        for fam, span in cues(nlp, "see arXiv:2101.00001 for the proof")
    )


def test_arxiv_number_is_not_a_phone_number(nlp: Language) -> None:
    assert "promotion" not in families(nlp, "see arXiv 2101.00001 for the proof")


@PATTERN_GAP
def test_subscribing_to_a_view_is_not_promotion(nlp: Language) -> None:
    assert "promotion" not in families(nlp, "I subscribe to the view that it works.")
