"""Documents on an action's updates: analysts attach them when they report progress, everyone
who reads the action downloads them from its timeline, only staff remove them."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from app.actions.models import ActionUpdate, PlanAction
from app.documents.models import Attachment
from app.extensions import db
from app.moderation.models import AuditEntry
from tests import factories
from tests.actions.factories import add_update, create_action
from tests.documents.helpers import PDF, create_attachment
from tests.proposals.helpers import english, sign_in
from tests.security.hostile_files import HOSTILE_FILES


def _update(**overrides) -> dict:
    data = {
        "happened_on": date.today().isoformat(),
        "status": "in_progress",
        "progress": "40",
        "dup_year": "2026",
        "body": "Approvata la delibera di avvio.",
    }
    data.update(overrides)
    return data


def _report(client, action, file: tuple[str, bytes] | None = None, **overrides):
    """Post an update, its multipart body built by hand: for large files the test client
    would spool its own copy to a temporary file and leave it open."""
    boundary = "forum-boundary"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in _update(**overrides).items()
    )
    if file is not None:
        name, content = file
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + content
            + b"\r\n"
        )
    return client.post(
        f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti",
        data=body + f"--{boundary}--\r\n".encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["ATTACHMENTS_DIR"]).rglob("*") if p.is_file()]


def test_an_analyst_attaches_a_document_to_an_update_that_every_reader_downloads(client, app):
    action = create_action("Rete ciclabile metropolitana")
    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    response = _report(client, action, file=("delibera avvio.pdf", PDF))
    assert response.status_code == 302

    [update] = db.session.scalars(select(ActionUpdate)).all()
    [attachment] = db.session.scalars(select(Attachment)).all()
    assert (attachment.owner_kind, attachment.owner_id) == ("action_update", update.id)
    assert attachment.uploaded_by_id == analyst.id and attachment.file_name == "delibera avvio.pdf"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attachment.add")) is not None
    assert len(_stored_files(app)) == 1

    visitor = app.test_client()
    page = visitor.get(f"/dal-forum-al-piano/azioni/{action.id}").get_data(as_text=True)
    timeline = page.split('id="timeline-title"')[1]
    assert f'id="update-{update.id}"' in timeline and "delibera avvio.pdf" in timeline
    assert f"/documenti/{attachment.token}/scarica" in timeline
    # Visitors neither remove nor add documents.
    assert f"/documenti/{attachment.token}/elimina" not in page
    assert f"/documenti/action_update/{update.id}/nuovo" not in page
    download = visitor.get(f"/documenti/{attachment.token}/scarica")
    assert download.status_code == 200 and download.data == PDF
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "delibera avvio.pdf" in disposition
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"
    assert "sandbox" in download.headers["Content-Security-Policy"]

    # A retired action keeps its history, documents included.
    action.is_retired = True
    db.session.commit()
    assert visitor.get(f"/documenti/{attachment.token}/scarica").status_code == 200


def test_an_update_without_a_document_is_published_as_before(client):
    action = create_action()
    sign_in(client, factories.create_user(roles=["analyst"]))
    assert _report(client, action, file=("", b"")).status_code == 302
    assert _count(ActionUpdate) == 1 and _count(Attachment) == 0


def test_a_refused_document_refuses_the_whole_update_with_a_message(client, app):
    action = create_action()
    sign_in(client, factories.create_user(roles=["analyst"]))
    english(client)
    messages = {
        "documento.pdf": "The content of the file is not a PDF document",
        "mappa.svg": "Only PDF, ODT, DOCX, PNG, JPEG and WEBP files are accepted.",
        "vuoto.pdf": "The file is empty.",
        "bomba.docx": "The document expands to too much data to be a real document.",
    }
    refused = [(name, data) for _case, name, data, outcome in HOSTILE_FILES if outcome == "refused"]
    assert set(messages) <= {name for name, _data in refused}
    for name, data in refused:
        response = _report(client, action, file=(name, data))
        page = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert 'id="file-error"' in page and messages.get(name, "") in page, name
        assert "Approvata la delibera di avvio." in page  # what was typed is kept
    db.session.expire_all()
    assert _count(ActionUpdate) == 0 and _count(Attachment) == 0
    assert _stored_files(app) == []
    assert db.session.get(PlanAction, action.id).status == "proposed"


def test_only_staff_attach_and_remove_the_documents_of_an_update(client, app):
    action = create_action()
    update = add_update(action, "planned", 10)
    attachment = create_attachment("action_update", update, file_name="cronoprogramma.pdf")
    anonymous = app.test_client()
    assert _report(anonymous, action, file=("a.pdf", PDF)).status_code == 302  # to the login page
    assert anonymous.post(f"/documenti/{attachment.token}/elimina").status_code == 302

    sign_in(client, factories.create_user())
    assert _report(client, action, file=("a.pdf", PDF)).status_code == 403
    upload = client.post(
        f"/documenti/action_update/{update.id}/nuovo",
        data={"file": (io.BytesIO(PDF), "altro.pdf")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 403
    assert client.post(f"/documenti/{attachment.token}/elimina").status_code == 403
    assert _count(Attachment) == 1 and _count(ActionUpdate) == 1

    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    page = client.get(f"/dal-forum-al-piano/azioni/{action.id}").get_data(as_text=True)
    assert f"/documenti/action_update/{update.id}/nuovo" in page  # more documents, afterwards
    more = client.post(
        f"/documenti/action_update/{update.id}/nuovo",
        data={"file": (io.BytesIO(PDF), "verbale.pdf")},
        content_type="multipart/form-data",
    )
    assert more.status_code == 302 and more.headers["Location"].endswith(f"#update-{update.id}")
    response = client.post(f"/documenti/{attachment.token}/elimina")
    assert response.status_code == 302
    assert list(db.session.scalars(select(Attachment.file_name))) == ["verbale.pdf"]
    removal = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "attachment.remove"))
    assert removal.actor_id == analyst.id and removal.details["owner_kind"] == "action_update"
    assert len(_stored_files(app)) == 1


def test_the_update_route_takes_files_up_to_the_upload_limit_the_others_do_not(client, app):
    app.config["ATTACHMENT_MAX_BYTES"] = 3 * 1024 * 1024
    action = create_action()
    proposal = factories.create_proposal()
    sign_in(client, factories.create_user(roles=["analyst"]))
    big_pdf = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 10)  # over the global 2 MB limit
    assert _report(client, action, file=("grande.pdf", big_pdf)).status_code == 302
    far_too_big = b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024)
    assert _report(client, action, file=("enorme.pdf", far_too_big)).status_code == 413
    smuggled = client.post(
        f"/dal-forum-al-piano/azioni/{action.id}/proposte",
        data={"proposal_id": str(proposal.id), "link_note": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert smuggled.status_code == 400
    assert _count(Attachment) == 1 and _count(ActionUpdate) == 1


def test_backup_and_restore_carry_the_documents_of_updates(runner, app, tmp_path):
    update = add_update(create_action(), "planned", 10)
    token = create_attachment("action_update", update, data=PDF + b"% aggiornamento\n").token
    path = tmp_path / "forum.backup"
    assert runner.invoke(args=["forum", "backup", str(path)]).exit_code == 0
    for file in _stored_files(app):
        file.unlink()
    result = runner.invoke(args=["forum", "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert list(db.session.scalars(select(Attachment.token))) == [token]
    [file] = _stored_files(app)
    assert file.read_bytes() == PDF + b"% aggiornamento\n"
