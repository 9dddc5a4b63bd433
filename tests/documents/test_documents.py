"""Documents through the HTTP client: who attaches, who downloads, account deletion, backup."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.documents.models import Attachment
from app.extensions import db
from tests.documents.helpers import PDF, create_attachment, docx, odt, png
from tests.factories import (
    comune,
    create_consultation,
    create_proposal,
    create_representative,
    create_user,
    login,
    zone,
)
from tests.meetings.helpers import create_meeting


def _upload(client, kind, owner_id, name, data):
    return client.post(
        f"/documenti/{kind}/{owner_id}/nuovo",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["ATTACHMENTS_DIR"]).rglob("*") if p.is_file()]


def test_an_author_attaches_a_position_paper_that_visitors_download(client, app):
    author = create_user()
    proposal = create_proposal(author=author)
    login(client, author)
    for name, data in (
        ("posizione.pdf", PDF),
        ("lettera.docx", docx()),
        ("nota.odt", odt()),
        ("foto.PNG", png()),
    ):
        assert _upload(client, "proposal", proposal.id, name, data).status_code == 302, name
    client.post("/account/esci")
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "posizione.pdf" in page and "foto.png" in page
    attachment = db.session.scalar(select(Attachment).where(Attachment.file_name == "posizione.pdf"))
    download = client.get(f"/documenti/{attachment.token}/scarica")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"] == "attachment; filename=posizione.pdf"
    assert len(_stored_files(app)) == 4


def test_others_cannot_attach_to_a_proposal_and_a_hidden_proposals_documents_are_not_served(client):
    author = create_user()
    proposal = create_proposal(author=author)
    attachment = create_attachment("proposal", proposal)
    login(client, create_user())
    assert _upload(client, "proposal", proposal.id, "altro.pdf", PDF).status_code == 403
    client.post("/account/esci")
    proposal.state = "hidden"
    db.session.commit()
    assert client.get(f"/documenti/{attachment.token}/scarica").status_code == 404
    login(client, author)
    assert client.get(f"/documenti/{attachment.token}/scarica").status_code == 200


def test_staff_attach_to_consultations_and_to_minutes(client):
    consultation = create_consultation(scope="zone", zone=zone("nord-ovest"))
    meeting = create_meeting(starts_in=timedelta(days=-1))
    login(client, create_user(roles=["zone_coordinator"], zone=zone("nord-ovest")))
    assert _upload(client, "consultation", consultation.id, "bando.pdf", PDF).status_code == 302
    assert _upload(client, "meeting", meeting.id, "verbale.pdf", PDF).status_code == 403
    client.post("/account/esci")
    login(client, create_user(roles=["analyst"]))
    assert _upload(client, "meeting", meeting.id, "verbale.pdf", PDF).status_code == 302
    client.post("/account/esci")
    assert "bando.pdf" in client.get(f"/consultazioni/{consultation.slug}").get_data(as_text=True)
    # The minutes' documents are public once the minutes are.
    token = db.session.scalar(select(Attachment.token).where(Attachment.owner_kind == "meeting"))
    assert client.get(f"/documenti/{token}/scarica").status_code == 404
    meeting.minutes, meeting.minutes_published_at = "Verbale", meeting.starts_at
    db.session.commit()
    assert client.get(f"/documenti/{token}/scarica").status_code == 200


def test_a_delibera_di_delega_is_private_to_the_requester_and_verifiers_and_goes_with_the_account(
    client, app
):
    representation = create_representative(comune=comune("Rho"), status="pending")
    requester = representation.user
    login(client, requester)
    assert _upload(client, "representation", representation.id, "delibera.pdf", PDF).status_code == 302
    token = db.session.scalar(select(Attachment.token))
    assert client.get(f"/documenti/{token}/scarica").status_code == 200
    client.post("/account/esci")
    assert client.get(f"/documenti/{token}/scarica").status_code == 404
    login(client, create_user())
    assert client.get(f"/documenti/{token}/scarica").status_code == 404
    client.post("/account/esci")
    login(client, create_user(roles=["zone_coordinator"], zone=zone("nord-ovest")))  # Rho's zone
    assert client.get(f"/documenti/{token}/scarica").status_code == 200
    assert "delibera.pdf" in client.get(f"/admin/rappresentanze/{representation.id}").get_data(as_text=True)
    client.post("/account/esci")

    # A position paper stays with its proposal; the delibera goes with the person.
    proposal = create_proposal(author=requester)
    create_attachment("proposal", proposal)
    login(client, requester)
    response = client.post("/account/cancella", data={"password": "Passw0rd-lunga-e-sicura", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    kinds = list(db.session.scalars(select(Attachment.owner_kind)))
    assert kinds == ["proposal"]
    assert len(_stored_files(app)) == 1


def test_removing_a_document_deletes_its_file_and_a_refused_upload_leaves_none(client, app):
    author = create_user()
    proposal = create_proposal(author=author)
    login(client, author)
    assert _upload(client, "proposal", proposal.id, "finto.pdf", b"<html>").status_code == 422
    assert _stored_files(app) == []
    _upload(client, "proposal", proposal.id, "vero.pdf", PDF)
    token = db.session.scalar(select(Attachment.token))
    assert len(_stored_files(app)) == 1
    assert client.post(f"/documenti/{token}/elimina").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _stored_files(app) == []


def test_backup_and_restore_bring_the_files_back_with_the_database(runner, app, tmp_path):
    proposal = create_proposal()
    kept_token = create_attachment("proposal", proposal, data=PDF + b"% salvato\n").token
    path = tmp_path / "forum.backup"
    result = runner.invoke(args=["forum", "backup", str(path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "forum.backup.attachments.tar").is_file()

    # After the backup: the file is lost and another document is added.
    for file in _stored_files(app):
        file.unlink()
    create_attachment("proposal", proposal, data=PDF + b"% dopo\n")
    result = runner.invoke(args=["forum", "restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert list(db.session.scalars(select(Attachment.token))) == [kept_token]
    [file] = _stored_files(app)
    assert file.read_bytes() == PDF + b"% salvato\n"
