"""Hostile files on the upload route: refused with a clear message, or stored and served inertly."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from app.documents.models import Attachment
from app.extensions import db
from tests.factories import create_proposal, create_user, login
from tests.security.hostile_files import HOSTILE_FILES


def _upload(client, proposal, name, data):
    return client.post(
        f"/documenti/proposal/{proposal.id}/nuovo",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _raw_upload(client, proposal, name: str, data: bytes):
    """The same upload with the multipart body built by hand: for large files the test
    client would spool its own copy to a temporary file and leave it open."""
    boundary = "forum-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    return client.post(
        f"/documenti/proposal/{proposal.id}/nuovo",
        data=head + data + f"\r\n--{boundary}--\r\n".encode(),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


@pytest.mark.parametrize(
    ("case", "name", "data", "expected"), HOSTILE_FILES, ids=[c[0] for c in HOSTILE_FILES]
)
def test_hostile_files_are_refused_or_served_inertly(client, app, case, name, data, expected):
    author = create_user()
    proposal = create_proposal(author=author)
    login(client, author)
    response = _upload(client, proposal, name, data)
    count = db.session.scalar(select(func.count()).select_from(Attachment))
    if expected == "refused":
        assert response.status_code == 422, case
        page = response.get_data(as_text=True)
        assert 'id="file-error"' in page and "error-summary" in page, case
        assert count == 0, case
        return
    assert response.status_code == 302, (case, response.get_data(as_text=True)[:2000])
    attachment = db.session.scalar(select(Attachment))
    # The stored name is the checked one: no folder, no control character, no markup, short.
    assert "/" not in attachment.file_name and "\\" not in attachment.file_name
    assert "\x00" not in attachment.file_name and "<" not in attachment.file_name
    assert len(attachment.file_name) <= 110
    assert attachment.file_name.endswith((".pdf", ".png", ".docx"))
    download = client.get(f"/documenti/{attachment.token}/scarica")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype in ("application/pdf", "image/png", attachment.content_type)
    assert "text/html" not in download.headers["Content-Type"]
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert download.data == data
    # The file itself sits under a random name inside the attachments folder.
    stored = [
        p
        for p in (
            app.config["ATTACHMENTS_DIR"]
            and __import__("pathlib").Path(app.config["ATTACHMENTS_DIR"]).rglob("*")
        )
        if p.is_file()
    ]
    assert len(stored) == 1 and stored[0].name != name


def test_a_file_over_the_upload_limit_is_refused_with_a_message(client, app):
    app.config["ATTACHMENT_MAX_BYTES"] = 3 * 1024 * 1024
    author = create_user()
    proposal = create_proposal(author=author)
    login(client, author)
    # Under the upload limit but over the global 2 MB one: accepted on the upload route.
    big_pdf = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 10)
    assert _raw_upload(client, proposal, "grande.pdf", big_pdf).status_code == 302
    # Just over the upload limit: a clear message, nothing stored.
    too_big = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)
    response = _raw_upload(client, proposal, "enorme.pdf", too_big)
    assert response.status_code == 422
    assert "Il file supera i 3 MB." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_an_upload_far_over_the_limit_is_refused_before_it_is_read(client, app):
    app.config["ATTACHMENT_MAX_BYTES"] = 3 * 1024 * 1024
    author = create_user()
    proposal = create_proposal(author=author)
    login(client, author)
    too_big = b"%PDF-1.4\n" + b"0" * (4 * 1024 * 1024)
    # Far over it: the request itself is refused before anything is read.
    refused = _raw_upload(client, proposal, "enorme.pdf", too_big)
    assert refused.status_code == 413
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_other_routes_keep_the_2_mb_limit_and_refuse_files(client):
    author = create_user()
    proposal = create_proposal(author=author)
    login(client, author)
    # Every other route keeps the global limit, and refuses file parts.
    comment = client.post(f"/proposte/{proposal.id}/commenti", data={"body": "x" * (2 * 1024 * 1024 + 10)})
    assert comment.status_code == 413
    smuggled = client.post(
        f"/proposte/{proposal.id}/commenti",
        data={"body": (io.BytesIO(b"%PDF-1.4"), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert smuggled.status_code == 400
