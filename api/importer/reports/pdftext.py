"""The text of a PDF, page by page, normalised for pattern matching."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from api.importer.reports.model import ReportRefused

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2500": "-",  # box-drawing line used as a dash
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": "",  # soft hyphen
        "\x02": "",  # PDFium's mark for a hyphen that ended a line
        "\ufeff": "",
        "\r": "\n",
    }
)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Straight quotes and hyphens, no soft hyphens; line breaks kept."""
    return text.replace("\r\n", "\n").translate(_TRANSLATE)


def flat(text: str) -> str:
    """All runs of white space (line breaks included) as one space."""
    return _SPACES.sub(" ", text).strip()


def _refuse_non_pdf(path: Path, head: bytes) -> None:
    if not head.strip():
        raise ReportRefused("the file is empty")
    if b"%PDF-" in head[:1024]:
        return
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ReportRefused("this is an HTML or XML page saved under a .pdf name, not a PDF")
    raise ReportRefused("this is not a PDF (it has no PDF header)")


def page_texts(path: Path) -> list[str]:
    """Each page's text, normalised; ReportRefused when the file is not a readable PDF."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise ReportRefused(f"the file cannot be read: {error.strerror or error}") from None
    _refuse_non_pdf(path, head)
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise ReportRefused(f"not a readable PDF ({error})") from None
    try:
        pages: list[str] = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            pages.append(normalise(str(textpage.get_text_bounded())))
            textpage.close()
            page.close()
    except pdfium.PdfiumError as error:
        raise ReportRefused(f"its text cannot be extracted ({error})") from None
    finally:
        document.close()
    if not any(text.strip() for text in pages):
        raise ReportRefused("the PDF has no text (a scanned image?)")
    return pages
