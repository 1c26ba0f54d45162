"""Registered spaCy components: the cue tagger, line-break sentence starts, token normaliser.

Components are factories with a config (spaCy convention), so a pipeline round-trips through
`nlp.to_bytes()`/`from_bytes()` and the model bundle never pickles a closure.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import srsly
from spacy.attrs import IS_SPACE, LEMMA, LOWER, NORM, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from claimcheck.nlp.matching import AnchoredMatcher, CompiledPattern, compile_token_pattern
from claimcheck.parsed import CUE_FAMILIES
from claimcheck.text import is_emoji_char

CUE_SPANS_KEY = "cues"

SCHOLARLY_HOST = re.compile(
    r"(doi\.org|pubmed|ncbi\.nlm|nih\.gov|\.gov\b|\.gov[/.]|\.edu\b|\.edu/|\.ac\.uk|who\.int|"
    r"europa\.eu|nature\.com|thelancet|nejm\.org|bmj\.com|jamanetwork|sciencedirect|springer|"
    r"wiley\.com|arxiv\.org|cochranelibrary|clinicaltrials|plos|frontiersin|ipcc\.ch|oecd\.org|"
    r"nice\.org\.uk|ssrn|jstor|cell\.com|academic\.oup|tandfonline|sagepub|mdpi|biorxiv|medrxiv|"
    r"rfc-editor|ietf\.org|peps\.python|docs\.python\.org|w3\.org|un\.org|worldbank\.org|imf\.org)",
    re.IGNORECASE,
)
SHORT_HOST = re.compile(
    r"^(https?://)?(www\.)?(bit\.ly|tinyurl|goo\.gl|t\.co|ow\.ly|rb\.gy|cutt\.ly|linktr\.ee|"
    r"wa\.me|t\.me)",
    re.IGNORECASE,
)
DOI = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:?)?10\.\d{4,9}/", re.IGNORECASE)
YEAR = re.compile(r"^(19[5-9]\d|20[0-3]\d)s?$")
NUMBER = re.compile(r"^[+\-]?[$£€₦₹]?\d[\d,.]*(%|k|m|bn|x)?$", re.IGNORECASE)
NUMREF = re.compile(r"\d.*[;:()/].*\d|\d+-\d+")
REGISTRY = re.compile(
    r"^(NCT\d{8}|ISRCTN\d{6,8}|PMC\d{5,8}|ACTRN\d{10,}|(arxiv:)?\d{4}\.\d{4,5}(v\d+)?$)",
    re.IGNORECASE,
)
PHONE_PREFIX = re.compile(r"^\+\d{1,4}([\d-]{6,})?$")


def norm_class(text: str, like_url: bool, like_email: bool) -> str | None:
    """The cue class a token stands for, or None when the token is an ordinary word."""
    if text.isalpha() and not like_url:
        return None
    if like_email:
        return "__email__"
    if DOI.match(text):
        return "__doi__"
    if REGISTRY.match(text):
        return "__registry__"
    if like_url:
        if SCHOLARLY_HOST.search(text):
            return "__url_scholarly__"
        if SHORT_HOST.match(text):
            return "__url_short__"
        return "__url__"
    if text[0] == "@" and len(text) > 1:
        return "__mention__"
    if PHONE_PREFIX.match(text):
        return "__phone__"
    if YEAR.match(text):
        return "__year__"
    if NUMBER.match(text):
        return "__num__"
    if any(c.isdigit() for c in text) and NUMREF.search(text):
        return "__numref__"
    if text and all(is_emoji_char(c) or c in "\u200d\ufe0f" for c in text):
        return "__emoji__"
    return None


#: Abbreviations whose full stop does not end a sentence in references.
NO_BREAK_BEFORE_DOT = frozenset({"al", "vol", "pp", "fig", "no", "eds", "ed", "cf", "vs", "approx"})


@Language.component(
    "claimcheck_line_breaks",
    assigns=["token.is_sent_start"],
)
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a line break (forum quotes and lists are written one per line),
    and never after the full stop of "et al." or of a reference abbreviation (vol., pp.).
    The sentencizer that follows keeps boundaries already set.

    Reads token columns from `Doc.to_array` (creating a Token object per token cost more
    than the work); only the tokens it changes are touched as objects.
    """
    if len(doc) < 2:
        return doc
    strings = doc.vocab.strings
    orths, lowers, spaces = doc.to_array([ORTH, LOWER, IS_SPACE]).T.tolist()
    dot = strings.add(".")
    no_break = {strings.add(word) for word in NO_BREAK_BEFORE_DOT}
    for i in range(len(orths) - 1):
        if spaces[i]:
            if "\n" in strings[orths[i]]:
                doc[i + 1].is_sent_start = True
        elif orths[i] == dot and i > 0 and lowers[i - 1] in no_break and not spaces[i + 1]:
            doc[i + 1].is_sent_start = False
    return doc


