"""Read, validate and summarise the authored corpus (corpus/comments.jsonl, corpus/flags.jsonl).

The checker reports every problem it finds (file, line, field, what is wrong) instead of
stopping at the first, so one run tells an author everything to fix.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from claimcheck.exceptions import CorpusFormatError, InputError
from claimcheck.text import NON_ASCII_RE, is_emoji_char, is_empty, style_counts
from claimcheck.types import LABELS, Label, highest_precedence

COMMENTS_FILE = "comments.jsonl"
FLAGS_FILE = "flags.jsonl"

#: The domains the shipped corpus was written in. Any slug matching DOMAIN_SLUG is accepted
#: (a researcher's own forum, ``--domain my_forum``); this set only documents the shipped ones.
DOMAINS: frozenset[str] = frozenset(
    {
        "ms_ccsvi",
        "vaccines",
        "supplements",
        "diets_nutrition",
        "cancer_alt_therapy",
        "mental_health_meds",
        "fertility",
        "chronic_pain",
        "consumer_products",
        "personal_finance_crypto",
        "debt_collection",
        "housing_landlords",
        "software_tutorials",
        "climate_energy",
        "education",
        "parenting",
        "fitness",
        "local_politics",
        "music_entertainment",
        "travel",
        "law_justice",
        "history_society",
        "religion_ethics",
        "media_technology",
        "sports",
        "insurance_utilities",
        "gaming",
        "pets_animals",
        "automotive",
        "home_garden",
        "relationships",
        "food_cooking",
    }
)

#: A domain name: lower-case ASCII letters, digits and underscores, starting with a letter.
DOMAIN_SLUG = re.compile(r"[a-z][a-z0-9_]{1,47}")


def is_domain_slug(value: object) -> bool:
    """True for a usable domain name (``ms_ccsvi``, ``my_forum``), whatever forum it names."""
    return isinstance(value, str) and DOMAIN_SLUG.fullmatch(value) is not None


#: Rows of LABELS.md's hard-case table (English rows; the two flag rows live in flags.jsonl).
#: ``None`` marks a row whose label is "whatever the text is without the cue".
HARD_CASES: dict[str, Label | None] = {
    "hc01_second_hand_specific": Label.TESTIMONIAL,
    "hc02_generalisation": Label.OPINION,
    "hc03_named_paper_unconvinced": Label.EVIDENCE_CITATION,
    "hc04_claim_about_evidence": Label.OPINION,
    "hc05_quoted_rebuttal": Label.OPINION,
    "hc06_testimonial_plus_promo": Label.SPAM,
    "hc07_plain_reaction": Label.OPINION,
    "hc08_reaction_plus_promo": Label.SPAM,
    "hc09_flat_experience": Label.TESTIMONIAL,
    "hc10_named_expert_outlet": Label.EVIDENCE_CITATION,
    "hc11_vague_authority": Label.OPINION,
    "hc12_rule_argued": Label.OPINION,
    "hc13_self_promo_no_link": Label.SPAM,
    "hc14_loud_reaction": Label.OPINION,
    "hc15_headline_link": Label.EVIDENCE_CITATION,
    "hc16_named_author_argues": Label.EVIDENCE_CITATION,
    "hc17_question_about_document": Label.EVIDENCE_CITATION,
    "hc18_help_question": Label.OPINION,
    "hc19_pasted_code": Label.OPINION,
    "hc20_thanks_for_post": Label.OPINION,
    "hc21_professional_experience": Label.TESTIMONIAL,
    "hc22_job_title_view": Label.OPINION,
    "hc23_bait_and_fundraising": Label.SPAM,
    "hc24_link_to_discussed_thing": Label.OPINION,
    "hc25_scam_with_story": Label.SPAM,
    "hc26_contact_details_no_promo": None,
}

FLAG_VALUES = frozenset({"non_english", "empty", "none"})

#: Cosine similarity over character 3-5-grams at or above which two comments are near-duplicates.
#: At 0.85 a pair shares almost all its wording: a template with a swapped name or number.
NEAR_DUPLICATE_THRESHOLD = 0.85
#: The style-leak check fails when style-only features reach this cross-validated macro-F1.
STYLE_LEAK_MAX_F1 = 0.50

REQUIRED_FIELDS = ("id", "text", "label", "domain", "provenance")
PROVENANCE_FIELDS = ("author", "date")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A labelled sentence of a comment: character offsets into the comment text."""

    start: int
    end: int
    label: Label


