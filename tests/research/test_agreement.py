"""Agreement between annotators: kappa, alpha, per-label confusion, single-annotator items."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from claimcheck.exceptions import InputError
from claimcheck.io.labelling import Annotation
from claimcheck.research.agreement import agreement, krippendorff_nominal
from claimcheck.types import LABELS, Label

T, E, S, OP = Label.TESTIMONIAL, Label.EVIDENCE_CITATION, Label.SPAM, Label.OPINION


def annotations(table: dict[str, list[Label | None]]) -> list[Annotation]:
    """{annotator: [label per item or None]} -> Annotation values (items i0, i1, ...)."""
    out = []
    for person, labels in table.items():
        for j, label in enumerate(labels):
            if label is not None:
                out.append(Annotation(f"i{j}", f"text {j}", person, label))
    return out


def test_krippendorff_textbook_example() -> None:
    """Krippendorff (2011), 'Computing Krippendorff's Alpha-Reliability', nominal example:
    4 observers, 12 units, values 1-5 with gaps; alpha = 0.743."""
    n = np.nan
    data = np.array(
        [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
            [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
        ]
    )
    assert krippendorff_nominal(data - 1, n_values=5) == pytest.approx(0.743, abs=5e-4)


def test_two_annotators_get_cohens_kappa() -> None:
    a = [T, T, OP, OP, E, S, OP, T, E, OP]
    b = [T, OP, OP, OP, E, S, T, T, E, OP]
    result = agreement(annotations({"ann": a, "bob": b}))
    expected = cohen_kappa_score([x.value for x in a], [x.value for x in b])
    assert result["cohen_kappa"] == pytest.approx(expected)
    assert result["headline"] == {"measure": "cohen_kappa", "value": result["cohen_kappa"]}
    [pair] = result["pairs"]
    assert pair["n"] == 10 and pair["observed_agreement"] == pytest.approx(0.8)
    labels = result["confusion"]["labels"]
    matrix = result["confusion"]["matrix"]
    assert matrix[labels.index("testimonial")][labels.index("opinion")] == 1
    assert matrix[labels.index("opinion")][labels.index("testimonial")] == 1
    assert sum(map(sum, matrix)) == 10
    # testimonial: both chose it twice, chosen 3 + 3 times -> 2*2/6
    assert result["per_label"]["testimonial"]["specific_agreement"] == pytest.approx(4 / 6)
    assert result["per_label"]["spam"]["specific_agreement"] == pytest.approx(1.0)


def test_three_annotators_get_alpha_and_pairwise_kappas() -> None:
    table = {
        "a": [T, T, OP, OP, E, S, OP, None],
        "b": [T, OP, OP, OP, E, S, OP, T],
        "c": [T, T, OP, E, E, S, None, None],
    }
    result = agreement(annotations(table))
    assert result["headline"]["measure"] == "krippendorff_alpha_nominal"
    assert 0.0 < result["krippendorff_alpha_nominal"] < 1.0
    assert len(result["pairs"]) == 3 and result["cohen_kappa"] is None
    assert result["single_annotator_items"] == {"n": 1, "ids": ["i7"]}
    assert result["n_items_compared"] == 7


def test_perfect_agreement_and_one_label_only() -> None:
    same = [T, OP, E, S, OP]
    assert agreement(annotations({"a": same, "b": same}))["cohen_kappa"] == pytest.approx(1.0)
    flat = agreement(annotations({"a": [OP, OP, OP], "b": [OP, OP, OP]}))
    assert flat["cohen_kappa"] is None  # undefined, not a made-up number
    assert flat["krippendorff_alpha_nominal"] is None


def test_not_enough_overlap_is_an_input_error() -> None:
    with pytest.raises(InputError, match="two annotators"):
        agreement(annotations({"a": [T, OP]}))
    with pytest.raises(InputError, match="no item was labelled by two"):
        agreement(annotations({"a": [T, None], "b": [None, OP]}))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(list(LABELS)), st.sampled_from(list(LABELS))),
        min_size=2,
        max_size=30,
    )
)
def test_kappa_and_alpha_stay_in_range(pairs: list[tuple[Label, Label]]) -> None:
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    result = agreement(annotations({"a": list(a), "b": list(b)}))
    kappa, alpha = result["cohen_kappa"], result["krippendorff_alpha_nominal"]
    assert kappa is None or -1.0 <= kappa <= 1.0
    assert alpha is None or alpha <= 1.0  # alpha has no fixed lower bound
    assert sum(map(sum, result["confusion"]["matrix"])) == len(pairs)