#: Distinct (text, lemma) pairs whose norm a Normalizer keeps; restarted when full.
MAX_CACHED_NORMS = 200_000


class Normalizer:
    """Write the feature form of each token into `token.norm_`: its cue class (`__url__`,
    `__doi__`, `__year__`...) or, for ordinary words, the lower-case lemma or form.

    The norm depends only on the token's text and lemma, so it is computed once per
    distinct pair and written for the whole Doc in one `Doc.from_array` call.
    """

    def __init__(self, form: str, nlp: Language | None = None) -> None:
        if form not in {"lemma", "lower"}:
            raise ValueError(f"form must be 'lemma' or 'lower', got {form!r}")
        self.use_lemma = form == "lemma"
        self.nlp = nlp
        # Token hashes -> norm hash; hashes are stable, so the cache only grows with the
        # vocabulary, and is restarted past MAX_CACHED_NORMS entries.
        self._cache: dict[Any, int] = {}
        self._table: Any = None
        self._table_checked = False

    def lemma_table(self) -> Any:
        """The pipeline's lookup-lemmatizer table, when it has one (looked up on first use,
        after the pipeline's data is loaded). With it a lemma is a function of the text
        alone, so the normaliser reads it directly and the lemmatizer need not run."""
        if not self._table_checked:
            self._table_checked = True
            if self.use_lemma and self.nlp is not None and "lemmatizer" in self.nlp.pipe_names:
                lemmatizer: Any = self.nlp.get_pipe("lemmatizer")
                if getattr(lemmatizer, "mode", None) == "lookup":
                    self._table = lemmatizer.lookups.get_table("lemma_lookup", None)
        return self._table

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        cache = self._cache
        table = self.lemma_table()
        keys = (
            doc.to_array(ORTH).tolist()
            if table is not None
            else [tuple(row) for row in doc.to_array([ORTH, LEMMA]).tolist()]
        )
        norms = []
        for key in keys:
            norm = cache.get(key)
            if norm is None:
                if len(cache) >= MAX_CACHED_NORMS:
                    cache.clear()
                norm = cache[key] = self._norm(doc.vocab, key, table)
            norms.append(norm)
        column: Any = np.asarray(norms, dtype=np.uint64).reshape(-1, 1)
        doc.from_array([NORM], column)
        return doc

    def _norm(self, vocab: Vocab, key: Any, table: Any) -> int:
        """The norm of a token: a function of its text and lemma only (so it is cached)."""
        orth, lemma = (key, None) if table is not None else key
        lex = vocab[orth]
        text = lex.orth_
        cls = norm_class(text, lex.like_url, lex.like_email)
        if cls is not None:
            return int(vocab.strings.add(cls))
        if not self.use_lemma:
            return int(lex.lower)
        if table is not None:  # as spaCy's lookup lemmatizer: the table's entry, else the text
            found = table.get(text, text)
            word = found if isinstance(found, str) else found[0]
        else:
            word = vocab.strings[lemma] if lemma else ""
        return int(vocab.strings.add((word or text).lower()))


@Language.factory(
    "claimcheck_normalizer",
    assigns=["token.norm"],
    default_config={"form": "lemma"},
)
def make_normalizer(nlp: Language, name: str, form: str) -> Normalizer:
    """The token normaliser; form="lower" keeps tense and number (had/have), "lemma" merges."""
    return Normalizer(form, nlp)


def patterns_dir() -> Path:
    """Where the packaged cue pattern files live (one JSONL per cue family)."""
    return Path(str(resources.files("claimcheck.nlp") / "patterns"))


def load_patterns(directory: str | Path | None = None) -> list[dict[str, Any]]:
    """Read every `<family>.jsonl` pattern file; each pattern's label is its family."""
    base = Path(directory) if directory else patterns_dir()
    patterns: list[dict[str, Any]] = []
    for family in CUE_FAMILIES:
        path = base / f"{family}.jsonl"
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    pattern = json.loads(line)
                    pattern["label"] = family
                    patterns.append(pattern)
    return patterns


#: Above this many phrases, a token pattern stays a token pattern rather than being expanded.
MAX_PHRASE_EXPANSION = 400


def as_phrases(pattern: list[dict[str, Any]]) -> list[str] | None:
    """Expand a token pattern made only of LOWER / LOWER-IN tests into phrase strings.

    The PhraseMatcher finds those by hash lookup, which costs far less than running each
    token pattern over every token: on forum text this made the cue step ~3x faster.
    Returns None when the pattern uses anything else (operators, REGEX, NORM, shapes).
    """
    choices: list[list[str]] = []
    for token in pattern:
        if set(token) != {"LOWER"}:
            return None
        value = token["LOWER"]
        if isinstance(value, str):
            choices.append([value])
        elif isinstance(value, dict) and set(value) == {"IN"}:
            choices.append(list(value["IN"]))
        else:
            return None
    phrases = [""]
    for options in choices:
        phrases = [f"{head} {opt}".strip() for head in phrases for opt in options]
        if len(phrases) > MAX_PHRASE_EXPANSION:
            return None
    return phrases


