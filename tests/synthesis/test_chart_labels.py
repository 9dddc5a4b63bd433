"""Theme labels are plain text in charts (issue 13, finding 12): a label with ``$…$`` was
read as matplotlib mathtext, so one "$" too many made the public synthesis and the
cross-readings answer 500, and two "$" garbled the label."""

from __future__ import annotations

import html
import re

import pytest

from tests import factories
from tests.proposals.helpers import sign_in
from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme

LABELS = [
    r"Tariffe $\frac{1}{0$ per tutti",  # invalid mathtext: a ValueError, the page a 500
    "Biglietto da $2 a $5 al giorno",  # two "$": "2 a " was set in italics, the "$" gone
    r"$x^2$ e $\alpha$",
]


@pytest.mark.parametrize("label", LABELS)
def test_a_dollar_in_a_theme_label_is_plain_text_in_every_chart(client, label):
    consultation = factories.create_consultation(phase="synthesis")
    run = create_run(consultation)
    theme = create_theme(run, label)
    other = create_theme(run, "Mobilità dolce")
    add_members(run, theme, [factories.create_proposal(consultation) for _ in range(3)])
    add_members(run, other, [factories.create_proposal(consultation, driver_number=5) for _ in range(2)])
    create_synthesis(consultation, run)
    pages = [
        f"/consultazioni/{consultation.slug}/sintesi",
        f"/consultazioni/{consultation.slug}/sintesi/stampa",
    ]
    for url in pages:
        _assert_label_in_charts(client.get(url), label)
    sign_in(client, factories.create_user(roles=["analyst"]))
    _assert_label_in_charts(client.get(f"/sintesi/consultazioni/{consultation.slug}/letture"), label)


def _assert_label_in_charts(response, label: str) -> None:
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    svg_texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", page)]
    assert label in svg_texts, svg_texts[:10]  # the bar chart's tick label, exactly as written
