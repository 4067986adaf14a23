"""Read a document file into plain text lines, through established parsers per format."""

from __future__ import annotations

from pathlib import Path

SUPPORTED = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


class UnreadableDocument(Exception):
    """A file that cannot be read as a document; the message names it and says why."""


def read_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnreadableDocument(f"{path}: unsupported format '{suffix or '(none)'}' (supported: {', '.join(sorted(SUPPORTED))})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise UnreadableDocument(f"{path}: the file is empty")
    try:
        if suffix in {".txt", ".md"}:
            return _decode(path, data)
        if suffix in {".html", ".htm"}:
            return _html_text(_decode(path, data))
        if suffix == ".docx":
            return _docx_text(path)
        return _pdf_text(path)
    except UnreadableDocument:
        raise
    except Exception as exc:  # parsers raise many types on damaged files
        raise UnreadableDocument(f"{path}: not a readable {suffix} file ({type(exc).__name__}: {exc})") from exc


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"{path}: looks binary, not text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(f"{path}: text is neither UTF-8 nor GB18030")


def _html_text(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for tag in ("script", "style", "nav", "header", "footer", "noscript"):
        for node in tree.css(tag):
            node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    return root.text(separator="\n", strip=False)


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