@dataclass(frozen=True, slots=True)
class CorpusRecord:
    """One validated comment of the corpus."""

    id: str
    text: str
    label: Label
    domain: str
    sentences: tuple[Sentence, ...] = ()
    hard_case: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record as its corpus-format JSON object (what load_comments reads back)."""
        return {
            "id": self.id,
            "text": self.text,
            "label": self.label.value,
            "domain": self.domain,
            "sentences": [
                {"start": s.start, "end": s.end, "label": s.label.value} for s in self.sentences
            ],
            "hard_case": self.hard_case,
            "provenance": dict(self.provenance),
        }


@dataclass(frozen=True, slots=True)
class FlagRecord:
    """One comment of the flags file: the flag it should get and, where it has one, its label."""

    id: str
    text: str
    flag: str
    label: Label | None
    language: str | None
    domain: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a corpus line."""

    path: str
    line: int
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        suffix = f" (field {self.field!r})" if self.field else ""
        return f"{where}: {self.message}{suffix}"


@dataclass
class CheckReport:
    """What `claimcheck corpus check` found."""

    n_comments: int = 0
    n_flag_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    style_leak_f1: float | None = None

    @property
    def near_duplicate_share(self) -> float:
        return len(self.near_duplicates) / self.n_comments if self.n_comments else 0.0

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and self.near_duplicate_share < 0.01
            and (self.style_leak_f1 is None or self.style_leak_f1 <= STYLE_LEAK_MAX_F1)
        )


def comment_id(text: str) -> str:
    """A stable id derived from the text, so reordering or rebuilding never changes it."""
    return "cc-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def _parse_sentences(
    raw: object, text: str, label: Label, path: str, line: int
) -> tuple[tuple[Sentence, ...], list[Problem]]:
    problems: list[Problem] = []
    if raw is None:
        return (), problems
    if not isinstance(raw, list):
        return (), [Problem(path, line, "must be a list of {start, end, label}", "sentences")]
    out: list[Sentence] = []
    prev_end = 0
    for i, item in enumerate(raw):
        fld = f"sentences[{i}]"
        if not isinstance(item, dict) or not {"start", "end", "label"} <= item.keys():
            problems.append(Problem(path, line, "needs start, end and label", fld))
            continue
        start, end, lab = item["start"], item["end"], item["label"]
        if not (isinstance(start, int) and isinstance(end, int)):
            problems.append(Problem(path, line, "start and end must be integers", fld))
            continue
        if not 0 <= start < end <= len(text):
            problems.append(
                Problem(path, line, f"offsets {start}-{end} outside text of {len(text)}", fld)
            )
            continue
        if start < prev_end:
            problems.append(Problem(path, line, "overlaps or precedes the previous span", fld))
            continue
        if not text[start:end].strip():
            problems.append(Problem(path, line, "span covers only whitespace", fld))
            continue
        try:
            sent_label = Label(lab)
        except ValueError:
            problems.append(Problem(path, line, f"unknown label {lab!r}", fld))
            continue
        prev_end = end
        out.append(Sentence(start, end, sent_label))
    if out and not problems:
        expected = highest_precedence([s.label for s in out])
        if expected != label:
            problems.append(
                Problem(
                    path,
                    line,
                    f"comment label {label.value!r} but its sentences give {expected.value!r} "
                    "by the precedence of docs/labelling-guide.md",
                    "label",
                )
            )
    return tuple(out), problems


