"""Document pages: add a document to a piece of content, download one, remove one.

Downloads always go through :func:`download`, which checks the permission of the content
the document belongs to and answers with ``Content-Disposition: attachment``, the type
found when the file was checked, ``nosniff`` and a sandboxing CSP: a browser saves the
file, never renders or runs it on our origin.
"""

from __future__ import annotations

import io

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from app import policy
from app.documents import queries, services, storage
from app.documents.owners import OWNER_KINDS
from app.errors import DomainError, NotFound, refused
from app.extensions import db

bp = Blueprint("documents", __name__, url_prefix="/documenti")
KIND_RULE = "any(" + ",".join(OWNER_KINDS) + "):kind"


class UploadForm(FlaskForm):
    file = FileField()


def read_upload(field: str) -> tuple[str | None, bytes]:
    """The name and content of the file sent in ``field`` (``None`` and ``b""`` without one).

    One byte over the limit is enough to know it is too large; the request itself is capped a
    little above it on the upload routes (app.inputs), so this never reads more than that.
    """
    upload_file = request.files.get(field)
    if not upload_file:
        return None, b""
    data = upload_file.stream.read(current_app.config["ATTACHMENT_MAX_BYTES"] + 1)
    upload_file.close()  # a large upload is spooled to a temporary file: free it now
    return upload_file.filename, data


@bp.route(f"/<{KIND_RULE}>/<int:owner_id>/nuovo", methods=["GET", "POST"])
@login_required
def upload(kind: str, owner_id: int):
    owner = queries.get_owner_or_404(kind, owner_id)
    policy.require(current_user, "attachment.manage", (kind, owner))
    form = UploadForm()
    general: list[str] = []
    if form.validate_on_submit():
        file_name, data = read_upload("file")
        with refused(form, catch=(DomainError,)) as refusal:
            services.attach(current_user, kind, owner, file_name, data)
        general = refusal.general
        if not refusal:
            db.session.commit()
            flash(_("The document has been attached."), "success")
            return redirect(OWNER_KINDS[kind].page(owner))
    status = 422 if form.errors or general else 200
    return render_template(
        "documents/upload.html",
        form=form,
        general=general,
        kind=kind,
        owner=owner,
        owner_title=OWNER_KINDS[kind].title(owner),
        owner_page=OWNER_KINDS[kind].page(owner),
        attachments=queries.list_attachments(kind, owner.id),
        max_megabytes=current_app.config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024),
    ), status


@bp.get("/<token>/scarica")
def download(token: str):
    attachment = queries.get_attachment_or_404(token)
    owner = queries.get_owner_or_404(attachment.owner_kind, attachment.owner_id)
    if not policy.can(current_user, "attachment.view", (attachment.owner_kind, owner)):
        raise NotFound()  # a private document's existence is not revealed either
    path = storage.path_of(attachment.storage_key)
    if not path.is_file():
        raise NotFound()
    # Read whole (10 MB at most): no file handle stays open if the client goes away.
    response = send_file(
        io.BytesIO(path.read_bytes()),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.file_name,
        conditional=True,
        etag=attachment.sha256,
        last_modified=attachment.created_at,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# Flask-Talisman (app.security) reads a view's own options from this attribute (it is what
# its per-view decorator sets): a downloaded file gets a CSP that forbids everything.
download.talisman_view_options = {"content_security_policy": "default-src 'none'; sandbox"}


@bp.post("/<token>/elimina")
@login_required
def remove(token: str):
    attachment = queries.get_attachment_or_404(token)
    kind = attachment.owner_kind
    owner = queries.get_owner_or_404(kind, attachment.owner_id)
    services.remove(current_user, attachment, owner)
    db.session.commit()
    flash(_("The document has been removed."), "success")
    return redirect(OWNER_KINDS[kind].page(owner))
