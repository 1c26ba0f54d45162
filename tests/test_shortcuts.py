"""The shortcut report's detectors on hand-written inputs: each has positives and negatives
that a careless pattern would get wrong (a year is not a phone, "e.g." is not a link)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from claimcheck.exceptions import InputError
from claimcheck.shortcuts import (
    MISSPELLINGS,
    SWEAR_WORDS,
    has_attribution,
    has_email,
    has_emoji,
    has_et_al,
    has_evidence_phrase,
    has_first_person,
    has_misspelling,
    has_phone,
    has_swearing,
    has_url,
    is_short_reply,
    predictive_ngrams,
    print_reports,
    report_for_jsonl,
    shortcut_report,
    spam_kinds,
)


@pytest.mark.parametrize(
    "text",
    [
        "see https://www.bbc.co.uk/news/health-1234 for more",
        "http://example.org",
        "www.example-clinic.it has the prices",
        "it's at example.com/path/page",
        "bit.ly/3xYzAb",
        "the guidance is on gov.uk/guidance/bins",
        "bbc.co.uk covered it",
        "youtube.com",
    ],
)
def test_url_positives(text: str) -> None:
    assert has_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "some drugs, e.g. statins, do this",
        "that is, i.e. the second one",
        "U.S. law says otherwise",
        "it ended.It was fine",
        "apples, pears etc. are fine",
        "run file.py then read data.csv",
        "rated 3.5 stars",
        "a.m. or p.m.?",
        "no link here at all",
        "node.js is fine",
    ],
)
def test_url_negatives(text: str) -> None:
    assert not has_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "call +44 20 7946 0958 today",
        "(212) 555-0199",
        "ring 0800 123 4567",
        "WhatsApp +234 803 123 4567",
        "07911 123456",
        "1-800-273-8255",
        "202.555.0143",
        "+33 1 42 68 53 00",
        "text +1 (302) 284-6617",
        "08031234567",
        "+2348031234567",
        "the agency's line, 0161 496 0732, was useless",
    ],
)
def test_phone_positives(text: str) -> None:
    assert has_phone(text)


@pytest.mark.parametrize(
    "text",
    [
        "back in 2019",
        "it cost $1,200.00",
        "from 1990-2000",
        "on 12/05/2021",
        "on 2021-05-12",
        "on 12.05.2021",
        "PMID 31234567",
        "doi:10.1056/NEJMoa2034577",
        "arXiv:2101.12345",
        "3.5 million people",
        "python 3.11.4",
        "1 000 000 signatures",
        "£380 collected",
        "a 94% success rate",
        "ping 192.168.1.1",
        "ISBN 978-0-14-044913-6",
        "trial NCT04368728",
        "in 2019 45 people died",
        "2,000 systems",
    ],
)
def test_phone_negatives(text: str) -> None:
    assert not has_phone(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jo.smith+forum@gmail.com", True),
        ("office@stmarys-primary.org.uk", True),
        ("jo [at] gmail [dot] com", True),
        ("@jo thanks for this", False),
        ("email me about it", False),
        ("meet me @ 5", False),
    ],
)
def test_email(text: str, expected: bool) -> None:
    assert has_email(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I had the operation", True),
        ("i think so", True),
        ("That's my view", True),
        ("I've been on it", True),
        ("Im not sure", True),
        ("they told me", True),
        ("We went there", False),
        ("Phase I trials are small", False),
        ("after World War I it changed", False),
        ("ME/CFS patients", False),
        ("Type I diabetes, and I hate it", True),
        ("The results were weak.", False),
    ],
)
def test_first_person(text: str, expected: bool) -> None:
    assert has_first_person(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lindqvist et al. found", True),
        ("Smith et al (2019)", True),
        ("etc. and all that", False),
        ("let all of them", False),
    ],
)
def test_et_al(text: str, expected: bool) -> None:
    assert has_et_al(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Piketty argues that returns on capital outpace growth.", True),
        ("According to the agency's report, fines doubled.", True),
        ("A 2019 survey by the ONS found the same.", True),
        ("Dr Ana Ruiz, a neurologist at the Karolinska Institute, told the BBC it was weak.", True),
        ("Okafor and colleagues (2021) concluded otherwise.", True),
        ("The study found no effect.", True),
        ("As Orwell put it, all animals are equal.", True),
        ("Experts say it works.", False),
        ("This shows nothing.", False),
        ("He says no.", False),
        ("They told me to wait.", False),
        ("I found it useless.", False),
        ("my doctor said to rest", False),
        ("Studies show it works.", False),
    ],
)
def test_attribution(text: str, expected: bool) -> None:
    assert has_attribution(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I definately recieved it", True),
        ("teh end", True),
        ("you could of asked", True),
        ("he dont care", True),
        ("I definitely received it", False),
        ("could often work", False),
        ("could of course work", False),
        ("their house is over there", False),
    ],
)
def test_misspelling(text: str, expected: bool) -> None:
    assert has_misspelling(text) is expected


def test_word_lists_are_curated_and_large() -> None:
    assert len(MISSPELLINGS) >= 150
    assert {"recieve", "definately", "alot", "teh", "seperate", "wierd", "untill"} <= MISSPELLINGS
    assert {"thier", "becuase"} <= MISSPELLINGS
    assert not {"their", "there", "lose", "then", "than", "interesting"} & MISSPELLINGS
    assert "hell" not in SWEAR_WORDS  # only in phrases: it is a plain word in religion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this is bullshit", True),
        ("what the hell", True),
        ("F*** no, fucking hell", True),
        ("bloody useless", True),
        ("he lost his class ring", False),
        ("heaven and hell in the old texts", False),
        ("a bloody stool is a symptom", False),
        ("assess the scrap metal", False),
    ],
)
def test_swearing(text: str, expected: bool) -> None:
    assert has_swearing(text) is expected


def test_emoji_evidence_phrases_and_short_replies() -> None:
    assert has_emoji("great 🙂")
    assert not has_emoji("café, naïve — fine")
    assert has_evidence_phrase("I'm not convinced")
    assert has_evidence_phrase("I have read it")
    assert has_evidence_phrase("just look it up")
    assert not has_evidence_phrase("I read it") and not has_evidence_phrase("she told him")
    assert is_short_reply("source?") and is_short_reply("he's wrong lol")
    assert not is_short_reply("he is wrong about this")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("check out my channel, new video every week", {"channel_music"}),
        ("sub4sub anyone?", {"sub4sub_follow"}),
        ("Like this if you're still watching", {"like_bait"}),
        ("Please donate to our gofundme", {"fundraising"}),
        ("free robux, click here", {"bot_text"}),
        ("Cheap Adderall, WhatsApp +1 302 284 6617", set()),
        ("Best boiler deals in Leeds, call now", set()),
    ],
)
def test_spam_kinds(text: str, kinds: set[str]) -> None:
    assert set(spam_kinds(text)) == kinds


SMALL = [
    ("I had it done and feel great", "testimonial"),
    ("My wife tried it, no change", "testimonial"),
    ("Smith et al. found no effect, doi 10.1000/xyz", "evidence_citation"),
    ("According to the WHO report it works", "evidence_citation"),
    ("Subscribe to my channel!! 🙂 www.example.com", "spam"),
    ("call 0800 123 4567 for cheap loans", "spam"),
    ("source?", "opinion"),
    ("I think this is overrated", "opinion"),
]


def test_report_shares_per_label() -> None:
    texts, labels = zip(*SMALL, strict=True)
    report = shortcut_report(list(texts), list(labels), ngram_min_df=1)
    per = report["per_label"]
    assert list(per) == ["evidence_citation", "opinion", "spam", "testimonial", "all"]
    assert per["spam"]["n"] == 2 and per["all"]["n"] == 8
    assert per["spam"]["url"] == 0.5 and per["spam"]["phone"] == 0.5
    assert per["spam"]["emoji"] == 0.5
    assert per["opinion"]["short_reply"] == 0.5
    assert per["evidence_citation"]["et_al"] == 0.5
    assert per["evidence_citation"]["attribution"] == 1.0
    assert per["testimonial"]["first_person"] == 1.0
    assert per["opinion"]["median_words"] == 3.0  # 1 and 5 words
    assert report["spam_kinds"]["n"] == 2
    assert report["spam_kinds"]["attention"] == 0.5 and report["spam_kinds"]["other"] == 0.5


def test_predictive_ngrams_find_a_planted_shortcut() -> None:
    texts = [f"not convinced by point {i}" for i in range(10)] + [
        f"plain view number {i}" for i in range(10)
    ]
    labels = ["evidence_citation"] * 10 + ["opinion"] * 10
    rows = predictive_ngrams(texts, labels, min_df=5)
    top = {row["ngram"]: row for row in rows}
    assert top["not convinced"]["label"] == "evidence_citation"
    assert top["not convinced"]["count"] == 10 and top["not convinced"]["purity"] == 1.0
    assert "number" not in {r["ngram"] for r in rows if r["label"] == "evidence_citation"}
    assert all(r["purity"] >= 0.6 for r in rows)
    assert predictive_ngrams(["a b", "c d"], ["spam", "opinion"], min_df=5) == []


def test_bad_input_gets_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="one label per text"):
        shortcut_report(["a", "b"], ["spam"])
    with pytest.raises(InputError, match="no labelled texts"):
        shortcut_report([], [])
    with pytest.raises(InputError, match="item 1"):
        shortcut_report(["a", None], ["spam", "opinion"])  # type: ignore[list-item]
    with pytest.raises(InputError, match="not found"):
        report_for_jsonl(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x", "label": "spam"}\n{"text": "y"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        report_for_jsonl(bad)


def test_report_for_jsonl_and_rendering(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text(
        "".join(json.dumps({"text": t, "label": lab}) + "\n" for t, lab in SMALL),
        encoding="utf-8",
    )
    report = report_for_jsonl(path)
    assert report["n"] == 8 and report["per_label"]["spam"]["phone"] == 0.5
    console = Console(record=True, width=120)
    print_reports({"corpus": report, "dev": report}, console=console)
    text = console.export_text()
    assert "50% / 50%" in text and "median words" in text and "attention" in text
