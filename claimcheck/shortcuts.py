"""Shortcut report: surface cues per label, so a corpus can be compared with real comments.

A classifier learns whatever separates the labels in its training text. When a cue that
LABELS.md says does not decide a label (a link, a phone number, "I've read", an invented
surname, emoji, digits) is nearly always found under one label, the model learns the cue
instead of the rule. This module measures those cues per label for any labelled text (the
corpus, the external dev set), and lists the word n-grams that predict a label most strongly,
so a corpus author can see the shortcuts before the model does.

Every detector is a documented, deliberately simple proxy (regular expressions and curated
word lists): the point is to compare two collections measured the same way, not to be a
perfect parser of phone numbers or spelling.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from claimcheck.exceptions import InputError
from claimcheck.text import NON_ASCII_RE, is_emoji_char
from claimcheck.types import LABELS

# --- URLs -------------------------------------------------------------------------------------

#: Top-level domains accepted in a bare domain ("example.com/path"). Generic ones count on
#: their own; country codes count only with a path or a second level ("bbc.co.uk"), so a
#: missing space after a full stop ("the end.It was") is not taken for a link.
GENERIC_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|ly|tv|me|co|app|dev|xyz|online|site|shop|"
    "store|club|blog|news|live|link|tk|ml|ga|cf|gl|gd|be|fm"
)
COUNTRY_TLDS = (
    "uk|us|ca|au|nz|ie|de|fr|it|es|nl|se|no|dk|fi|pl|pt|ru|in|ng|za|ke|br|mx|ar|jp|cn|ch|at|"
    "gr|tr|il|sg|my|ph|pk|id|ae|eu"
)
URL_RE = re.compile(
    r"https?://\S+"
    r"|\bwww\.[a-z0-9-]+\.\S+"
    # bare domain with a generic TLD, optional path
    rf"|(?<![\w@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{GENERIC_TLDS})(?![a-z0-9-])(?:/\S*)?"
    # bare domain with a country TLD: needs a second level (co.uk, gov.au) or a path
    rf"|(?<![\w@.-])[a-z0-9][a-z0-9-]*\.(?:co|com|org|gov|ac|edu|net|nhs)\.(?:{COUNTRY_TLDS})\b"
    rf"|(?<![\w@.-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{COUNTRY_TLDS})/\S*",
    re.IGNORECASE,
)


#: A URL without a scheme has a full stop followed by a letter or digit: a cheap first test.
DOT_THEN_WORD_RE = re.compile(r"\.\w")


def has_url(text: str) -> bool:
    """A web address: with a scheme, www., or a bare domain ("example.com/path")."""
    if "://" not in text and DOT_THEN_WORD_RE.search(text) is None:
        return False
    return URL_RE.search(text) is not None


# --- e-mail -----------------------------------------------------------------------------------

EMAIL_RE = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b"
    # obfuscated: "name [at] gmail [dot] com", "name (at) mail (dot) org"
    r"|\b[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+\s*[\[(]\s*dot\s*[\])]\s*[a-z]{2,}\b",
    re.IGNORECASE,
)


def has_email(text: str) -> bool:
    """An e-mail address, also the "name [at] mail [dot] com" disguise."""
    return ("@" in text or "dot" in text.lower()) and EMAIL_RE.search(text) is not None


# --- phone numbers ----------------------------------------------------------------------------

#: A candidate: optional country code, optional area code in brackets, then digit groups
#: joined by spaces, dashes or dots; or one long run that starts with + or 0.
PHONE_CANDIDATE_RE = re.compile(
    r"(?<![\w/.,$€£:-])"
    r"(?:"
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(0?\d{1,4}\)[\s.-]?)?\d{1,5}(?:[ .-]\d{2,8}){1,5}"
    r"|(?:\+\d{1,3}[\s.-]?)?\(0?\d{1,4}\)[\s.-]?\d{3,8}"
    r"|\+\d{8,14}"
    r"|0\d{9,10}"
    r")"
    r"(?![\w/%$€£]|[.,]\d|-\d)"
)
YEAR_RE = re.compile(r"(?:1[89]|20)\d\d")
DATE_RE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}")
#: A phone number has 7 to 15 digits (E.164 allows at most 15).
PHONE_DIGITS = (7, 15)


def _is_phone(candidate: str) -> bool:
    """Reject what the candidate pattern also matches: years, year ranges, dates, versions."""
    digits = sum(c.isdigit() for c in candidate)
    if not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return False
    if DATE_RE.fullmatch(candidate):
        return False
    groups = re.findall(r"\d+", candidate)
    if all(YEAR_RE.fullmatch(g) for g in groups):  # "1990-2000", "2019 2020"
        return False
    starts_plain = not candidate.startswith(("+", "("))
    if starts_plain and len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]):
        return False  # "1 000 000", "2.500.000": a number with thousand separators
    # "2101.12345" (arXiv), "3.14159": dotted numbers need three groups to be a phone
    return not (starts_plain and "." in candidate and len(groups) < 3)


def has_phone(text: str) -> bool:
    """True when the text holds something shaped like a phone number (7-15 digits, grouped)."""
    return any(_is_phone(m.group(0)) for m in PHONE_CANDIDATE_RE.finditer(text))


# --- first person, et al., attribution ------------------------------------------------------------

FIRST_PERSON_RE = re.compile(
    r"(?<![\w'])(?:i|me|my|mine|myself|i'm|i've|i'd|i'll|im|ive)(?![\w'])", re.IGNORECASE
)
#: Words before a capital "I" that make it a numeral ("Phase I trial", "World War I").
ROMAN_I_BEFORE = frozenset(
    {"phase", "type", "war", "part", "chapter", "class", "grade", "stage", "schedule", "title",
     "volume", "vol", "act", "book", "section", "article", "henry", "elizabeth", "charles",
     "james", "george", "louis", "john", "mary", "tier"}
)  # fmt: skip


def has_first_person(text: str) -> bool:
    """I / me / my / I'm / I've ... as words, not Roman numerals or the illness ME/CFS."""
    for match in FIRST_PERSON_RE.finditer(text):
        word = match.group(0)
        start, end = match.span()
        if word == "I":
            before = re.findall(r"[A-Za-z]+", text[max(0, start - 20) : start])
            if before and before[-1].lower() in ROMAN_I_BEFORE:
                continue
        if word == "ME" and (text[end : end + 1] == "/" or text[start - 1 : start] == "/"):
            continue
        return True
    return False


ET_AL_RE = re.compile(r"\bet\.?\s+al\b", re.IGNORECASE)

REPORTING_VERBS = (
    "argues|argued|argue|found|finds|find|reported|reports|report|says|said|say|claims|claimed|"
    "concluded|concludes|conclude|showed|shows|show|shown|wrote|writes|notes|noted|estimates|"
    "estimated|suggests|suggested|observed|observes|contends|contended|warned|warns|"
    "maintains|maintained|insists|insisted|recommends|recommended|stated|states|explains|"
    "explained|points out|pointed out|demonstrated|demonstrates"
)
#: Capitalised subjects that are not a source: pronouns, determiners, generic nouns
#: ("Experts say" is a vague appeal, LABELS.md's opinion, not attribution to someone named).
NOT_A_SOURCE = frozenset(
    {"i", "he", "she", "it", "they", "we", "you", "this", "that", "these", "those", "there",
     "everyone", "everybody", "someone", "somebody", "nobody", "anyone", "people", "who",
     "what", "which", "science", "studies", "research", "experts", "scientists", "doctors",
     "many", "most", "some", "all", "one", "mom", "mum", "dad", "my", "his", "her", "their",
     "our", "your", "and", "but", "so", "if", "when", "then", "also", "just", "still",
     "google", "internet", "history", "data", "evidence", "time", "nothing", "something",
     "everything", "anything", "none", "both", "each", "here", "now", "today", "sources",
     "reports", "polls", "surveys", "officials", "critics", "supporters", "statistics"}
)  # fmt: skip
NAMED_SUBJECT_RE = re.compile(
    r"(?P<subject>(?:(?:Dr|Prof|Professor|Mr|Mrs|Ms)\.?\s+)?"
    r"(?:[A-Z][\w'’-]+|[A-Z]{2,8})(?:\s+(?:[A-Z][\w'’-]+|de|van|von|al-))*)"
    r"(?:\s+et\s+al\.?|\s+and\s+(?:colleagues|co-?authors|[A-Z][\w'-]+))?"
    r"(?:\s*\([^)]{1,40}\))?"  # "(2019)"
    r"(?:,[^,.;]{1,80},)?"  # ", a neurologist at the Karolinska Institute,"
    rf"\s+(?:{REPORTING_VERBS})\b"
)
ATTRIBUTION_RE = re.compile(
    r"\baccording\s+to\b"
    r"|\b(?:a|an|the|one|this|that)\s+(?:(?:\d{4}|recent|new|large|major|landmark|small|"
    r"government|federal|national|independent)\s+)*"
    r"(?:study|survey|report|review|paper|analysis|meta-analysis|trial|poll|audit|inquiry|"
    r"investigation|book|article|census)\s+(?:by|from|commissioned\s+by|published\s+(?:by|in))\b"
    r"|\b(?:study|survey|report|review|paper|analysis|authors|researchers|investigators|"
    r"trial|audit|inquiry|ruling|court)\s+(?:found|finds|concluded|concludes|reported|reports|"
    r"showed|shows|estimated|estimates|suggests|suggested|argues|argued|ruled|notes|noted|"
    r"says|said|states|stated)\b",
    re.IGNORECASE,
)
#: Attribution that needs a capital to name someone: "told the BBC", "as Orwell put it".
CASED_ATTRIBUTION_RE = re.compile(
    r"\btold\s+(?:the\s+)?[A-Z][\w'-]+|\b[Aa]s\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*\s+puts?\s+it\b"
)


def has_attribution(text: str) -> bool:
    """Reported speech: "according to", "X argues/found/says", "a study by", "told the BBC".

    A capitalised subject counts unless its head word is a pronoun or a generic noun
    (NOT_A_SOURCE): "Piketty argues" does, "Experts say" and "This shows" do not.
    """
    if ATTRIBUTION_RE.search(text) or CASED_ATTRIBUTION_RE.search(text):
        return True
    for match in NAMED_SUBJECT_RE.finditer(text):
        head = match.group("subject").split()[-1].lower()
        if head not in NOT_A_SOURCE:
            return True
    return False


# --- misspellings and swearing ----------------------------------------------------------------

#: Common English misspellings, written for this report (not taken from any corpus). Each
#: entry is a non-word or a non-standard spelling that an editor would correct; real words
#: used wrongly (their/there, loose/lose, then/than) are left out because a word list cannot
#: tell them apart. Apostrophe-less contractions ("dont", "didnt") are included: real comments
#: write them that way and authored text almost never does. The share of comments with at
#: least one of them is a *proxy* for careless, real-register spelling, not a spell-check.
_MISSPELLED_WORDS = """
    recieve recieved recieving reciept decieve definately definatly definetly definitly alot
    teh seperate seperately wierd wierdly wierdo untill thier becuase becasue beacuse becos
    beleive belive beleived occured ocurred occurence occurrance occurance accomodate
    accomodation acheive acheived adress adresses agressive agressively apparantly apparant
    arguement basicly begining buisness cemetary collegue collaegue comming commited
    commitee completly concious consciencious curiousity desparate dilemna dissapoint
    dissapointed embarass embarassed embarrased enviroment existance experiance familar
    finaly foriegn freind freinds goverment govenment gaurd happend hapened harrass hieght
    immediatly imediately independant independance intresting knowlege knowlegeable liason
    libary lisence maintainance maintenence millenium mischevious neccessary necesary
    neccesary noticable occassion ocassion oppurtunity opertunity paralel persue posession
    prefered privelege priviledge probaly propably publically realy reccomend recomend
    recommed relevent irrelevent religous remeber rember rememeber resistence responsability
    rythm rythym sence shoud sholud similiar sincerly speach stoped strenght lenght
    succesful sucessful suprise suprised tomorow tommorow tounge truely truley unfortunatly
    unfortunetly wich writting wheather whith wiht woud agian aswell infact everytime noone
    dosent doesnt dont didnt isnt wasnt werent wouldnt couldnt shouldnt havent hasnt hadnt
    thats youre theyre whats arent wouldve couldve shouldve youve theyve acording accross
    addmission allready alledged amature ammount anual appearence assasination athiest
    athelete attendence awfull beautifull bizzare brillant carribean catagory cheif
    comparision competance concensus contraversy contraversial critisism critisize decison
    desicion develope developement diffrent disapear dissappear disasterous eigth excercise
    exagerate excellant fourty fullfil gratefull greatful guarentee guidence humourous
    hypocracy hypocrit ignorence incidently innoculate intelligance jist jewlery lazyness
    medecine mispell mispelled neice nieghbor nieghbour nuetral occurence offical omision
    orignal overated paitent pavillion peice perseverence persistant phenomenom playwrite
    politican possable potatos prejudise presense pronounciation questionaire rediculous
    refered referance relize resturant scedule sieze sherrif shineing speciman strech supose
    tatoo temperture tendancy therfore threshhold twelth tyrany vaccum vegtable vehical
    visable whereever withold yeild
