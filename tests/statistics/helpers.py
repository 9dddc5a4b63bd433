"""A small participation fixture whose figures are worked out by hand in the tests."""

from __future__ import annotations

import html
import re

from app.accounts.models import User
from app.extensions import db
from tests import factories as f

RHO, ARESE, PERO = "015182", "015009", "015170"
POPULATION = {RHO: 49609, ARESE: 19201, PERO: 11292}
# The 16 comuni of Nord Ovest in comuni_cmm.csv, added up by hand.
NORD_OVEST_POPULATION = 314894


def proposal_about(consultation, comuni_names, author=None, state="published", **overrides):
    proposal = f.create_proposal(consultation, author=author, state=state, scope="comuni", **overrides)
    proposal.comuni = [f.comune(name) for name in comuni_names]
    db.session.commit()
    return proposal


def supported_by(proposal, how_many):
    return [f.create_support(proposal).user_id for _ in range(how_many)]


def nord_ovest_fixture():
    """Rho: 1 proposal, 6 supports, 1 comment by a supporter -> 7 participants.
    Arese: 1 proposal, 5 supports -> 6 participants. Pero: 1 proposal, 1 support -> 2.
    A hidden proposal about Rho with a support: counts nowhere."""
    consultation = f.create_consultation()
    rho = proposal_about(consultation, ["Rho"])
    supporters = supported_by(rho, 6)
    f.create_comment(rho, author=db.session.get(User, supporters[0]))
    arese = proposal_about(consultation, ["Arese"])
    supported_by(arese, 5)
    pero = proposal_about(consultation, ["Pero"])
    supported_by(pero, 1)
    hidden = proposal_about(consultation, ["Rho"], state="hidden")
    f.create_support(hidden)
    return consultation


def table_row(page: str, istat_code: str) -> list[str]:
    """The text of the cells of the comune's row in the comuni table."""
    match = re.search(rf'<tr data-istat="{istat_code}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {istat_code}"
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", match.group(1), re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]


def api_rows(client, **params) -> dict:
    response = client.get("/api/statistics", query_string=params)
    assert response.status_code == 200, response.text
    return response.json
