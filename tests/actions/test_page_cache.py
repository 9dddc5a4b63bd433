"""The action pages join the anonymous page cache, and an analyst's update shows at once."""

from __future__ import annotations

from datetime import date

from tests import factories
from tests.actions.factories import create_action, link
from tests.proposals.helpers import sign_in


def test_action_pages_are_cached_for_visitors_and_refreshed_by_an_update(client):
    proposal = factories.create_proposal(title="Boschi lungo il Villoresi")
    action = create_action("Progetto ForestaMI")
    link(action, proposal)
    visitor = client.application.test_client()
    pages = ("/dal-forum-al-piano/", f"/dal-forum-al-piano/azioni/{action.id}", f"/proposte/{proposal.id}")
    for path in pages:
        assert visitor.get(path).headers["X-Cache"] == "miss", path
        again = visitor.get(path)
        assert again.headers["X-Cache"] == "hit" and "Set-Cookie" not in again.headers, path
        assert "40 %" not in again.get_data(as_text=True)

    sign_in(client, factories.create_user(roles=["analyst"]))
    client.post(
        f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti",
        data={
            "happened_on": date.today().isoformat(),
            "status": "in_progress",
            "progress": "40",
            "dup_year": "2026",
            "body": "Messe a dimora le prime piante.",
        },
    )
    for path in pages:
        fresh = visitor.get(path)
        assert fresh.headers["X-Cache"] == "miss", path
        assert "40 %" in fresh.get_data(as_text=True), path
