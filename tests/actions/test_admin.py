"""Admins add, edit, retire and restore actions; `forum load-reference` loads the plan's."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.actions.admin_services import DATA_FILE
from app.actions.models import PlanAction
from app.extensions import db
from tests import factories
from tests.actions.factories import create_action
from tests.proposals.helpers import english, sign_in


def _count() -> int:
    return db.session.scalar(select(func.count(PlanAction.id)))


def _form(**overrides) -> dict:
    data = {
        "code": "po-7.1",
        "kind": "project",
        "title": "Nuovo progetto",
        "policy_area": "Sostenibilità ambientale e parchi",
        "description": "Descrizione <script>x</script>",
    }
    data.update(overrides)
    return data


def test_the_plan_actions_load_once_from_the_checked_data_file(runner):
    rows = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert "PSTTM" in rows["source"]
    kinds = [row["kind"] for row in rows["actions"]]
    assert kinds.count("project") == 24 and kinds.count("agreement") == 5
    assert len({row["code"] for row in rows["actions"]}) == len(rows["actions"])

    result = runner.invoke(args=["forum", "load-reference"])
    assert result.exit_code == 0 and "plan_actions: 29" in result.output
    suap = db.session.scalar(select(PlanAction).where(PlanAction.code == "PO-3.1"))
    # The PDF slid SUAP's fields under the next project: the parser put them back.
    assert suap.partners == "Regione Lombardia, Camera di Commercio, Comune di Rho, Assolombarda"
    assert suap.policy_area == "Sviluppo economico, formazione e lavoro"
    suap.title = "SUAP associato (titolo rivisto)"
    db.session.commit()

    result = runner.invoke(args=["forum", "load-reference"])
    assert "plan_actions: 0" in result.output
    db.session.expire_all()
    assert db.session.get(PlanAction, suap.id).title == "SUAP associato (titolo rivisto)"  # never overwritten
    assert _count() == 29


def test_an_admin_adds_edits_retires_and_restores_an_action(client):
    sign_in(client, factories.create_user(roles=["admin"]))
    response = client.post("/admin/azioni/nuova", data=_form())
    assert response.status_code == 302
    action = db.session.scalar(select(PlanAction).where(PlanAction.code == "PO-7.1"))
    assert action.description == "Descrizione x" and action.status == "proposed"

    response = client.post(f"/admin/azioni/{action.id}", data=_form(title="Progetto rinominato"))
    assert response.status_code == 302
    client.post(f"/admin/azioni/{action.id}/ritira")
    visitor = client.application.test_client()
    assert "Progetto rinominato" not in visitor.get("/dal-forum-al-piano/").get_data(as_text=True)
    assert visitor.get(f"/dal-forum-al-piano/azioni/{action.id}").status_code == 200  # kept, marked retired
    client.post(f"/admin/azioni/{action.id}/ripristina")
    assert "Progetto rinominato" in visitor.get("/dal-forum-al-piano/").get_data(as_text=True)
    assert "Progetto rinominato" in client.get("/admin/azioni/").get_data(as_text=True)


def test_bad_action_forms_are_explained_and_change_nothing(client):
    existing = create_action(code="PO-1.1")
    sign_in(client, factories.create_user(roles=["admin"]))
    english(client)
    before = _count()
    for data, message in [
        (_form(code="po-1.1"), "Another action already has this code."),
        (_form(title=""), "This field is required."),
        (_form(kind="other"), "Not a valid choice"),
        (_form(code="X" * 30), "Field cannot be longer than 20 characters."),
    ]:
        response = client.post("/admin/azioni/nuova", data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert _count() == before
    response = client.post(f"/admin/azioni/{existing.id}", data=_form(code="PO-1.1", title=""))
    assert response.status_code == 422


def test_only_admins_manage_actions(client):
    action = create_action()
    for roles in ([], ["analyst"], ["moderator"]):
        sign_in(client, factories.create_user(roles=roles))
        assert client.get("/admin/azioni/").status_code == 403
        assert client.post("/admin/azioni/nuova", data=_form()).status_code == 403
        assert client.post(f"/admin/azioni/{action.id}/ritira").status_code == 403
    db.session.expire_all()
    assert not db.session.get(PlanAction, action.id).is_retired
    assert client.application.test_client().get("/admin/azioni/").status_code == 302