def parse_comment_line(
    line_text: str, path: str, line: int
) -> tuple[CorpusRecord | None, list[Problem]]:
    """Parse and validate one line of comments.jsonl; returns the record and its problems."""
    from claimcheck.io.jsonl import JsonParseError, parse_json

    try:
        raw = parse_json(line_text)
    except JsonParseError as exc:
        return None, [Problem(path, line, exc.reason)]
    if not isinstance(raw, dict):
        return None, [Problem(path, line, "a line must be a JSON object")]
    problems = [
        Problem(path, line, "required field is missing", name)
        for name in REQUIRED_FIELDS
        if name not in raw
    ]
    if problems:
        return None, problems
    text = raw["text"]
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(path, line, "must be a non-empty string", "text"))
    elif is_empty(text):
        problems.append(
            Problem(
                path, line, "only emoji or invisible characters: move it to flags.jsonl", "text"
            )
        )
    label: Label | None = None
    try:
        label = Label(raw["label"])
    except (ValueError, TypeError):
        known = ", ".join(lab.value for lab in LABELS)
        problems.append(Problem(path, line, f"unknown label {raw['label']!r} ({known})", "label"))
    if not is_domain_slug(raw["domain"]):
        problems.append(
            Problem(
                path,
                line,
                f"domain {raw['domain']!r} is not a slug (lower-case letters, digits, _)",
                "domain",
            )
        )
    if not isinstance(raw["id"], str) or not raw["id"]:
        problems.append(Problem(path, line, "must be a non-empty string", "id"))
    prov = raw["provenance"]
    if not isinstance(prov, dict):
        problems.append(Problem(path, line, "must be an object", "provenance"))
    else:
        problems.extend(
            Problem(path, line, "required field is missing", f"provenance.{name}")
            for name in PROVENANCE_FIELDS
            if not prov.get(name)
        )
    hard_case = raw.get("hard_case")
    if hard_case is not None and (not isinstance(hard_case, str) or hard_case not in HARD_CASES):
        problems.append(Problem(path, line, f"unknown hard case {hard_case!r}", "hard_case"))
    if problems or label is None:
        return None, problems
    sentences, sent_problems = _parse_sentences(raw.get("sentences"), text, label, path, line)
    if sent_problems:
        return None, sent_problems
    # A hard case may be one sentence of a longer comment: its label must appear somewhere.
    carried = {label} | {s.label for s in sentences}
    decided = HARD_CASES.get(hard_case) if hard_case is not None else None
    if hard_case is not None and decided is not None and decided not in carried:
        return None, [
            Problem(
                path,
                line,
                f"hard case {hard_case} is labelled {decided.value} in LABELS.md "
                "but neither the comment nor a sentence carries that label",
                "label",
            )
        ]
    return (
        CorpusRecord(raw["id"], text, label, raw["domain"], sentences, hard_case, prov),
        [],
    )


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    yield number, raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise CorpusFormatError(
                        f"not UTF-8 ({exc.reason}); re-save the file as UTF-8",
                        path=str(path),
                        line=number,
                    ) from None
    except FileNotFoundError:
        raise InputError(f"corpus file not found: {path}") from None


def iter_comments(path: str | Path, *, strict: bool = True) -> Iterator[CorpusRecord]:
    """Yield validated records; with strict=True the first bad line raises CorpusFormatError."""
    p = Path(path)
    for number, text in _lines(p):
        if not text.strip():
            continue
        record, problems = parse_comment_line(text, str(p), number)
        if problems and strict:
            first = problems[0]
            raise CorpusFormatError(first.message, path=str(p), line=number, field=first.field)
        if record is not None:
            yield record


def resolve_corpus(path: str | Path) -> Path:
    """Accept the corpus directory or the comments file itself."""
    p = Path(path)
    return p / COMMENTS_FILE if p.is_dir() else p


def load_comments(path: str | Path = "corpus") -> list[CorpusRecord]:
    """All records of a corpus (directory or comments file); raises on the first bad line."""
    return list(iter_comments(resolve_corpus(path)))


