"""Is an uploaded file one we accept? Its type is read from its content and must agree with its name.

The extension alone lies (an HTML page renamed ``.pdf``), and so can the content alone (a
polyglot): a file is accepted only when the magic bytes (``filetype``) name a type we take
*and* the extension is one of that type's. SVG is never taken (it carries scripts). Office
files are ZIP archives: their members are counted and decompressed with a ceiling, so a
zip bomb is refused without ever being inflated in full.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from flask_babel import lazy_gettext as _l

from app.errors import ValidationFailed

# Detected type (filetype's extension) -> (MIME type we serve, extensions the name may have).
ACCEPTED = {
    "pdf": ("application/pdf", ("pdf",)),
    "odt": ("application/vnd.oasis.opendocument.text", ("odt",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "png": ("image/png", ("png",)),
    "jpg": ("image/jpeg", ("jpg", "jpeg")),
    "webp": ("image/webp", ("webp",)),
}
ACCEPTED_EXTENSIONS = tuple(ext for _mime, exts in ACCEPTED.values() for ext in exts)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Office archives: at most this many members and this many bytes once inflated.
MAX_ARCHIVE_MEMBERS = 2000
MAX_INFLATED_BYTES = 100 * 1024 * 1024
NAME_STEM_MAX = 100


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    file_name: str
    content_type: str


def check_upload(file_name: str | None, data: bytes, max_bytes: int) -> CheckedFile:
    """The file, if we take it, with a safe name and the MIME type it will be served with.

    :raises ValidationFailed: (field ``file``) no file, empty, too large, an extension we do not
        take, content that is not what the extension says, a damaged or oversized archive.
    """
    extension = _extension(file_name)
    if not file_name and not data:
        raise _refused(_l("Choose a file to upload."))
    if not data:
        raise _refused(_l("The file is empty."))
    if len(data) > max_bytes:
        raise _refused(_l("The file is larger than %(mb)s MB.", mb=_megabytes(max_bytes)))
    if extension not in ACCEPTED_EXTENSIONS:
        raise _refused(_l("Only PDF, ODT, DOCX, PNG, JPEG and WEBP files are accepted."))
    kind = filetype.guess(data[:8192])
    detected = kind.extension if kind is not None else None
    if detected not in ACCEPTED or extension not in ACCEPTED[detected][1]:
        raise _refused(
            _l(
                "The content of the file is not a %(ext)s document: save it again as %(ext)s.",
                ext=extension.upper(),
            )
        )
    if detected in ("docx", "odt"):
        _check_office_archive(data, detected)
    return CheckedFile(
        data=data, file_name=safe_file_name(file_name, extension), content_type=ACCEPTED[detected][0]
    )


def safe_file_name(raw: str | None, extension: str) -> str:
    """A name to show and to offer for download: no folders, no control characters (NUL
    included), no characters that mean something to a shell or a file system, at most
    100 characters before the extension, which is the checked one."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] not in ("C", "Z") or c == " ")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r'[<>:"|?*;%$`&\'=]+', "_", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" ._-")[:NAME_STEM_MAX].strip(" ._-")
    return f"{stem or 'documento'}.{extension}"


def _extension(file_name: str | None) -> str:
    name = (file_name or "").replace("\\", "/").rsplit("/", 1)[-1].replace("\x00", "")
    return name.rsplit(".", 1)[-1].strip().lower() if "." in name else ""


def _check_office_archive(data: bytes, kind: str) -> None:
    damaged = _l("The document is damaged or is not a real %(ext)s file.", ext=kind.upper())
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise _refused(damaged)
            names = {m.filename for m in members}
            if kind == "docx" and "word/document.xml" not in names:
                raise _refused(damaged)
            if kind == "odt" and archive.read("mimetype").strip() != ODT_MIMETYPE:
                raise _refused(damaged)
            _inflate_with_ceiling(archive, members)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise _refused(damaged) from error


def _inflate_with_ceiling(archive: zipfile.ZipFile, members) -> None:
    """Decompress every member in chunks, stopping at :data:`MAX_INFLATED_BYTES` in all:
    the sizes a ZIP declares can lie, what comes out of the decompressor cannot."""
    total = 0
    for member in members:
        if member.file_size > MAX_INFLATED_BYTES:
            raise _refused(_l("The document expands to too much data to be a real document."))
        with archive.open(member) as stream:
            while chunk := stream.read(1024 * 1024):
                total += len(chunk)
                if total > MAX_INFLATED_BYTES:
                    raise _refused(_l("The document expands to too much data to be a real document."))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _refused(message) -> ValidationFailed:
    return ValidationFailed([("file", message)])