"""
MISSPELLINGS: frozenset[str] = frozenset(_MISSPELLED_WORDS.split())
#: Word-pair misspellings ("could of" for "could've").
MISSPELLED_PHRASES_RE = re.compile(
    r"\b(?:could|should|would|must|might)\s+of\b(?!\s+(?:course|the|a|an|my|his|her|them)\b)",
    re.IGNORECASE,
)

#: Swear words and their common spellings; "hell" and "bloody" only in swearing phrases
#: because both are also plain words ("hell" in religion, "bloody stool").
_SWEAR_WORDS = """
    fuck fucks fucked fucker fuckers fucking fuckin fck fcking fuk fuking fukin effing
    motherfucker motherfuckers shit shits shitty shite shitting bullshit horseshit crap
    crappy damn dammit damned goddamn goddamned ass asses asshole assholes arse arsehole
    dumbass jackass badass bastard bastards bitch bitches bitching dick dicks dickhead piss
    pissed pissing wtf stfu fml omfg bollocks wanker wankers twat twats cunt cunts frickin
    friggin freakin douchebag
"""
SWEAR_WORDS: frozenset[str] = frozenset(_SWEAR_WORDS.split())
SWEAR_PHRASES_RE = re.compile(
    r"\b(?:the\s+hell|hell\s+(?:no|yes|of\s+a)|go\s+to\s+hell|bloody\s+(?:hell|idiot|idiots|"
    r"joke|stupid|ridiculous|useless))\b",
    re.IGNORECASE,
)
WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text.replace("’", "'"))]


def has_misspelling(text: str) -> bool:
    """True when at least one word of MISSPELLINGS (or "could of"...) occurs."""
    return bool(MISSPELLED_PHRASES_RE.search(text)) or any(w in MISSPELLINGS for w in _words(text))


def has_swearing(text: str) -> bool:
    """True when a word of SWEAR_WORDS, or a swearing phrase, occurs."""
    if SWEAR_PHRASES_RE.search(text):
        return True
    return any(w in SWEAR_WORDS for w in re.findall(r"[a-z]+", text.lower()))


def has_emoji(text: str) -> bool:
    """Any pictographic character (claimcheck.text.is_emoji_char); ASCII is skipped fast."""
    return any(is_emoji_char(c) for c in NON_ASCII_RE.findall(text))


def word_count(text: str) -> int:
    return len(text.split())


# --- evidence phrases the corpus over-used (issue 12) -----------------------------------------

EVIDENCE_PHRASE_RE = re.compile(
    r"\bnot\s+convinced\b|\bi(?:'ve|\s+have)\s+read\b|\blook\s+it\s+up\b|\btold\s+me\b",
    re.IGNORECASE,
)

# --- spam kinds -------------------------------------------------------------------------------

#: Keyword heuristic for the attention-harvesting spam real comment sections are full of,
#: as opposed to product, clinic, loan or investment adverts ("other"). A spam comment may
#: match several kinds; "attention" is the share matching any of them.
SPAM_KINDS: dict[str, re.Pattern[str]] = {
    "channel_music": re.compile(
        r"\bmy\s+(?:new\s+)?(?:channel|video|vlog|music|song|single|track|album|ep|mixtape|"
        r"cover|covers|podcast|stream|page|art|beats?)\b|\bcheck\s+(?:out\s+)?my\b|\bsubscribe\b|"
        r"\bsubscribers\b|\bnew\s+(?:single|track|video|episode)\b|\bon\s+(?:spotify|soundcloud|"
        r"apple\s+music|twitch|tiktok)\b|\bsoundcloud\b|youtube\.com/(?:channel|user|c/|@)",
        re.IGNORECASE,
    ),
    "sub4sub_follow": re.compile(
        r"\bsub\s*(?:4|for)\s*sub\b|\bsubscribe\s+back\b|\bfollow\s+(?:me|back|for)\b|"
        r"\bf4f\b|\bl4l\b|\bfollow\s*4\s*follow\b",
        re.IGNORECASE,
    ),
    "like_bait": re.compile(
        r"\blike\s+(?:this|if|my\s+comment)\b|\bthumbs\s+up\s+(?:if|so)\b|\bgive\s+(?:this|it|me)"
        r"\s+a\s+(?:like|thumbs)|\btop\s+comment\b|\bso\s+(?:more\s+)?people\s+(?:can\s+)?see\b|"
        r"\b\d+\s+likes?\s*=|\bhelp\s+me\s+(?:get|reach)\b|\broad\s+to\s+\d",
        re.IGNORECASE,
    ),
    "fundraising": re.compile(
        r"\bdonat(?:e|ion|ions)\b|\bgofundme\b|\bfund\s*rais(?:er|ing)\b|\bpatreon\b|"
        r"\bkickstarter\b|\bpaypal\.me\b|\bcrowdfund|\braise\s+money\b|\bsponsor\s+(?:me|us)\b",
        re.IGNORECASE,
    ),
    "bot_text": re.compile(
        r"\bfree\s+(?:robux|v-?bucks|gift\s*cards?|iphone)\b|\bgift\s*card\b|\bgiveaway\b|"
        r"\bi'?m\s+a\s+bot\b|\bautomated\s+(?:message|comment)\b|\bmake\s+money\s+(?:online|from)\b|"
        r"\bwork(?:ing)?\s+from\s+home\b|\bearn\s+\$|\bclick\s+(?:here|the\s+link)\b|"
        r"\blink\s+in\s+(?:my\s+)?bio\b",
        re.IGNORECASE,
    ),
}


def spam_kinds(text: str) -> list[str]:
    """The attention-harvesting kinds a spam text matches (empty: an advert or other spam)."""
    return [kind for kind, pattern in SPAM_KINDS.items() if pattern.search(text)]


# --- the report -------------------------------------------------------------------------------


def has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def has_et_al(text: str) -> bool:
    return ET_AL_RE.search(text) is not None


def has_evidence_phrase(text: str) -> bool:
    """The phrases the corpus tied to evidence_citation: "not convinced", "I've read"..."""
    return EVIDENCE_PHRASE_RE.search(text) is not None


def is_short_reply(text: str) -> bool:
    return word_count(text) <= 3


#: Share-of-comments detectors, in report order: (key, row title, detector).
DETECTORS: tuple[tuple[str, str, Callable[[str], bool]], ...] = (
    ("url", "URL", has_url),
    ("phone", "phone", has_phone),
    ("email", "e-mail", has_email),
    ("digit", "digit", has_digit),
    ("emoji", "emoji", has_emoji),
    ("first_person", "first person", has_first_person),
    ("et_al", "et al.", has_et_al),
    ("attribution", "reported speech", has_attribution),
    ("evidence_phrase", "evidence phrases*", has_evidence_phrase),
    ("misspelling", "misspelling (proxy)", has_misspelling),
    ("swearing", "swearing", has_swearing),
    ("short_reply", "<= 3 words", is_short_reply),
)
TOP_NGRAMS = 20
NGRAM_MIN_DF = 5
#: An n-gram is listed only when at least this share of its comments carry the label it
#: predicts: "the" is frequent everywhere and tells an author nothing; "not convinced" at
#: 100% evidence_citation is a shortcut.
NGRAM_MIN_PURITY = 0.6


def _label_order(labels: Iterable[str]) -> list[str]:
    present = set(labels)
    known = [lab.value for lab in LABELS if lab.value in present]
    return known + sorted(present - set(known))


def _group_stats(flags: Sequence[tuple[bool, ...]], lengths: Sequence[int]) -> dict[str, Any]:
    """Shares of each detector over one group's precomputed flags, and the median length."""
    n = len(flags)
    row: dict[str, Any] = {"n": n}
    for column, (key, _title, _detect) in enumerate(DETECTORS):
        row[key] = round(sum(1 for f in flags if f[column]) / n, 4) if n else 0.0
    row["median_words"] = float(statistics.median(lengths)) if n else 0.0
    return row


