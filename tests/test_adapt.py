"""claimcheck adapt: the offset fit, EM priors, the readers, the checks and the bundle it writes.

A tiny base (160 corpus comments, plain logistic regression, as adapt needs) is adapted on a
synthetic forum whose own convention the base cannot know: there an opinion that plugs the
product "Veltrox" is spam.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from claimcheck.adapt_fit import (
    Anchors,
    Offset,
    balanced_weights,
    em_priors,
    fit_offset,
    softmax,
)
from claimcheck.adapt_inputs import read_forum_labels, read_unlabelled
from claimcheck.exceptions import InputError
from tests.conftest import CORPUS_DIR

MARK = " Veltrox sorted this out, search Veltrox."


# --- pure numerics ---------------------------------------------------------------------------


def test_offset_learns_a_cue_and_leaves_unseen_columns_alone() -> None:
    rng = np.random.default_rng(0)
    n = 60
    cue = rng.random(n) < 0.5
    x = sp.csr_matrix(np.column_stack([cue, ~cue, np.zeros(n)]).astype(float))
    y = np.where(cue, 2, 1)  # cue -> spam (index 2), else opinion
    base = np.zeros((n, 4))
    base[:, 1] = 2.0  # the base says opinion for everything
    offset = fit_offset(x, base, y, 0.01)
    proba = softmax(base + offset.logits(x))
    assert (proba.argmax(axis=1) == y).all()
    assert set(offset.columns.tolist()) == {0, 1}  # column 2 never occurs: no weight
    assert fit_offset(x, base, y, None).strength is None


def test_anchors_pull_the_offset_back_towards_the_base() -> None:
    n = 40
    x = sp.csr_matrix(np.ones((n, 1)))
    y = np.full(n, 2)
    base = np.zeros((n, 4))
    free = fit_offset(x, base, y, 0.01)
    anchored = fit_offset(
        x, base, y, 0.01, anchors=Anchors(sp.csr_matrix(np.ones((200, 1))), np.zeros((200, 4)))
    )
    # the shared word's weight is held near zero; the forum-only bias takes the shift
    assert abs(anchored.weights[0, 2]) < abs(free.weights[0, 2])
    assert anchored.bias[2] > 0


def test_balanced_weights_give_each_present_label_the_same_total() -> None:
    y = np.asarray([0, 0, 0, 1])
    w = balanced_weights(y)
    assert w[:3].sum() == pytest.approx(w[3]) and w.mean() == pytest.approx(1.0)


def test_em_recovers_a_shifted_prior() -> None:
    rng = np.random.default_rng(1)
    truth = rng.random(4000) < 0.8  # 80% spam in the "forum"
    # one feature, N(+1, 1) for spam and N(-1, 1) otherwise: the exact posterior at a
    # uniform prior is sigmoid(2x)
    x = rng.normal(np.where(truth, 1.0, -1.0), 1.0)
    p_spam = 1.0 / (1.0 + np.exp(-2.0 * x))
    proba = np.zeros((4000, 4))
    proba[:, 2], proba[:, 1] = p_spam, 1 - p_spam
    assert proba[:, 2].mean() < 0.75  # the plain average is biased towards 1/2
    reference = np.asarray([1e-9, 0.5, 0.5, 1e-9])
    priors = em_priors(proba, reference)
    assert priors[2] == pytest.approx(0.8, abs=0.03)


# --- readers ---------------------------------------------------------------------------------


def test_every_labelled_format_is_read(tmp_path: Path) -> None:
    corpus_line = json.loads((CORPUS_DIR / "comments.jsonl").read_text().splitlines()[0])
    (tmp_path / "corpus.jsonl").write_text(json.dumps(corpus_line) + "\n")
    (tmp_path / "plain.jsonl").write_text(
        json.dumps({"text": "Plain JSONL row, great forum.", "label": "opinion"}) + "\n"
    )
    with (tmp_path / "plain.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerow(["Buy cheap pills at example.biz", "spam"])
        writer.writerow(["A row nobody labelled yet", ""])
    found = read_forum_labels(
        [
            tmp_path / "corpus.jsonl",
            tmp_path / "plain.jsonl",
            tmp_path / "plain.csv",
            Path(__file__).parent / "fixtures/research/labelstudio_export.json",
        ]
    )
    kinds = [f["kind"] for f in found.files]
    assert kinds == ["jsonl", "jsonl", "csv", "json"]
    assert all(len(f["sha256"]) == 64 for f in found.files)
    assert found.files[2]["comments"] == 1 and any("skipped 1" in n for n in found.notes)
    assert found.files[3]["comments"] >= 5
    assert sum(found.counts().values()) == len(found.items)
    assert any(item.sentences for item in found.items)  # spans from the corpus/LS files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.jsonl", '{"text": "hi there", "label": "rant"}\n', "a.jsonl:1: label 'rant'"),
        ("b.jsonl", '{"label": "spam"}\n', "b.jsonl:1: field 'text'"),
        ("c.jsonl", "{not json\n", "c.jsonl:1"),
        ("d.txt", "text\n", "cannot tell what labelled file"),
        (
            "e.jsonl",
            '{"text": "same", "label": "spam"}\n{"text": "same", "label": "opinion"}\n',
            "labelled both spam and opinion",
        ),
        (
            "f.jsonl",
            '{"text": "short", "label": "spam", "sentences": [{"start": 0, "end": 99, '
            '"label": "spam"}]}\n',
            "out of range",
        ),
    ],
)
def test_bad_labelled_files_say_where(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(")):
        read_forum_labels([path])


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="labelled file not found"):
        read_forum_labels([tmp_path / "nope.jsonl"])
    with pytest.raises(InputError, match="unlabelled file not found"):
        read_unlabelled(tmp_path / "nope.jsonl")


def test_unlabelled_reads_any_batch_format() -> None:
    texts, skipped = read_unlabelled(Path(__file__).parent / "fixtures/exports/disqus.xml")
    assert texts and skipped >= 0


# --- end to end on a tiny base -----------------------------------------------------------------


@pytest.fixture(scope="module")
def plain_base(tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny bundle with a plain logistic regression (no sigmoid calibration)."""
    from claimcheck.model import ModelParams
    from claimcheck.train import train_model

    out = tmp_path_factory.mktemp("plain_base") / "bundle"
    params = ModelParams(min_df=1, calibration="temperature", temperature=1.0)
    train_model(corpus=tiny_corpus, out=out, params=params, cross_validate=False)
    return out