def iter_flag_rows(path: str | Path) -> Iterator[tuple[int, FlagRecord | None, list[Problem]]]:
    """Parse flags.jsonl rows: (line number, record or None, problems)."""
    p = Path(path)
    from claimcheck.io.jsonl import JsonParseError, parse_json

    for number, line_text in _lines(p):
        if not line_text.strip():
            continue
        try:
            raw = parse_json(line_text)
        except JsonParseError as exc:
            yield number, None, [Problem(str(p), number, exc.reason)]
            continue
        problems: list[Problem] = []
        if not isinstance(raw, dict) or "text" not in raw or "flag" not in raw:
            yield number, None, [Problem(str(p), number, "needs at least text and flag")]
            continue
        if not isinstance(raw["text"], str):
            problems.append(Problem(str(p), number, "must be a string", "text"))
        if not isinstance(raw["flag"], str) or raw["flag"] not in FLAG_VALUES:
            problems.append(Problem(str(p), number, f"unknown flag {raw['flag']!r}", "flag"))
        label = raw.get("label")
        if label is not None and (
            not isinstance(label, str) or label not in {lab.value for lab in LABELS}
        ):
            problems.append(Problem(str(p), number, f"unknown label {label!r}", "label"))
        if raw["flag"] != "empty" and label is None:
            problems.append(Problem(str(p), number, "only empty rows may have no label", "label"))
        if raw["flag"] == "empty" and label is not None:
            problems.append(Problem(str(p), number, "empty rows carry no label", "label"))
        if not isinstance(raw.get("provenance"), dict):
            problems.append(Problem(str(p), number, "required field is missing", "provenance"))
        if problems:
            yield number, None, problems
            continue
        yield (
            number,
            FlagRecord(
                id=str(raw.get("id") or comment_id(raw["text"])),
                text=raw["text"],
                flag=raw["flag"],
                label=Label(label) if label else None,
                language=raw.get("language"),
                domain=raw.get("domain"),
            ),
            [],
        )


def load_flag_rows(path: str | Path = "corpus") -> list[FlagRecord]:
    """Rows of the flags file (directory or file); raises on the first bad line."""
    p = Path(path)
    p = p / FLAGS_FILE if p.is_dir() else p
    out: list[FlagRecord] = []
    for number, record, problems in iter_flag_rows(p):
        if problems:
            raise CorpusFormatError(problems[0].message, path=str(p), line=number)
        if record is not None:
            out.append(record)
    return out


# --- near-duplicates and style leak ---------------------------------------------------------