def compile_patterns(patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn eligible token patterns into phrase patterns; keep the rest as they are."""
    out: list[dict[str, Any]] = []
    for pattern in patterns:
        phrases = as_phrases(pattern["pattern"]) if isinstance(pattern["pattern"], list) else None
        if phrases is None:
            out.append(pattern)
        else:
            out.extend(
                {"label": pattern["label"], "id": pattern["id"], "pattern": p} for p in phrases
            )
    return out


class CueTagger:
    """Find cue spans (citation, promotion, experience, rebuttal, hedge) and write them to
    `doc.spans['cues']`, labelled by family, with the pattern id as the span id.

    Plain LOWER patterns run on a PhraseMatcher (see as_phrases), the other token patterns
    on the AnchoredMatcher (claimcheck/nlp/matching.py), and any pattern it cannot compile
    on spaCy's Matcher.
    The patterns are serialised with the pipeline, so a saved model keeps the cues it was
    trained with even if the packaged pattern files change later.
    """

    def __init__(self, nlp: Language, name: str, patterns_path: str | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.set_patterns(load_patterns(patterns_path))

    def set_patterns(self, patterns: list[dict[str, Any]]) -> None:
        """Store patterns; matchers are compiled on first use, so loading a saved pipeline
        (construct from config, then from_bytes) compiles once instead of twice."""
        self.patterns = patterns
        self._compiled = False

    def _compile(self) -> None:
        strings = self.nlp.vocab.strings
        self.matcher = Matcher(self.nlp.vocab, validate=True)
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        anchored: list[CompiledPattern] = []
        phrases: dict[str, list[Doc]] = {}
        # match key -> (family, pattern id, rank): where several patterns of one family
        # find the same stretch, a token pattern names it (the first in file order), else
        # the phrase the PhraseMatcher reports first, as before the AnchoredMatcher.
        self._keys: dict[int, tuple[str, str, int]] = {}
        for rank, entry in enumerate(compile_patterns(self.patterns)):
            key = f"{entry['label']}|{entry['id']}"
            key_hash = strings.add(key)
            if key_hash not in self._keys:
                self._keys[key_hash] = (entry["label"], entry["id"], rank)
            if isinstance(entry["pattern"], str):
                phrases.setdefault(key, []).append(self.nlp.make_doc(entry["pattern"]))
                continue
            compiled = compile_token_pattern(key_hash, entry["pattern"], self.nlp.vocab)
            if compiled is None:
                self.matcher.add(key, [entry["pattern"]])
            else:
                anchored.append(compiled)
        for key, docs in phrases.items():
            self.phrase_matcher.add(key, docs)
        self.anchored = AnchoredMatcher(self.nlp.vocab, anchored)
        self._compiled = True

    def __call__(self, doc: Doc) -> Doc:
        if not self._compiled:
            self._compile()
        token_matches = self.anchored(doc)
        if len(self.matcher):
            token_matches.update(self.matcher(doc))
        found: dict[tuple[int, int, str], tuple[int, str]] = {}
        for match_id, start, end in token_matches:
            family, pattern_id, rank = self._keys[match_id]
            kept = found.get((start, end, family))
            if kept is None or rank < kept[0]:
                found[(start, end, family)] = (rank, pattern_id)
        for match_id, start, end in self.phrase_matcher(doc):
            family, pattern_id, _ = self._keys[match_id]
            found.setdefault((start, end, family), (-1, pattern_id))
        doc.spans[CUE_SPANS_KEY] = [
            Span(doc, start, end, label=family, span_id=found[(start, end, family)][1])
            for start, end, family in sorted(found)
        ]
        return doc

    def to_bytes(self, *, exclude: tuple[str, ...] = ()) -> bytes:
        return srsly.json_dumps(self.patterns).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: tuple[str, ...] = ()) -> CueTagger:
        self.set_patterns(srsly.json_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "patterns.json", self.patterns)

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> CueTagger:
        self.set_patterns(srsly.read_json(Path(path) / "patterns.json"))
        return self


@Language.factory(
    "claimcheck_cues",
    assigns=["doc.spans"],
    default_config={"patterns_path": None},
)
def make_cue_tagger(nlp: Language, name: str, patterns_path: str | None) -> CueTagger:
    """The cue tagger, loaded with the packaged pattern files (or those under patterns_path)."""
    return CueTagger(nlp, name, patterns_path)
