"""The fiscal number (codice fiscale) as SPID and CIE send it, and its keyed digest."""

from __future__ import annotations

import hashlib
import hmac
import re

# SPID sends "TINIT-" + the codice fiscale (ETSI semantics identifier: tax id, Italy);
# CIE gateways often send the bare code. A person's code is 16 letters and digits
# (omocodia replaces some digits with letters, so only the shape is checked).
TINIT_PREFIX = "TINIT-"
_DIGIT = "[0-9LMNPQRSTUV]"  # a digit, or the letter omocodia puts in its place
PERSONAL_CODE = re.compile(rf"^[A-Z]{{6}}{_DIGIT}{{2}}[A-EHLMPRST]{_DIGIT}{{2}}[A-Z]{_DIGIT}{{3}}[A-Z]$")


def normalise_fiscal_number(value: object) -> str | None:
    """The bare upper-case codice fiscale, or None when ``value`` is not one.

    ``"TINIT-rssmra80a01f205x "`` becomes ``"RSSMRA80A01F205X"``.
    """
    if not isinstance(value, str):
        return None
    code = re.sub(r"\s+", "", value).upper()
    if code.startswith(TINIT_PREFIX):
        code = code[len(TINIT_PREFIX) :]
    return code if PERSONAL_CODE.match(code) else None


def fiscal_number_digest(code: str, key: str) -> str:
    """HMAC-SHA256 of the normalised code under ``key`` (IDENTITY_HASH_KEY), as hex.

    A keyed digest, not a plain hash: the codes are few enough (and structured enough)
    that a plain SHA-256 could be reversed by trying them all.
    """
    if not key:
        raise ValueError("IDENTITY_HASH_KEY is not set")
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()
