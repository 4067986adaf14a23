"""Upload checks: size, type by content, zip bombs, password-protected and scanned PDFs — clear Chinese messages."""

from __future__ import annotations

import pytest
from upload_files import NOTICE_TXT, PNG, blank_pdf, docx_bytes, zip_bomb_docx

from knowledge.ingest.upload import UploadRejected, check_upload, sniff


def _rejected(name: str, data: bytes, **kwargs: int) -> str:
    with pytest.raises(UploadRejected) as info:
        check_upload(name, data, **kwargs)
    return str(info.value)


def test_a_50_mb_file_is_refused_before_anything_is_read() -> None:
    message = _rejected("大文件.txt", b"a" * (50 * 1024 * 1024))
    assert message == "文件太大（50.0 MB），上限是 20.0 MB。"


def test_password_protected_pdf() -> None:
    assert "密码保护" in _rejected("加密.pdf", blank_pdf(password="secret"))


def test_scanned_pdf_without_text() -> None:
    assert "没有文字层" in _rejected("扫描件.pdf", blank_pdf(pages=2))


def test_docx_zip_bomb_is_refused_by_its_uncompressed_size() -> None:
    bomb = zip_bomb_docx(200)
    assert len(bomb) < 1024 * 1024  # small on the wire
    message = _rejected("通知.docx", bomb)
    assert "压缩炸弹" in message and "200.0 MB" in message


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("通知.docx", blank_pdf(), "PDF"),
        ("通知.pdf", docx_bytes(["一、测试"]), "压缩包"),
        ("通知.txt", PNG, "图片"),
        ("通知.html", NOTICE_TXT.encode(), "纯文本"),
    ],
)
def test_wrong_extension_is_named(name: str, data: bytes, found: str) -> None:
    message = _rejected(name, data)
    assert f"但内容是{found}文件，两者不符" in message


def test_unsupported_extension_and_empty_file() -> None:
    assert "不支持 “.exe” 文件" in _rejected("setup.exe", b"MZ\x90\x00")
    assert _rejected("空.txt", b"   \n") == "文件是空的。"
    assert "旧版 Word" in _rejected("旧.docx", b"\xd0\xcf\x11\xe0" + b"\0" * 100)


def test_good_files_pass_and_are_sniffed_by_content() -> None:
    assert check_upload("通知.txt", NOTICE_TXT.encode("utf-8")).kind == "text"
    assert check_upload("通知.md", NOTICE_TXT.encode("gb18030")).kind == "text"
    assert check_upload("通知.docx", docx_bytes(["一、测试", "内容"])).kind == "docx"
    assert check_upload("page.html", b"<!DOCTYPE html><html><body><p>x</p></body></html>").kind == "html"
    assert sniff(b"%PDF-1.7 ...") == "pdf"
