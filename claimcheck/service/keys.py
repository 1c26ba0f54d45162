"""API key tokens: how they look, how they are checked, what is stored.

A token is `cc_<key_id>_<secret>`: the key id (12 hex characters) names the row, the
secret is `secrets.token_urlsafe(32)` (256 random bits). Only SHA-256 of the secret is
stored. A slow password hash (bcrypt, argon2) exists to protect *guessable* secrets from
offline guessing; a 256-bit random secret cannot be guessed, so a fast hash loses nothing
and keeps every authenticated request cheap. Hashes are compared with
`hmac.compare_digest`, so timing does not reveal how much of a guess was right.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "cc"
KEY_ID_BYTES = 6  # 12 hex characters
SECRET_BYTES = 32
_TOKEN = re.compile(r"cc_(?P<key_id>[0-9a-f]{12})_(?P<secret>[A-Za-z0-9_-]{43})")
#: Compared against when the key id is unknown, so a miss costs the same as a wrong secret.
_DUMMY_HASH = hashlib.sha256(b"claimcheck-no-such-key").hexdigest()


@dataclass(frozen=True, slots=True)
class NewToken:
    """A freshly minted token and what the database keeps of it."""

    key_id: str
    token: str
    secret_hash: str


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a token's secret part (see the module docstring for why not bcrypt)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> NewToken:
    """Mint a token; its plaintext exists only in the returned value."""
    key_id = secrets.token_hex(KEY_ID_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return NewToken(key_id, f"{PREFIX}_{key_id}_{secret}", hash_secret(secret))


def parse_token(token: object) -> tuple[str, str] | None:
    """(key_id, secret) of a well-formed token, or None for anything else."""
    if not isinstance(token, str):
        return None
    match = _TOKEN.fullmatch(token.strip())
    if match is None:
        return None
    return match["key_id"], match["secret"]


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    """Constant-time check of a secret against a stored hash (None: unknown key)."""
    expected = stored_hash if stored_hash is not None else _DUMMY_HASH
    same = hmac.compare_digest(hash_secret(secret), expected)
    return same and stored_hash is not None
