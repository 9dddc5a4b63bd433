"""What an analyst may ask of a theme run besides k and the seed: the consultation's own stop
words and guided seed themes (issue 12). Parsed and checked here, stored in the run's params,
read by the engine (:mod:`app.synthesis.runs.engine`). No :mod:`nlp` import: web workers parse them.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from app.errors import ValidationFailed

MAX_STOP_WORDS = 60
MAX_STOP_WORD_LENGTH = 60
MAX_SEED_THEMES = 8
MAX_SEED_WORDS = 12
MAX_SEED_NAME = 80
_LETTERS = re.compile(r"[^\W\d_]")
_SEPARATORS = re.compile(r"[,;\n]")


def parse_stop_words(text: str | None) -> list[str]:
    """Words or two-word phrases, separated by commas, semicolons or new lines.

    :raises ValidationFailed: on the ``stop_words`` field for too many entries, an entry without
        letters, too long, or of more than two words.
    """
    entries = [" ".join(e.split()) for e in _SEPARATORS.split(text or "")]
    entries = list(dict.fromkeys(e for e in entries if e))
    if len(entries) > MAX_STOP_WORDS:
        raise ValidationFailed([("stop_words", _l("At most %(n)d words or phrases.", n=MAX_STOP_WORDS))])
    for entry in entries:
        if not _LETTERS.search(entry) or len(entry) > MAX_STOP_WORD_LENGTH or len(entry.split()) > 2:
            raise ValidationFailed(
                [("stop_words", _l("“%(entry)s” is not a word or a two-word phrase.", entry=entry[:80]))]
            )
    return entries


def parse_seed_themes(text: str | None) -> list[dict]:
    """One guided theme a line: ``Name: word, word, two-word phrase``.

    :raises ValidationFailed: on the ``seed_themes`` field, naming the line that is wrong.
    """
    seeds: list[dict] = []
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if len(lines) > MAX_SEED_THEMES:
        raise ValidationFailed([("seed_themes", _l("At most %(n)d guided themes.", n=MAX_SEED_THEMES))])
    for number, line in enumerate(lines, start=1):
        name, colon, rest = line.partition(":")
        name = " ".join(name.split())
        words = [" ".join(w.split()) for w in rest.split(",") if w.strip()]
        problem = _seed_problem(name, colon, words, [s["name"] for s in seeds])
        if problem is not None:
            raise ValidationFailed(
                [("seed_themes", _l("Line %(n)d: %(problem)s", n=number, problem=problem))]
            )
        seeds.append({"name": name, "words": words})
    return seeds


def _seed_problem(name: str, colon: str, words: list[str], taken: list[str]):
    """What is wrong with one line of guided themes, or None."""
    if not colon or not name or not words or not _LETTERS.search(name) or len(name) > MAX_SEED_NAME:
        return _l("write a name, a colon, then words separated by commas.")
    if len(words) > MAX_SEED_WORDS or any(
        not _LETTERS.search(w) or len(w) > MAX_STOP_WORD_LENGTH for w in words
    ):
        return _l("at most %(max)d words, each with letters.", max=MAX_SEED_WORDS)
    if name.lower() in (t.lower() for t in taken):
        return _l("this name is already used.")
    return None


def format_seed_themes(seeds: list[dict]) -> str:
    """The text an analyst typed back from stored seed themes (to prefill the form)."""
    return "\n".join(f"{s['name']}: {', '.join(s['words'])}" for s in seeds)
