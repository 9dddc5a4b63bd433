"""Documents attached to the platform's content: upload checks, storage, permission-checked download.

The service API other packages call (:mod:`app.documents.services`):
``attach(actor, kind, owner, upload)``, ``remove(actor, attachment)``,
``list_attachments(kind, owner_id)`` (:mod:`app.documents.queries`). A new kind of owner
(e.g. ``action_update``) is added with one line in :data:`app.documents.owners.OWNER_KINDS`
and one in :data:`app.policy.ATTACHMENT_RULES`.
"""
