"""claimcheck.retrain: the corpus less some records, plus extra files, into a new bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimcheck.corpus import load_comments
from claimcheck.exceptions import InputError
from claimcheck.retrain import TRAINING_CORPUS_FILE, retrain, training_corpus


def test_nothing_dropped_trains_on_the_corpus_itself(tiny_corpus: Path, tmp_path: Path) -> None:
    assert training_corpus(tiny_corpus, tmp_path) == tiny_corpus
    assert not (tmp_path / TRAINING_CORPUS_FILE).exists()


def test_dropped_records_leave_a_copy_and_the_corpus_untouched(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    before = tiny_corpus.read_bytes()
    records = load_comments(tiny_corpus)
    drop = {records[0].id, records[7].id}
    path = training_corpus(tiny_corpus, tmp_path, drop)
    assert path == tmp_path / TRAINING_CORPUS_FILE
    assert load_comments(path) == [r for r in records if r.id not in drop]  # every field kept
    assert tiny_corpus.read_bytes() == before


def test_an_id_the_corpus_lacks_is_refused_by_name(tiny_corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no record with id 'no-such-id'"):
        training_corpus(tiny_corpus, tmp_path, {"no-such-id"})
    assert not (tmp_path / TRAINING_CORPUS_FILE).exists()


@pytest.mark.slow
def test_retrain_counts_the_corpus_less_drops_plus_the_extra_file(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    from claimcheck.model import ModelParams
    from claimcheck.predict import load_model

    records = load_comments(tiny_corpus)
    extra = tmp_path / "extra.jsonl"
    moved = records[:3]
    extra.write_text(
        "".join(
            json.dumps({**r.to_dict(), "id": f"extra-{r.id}"}, ensure_ascii=False) + "\n"
            for r in moved
        ),
        encoding="utf-8",
    )
    out = tmp_path / "bundle"
    done = retrain(
        tiny_corpus,
        out,
        extra=[extra],
        drop_ids=[r.id for r in moved],
        cross_validate=False,
        params=ModelParams(min_df=1),
    )
    assert done.corpus == out / TRAINING_CORPUS_FILE
    assert done.meta["n_comments"] == len(records)  # three out, the same three back in
    assert str(extra) in done.meta["corpus_files"]
    assert str(done.corpus) in done.meta["corpus_files"]
    assert load_model(out).predict_one(records[5].text).label is not None
