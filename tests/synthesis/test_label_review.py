"""Theme labels withheld after a member proposal leaves public view (issue 13, finding 9).

Hiding a proposal after the synthesis was published left words taken from it in the theme
label on the public synthesis, ``/api/themes`` and ``themes.csv``. Now the label is flagged
for the analysts and the public sees "Theme N" without keywords until one of them renames
the theme or confirms the label.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.synthesis.models import Theme
from tests import factories
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme

WORDS = "Via Gramsci 12"
LABEL = f"Orti condivisi in {WORDS}"


@pytest.fixture
def world(app):
    consultation = factories.create_consultation(phase="synthesis")
    run = create_run(consultation)
    author = factories.create_user()
    source = factories.create_proposal(consultation, author=author, title=f"Un orto in {WORDS}")
    others = [factories.create_proposal(consultation, title=f"Orti di quartiere {n}") for n in range(2)]
    theme = create_theme(run, LABEL, keywords=["orti", "gramsci"])
    untouched = create_theme(run, "Mobilità dolce", keywords=["bici"])
    add_members(run, theme, [source, *others])
    add_members(run, untouched, [factories.create_proposal(consultation, title="Bici per tutti")])
    create_synthesis(consultation, run)
    return {"consultation": consultation, "theme": theme, "untouched": untouched, "source": source}


def _public_texts(app, world, language: str = "it") -> dict[str, str]:
    """What an anonymous visitor reads (a fresh client: no session, the page cache applies)."""
    client = app.test_client()
    if language == "en":
        english(client)
    slug = world["consultation"].slug
    urls = {
        "synthesis": f"/consultazioni/{slug}/sintesi",
        "printable": f"/consultazioni/{slug}/sintesi/stampa",
        "theme page": f"/consultazioni/{slug}/sintesi/temi/{world['theme'].id}",
        "api": "/api/themes",
        "csv": "/api/themes.csv",
        "api filtered": f"/api/themes?theme={world['theme'].id}",
    }
    texts = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        texts[name] = response.get_data(as_text=True)
    return texts


def _leave_public_view(client, world, how: str) -> None:
    source = world["source"]
    if how == "hidden by a moderator":
        sign_in(client, factories.create_user(roles=["moderator"]))
        response = client.post(
            f"/moderazione/proposte/{source.id}/nascondi", data={"reason": "Dati personali"}
        )
    elif how == "withdrawn by its author":
        sign_in(client, source.author)
        response = client.post(f"/proposte/{source.id}/ritira", data={"reason": ""})
    else:  # hidden by reports from three people
        for _ in range(3):
            sign_in(client, factories.create_user())
            response = client.post(f"/proposte/{source.id}/segnala", data={"reason": "offensive"})
    assert response.status_code == 302


@pytest.mark.parametrize("how", ["hidden by a moderator", "withdrawn by its author", "hidden by reports"])
def test_a_label_is_withheld_from_every_public_output_when_a_member_leaves_public_view(
    app, client, world, how
):
    before = _public_texts(app, world)
    assert all(WORDS in text for text in before.values())
    _leave_public_view(client, world, how)
    theme_id = world["theme"].id
    after = _public_texts(app, world, "en")
    for name, text in after.items():
        assert WORDS not in text and "gramsci" not in text, name
    assert f"Theme {theme_id}" in after["synthesis"] and f"Theme {theme_id}" in after["theme page"]
    [record] = [r for r in app.test_client().get("/api/themes").get_json()["data"] if r["id"] == theme_id]
    assert record["label"] == f"Tema {theme_id}" and record["keywords"] == []  # Italian by default
    # A theme the proposal was not in keeps its label.
    assert "Mobilità dolce" in after["synthesis"] and "bici" in after["api"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "theme.label_withheld"))
    assert entry.details["theme_ids"] == [theme_id]


def test_the_italian_public_sees_tema_n(app, client, world):
    _leave_public_view(client, world, "hidden by a moderator")
    assert f"Tema {world['theme'].id}" in _public_texts(app, world)["synthesis"]


def test_analysts_see_the_label_with_a_warning_and_confirming_it_makes_it_public_again(app, client, world):
    _leave_public_view(client, world, "hidden by a moderator")
    theme = world["theme"]
    sign_in(client, factories.create_user(roles=["analyst"]))
    english(client)
    page = client.get(f"/sintesi/temi/{theme.id}").get_data(as_text=True)
    assert LABEL in page and "Label withheld from the public" in page
    workspace = client.get(f"/sintesi/consultazioni/{world['consultation'].slug}").get_data(as_text=True)
    assert "Label withheld from the public" in workspace
    # The analysts' cross-readings keep the real label.
    readings = client.get(f"/sintesi/consultazioni/{world['consultation'].slug}/letture").get_data(
        as_text=True
    )
    assert LABEL in readings
    assert client.post(f"/sintesi/temi/{theme.id}/conferma-etichetta").status_code == 302
    db.session.expire_all()
    assert not db.session.get(Theme, theme.id).label_needs_review
    assert all(WORDS in text for text in _public_texts(app, world).values())


def test_renaming_the_theme_reviews_its_label(app, client, world):
    _leave_public_view(client, world, "hidden by a moderator")
    theme = world["theme"]
    sign_in(client, factories.create_user(roles=["analyst"]))
    response = client.post(f"/sintesi/temi/{theme.id}/etichetta", data={"label": "Orti condivisi"})
    assert response.status_code == 302
    record = next(r for r in client.get("/api/themes").get_json()["data"] if r["id"] == theme.id)
    assert record["label"] == "Orti condivisi"