def _spam_kind_stats(texts: Sequence[str]) -> dict[str, Any]:
    n = len(texts)
    matched = [spam_kinds(t) for t in texts]
    out: dict[str, Any] = {"n": n}
    for kind in SPAM_KINDS:
        out[kind] = round(sum(1 for m in matched if kind in m) / n, 4) if n else 0.0
    attention = sum(1 for m in matched if m)
    out["attention"] = round(attention / n, 4) if n else 0.0
    out["other"] = round((n - attention) / n, 4) if n else 0.0
    return out


def predictive_ngrams(
    texts: Sequence[str],
    labels: Sequence[str],
    top: int = TOP_NGRAMS,
    min_df: int = NGRAM_MIN_DF,
    min_purity: float = NGRAM_MIN_PURITY,
) -> list[dict[str, Any]]:
    """The word 1-2-grams that most strongly give a label away.

    Ranked by chi-squared over binary document counts (which favours n-grams that are both
    frequent and lopsided), keeping those where at least `min_purity` of the comments that
    contain them carry one label. Each row: the n-gram, the label it predicts, how many
    comments contain it, how many of those carry that label, and the chi-squared score.
    """
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.feature_selection import chi2

    order = _label_order(labels)
    if len(order) < 2:
        return []
    vectorizer = CountVectorizer(
        ngram_range=(1, 2), min_df=min_df, binary=True, token_pattern=r"(?u)\b\w[\w']*\b"
    )
    try:
        matrix = vectorizer.fit_transform([t.replace("’", "'") for t in texts])
    except ValueError:  # no n-gram reaches min_df: a small input, nothing to report
        return []
    y = np.array([order.index(lab) for lab in labels])
    onehot = np.zeros((len(labels), len(order)))
    onehot[np.arange(len(labels)), y] = 1.0
    per_label = np.asarray(matrix.T @ onehot)  # n-grams x labels: comments containing it
    totals = per_label.sum(axis=1)
    best = per_label.argmax(axis=1)
    purity = per_label[np.arange(len(best)), best] / np.maximum(totals, 1)
    scores = np.nan_to_num(chi2(matrix, y)[0])
    scores[purity < min_purity] = -1.0
    names = vectorizer.get_feature_names_out()
    rows = []
    for index in np.argsort(-scores, kind="stable")[:top]:
        if scores[index] < 0:
            break
        rows.append(
            {
                "ngram": str(names[index]),
                "label": order[best[index]],
                "count": int(totals[index]),
                "in_label": int(per_label[index, best[index]]),
                "purity": round(float(purity[index]), 3),
                "chi2": round(float(scores[index]), 1),
            }
        )
    return rows


