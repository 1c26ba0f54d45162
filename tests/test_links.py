"""Link, e-mail and phone classes: where a link points, not whether there is one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.features import LinkClasses
from claimcheck.links import CONTACT_CLASSES, LINK_CLASSES, host_class, host_of, iter_link_classes
from claimcheck.parsed import DocFeatures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.bbc.co.uk/news/health-68", ["news"]),
        ("see doi.org/10.1136/bmj.n71 for it", ["scholarly"]),
        ("https://pubmed.ncbi.nlm.nih.gov/31104522/", ["scholarly"]),
        ("arxiv.org/abs/2301.01234", ["scholarly"]),
        ("the leaflet at www.cdc.gov/flu/prevent", ["government"]),
        ("gov.uk/tenancy-deposit-protection", ["government"]),
        ("ons.gov.uk/economy", ["government"]),
        ("a page on some.university.edu/lab/notes", ["scholarly"]),
        ("https://en.wikipedia.org/wiki/Brutalist_architecture", ["encyclopedia"]),
        ("official video https://youtu.be/abcDEF12", ["video"]),
        ("sub to youtube.com/@kaicovers", ["video"]),
        ("dm me t.me/quickprofits", ["social"]),
        ("amzn.to/3xYzAbc cheapest", ["shop"]),
        ("grab it at glowskin-official.shop/serum", ["shop"]),
        ("bit.ly/free-iphone-now", ["shortener"]),
        ("my blog myrandomthoughts.net/post/12", ["other"]),
    ],
)
def test_links_are_classed_by_host(text: str, expected: list[str]) -> None:
    assert list(iter_link_classes(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rang them on 0800 123 4567 twice", ["phone"]),
        ("+44 20 7946 0321 is the switchboard", ["phone"]),
        ("call (412) 867-2231 after six", ["phone"]),
        ("07700 900123 texted me at midnight", ["phone"]),
        ("mail complaints@water-board.co.uk, they never answer", ["email"]),
        # Numbers that are not phone numbers.
        ("between 2019-2021 it doubled", []),
        ("over 10,000,000 people", []),
        ("it cost $1,250 in 2020", []),
        ("doi 10.1056/NEJMoa2204411", []),
        ("e.g. this, i.e. that", []),
    ],
)
def test_contact_details_and_numbers(text: str, expected: list[str]) -> None:
    assert list(iter_link_classes(text)) == expected


def test_an_email_is_not_also_a_link() -> None:
    assert list(iter_link_classes("write to info@clinic-nova.com")) == ["email"]


def test_host_of_strips_scheme_www_and_path() -> None:
    assert host_of("HTTPS://WWW.Reuters.com/world/x?y=1") == "reuters.com"
    assert host_class("news.sky.com") == "news"
    assert host_class("unknown.example") == "other"


def test_link_classes_transformer_counts_per_class() -> None:
    doc = DocFeatures(
        text="read https://www.reuters.com/a and https://www.reuters.com/b, call 0800 123 4567",
        norms=(),
        starts=(),
        ends=(),
        sentences=(),
        cues=(),
    )
    transformer = LinkClasses().fit([doc])
    row = transformer.transform([doc]).toarray()[0]
    names = list(transformer.get_feature_names_out())
    assert names == [f"link:{c}" for c in (*LINK_CLASSES, *CONTACT_CLASSES)]
    assert row[names.index("link:news")] > row[names.index("link:phone")] > 0
    assert row.sum() == pytest.approx(
        row[names.index("link:news")] + row[names.index("link:phone")]
    )


def _all_scans(text: str) -> list[str]:
    """iter_link_classes without its pre-checks: every pattern over the whole text."""
    from claimcheck.links import EMAIL, PHONE, URL, is_phone_number

    emails = [m.span() for m in EMAIL.finditer(text)]
    out = [
        host_class(host_of(m.group()))
        for m in URL.finditer(text)
        if not any(s <= m.start() < e for s, e in emails)
    ]
    out += ["email"] * len(emails)
    out += ["phone" for m in PHONE.finditer(text) if is_phone_number(m.group())]
    return out


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="aZk\u212a\u017f09-.:/@+() \nwWhtps", max_size=60)
    | st.lists(
        st.sampled_from(
            [
                "www.",
                "WWW.",
                "http://",
                "x.com",
                "a.b",
                "e.g.",
                "@",
                "+44",
                "20 7946 0958",
                "bbc.co.uk/news",
                "mail@site.org",
                " ",
                ".",
                "3.5",
                "K",
                "\u212a.org",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_the_pre_checks_change_no_result(text: str) -> None:
    assert list(iter_link_classes(text)) == _all_scans(text)
