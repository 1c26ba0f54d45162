"""What a link, phone number or e-mail in a comment points to, by class (no spaCy import).

A link is not a label (the labelling guide: "ask what it promotes"). A model that sees only
"has a URL" learns whatever our corpus happened to pair URLs with; one that sees *where* a
link goes (a journal, a newspaper, an agency, an encyclopedia, the video under discussion,
a social profile, a shop or a link shortener) can transfer to hosts it never saw in
training. Hosts are matched on their registered name and public suffix, so
`https://www.bbc.co.uk/news/...` and `bbc.co.uk/news` are the same class.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Link classes, in the order of their feature columns.
LINK_CLASSES: tuple[str, ...] = (
    "scholarly",
    "news",
    "government",
    "encyclopedia",
    "video",
    "social",
    "shop",
    "shortener",
    "other",
)
#: Contact details that are not links; they are counted beside the link classes.
CONTACT_CLASSES: tuple[str, ...] = ("email", "phone")

_HOSTS: dict[str, tuple[str, ...]] = {
    "scholarly": (
        "doi.org",
        "pubmed.ncbi.nlm.nih.gov",
        "ncbi.nlm.nih.gov",
        "nature.com",
        "science.org",
        "sciencemag.org",
        "thelancet.com",
        "nejm.org",
        "bmj.com",
        "jamanetwork.com",
        "sciencedirect.com",
        "springer.com",
        "link.springer.com",
        "wiley.com",
        "onlinelibrary.wiley.com",
        "tandfonline.com",
        "sagepub.com",
        "academic.oup.com",
        "cell.com",
        "plos.org",
        "journals.plos.org",
        "frontiersin.org",
        "mdpi.com",
        "arxiv.org",
        "biorxiv.org",
        "medrxiv.org",
        "ssrn.com",
        "papers.ssrn.com",
        "jstor.org",
        "researchgate.net",
        "scholar.google.com",
        "semanticscholar.org",
        "cochranelibrary.com",
        "clinicaltrials.gov",
        "pnas.org",
        "acm.org",
        "dl.acm.org",
        "ieee.org",
        "ieeexplore.ieee.org",
        "annualreviews.org",
        "cambridge.org",
        "nber.org",
        "osf.io",
        "zenodo.org",
        "europepmc.org",
        "hal.science",
        "psyarxiv.com",
        "apa.org",
        "ahajournals.org",
        "elifesciences.org",
        "peerj.com",
        "hindawi.com",
        "karger.com",
        "thieme-connect.com",
        "aacrjournals.org",
        "ascopubs.org",
        "atsjournals.org",
    ),
    "news": (
        "reuters.com",
        "apnews.com",
        "bbc.co.uk",
        "bbc.com",
        "nytimes.com",
        "theguardian.com",
        "washingtonpost.com",
        "wsj.com",
        "ft.com",
        "economist.com",
        "cnn.com",
        "nbcnews.com",
        "cbsnews.com",
        "abcnews.go.com",
        "npr.org",
        "pbs.org",
        "aljazeera.com",
        "bloomberg.com",
        "politico.com",
        "politico.eu",
        "axios.com",
        "theatlantic.com",
        "newyorker.com",
        "time.com",
        "newsweek.com",
        "usatoday.com",
        "latimes.com",
        "independent.co.uk",
        "telegraph.co.uk",
        "thetimes.co.uk",
        "dailymail.co.uk",
        "mirror.co.uk",
        "sky.com",
        "news.sky.com",
        "cbc.ca",
        "theglobeandmail.com",
        "abc.net.au",
        "smh.com.au",
        "irishtimes.com",
        "rte.ie",
        "dw.com",
        "france24.com",
        "lemonde.fr",
        "spiegel.de",
        "elpais.com",
        "statnews.com",
        "arstechnica.com",
        "theverge.com",
        "wired.com",
        "techcrunch.com",
        "vox.com",
        "propublica.org",
        "theconversation.com",
        "scientificamerican.com",
        "newscientist.com",
        "nationalgeographic.com",
        "hindustantimes.com",
        "timesofindia.indiatimes.com",
        "thehindu.com",
        "scmp.com",
        "japantimes.co.jp",
        "nzherald.co.nz",
        "news.com.au",
        "huffpost.com",
        "buzzfeednews.com",
        "slate.com",
        "forbes.com",
        "businessinsider.com",
        "cnbc.com",
        "marketwatch.com",
        "fortune.com",
    ),
    "encyclopedia": (
        "wikipedia.org",
        "britannica.com",
        "wikimedia.org",
        "wiktionary.org",
        "plato.stanford.edu",
        "iep.utm.edu",
        "encyclopedia.com",
        "scholarpedia.org",
    ),
    "video": (
        "youtube.com",
        "youtu.be",
        "vimeo.com",
        "twitch.tv",
        "tiktok.com",
        "dailymotion.com",
        "kick.com",
        "rumble.com",
        "bilibili.com",
    ),
    "social": (
        "facebook.com",
        "fb.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "t.me",
        "telegram.me",
        "wa.me",
        "whatsapp.com",
        "reddit.com",
        "redd.it",
        "linktr.ee",
        "discord.gg",
        "discord.com",
        "snapchat.com",
        "pinterest.com",
        "linkedin.com",
        "threads.net",
        "bsky.app",
        "mastodon.social",
        "tumblr.com",
        "soundcloud.com",
        "spotify.com",
        "open.spotify.com",
        "bandcamp.com",
        "patreon.com",
        "ko-fi.com",
        "onlyfans.com",
        "medium.com",
        "substack.com",
        "quora.com",
        "github.com",
        "stackoverflow.com",
        "gofundme.com",
        "justgiving.com",
        "change.org",
        "kickstarter.com",
    ),
    "shop": (
        "amazon.com",
        "amazon.co.uk",
        "amzn.to",
        "ebay.com",
        "ebay.co.uk",
        "etsy.com",
        "aliexpress.com",
        "alibaba.com",
        "temu.com",
        "shein.com",
        "walmart.com",
        "shopify.com",
        "myshopify.com",
        "gumroad.com",
        "clickbank.net",
        "iherb.com",
    ),
    "shortener": (
        "bit.ly",
        "tinyurl.com",
        "goo.gl",
        "t.co",
        "ow.ly",
        "rb.gy",
        "cutt.ly",
        "is.gd",
        "shorturl.at",
        "tiny.cc",
        "buff.ly",
        "rebrand.ly",
    ),
}
_GOVERNMENT_SUFFIXES = (
    ".gov",
    ".gov.uk",
    ".gov.au",
    ".gc.ca",
    ".gov.in",
    ".gov.ie",
    ".gouv.fr",
    ".bund.de",
    ".mil",
    ".nhs.uk",
    ".europa.eu",
    ".govt.nz",
    ".gob.es",
    ".gov.ng",
    ".gov.za",
)
_GOVERNMENT_HOSTS = (
    "who.int",
    "un.org",
    "oecd.org",
    "worldbank.org",
    "imf.org",
    "europa.eu",
    "ecdc.europa.eu",
    "ipcc.ch",
    "nice.org.uk",
    "nhs.uk",
    "legislation.gov.uk",
    "federalregister.gov",
    "eur-lex.europa.eu",
)
_SCHOLARLY_SUFFIXES = (".edu", ".ac.uk", ".ac.jp", ".edu.au", ".ac.nz", ".ac.in")
_SHOP_SUFFIXES = (".shop", ".store")

_HOST_CLASS: dict[str, str] = {h: c for c, hosts in _HOSTS.items() for h in hosts}
_HOST_CLASS.update({h: "government" for h in _GOVERNMENT_HOSTS})

#: A URL with a scheme or www., or a bare host with a known-looking suffix and a path.
URL = re.compile(
    r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'\])]+"
    r"|\b(?:[a-z0-9-]{1,63}\.)+[a-z]{2,12}/[^\s<>\"'\])]*"
    r"|\b(?:[a-z0-9-]{1,63}\.)+(?:com|org|net|io|gov|edu|co\.uk|ly|be|me|gg|tv|ee|at)\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+\b")
#: Seven or more digits, allowing the separators people type; a year or a price is shorter.
PHONE = re.compile(r"(?<![\w.])(?:\+|00)?\(?\d[\d\s().-]{5,18}\d(?![\w.])")
_PHONE_DIGITS = re.compile(r"\d")
_LOCAL_NUMBER = re.compile(r"\d{3}[-.\s]\d{4}")


def is_phone_number(candidate: str) -> bool:
    """A PHONE match that is a number people dial, not a year range, a count or a DOI."""
    digits = len(_PHONE_DIGITS.findall(candidate))
    if not 7 <= digits <= 15:
        return False
    if candidate.startswith(("+", "00", "(")):
        return True
    return digits >= 10 or _LOCAL_NUMBER.fullmatch(candidate) is not None


def host_of(url: str) -> str:
    """The lower-cased host of a URL or bare domain ("www." removed)."""
    rest = re.sub(r"^[a-z]+://", "", url.strip().lower())
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    return host[4:] if host.startswith("www.") else host


def host_class(host: str) -> str:
    """One of LINK_CLASSES for a host, from the host or its parent domains."""
    parts = host.split(".")
    for i in range(len(parts) - 1):
        cls = _HOST_CLASS.get(".".join(parts[i:]))
        if cls is not None:
            return cls
    dotted = "." + host
    if dotted.endswith(_GOVERNMENT_SUFFIXES):
        return "government"
    if dotted.endswith(_SCHOLARLY_SUFFIXES):
        return "scholarly"
    if dotted.endswith(_SHOP_SUFFIXES):
        return "shop"
    return "other"


#: What every URL match contains (a scheme, "www." or a dot between host characters):
#: most comments have none, and this search is far cheaper than URL's.
_MAYBE_URL = re.compile(r"[a-z0-9-]\.[a-z]|://|www\.", re.IGNORECASE)


def iter_link_classes(text: str) -> Iterator[str]:
    """The class of every link, e-mail address and phone number in a text, in order.

    Each pattern runs only where the text has what any of its matches must contain ("@",
    _MAYBE_URL, a digit), which skips most of the scanning and changes no result."""
    emails = [m.span() for m in EMAIL.finditer(text)] if "@" in text else []
    if _MAYBE_URL.search(text) is not None:
        for match in URL.finditer(text):
            if any(s <= match.start() < e for s, e in emails):
                continue
            yield host_class(host_of(match.group()))
    for _ in emails:
        yield "email"
    if _PHONE_DIGITS.search(text) is not None:
        for match in PHONE.finditer(text):
            if is_phone_number(match.group()):
                yield "phone"
