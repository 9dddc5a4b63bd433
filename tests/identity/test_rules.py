"""Rules without HTTP: the fiscal number's shape and digest, the settings SPID/CIE needs."""

from __future__ import annotations

import pytest

from app.identity.fiscal import fiscal_number_digest, normalise_fiscal_number
from app.settings import settings_problems

KEY = "k" * 40


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("TINIT-RSSMRA80A41F205X", "RSSMRA80A41F205X"),  # SPID: the ETSI prefix
        ("tinit-rssmra80a41f205x", "RSSMRA80A41F205X"),
        (" RSSMRA80A41F205X\n", "RSSMRA80A41F205X"),  # CIE gateways: the bare code
        ("RSSMRA80A41F2L5X", "RSSMRA80A41F2L5X"),  # omocodia: a letter in place of a digit
    ],
)
def test_a_fiscal_number_is_normalised(sent, kept):
    assert normalise_fiscal_number(sent) == kept


@pytest.mark.parametrize(
    "sent", [None, "", "TINIT-", "TINIT-12345678901", "RSSMRA80A41F205", "RSSMRA80Z41F205X", 12345, ["x"]]
)
def test_anything_else_is_not_a_fiscal_number(sent):
    assert normalise_fiscal_number(sent) is None


def test_the_digest_is_keyed_and_the_same_with_or_without_the_prefix():
    plain = fiscal_number_digest(normalise_fiscal_number("RSSMRA80A41F205X"), KEY)
    prefixed = fiscal_number_digest(normalise_fiscal_number("TINIT-RSSMRA80A41F205X"), KEY)
    assert plain == prefixed and len(plain) == 64 and "RSSMRA" not in plain
    assert fiscal_number_digest("RSSMRA80A41F205X", "another-key" * 4) != plain
    with pytest.raises(ValueError):
        fiscal_number_digest("RSSMRA80A41F205X", "")


def _config(**overrides):
    return {
        "SECRET_KEY": "s" * 40,
        "OIDC_ISSUER": "https://gateway.example.it",
        "OIDC_CLIENT_ID": "forum",
    } | overrides


def test_spid_cie_sign_in_needs_its_own_long_hmac_key():
    assert any("IDENTITY_HASH_KEY" in p for p in settings_problems(_config()))
    assert any("IDENTITY_HASH_KEY" in p for p in settings_problems(_config(IDENTITY_HASH_KEY="short")))
    assert any("differ" in p for p in settings_problems(_config(IDENTITY_HASH_KEY="s" * 40)))
    assert settings_problems(_config(IDENTITY_HASH_KEY=KEY)) == []


def test_spid_cie_sign_in_needs_a_client_id_and_nothing_is_asked_when_it_is_off():
    assert any(
        "OIDC_CLIENT_ID" in p for p in settings_problems(_config(OIDC_CLIENT_ID="", IDENTITY_HASH_KEY=KEY))
    )
    assert settings_problems({"SECRET_KEY": "s" * 40, "OIDC_ISSUER": ""}) == []
