"""Build good and bad upload files in memory (shared by the upload, lifecycle, page and browser tests)."""

from __future__ import annotations

import io
import zipfile

NOTICE_TXT = """海原县教育体育局关于做好测试工作的通知
海教体发〔2026〕9号
各乡镇中心学校：
现将有关事项通知如下。
一、第一件事
学校应在开学后10日内完成测试登记。
二、第二件事
测试轮岗比例不低于12%。
海原县教育体育局
2026年6月1日
"""


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx(unpacked_mb: int = 200) -> bytes:
    """A .docx-shaped zip whose one part inflates to `unpacked_mb` MB of zeros (about 200 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(unpacked_mb):
                part.write(block)
    return buffer.getvalue()


def blank_pdf(pages: int = 1, password: str = "") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
