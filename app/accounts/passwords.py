"""How strong a new password must be.

A password is refused when it is short, only digits, or guessable: it contains the
person's e-mail address or name, or a word of this site ("forum", "milano",
"metropolitana"...) even written with digits for letters (``F0rum``); it is a known
common password; or `zxcvbn <https://pypi.org/project/zxcvbn/>`_ (Dropbox's estimator,
with its dictionaries of common passwords, names, words, keyboard walks, dates and
substitutions) estimates fewer than 10^8 guesses for it (score below 3), also counting
the person's own words and the site's as dictionary words. Every reason has its own
translated message; the form's help text says what works: a few unrelated words.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

PASSWORD_MIN_LENGTH = 10
# zxcvbn's score 3: "safely unguessable: moderate protection from offline slow-hash scenario".
MIN_SCORE = 3
# zxcvbn's cost grows with the length; beyond this only the start is estimated (a longer
# password is not weaker for that).
ESTIMATED_LENGTH = 64
# Words of this site and its place an attacker tries first.
SITE_WORDS = (
    "forum",
    "milano",
    "milan",
    "metropolitana",
    "metropolitano",
    "metropoli",
    "citta",
    "cittametropolitana",
    "lombardia",
    "psttm",
)
# Long enough to pass the length rule, guessed first all the same (zxcvbn knows most;
# these are the ones of this site, the demo's password included).
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "qwertyuiop",
        "qwertyuiop1",
        "password1!",
        "passwordpassword",
        "ciaociao123",
        "amoreamore",
        "administrator",
        "demo-forum-2026",
        "forummetropolitano",
    }
)
# Digits and symbols people put for letters.
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
MIN_PERSONAL_WORD = 4


def personal_words(email: str = "", name: str = "") -> list[str]:
    """The pieces of an e-mail address and a name that must not appear in the password."""
    local, _, domain = (email or "").strip().lower().partition("@")
    pieces = re.split(r"[^\w]+|_", f"{local} {domain.split('.')[0]} {(name or '').lower()}")
    return [p for p in dict.fromkeys(pieces) if len(p) >= MIN_PERSONAL_WORD]


def _contains(password: str, words) -> bool:
    plain = password.lower()
    variants = {plain, plain.translate(LEET), plain.translate(LEET).replace("i", "l")}
    squeezed = {re.sub(r"[^a-z]", "", v) for v in variants}
    return any(word in text for word in words for text in variants | squeezed)


def password_problems(password: str, email: str = "", name: str = "") -> list:
    """What is wrong with ``password`` (an empty list if it is strong enough), each reason
    as a translated message."""
    password = password or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        return [_l("Use at least %(n)d characters.", n=PASSWORD_MIN_LENGTH)]
    if password.isdigit():
        return [_l("Do not use only digits: add letters or symbols.")]
    lowered = password.strip().lower()
    mine = personal_words(email, name)
    address = (email or "").strip().lower()
    if (address and address in lowered) or _contains(password, mine):
        return [_l("Do not use your e-mail address or your name in the password.")]
    if _contains(password, SITE_WORDS):
        return [
            _l("Do not use the name of this site or of the city (such as forum or Milano) in the password.")
        ]
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        return [_l("This password is too common and easy to guess: choose another one.")]
    estimate = zxcvbn(password[:ESTIMATED_LENGTH], user_inputs=[*SITE_WORDS, *mine])
    if estimate["score"] < MIN_SCORE:
        return [
            _l(
                "This password is too easy to guess (common words, names, dates, keyboard sequences "
                "or predictable substitutions). Try three or four unrelated words joined by a dash."
            )
        ]
    return []