def find_near_duplicates(
    texts: list[str], ids: list[str], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[tuple[str, str, float]]:
    """Pairs of comments whose character 3-5-gram TF-IDF cosine is at least `threshold`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 2:
        return []
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, min_df=1)
    matrix = vec.fit_transform(texts)
    sims = (matrix @ matrix.T).tocoo()
    pairs = [
        (ids[i], ids[j], round(float(s), 3))
        for i, j, s in zip(sims.row, sims.col, sims.data, strict=True)
        if i < j and s >= threshold
    ]
    return sorted(pairs, key=lambda pair: -pair[2])


def style_features(texts: list[str]) -> np.ndarray:
    """Shallow style only: length, digit share, '!' and '?' counts, capitals share, emoji count
    (claimcheck.text.style_counts, as the model's style features, unscaled: trees need no
    scaling, and the count is not clipped)."""
    rows = []
    for text in texts:
        c = style_counts(text)
        rows.append(
            [
                np.log1p(c.length),
                c.digits / max(c.length, 1),
                c.exclamations,
                c.questions,
                c.upper / (c.letters or 1),
                sum(is_emoji_char(ch) for ch in NON_ASCII_RE.findall(text)),
            ]
        )
    return np.asarray(rows, dtype=float)


def style_leak_score(texts: list[str], labels: list[str], seed: int = 0) -> float:
    """Cross-validated macro-F1 of gradient boosting on style features only (5 folds)."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from threadpoolctl import threadpool_limits

    features = style_features(texts)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    # One OpenMP thread: on a busy 2-core machine the threaded version spun for minutes.
    with threadpool_limits(limits=1):
        predicted = cross_val_predict(
            HistGradientBoostingClassifier(random_state=seed), features, labels, cv=folds
        )
    return float(f1_score(labels, predicted, average="macro"))


# --- the checker ------------------------------------------------------------------------------


def check_corpus(path: str | Path = "corpus", *, style_leak: bool = True) -> CheckReport:
    """Validate every line of the corpus and its flags file; report all problems at once."""
    root = Path(path)
    comments = resolve_corpus(root)
    report = CheckReport()
    records: list[CorpusRecord] = []
    seen: dict[str, int] = {}
    for number, text in _lines(comments):
        if not text.strip():
            continue
        record, problems = parse_comment_line(text, str(comments), number)
        report.problems.extend(problems)
        if record is None:
            continue
        if record.id in seen:
            report.problems.append(
                Problem(
                    str(comments), number, f"id {record.id} already used on line {seen[record.id]}"
                )
            )
            continue
        seen[record.id] = number
        records.append(record)
    report.n_comments = len(records)
    flags_path = comments.parent / FLAGS_FILE
    if flags_path.exists():
        for number, flag_row, problems in iter_flag_rows(flags_path):
            report.problems.extend(problems)
            if flag_row is not None:
                report.n_flag_rows += 1
                if flag_row.id in seen:
                    report.problems.append(
                        Problem(str(flags_path), number, f"id {flag_row.id} already used")
                    )
    report.near_duplicates = find_near_duplicates(
        [r.text for r in records], [r.id for r in records]
    )
    if style_leak and len(records) >= 50:
        report.style_leak_f1 = style_leak_score(
            [r.text for r in records], [r.label.value for r in records]
        )
    return report


def _register_counts(records: list[CorpusRecord]) -> dict[str, dict[str, int]]:
    """Comments per writing quota (provenance `register`, from round 5 on) and label."""
    table: dict[str, dict[str, int]] = {}
    for r in records:
        register = r.provenance.get("register") if isinstance(r.provenance, dict) else None
        if isinstance(register, str):
            row = table.setdefault(register, {})
            row[r.label.value] = row.get(r.label.value, 0) + 1
    return dict(sorted(table.items()))


def _attention_spam_share(records: list[CorpusRecord]) -> float:
    """Share of spam that harvests attention (channel or music self-promotion, sub4sub,
    like-bait, fundraising, bot text): written for that quota, or found by the keyword
    heuristic of claimcheck.shortcuts (which misses many, so it alone undercounts)."""
    from claimcheck.shortcuts import spam_kinds

    spam = [r for r in records if r.label is Label.SPAM]
    attention = [
        r for r in spam if r.provenance.get("register") == "self_promo_spam" or spam_kinds(r.text)
    ]
    return round(len(attention) / len(spam), 4) if spam else 0.0


def corpus_stats(path: str | Path = "corpus") -> dict[str, Any]:
    """Counts by label, domain and hard case; length distribution; sentence-label coverage."""
    records = load_comments(path)
    lengths = np.array([len(re.findall(r"\S+", r.text)) for r in records])
    by_label = Counter(r.label.value for r in records)
    table: dict[str, dict[str, int]] = {}
    for r in records:
        row = table.setdefault(r.domain, {lab.value: 0 for lab in LABELS})
        row[r.label.value] += 1
    flags_path = resolve_corpus(path).parent / FLAGS_FILE
    flag_rows = load_flag_rows(flags_path) if flags_path.exists() else []
    return {
        "comments": len(records),
        "labels": {lab.value: by_label.get(lab.value, 0) for lab in LABELS},
        "domains": dict(sorted(table.items())),
        "n_domains": len(table),
        "multi_sentence_labelled": sum(1 for r in records if len(r.sentences) >= 2),
        "sentences_labelled": sum(len(r.sentences) for r in records),
        "hard_cases": {
            key: sum(1 for r in records if r.hard_case == key) for key in sorted(HARD_CASES)
        },
        "words": {
            "min": int(lengths.min()) if len(lengths) else 0,
            "p10": float(np.percentile(lengths, 10)) if len(lengths) else 0.0,
            "median": float(np.median(lengths)) if len(lengths) else 0.0,
            "p90": float(np.percentile(lengths, 90)) if len(lengths) else 0.0,
            "max": int(lengths.max()) if len(lengths) else 0,
        },
        "registers": _register_counts(records),
        "attention_spam_share": _attention_spam_share(records),
        "flags": dict(Counter(f.flag for f in flag_rows)),
        "flag_languages": dict(
            sorted(Counter(f.language for f in flag_rows if f.flag == "non_english").items())
        ),
    }
