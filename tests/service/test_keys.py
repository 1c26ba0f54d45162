"""API keys: minted once, stored hashed, checked in constant time, revoked for good."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from claimcheck.exceptions import InputError, StoreError
from claimcheck.service import keys
from claimcheck.service.db import Database
from claimcheck.service.tables import api_keys


def test_create_verify_revoke(any_database: Database) -> None:
    key, token = any_database.create_key("forum bot")
    assert token.startswith(f"cc_{key.key_id}_")
    assert key.name == "forum bot"
    assert key.revoked_at is None and key.active
    assert any_database.verify_key(token) == key
    assert any_database.verify_key(f"  {token}\n") == key  # pasted with whitespace

    revoked = any_database.revoke_key(key.key_id)
    assert revoked.key_id == key.key_id
    assert revoked.revoked_at is not None and not revoked.active
    assert any_database.verify_key(token) is None
    # Revoking again keeps the first revocation time.
    assert any_database.revoke_key(key.key_id).revoked_at == revoked.revoked_at
    assert any_database.list_keys() == [revoked]


def test_only_a_hash_of_the_secret_is_stored(any_database: Database) -> None:
    _key, token = any_database.create_key("page")
    secret = token.split("_", 2)[2]
    with any_database.engine.connect() as conn:
        row = conn.execute(select(api_keys)).one()
    stored = " ".join(str(value) for value in row)
    assert secret not in stored and token not in stored
    assert row.secret_hash == hashlib.sha256(secret.encode()).hexdigest()


def test_tokens_of_other_keys_and_tampered_tokens_fail(any_database: Database) -> None:
    first, token_1 = any_database.create_key("one")
    second, token_2 = any_database.create_key("two")
    assert first.key_id != second.key_id and token_1 != token_2
    secret_2 = token_2.split("_", 2)[2]
    # Key id of the first key with the secret of the second.
    assert any_database.verify_key(f"cc_{first.key_id}_{secret_2}") is None
    flipped = token_1[:-1] + ("A" if token_1[-1] != "A" else "B")
    assert any_database.verify_key(flipped) is None
    unknown_id = "0" * 12 if first.key_id != "0" * 12 else "1" * 12
    assert any_database.verify_key(f"cc_{unknown_id}_{secret_2}") is None
    assert {k.name for k in any_database.list_keys()} == {"one", "two"}


@pytest.mark.parametrize(
    "token",
    [
        "",
        "Bearer something",
        "cc_",
        "cc_abc_def",
        "cc_XYZXYZXYZXYZ_" + "a" * 43,
        "cc_0123456789ab_" + "a" * 42,
        "cc_0123456789ab_" + "a" * 44,
        "cc_0123456789ab_" + "a" * 42 + "!",
        "' OR 1=1 --",
        "cc_0123456789ab_" + "a" * 42 + "\x00",
    ],
)
def test_malformed_tokens_are_rejected_without_a_query(database: Database, token: str) -> None:
    assert keys.parse_token(token) is None
    assert database.verify_key(token) is None


def test_non_string_token_is_rejected(database: Database) -> None:
    assert database.verify_key(None) is None  # type: ignore[arg-type]
    assert database.verify_key(b"cc_...") is None  # type: ignore[arg-type]


def test_revoking_an_unknown_key_says_how_to_find_keys(any_database: Database) -> None:
    with pytest.raises(StoreError, match=r"no API key with id 'nope'.*claimcheck keys list"):
        any_database.revoke_key("nope")


@pytest.mark.parametrize("name", ["", "   ", "n" * 201, "bad\x00name"])
def test_bad_key_names_are_input_errors(database: Database, name: str) -> None:
    with pytest.raises(InputError, match="key name"):
        database.create_key(name)
    assert database.list_keys() == []


def test_new_tokens_parse_back_and_match_their_hash() -> None:
    minted = keys.new_token()
    parsed = keys.parse_token(minted.token)
    assert parsed is not None
    key_id, secret = parsed
    assert key_id == minted.key_id
    assert keys.secret_matches(secret, minted.secret_hash)
    assert not keys.secret_matches(secret, None)
    assert not keys.secret_matches(secret + "x", minted.secret_hash)


@given(st.text(max_size=80))
def test_parse_token_never_crashes(value: str) -> None:
    parsed = keys.parse_token(value)
    if parsed is not None:
        assert value.strip() == f"cc_{parsed[0]}_{parsed[1]}"
