"""Attaching and removing documents: the service API every kind of content uses.

``attach(actor, kind, owner, file_name, data)`` checks the permission and the file, stores
it and adds its row; ``remove(actor, attachment, owner)`` deletes both (the file once the
deletion is committed). Both flush; the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l

from app import audit, policy
from app.documents import queries, storage
from app.documents.models import Attachment
from app.documents.validation import check_upload
from app.errors import DomainError
from app.extensions import db

# Documents one owner can carry: enough for a dossier, not a file host.
MAX_PER_OWNER = 20


def attach(actor, kind: str, owner, file_name: str | None, data: bytes) -> Attachment:
    """Store the uploaded file as a document of ``owner`` (a ``kind`` of OWNER_KINDS).

    :raises PermissionDenied: unless ``actor`` may manage the documents of ``owner``.
    :raises ValidationFailed: the file is refused (see :func:`app.documents.validation.check_upload`).
    :raises DomainError: the owner already has :data:`MAX_PER_OWNER` documents.
    """
    policy.require(actor, "attachment.manage", (kind, owner))
    checked = check_upload(file_name, data, current_app.config["ATTACHMENT_MAX_BYTES"])
    if len(queries.list_attachments(kind, owner.id)) >= MAX_PER_OWNER:
        raise DomainError(_l("At most %(num)d documents can be attached here.", num=MAX_PER_OWNER))
    attachment = Attachment(
        token=secrets.token_urlsafe(18),
        owner_kind=kind,
        owner_id=owner.id,
        uploaded_by_id=actor.id,
        file_name=checked.file_name,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        storage_key=storage.save(checked.data),
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        actor, "attachment.add", attachment, owner_kind=kind, owner_id=owner.id, size=attachment.size
    )
    return attachment


def remove(actor, attachment: Attachment, owner) -> None:
    """Delete a document and its file.

    :raises PermissionDenied: unless ``actor`` may manage the documents of its owner.
    """
    policy.require(actor, "attachment.manage", (attachment.owner_kind, owner))
    storage.delete_after_commit(attachment.storage_key)
    audit.record(actor, "attachment.remove", attachment, owner_kind=attachment.owner_kind)
    db.session.delete(attachment)
    db.session.flush()


def delete_personal_attachments(user_id: int) -> int:
    """Delete the documents about this person only (account deletion, app.privacy).

    :returns: how many were deleted.
    """
    attachments = queries.list_personal_attachments(user_id)
    for attachment in attachments:
        storage.delete_after_commit(attachment.storage_key)
        db.session.delete(attachment)
    db.session.flush()
    return len(attachments)
