"""The moderation forms carry a CSRF token and are refused without one."""

import re

from tests.factories import create_proposal, create_user
from tests.moderation.conftest import reload, sign_in


def test_decision_forms_work_with_their_token_and_fail_without(csrf_app):
    client = csrf_app.test_client()
    proposal = create_proposal(state="submitted")
    sign_in(client, create_user(roles=["moderator"]))
    url = f"/moderazione/proposte/{proposal.id}/pubblica"

    assert client.post(url, data={"expected_state": "submitted"}).status_code == 400
    assert reload(proposal).state == "submitted"

    page = client.get(f"/moderazione/proposte/{proposal.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(url, data={"expected_state": "submitted", "csrf_token": token})
    assert response.status_code == 302
    assert reload(proposal).state == "published"
