"""The public page of a theme lists the plan actions the theme flowed into."""

from __future__ import annotations

from tests import factories
from tests.actions.factories import create_action, link
from tests.synthesis.factories import create_run, create_synthesis, create_theme


def test_a_public_theme_lists_its_actions_with_status_and_progress(client):
    consultation = factories.create_consultation(phase="answers")
    run = create_run(consultation)
    theme = create_theme(run, "Acque e Navigli", members=[factories.create_proposal(consultation)])
    other_theme = create_theme(run, "Scuole aperte", members=[factories.create_proposal(consultation)])
    create_synthesis(consultation, run)
    navigli = create_action(
        "Vie d'acqua come driver di sviluppo", code="PO-5.1", status="in_progress", progress=40
    )
    retired = create_action("Progetto ritirato", is_retired=True)
    elsewhere = create_action("Scuole come centri civici")
    link(navigli, theme=theme, note="Il tema intero confluisce nel progetto.")
    link(retired, theme=theme)
    link(elsewhere, theme=other_theme)

    response = client.get(f"/consultazioni/{consultation.slug}/sintesi/temi/{theme.id}")
    assert response.status_code == 200
    section = response.text.split('id="theme-plan-actions-title"')[1].split("</section>")[0]
    assert f'href="/dal-forum-al-piano/azioni/{navigli.id}"' in section
    assert "PO-5.1 · Vie d&#39;acqua come driver di sviluppo" in section
    assert "in corso" in section and 'value="40"' in section and "40 %" in section
    assert "Il tema intero confluisce nel progetto." in section
    assert "Progetto ritirato" not in section and "Scuole come centri civici" not in section

    page = client.get(f"/consultazioni/{consultation.slug}/sintesi/temi/{other_theme.id}").text
    assert "Scuole come centri civici" in page and "Vie d&#39;acqua" not in page


def test_a_theme_not_linked_yet_says_so(client):
    consultation = factories.create_consultation(phase="answers")
    run = create_run(consultation)
    theme = create_theme(run, "Lavoro giovani", members=[factories.create_proposal(consultation)])
    create_synthesis(consultation, run)
    page = client.get(f"/consultazioni/{consultation.slug}/sintesi/temi/{theme.id}").text
    assert "Questo tema non è ancora confluito in alcuna azione del Piano." in page
