"""Small real files of each accepted type (and hostile ones), and a factory for attachments."""

from __future__ import annotations

import hashlib
import io
import secrets
import struct
import zipfile
import zlib

from app.documents import storage
from app.documents.models import Attachment
from app.extensions import db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document>Documento di posizione</w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def create_attachment(kind: str, owner, data: bytes = PDF, file_name: str = "documento.pdf", **overrides):
    """An attachment row with its stored file (built directly, as factories do)."""
    attachment = Attachment(
        token=secrets.token_urlsafe(18),
        owner_kind=kind,
        owner_id=owner.id,
        file_name=file_name,
        content_type=overrides.pop("content_type", "application/pdf"),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=storage.save(data),
        **overrides,
    )
    db.session.add(attachment)
    db.session.commit()
    return attachment
