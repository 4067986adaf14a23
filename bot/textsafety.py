"""Make any text safe for the core: no lone surrogates, no control characters, no invalid bytes.

`clean_question(raw)` is called once at the core's entrance (AssistantCore.ask), so OpenCC, jieba,
the database and JSON writers downstream never see a character they cannot encode.
"""

from __future__ import annotations

import re

REPLACEMENT = "\ufffd"
# C0 and C1 controls except tab/newline/carriage return, DEL, and the bidi/zero-width format
# characters that hide text; tabs and newlines are kept as spaces.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE = re.compile(r"[\t\r\n\u2028\u2029]+")


def has_lone_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def replace_surrogates(text: str) -> str:
    """Each lone surrogate (e.g. from a JSON escape "\\ud800") becomes U+FFFD."""
    return _SURROGATE.sub(REPLACEMENT, text)


def clean_question(raw: object) -> str:
    """The question as the core may use it: a str, surrogates replaced, controls removed, line breaks as spaces."""
    if raw is None:
        return ""
    if isinstance(raw, bytes | bytearray):
        text = bytes(raw).decode("utf-8", errors="replace")
    elif isinstance(raw, str):
        text = raw
    else:
        text = str(raw)
    text = replace_surrogates(text)
    text = _SPACE.sub(" ", text)
    return _CONTROL.sub("", text)


def decode_line(data: bytes) -> tuple[str, bool]:
    """Decode one input line as UTF-8; (text with U+FFFD for bad bytes, True when the bytes were valid)."""
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), False
