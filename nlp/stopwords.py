"""The stop lists of the themes engine that need no spaCy (standard library only).

:mod:`nlp.preprocess` adds spaCy's Italian stop list to :data:`EXTRA_STOP`; callers that must not
load spaCy (the web app's Driver suggestion while a proposal is typed) use
:data:`FUNCTION_WORDS` in its place, with the same additions.
"""

from __future__ import annotations

#: Elided forms (the part before the apostrophe), abbreviations and informal spellings of function
#: words that spaCy's list lacks. Generic Italian, like the rest of the list: nothing here names a
#: place, a body or a subject (a consultation adds its own words, see ``extra_stop_words``).
EXTRA_STOP = frozenset(
    """all dall dell nell sull coll quell quest nessun nient tutt senz dev ok cmq xche xke perke
    pero anke ecc etc sig sigg gent egr""".split()
)

#: Greetings and form-letter phrases ("grazie", "cordiali saluti", "vorrei"): spread over every theme,
#: never a theme's name. Dropped by default (see docs/nlp.md for the measurement).
LETTER_FILLERS = frozenset(
    """grazie saluti cordiali distinti buongiorno buonasera salve ciao vorrei vorremmo chiedo
    chiediamo richiedo richiediamo propongo proponiamo segnalo segnaliamo""".split()
)

#: The commonest Italian function words (no accents): a short stand-in for spaCy's stop list where
#: spaCy is not loaded. On the Driver-suggestion dev set it ranks as well as spaCy's full list.
FUNCTION_WORDS = frozenset(
    """a ad al allo alla ai agli alle anche ancora avere aveva avevano che chi ci come con contro cosa
    cosi cui da dal dallo dalla dai dagli dalle degli dei del della delle dello di dove essere era
    erano fare fatto fra gia gli hanno io la le lei li lo loro lui ma mi molto molti molte nei nel
    nella nelle nello noi non nostro nostra nostri nostre ogni oppure per perche piu poco poi puo qual
    quale quali quando quanto quella quelle quelli quello questa queste questi questo sei sempre si
    sia siamo solo sono stato stata stati sua sue sui sul sulla sulle suo suoi tra tutti tutte tutto
    una uno voi quanti quante quanta altro altri altre altra""".split()
)