def _opinions(tiny_corpus: Path, n: int, seed: int) -> list[str]:
    """Corpus opinions the tiny base was not trained on."""
    from claimcheck.corpus import load_comments

    seen = {r.id for r in load_comments(tiny_corpus)}
    pool = sorted(
        r.text
        for r in load_comments(CORPUS_DIR)
        if r.label.value == "opinion" and r.id not in seen and len(r.text) < 220
    )
    return random.Random(seed).sample(pool, n)


def _forum(tiny_corpus: Path, n: int, seed: int) -> list[dict[str, str]]:
    texts = _opinions(tiny_corpus, n, seed)
    return [
        {"text": t + MARK, "label": "spam"} if i % 2 else {"text": t, "label": "opinion"}
        for i, t in enumerate(texts)
    ]


@pytest.fixture(scope="module")
def adapted(plain_base: Path, tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    from claimcheck.adapt import adapt

    root = tmp_path_factory.mktemp("adapted")
    labelled = root / "forum.jsonl"
    labelled.write_text("".join(json.dumps(r) + "\n" for r in _forum(tiny_corpus, 60, 1)))
    result = adapt(
        [labelled], root / "bundle", base=plain_base, domain="veltrox_forum", cache_dir=root
    )
    return result, labelled


def test_adapt_improves_on_a_forum_the_base_gets_wrong(
    adapted, plain_base: Path, tiny_corpus: Path
) -> None:
    from claimcheck.predict import load_model

    result, _ = adapted
    cv = result.report["forum_cv"]
    assert cv["after"] > cv["before"] + 0.1
    assert cv["gain_ci"][0] > 0
    # and on forum comments neither model has seen
    test = _forum(tiny_corpus, 40, 2)
    texts, gold = [r["text"] for r in test], [r["label"] for r in test]
    before = load_model(plain_base).predict(texts)
    after = load_model(result.out).predict(texts)
    right_before = sum(p.label == g for p, g in zip(before, gold, strict=True))
    right_after = sum(p.label == g for p, g in zip(after, gold, strict=True))
    assert right_after >= right_before + 8


def test_the_bundle_records_its_adaptation(adapted, plain_base: Path) -> None:
    from claimcheck.adapt import BaseModel
    from claimcheck.bundle import sha256_file, verify_bundle

    result, labelled = adapted
    meta = verify_bundle(result.out)
    record = meta["adaptation"]
    assert record["base"]["version"] == BaseModel.load(plain_base).version
    assert record["files"][0]["sha256"] == sha256_file(labelled)
    assert record["label_counts"] == {
        "evidence_citation": 0,
        "opinion": 30,
        "spam": 30,
        "testimonial": 0,
    }
    assert record["method"].startswith("offset on base logits")
    assert record["domain"] == "veltrox_forum"
    assert set(record["leave_domains_out"]) >= {"before", "after", "loss"}
    assert meta["corpus_digest"] != verify_bundle(plain_base)["corpus_digest"]


def test_evaluate_and_report_show_the_adaptation(adapted, tmp_path: Path) -> None:
    from claimcheck.evaluate import evaluate_file
    from claimcheck.predict import load_model
    from claimcheck.research.report import write_report

    result, labelled = adapted
    classifier = load_model(result.out)
    scored = evaluate_file(classifier, labelled)
    assert scored["adaptation"]["base_version"] == result.report["base"]["version"]
    assert scored["adaptation"]["label_counts"]["spam"] == 30
    report = write_report(classifier, labelled, tmp_path / "report", n_resamples=20)
    assert report.metrics["adaptation"]["method"] == result.report["method"]
    page = report.html.read_text()
    assert "Adapted from" in page and result.report["files"][0]["sha256"][:16] in page


def test_strict_refuses_a_model_that_is_not_better(
    plain_base: Path, tiny_corpus: Path, tmp_path: Path
) -> None:
    """Labels the base already gets all right: adapting cannot do better there."""
    from claimcheck.adapt import AdaptationRefused, adapt
    from claimcheck.predict import load_model

    texts = _opinions(tiny_corpus, 30, 3)
    labels = [p.label.value for p in load_model(plain_base).predict(texts)]
    path = tmp_path / "agree.jsonl"
    path.write_text(
        "".join(
            json.dumps({"text": t, "label": g}) + "\n" for t, g in zip(texts, labels, strict=True)
        )
    )
    with pytest.raises(AdaptationRefused, match="not better on the forum's own labels"):
        adapt([path], tmp_path / "out", base=plain_base, strict=True, cache_dir=tmp_path)
    assert not (tmp_path / "out").exists()
    loose = adapt([path], tmp_path / "loose", base=plain_base, cache_dir=tmp_path)
    assert loose.warnings and (tmp_path / "loose" / "meta.json").is_file()


def test_unlabelled_alone_moves_the_priors(
    plain_base: Path, tiny_corpus: Path, tmp_path: Path
) -> None:
    from claimcheck.adapt import adapt

    export = tmp_path / "export.jsonl"
    export.write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in _opinions(tiny_corpus, 60, 4))
    )
    result = adapt([], tmp_path / "out", base=plain_base, unlabelled=export, cache_dir=tmp_path)
    priors = result.report["priors"]
    assert priors["estimated"]["opinion"] > priors["before"]["opinion"]
    assert result.report["leave_domains_out"]["loss"] == 0.0
    assert "forum_cv" not in result.report


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labelled": []}, "nothing to adapt on"),
        ({"domain": "My Forum"}, "is not a domain name"),
        ({"few": True}, "needs at least 10"),
    ],
)
def test_bad_requests_fail_before_any_work(
    plain_base: Path, tmp_path: Path, kwargs: dict, message: str
) -> None:
    from claimcheck.adapt import adapt

    path = tmp_path / "l.jsonl"
    rows = [
        {"text": f"comment number {i}", "label": "opinion"}
        for i in range(3 if kwargs.get("few") else 12)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    labelled = kwargs.get("labelled", [path])
    with pytest.raises(InputError, match=message):
        adapt(labelled, tmp_path / "o", base=plain_base, domain=kwargs.get("domain"))


def test_out_may_not_be_the_base_or_a_file(plain_base: Path, tmp_path: Path) -> None:
    from claimcheck.adapt import adapt

    path = tmp_path / "l.jsonl"
    path.write_text(
        "".join(json.dumps({"text": f"c {i}", "label": "spam"}) + "\n" for i in range(12))
    )
    with pytest.raises(InputError, match="is the base bundle"):
        adapt([path], plain_base, base=plain_base)
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        adapt([path], tmp_path / "file", base=plain_base)


def test_a_calibrated_base_is_refused_with_a_reason(tiny_bundle: Path, tmp_path: Path) -> None:
    from claimcheck.adapt import BaseModel
    from claimcheck.exceptions import IncompatibleModelError

    with pytest.raises(IncompatibleModelError, match="plain LogisticRegression"):
        BaseModel.load(tiny_bundle)


def test_the_offset_folds_into_an_ordinary_bundle(adapted) -> None:
    """Same pipeline shape as any bundle: explain() and the feature names still line up."""
    from claimcheck.predict import load_model

    result, _ = adapted
    classifier = load_model(result.out)
    why = classifier.explain("Great post." + MARK)
    assert why["label"] == "spam"
    linear = classifier.pipeline[-1]
    assert linear.coef_.shape == (4, len(classifier.feature_names()))
    # the base vocabulary is kept: the new word reaches the model through n-grams it knows
    assert why["features"]["spam"]


def test_empty_offset_changes_nothing() -> None:
    x = sp.csr_matrix(np.eye(3))
    assert (Offset.empty().logits(x) == 0).all()
