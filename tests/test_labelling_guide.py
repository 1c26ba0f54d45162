"""docs/labelling-guide.md is the labelling contract shipped with the project: its hard-case
table must cover every hard case the corpus knows, the shipped model must give each example
its decided label, and the user-facing docs must not point outside the repository."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck.corpus import FLAG_VALUES, HARD_CASES
from claimcheck.types import LABELS, Flag

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "docs" / "labelling-guide.md"
HEADER = ("id", "example", "label", "why")
#: Flag rows of the table: ``flag_<value>`` for each flag the corpus's flags file decides.
FLAG_ROWS = frozenset(f"flag_{value}" for value in FLAG_VALUES if value != "none")
LABEL_VALUES = frozenset(label.value for label in LABELS)
#: Label cells of the flag rows: no label (``none``) or the flag that is decided.
FLAG_ROW_CELLS = {"flag_empty": "none", "flag_non_english": Flag.NON_ENGLISH.value}
#: A cell boundary: a bar not escaped by a backslash.
CELL_SPLIT = re.compile(r"(?<!\\)\|")
#: Relative Markdown link targets: ](target) that is not a URL or an in-page anchor.
LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+)\)")
#: Fenced code blocks and inline code spans, whose brackets are not links.
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


@dataclass(frozen=True)
class Row:
    """One row of the guide's hard-case table, the example decoded to the comment text."""

    id: str
    example: str
    label: str
    why: str


def _decode_example(cell: str) -> str:
    """The example cell is a code span; ``\\n`` stands for a line break, ``\\|`` for a bar."""
    if len(cell) < 2 or not (cell.startswith("`") and cell.endswith("`")):
        raise AssertionError(f"example cell must be a `code span`: {cell!r}")
    return cell[1:-1].replace("\\|", "|").replace("\\n", "\n")


def parse_hard_case_table(markdown: str) -> list[Row]:
    """The rows of the table whose header is exactly id | example | label | why."""
    lines = markdown.splitlines()
    headers = [
        i
        for i, line in enumerate(lines)
        if tuple(c.strip() for c in line.strip().strip("|").split("|")) == HEADER
    ]
    assert len(headers) == 1, f"want one table with columns {' | '.join(HEADER)} in {GUIDE}"
    rows: list[Row] = []
    for line in lines[headers[0] + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in CELL_SPLIT.split(line.strip())[1:-1]]
        assert len(cells) == len(HEADER), f"row needs {len(HEADER)} cells: {line!r}"
        rows.append(Row(cells[0], _decode_example(cells[1]), cells[2], cells[3]))
    return rows


ROWS = parse_hard_case_table(GUIDE.read_text(encoding="utf-8"))


def test_every_hard_case_has_exactly_one_row() -> None:
    counts = Counter(row.id for row in ROWS)
    assert not {k: n for k, n in counts.items() if n > 1}, "ids with more than one row"
    expected = set(HARD_CASES) | FLAG_ROWS
    assert set(counts) - expected == set(), "rows whose id is not a known hard case"
    assert expected - set(counts) == set(), "hard cases missing from the guide"


def test_decided_labels_agree_with_the_corpus_rules() -> None:
    for row in ROWS:
        assert row.why, f"{row.id}: say why"
        if row.id in FLAG_ROWS:
            assert row.label == FLAG_ROW_CELLS[row.id], row
            continue
        decided = HARD_CASES[row.id]
        # None: "the label of the text without the cue"; the row names the label its text has.
        expected = decided.value if decided is not None else row.label
        assert row.label == expected and row.label in LABEL_VALUES, row


def test_examples_are_distinct() -> None:
    texts = [row.example for row in ROWS]
    assert len(set(texts)) == len(texts)


#: Rows the shipped model still gets wrong (models/README.md, "Limits"). Strict xfail: a
#: model that fixes one fails until the id is removed; never add one to pass a new model.
KNOWN_FAILURES = frozenset({"hc07_plain_reaction", "hc16_named_author_argues"})


def test_known_failures_name_real_rows() -> None:
    assert {row.id for row in ROWS} >= KNOWN_FAILURES


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(
            row,
            id=row.id,
            marks=pytest.mark.xfail(strict=True, reason="known failure of the shipped model")
            if row.id in KNOWN_FAILURES
            else (),
        )
        for row in ROWS
    ],
)
def test_shipped_model_gives_the_decided_label(shipped_model, row: Row) -> None:
    prediction = shipped_model.predict_one(row.example)
    if row.label == "none":
        assert prediction.label is None
        assert Flag.EMPTY.value in prediction.flags
    elif row.label == Flag.NON_ENGLISH.value:
        # The label of other-language text is a guess; the flag is what the guide promises.
        assert Flag.NON_ENGLISH.value in prediction.flags
        assert prediction.label is not None
    else:
        assert prediction.label == row.label, prediction.probabilities
        assert Flag.NON_ENGLISH.value not in prediction.flags
        assert Flag.EMPTY.value not in prediction.flags


def _user_docs() -> list[Path]:
    """The Markdown a clone's reader meets: README, docs/, the datasheet and the model card."""
    docs = sorted((REPO / "docs").rglob("*.md"))
    return [REPO / "README.md", REPO / "corpus" / "CORPUS.md", REPO / "models" / "README.md", *docs]


def test_docs_do_not_point_outside_the_repository() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for path in _user_docs()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "../shared" in line
    ]
    assert offenders == [], "these lines point outside the repository"


def _links(path: Path) -> list[str]:
    """Relative link targets of a Markdown file, leaving out code (``[text](url)`` in code)."""
    text = CODE.sub("", path.read_text(encoding="utf-8"))
    return LINK.findall(text)


def test_relative_links_stay_inside_the_repository() -> None:
    escaping = [
        f"{path.relative_to(REPO)} -> {target}"
        for path in _user_docs()
        for target in _links(path)
        if not (path.parent / target.split("#", 1)[0]).resolve().is_relative_to(REPO)
    ]
    assert escaping == [], "a clone has nothing outside the repository to link to"


def test_guide_is_linked_from_readme_datasheet_and_model_card() -> None:
    for path in (REPO / "README.md", REPO / "corpus" / "CORPUS.md", REPO / "models" / "README.md"):
        targets = {(path.parent / target).resolve() for target in _links(path)}
        assert GUIDE.resolve() in targets, f"{path.relative_to(REPO)} does not link the guide"