def shortcut_report(
    texts: Sequence[str], labels: Sequence[str], *, ngram_min_df: int = NGRAM_MIN_DF
) -> dict[str, Any]:
    """Cue shares and median length per label (and for all), spam kinds, predictive n-grams."""
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels; give one label per text")
    if not texts:
        raise InputError("no labelled texts to report on")
    for position, (text, label) in enumerate(zip(texts, labels, strict=True)):
        if not isinstance(text, str) or not isinstance(label, str) or not label:
            raise InputError(
                f"item {position}: text and label must be strings "
                f"(got {type(text).__name__} and {type(label).__name__})"
            )
    order = _label_order(labels)
    # Each detector runs once per text; the label groups and "all" share the results.
    flags = [tuple(detect(t) for _key, _title, detect in DETECTORS) for t in texts]
    lengths = [word_count(t) for t in texts]
    per_label: dict[str, dict[str, Any]] = {}
    for lab in order:
        members = [i for i, label in enumerate(labels) if label == lab]
        per_label[lab] = _group_stats([flags[i] for i in members], [lengths[i] for i in members])
    per_label["all"] = _group_stats(flags, lengths)
    spam = [t for t, label in zip(texts, labels, strict=True) if label == "spam"]
    return {
        "n": len(texts),
        "per_label": per_label,
        "spam_kinds": _spam_kind_stats(spam),
        "top_ngrams": predictive_ngrams(texts, labels, min_df=ngram_min_df),
    }


