"""The one allow-list through which every user-written text passes before storage.

We store plain text: no markup is allowed in proposals or comments, so bleach strips
every tag. Templates escape on output as a second line of defence. Control characters
(except newline and tab), bidi overrides and NUL bytes are removed because they are
used to disguise text (e.g. reversed file extensions) and break exports.
"""

from __future__ import annotations

import re
import unicodedata

import bleach

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES = re.compile(r"[ \t]+")


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    """Return ``value`` as safe plain text.

    Tags are stripped (their text is kept), entities are decoded back to characters
    (escaping is the template's job), Unicode is NFC-normalised, invisible control and
    direction characters are removed, whitespace is tidied.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    # bleach with no allowed tags removes markup; strip=True keeps inner text.
    text = bleach.clean(text, tags=set(), attributes={}, strip=True, strip_comments=True)
    # bleach escapes &, < and >; we store plain text and escape at render time.
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    # A lone "<" left after unescaping can start a tag in a careless consumer; it is
    # harmless in our escaped templates, but "<" followed by a letter or "/" or "!"
    # is what browsers parse as markup, so we break it up.
    text = re.sub(r"<(?=[A-Za-z/!?])", "< ", text)
    if multiline:
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        text = _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines))
    else:
        text = _SPACES.sub(" ", text.replace("\n", " "))
    return text.strip()


def clean_line(value: str | None) -> str:
    """Single-line variant of :func:`clean_text` (titles, names)."""
    return clean_text(value, multiline=False)
