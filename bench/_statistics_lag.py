"""How long after a support ``/statistiche`` shows it (``http_bench.py --only statistics_lag``).

For each sample: a visitor reads the consultation's statistics page (so the page cache
holds it), a citizen supports one of its proposals, then the analyst's page (rendered,
exact) and the visitor's page (the page cache) are read every 0.2 s until their total of
supports has grown. The visitor may wait up to ``PAGE_CACHE_ACTIVITY_GRACE`` (10 s): the
page cache serves a page that long after a support, as for every public page.
"""

from __future__ import annotations

import re
import statistics
import time
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, OpenerDirector, Request, build_opener

SUPPORTS = re.compile(rb'<dt>Supports</dt><dd class="h3">([\d,]+)</dd>')
CSRF = re.compile(rb'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
POLL_SECONDS = 0.2


def _opener() -> OpenerDirector:
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    opener.addheaders = [("Accept-Language", "en")]
    return opener


def _get(opener: OpenerDirector, url: str) -> bytes:
    with opener.open(url, timeout=60) as response:
        return response.read()


def _post(opener: OpenerDirector, url: str, fields: dict) -> None:
    with opener.open(Request(url, data=urlencode(fields).encode()), timeout=60) as response:
        response.read()


def _csrf(body: bytes) -> str:
    match = CSRF.search(body)
    if not match:
        raise RuntimeError("no CSRF token in the page")
    return (match.group(1) or match.group(2)).decode()


def _logged_in(base: str, email: str, password: str) -> OpenerDirector:
    opener = _opener()
    token = _csrf(_get(opener, f"{base}/account/accedi"))
    _post(opener, f"{base}/account/accedi", {"csrf_token": token, "email": email, "password": password})
    return opener


def _supports(opener: OpenerDirector, url: str) -> int:
    match = SUPPORTS.search(_get(opener, url))
    if not match:
        raise RuntimeError(f"no supports figure on {url}")
    return int(match.group(1).replace(b",", b""))


def _wait_for(opener: OpenerDirector, url: str, above: int, since: float, timeout: float) -> float | None:
    while time.perf_counter() - since < timeout:
        if _supports(opener, url) > above:
            return round(time.perf_counter() - since, 2)
        time.sleep(POLL_SECONDS)
    return None


def measure_lag(
    base: str, facts: dict, password: str, analyst: str, samples: int = 5, timeout: float = 60
) -> dict:
    """Seconds from a support's answer to the figure on the analyst's and the visitor's page."""
    page = f"{base}/statistiche?consultazione={facts['slug']}"
    citizen = _logged_in(base, facts["accounts"][-1], password)
    analyst_view = _logged_in(base, analyst, password)
    visitor = _opener()
    rows = []
    for proposal_id in facts["support_ids"][-samples:]:
        before = _supports(analyst_view, page)
        _supports(visitor, page)  # now in the page cache
        token = _csrf(_get(citizen, f"{base}/proposte/{proposal_id}"))
        _post(citizen, f"{base}/proposte/{proposal_id}/sostieni", {"csrf_token": token})
        done = time.perf_counter()
        rows.append(
            {
                "proposal": proposal_id,
                "analyst_s": _wait_for(analyst_view, page, before, done, timeout),
                "visitor_s": _wait_for(visitor, page, before, done, timeout),
            }
        )
    seen = [r["visitor_s"] for r in rows if r["visitor_s"] is not None]
    analyst_seen = [r["analyst_s"] for r in rows if r["analyst_s"] is not None]
    return {
        "samples": rows,
        "visitor_median_s": statistics.median(seen) if seen else None,
        "analyst_median_s": statistics.median(analyst_seen) if analyst_seen else None,
    }