def read_labelled_jsonl(path: str | Path) -> tuple[list[str], list[str]]:
    """Texts and labels of any JSONL with `text` and `label` (the corpus, the dev set)."""
    from claimcheck.io.jsonl import iter_jsonl

    source = Path(path)
    if not source.is_file():
        raise InputError(f"labelled file not found: {source} (a JSONL with text and label)")
    texts: list[str] = []
    labels: list[str] = []
    for row in iter_jsonl(source):
        if row.record is None:
            raise InputError(f"{source}:{row.line}: {row.error}")
        text, label = row.record.get("text"), row.record.get("label")
        if not isinstance(text, str) or not isinstance(label, str) or not label:
            raise InputError(
                f"{source}:{row.line}: needs a string 'text' and a string 'label' "
                "(unlabelled rows cannot be reported per label)"
            )
        texts.append(text)
        labels.append(label)
    if not texts:
        raise InputError(f"{source} has no records")
    return texts, labels


def report_for_jsonl(path: str | Path) -> dict[str, Any]:
    """The shortcut report of a labelled JSONL file."""
    texts, labels = read_labelled_jsonl(path)
    return shortcut_report(texts, labels)


# --- rendering --------------------------------------------------------------------------------

SHORT_LABELS = {"testimonial": "testimonial", "evidence_citation": "evidence"}


