"""Hostile files for the upload route (issue 17): each is refused with a clear message or
stored and served inertly (as a download, with nosniff), never run, never a 500.

Each entry: (case, file name, content, what must happen: "refused" or "inert").
"""

from __future__ import annotations

import io
import zipfile

from tests.documents.helpers import PDF, docx, png

SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.domain)</script></body></html>"


def zip_bomb_docx() -> bytes:
    """A DOCX whose one member inflates to 300 MB from about 300 KB (its sizes declared honestly)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/bomb.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    return buffer.getvalue()


def docx_with_too_many_members() -> bytes:
    """Thousands of tiny members: a decompressor's work grows with each one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(3000):
            archive.writestr(f"word/media/{n}.xml", "a")
    return buffer.getvalue()


def polyglot_pdf_html() -> bytes:
    """A real PDF header followed by an HTML page with a script (read as HTML by a sniffer)."""
    return PDF + HTML_PAGE


def polyglot_png_zip() -> bytes:
    """A PNG with a ZIP archive appended (a classic polyglot)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML_PAGE)
    return png() + buffer.getvalue()


HOSTILE_FILES = [
    ("svg with a script", "mappa.svg", SVG_WITH_SCRIPT, "refused"),
    ("svg renamed .png", "mappa.png", SVG_WITH_SCRIPT, "refused"),
    ("html renamed .pdf", "documento.pdf", HTML_PAGE, "refused"),
    ("html page", "pagina.html", HTML_PAGE, "refused"),
    ("pdf renamed .docx", "documento.docx", PDF, "refused"),
    ("zip bomb docx", "bomba.docx", zip_bomb_docx(), "refused"),
    ("docx with too many members", "molti.docx", docx_with_too_many_members(), "refused"),
    ("plain zip renamed .docx", "archivio.docx", b"PK\x03\x04" + b"\0" * 100, "refused"),
    ("empty file", "vuoto.pdf", b"", "refused"),
    ("executable renamed .pdf", "setup.pdf", b"MZ\x90\x00" + b"\0" * 200, "refused"),
    ("polyglot pdf + html", "poliglotta.pdf", polyglot_pdf_html(), "inert"),
    ("polyglot png + zip", "immagine.png", polyglot_png_zip(), "inert"),
    ("name with path separators", "../../etc/passwd/..\\..\\proposta.pdf", PDF, "inert"),
    ("name with NUL bytes", "proposta\x00.html\x00.pdf", PDF, "inert"),
    ("name of 500 characters", "a" * 496 + ".pdf", PDF, "inert"),
    ("name with markup", "<img src=x onerror=alert(1)>.pdf", PDF, "inert"),
    # The quote ends the multipart file name: what is left has no extension.
    ("name with a quote and markup", '<img src=x onerror=alert(1)>".pdf', PDF, "refused"),
    ("docx with a macro-like member", "lettera.docx", docx({"word/vbaProject.bin": b"\0" * 64}), "inert"),
]
