"""Check an uploaded file before anything is stored: size, type by content (not by name), zip bombs,
password-protected and scanned PDFs. Every refusal is a clear Chinese message."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024  # a .docx's parts, all together, once uncompressed
MAX_ZIP_RATIO = 100  # uncompressed / compressed, over the whole archive
MAX_ZIP_ENTRIES = 2000
MIN_PDF_TEXT_CHARS = 20
KINDS = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
KIND_NAMES = {"text": "纯文本", "html": "网页（HTML）", "docx": "Word（.docx）", "pdf": "PDF", "doc": "旧版 Word（.doc）",
              "zip": "压缩包", "image": "图片", "binary": "二进制"}


class UploadRejected(Exception):
    """The upload cannot become a document; str(exc) says why, in Chinese, for the page."""


@dataclass
class CheckedUpload:
    suffix: str
    kind: str
    warnings: list[str] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def sniff(data: bytes) -> str:
    """What the bytes are, whatever the file is called."""
    head = data[:8]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    if b"\x00" in data[:4096]:
        return "binary"
    text = _decode(data[:8192])
    if text is None:
        return "binary"
    lowered = text.lstrip("\ufeff \r\n\t").lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered[:4096]:
        return "html"
    return "text"


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 4:  # cut in the middle of a character at the end of the sample
                return data[: exc.start].decode(encoding, errors="ignore")
    return None


def _check_docx(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UploadRejected("这个 .docx 文件已损坏，无法打开。请用 Word 重新保存后上传。") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UploadRejected("这个 .docx 文件内部条目异常多，疑似恶意压缩包，已拒绝。")
        unpacked = sum(entry.file_size for entry in entries)
        packed = sum(entry.compress_size for entry in entries) or 1
        if unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
            raise UploadRejected(
                f"这个 .docx 文件解压后有 {_megabytes(unpacked)}（压缩比 {unpacked // packed}:1），疑似“压缩炸弹”，已拒绝。"
            )
        names = {entry.filename for entry in entries}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise UploadRejected("这个文件是压缩包，但不是 Word（.docx）文档。")


def _check_pdf(data: bytes, warnings: list[str]) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRejected("这个 PDF 设有密码保护，无法读取。请去掉密码（或另存为不加密的 PDF）后再上传。")
        texts = [(page.extract_text() or "").strip() for page in reader.pages]
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise UploadRejected(f"这个 PDF 已损坏，无法读取（{type(exc).__name__}）。") from exc
    if sum(len(text) for text in texts) < MIN_PDF_TEXT_CHARS:
        raise UploadRejected("这个 PDF 没有文字层（可能是扫描件或图片），无法提取正文。请上传带文字的 PDF 或 Word 原件。")
    empty = [str(number) for number, text in enumerate(texts, 1) if not text]
    if empty:
        warnings.append(f"第 {'、'.join(empty)} 页读不出文字（可能是扫描页），这些页的内容不会进入知识库。")


def check_upload(filename: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> CheckedUpload:
    """Raise UploadRejected unless `data` is a readable document of the type its name says."""
    suffix = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if len(data) > max_bytes:
        raise UploadRejected(f"文件太大（{_megabytes(len(data))}），上限是 {_megabytes(max_bytes)}。")
    if not data.strip():
        raise UploadRejected("文件是空的。")
    expected = KINDS.get(suffix)
    if expected is None:
        raise UploadRejected(f"不支持 “{suffix or '无扩展名'}” 文件。请上传 .docx、.pdf、.html、.txt 或 .md 文件。")
    found = sniff(data)
    if found == "zip" and expected == "docx":
        found = "docx"
    if found == "html" and expected == "text":
        found = "text"  # a text file may quote markup
    if found != expected:
        raise UploadRejected(
            f"文件扩展名是 {suffix}，但内容是{KIND_NAMES.get(found, found)}文件，两者不符。请确认文件后重新上传。"
        )
    warnings: list[str] = []
    if found == "docx":
        _check_docx(data)
    elif found == "pdf":
        _check_pdf(data, warnings)
    return CheckedUpload(suffix=suffix, kind=found, warnings=warnings)