def _pct(value: float) -> str:
    if value == 0 or value >= 0.01:
        return f"{100 * value:.0f}%"
    return f"{100 * value:.1f}%"


def shortcut_table(reports: Mapping[str, Mapping[str, Any]]) -> Any:
    """A Rich table: one row per cue, one column per label; several reports share a cell
    ("8% / 2%" for corpus / dev) so the comparison fits a terminal."""
    from rich.table import Table

    names = list(reports)
    labels = _label_order(
        lab for rep in reports.values() for lab in rep["per_label"] if lab != "all"
    )
    labels.append("all")
    table = Table(title="Share of comments with each cue, per label")
    table.add_column("cue" if len(names) == 1 else "cue (" + " / ".join(names) + ")")
    for lab in labels:
        table.add_column(SHORT_LABELS.get(lab, lab), justify="right")

    def cells(key: str, fmt: Callable[[Any], str]) -> list[str]:
        shown = []
        for lab in labels:
            rows = [rep["per_label"].get(lab) for rep in reports.values()]
            shown.append(" / ".join(fmt(row[key]) if row else "–" for row in rows))
        return shown

    table.add_row("n", *cells("n", str))
    for key, title, _detect in DETECTORS:
        table.add_row(title, *cells(key, _pct))
    table.add_row("median words", *cells("median_words", lambda v: f"{v:g}"))
    table.caption = "* 'not convinced', 'I've/I have read', 'look it up', 'told me'"
    return table


def spam_kind_table(reports: Mapping[str, Mapping[str, Any]]) -> Any:
    """A Rich table: share of spam per kind, one column per report."""
    from rich.table import Table

    table = Table(title="Spam kinds (keyword heuristic; a comment may match several)")
    table.add_column("kind")
    for name in reports:
        table.add_column(name, justify="right")
    keys = ["n", *SPAM_KINDS, "attention", "other"]
    for key in keys:
        values = [rep["spam_kinds"].get(key, 0) for rep in reports.values()]
        shown = [str(v) if key == "n" else _pct(v) for v in values]
        title = "attention (any kind)" if key == "attention" else key
        table.add_row(title, *shown)
    return table


def ngram_table(report: Mapping[str, Any], title: str = "") -> Any:
    """A Rich table of the most label-predictive n-grams of one report."""
    from rich.table import Table

    table = Table(title=title or f"Top {TOP_NGRAMS} label-predictive n-grams (chi-squared)")
    for column in ("n-gram", "predicts", "comments", "in that label", "chi2"):
        table.add_column(column, justify="left" if column in {"n-gram", "predicts"} else "right")
    for row in report["top_ngrams"]:
        table.add_row(
            row["ngram"],
            row["label"],
            str(row["count"]),
            f"{row['in_label']} ({_pct(row['purity'])})",
            f"{row['chi2']:.0f}",
        )
    return table


def print_reports(reports: Mapping[str, Mapping[str, Any]], console: Any = None) -> None:
    """Print the cue table, the spam kinds and each report's n-grams."""
    from rich.console import Console

    console = console or Console()
    console.print(shortcut_table(reports))
    console.print(spam_kind_table(reports))
    for name, report in reports.items():
        console.print(ngram_table(report, f"Top {TOP_NGRAMS} label-predictive n-grams: {name}"))
