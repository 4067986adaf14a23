"""`ask --json --batch`: one output line for every input line, whatever the bytes on the line are.

Lines are read as bytes (a file or stdin), capped in length, decoded strictly as UTF-8; JSON lines are
parsed with recursion errors caught. A line the assistant cannot process yields an error object with
the same fields as an answer (question, answer, answered, intent, sources, latency_ms, outcome, choices, lookup)
plus "error".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO

from bot.answer import Answer, Asker
from bot.textsafety import clean_question, decode_line, replace_surrogates
from knowledge.yamlload import safe_load

logger = logging.getLogger(__name__)

MESSAGES_PATH = Path(__file__).resolve().parent / "data" / "input_errors.yaml"
MAX_LINE_BYTES = 4 * 1024 * 1024
_CHUNK = 64 * 1024


@lru_cache(maxsize=1)
def messages() -> dict[str, Any]:
    data: dict[str, Any] = safe_load(MESSAGES_PATH.read_text(encoding="utf-8"))
    return data


@dataclass
class BatchItem:
    line: int
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. {"id": ...} echoed in the output
    question: str = ""
    problem: str = ""  # a key of input_errors.yaml batch:, "" when the line can be asked


def error_payload(item: BatchItem, problem: str, limit: int = MAX_LINE_BYTES) -> dict[str, Any]:
    spec = messages()["batch"][problem]
    return {
        **item.extra,
        "question": item.question[:500],
        "answer": spec["message"].format(line=item.line, limit=limit),
        "answered": False,
        "intent": "error",
        "sources": [],
        "latency_ms": 0.0,
        "outcome": "error",
        "choices": [],
        "lookup": None,
        "asks": [],
        "error": spec["code"],
    }


def read_lines(stream: BinaryIO | IO[bytes], max_bytes: int = MAX_LINE_BYTES) -> Iterator[tuple[bytes, bool]]:
    """(line without its end, True when it fit in `max_bytes`); an over-long line's rest is skipped unbuffered."""
    while True:
        data = stream.readline(max_bytes + 1)
        if not data:
            return
        if data.endswith(b"\n") or len(data) <= max_bytes:
            yield data.rstrip(b"\n").rstrip(b"\r"), True
            continue
        while not data.endswith(b"\n"):  # discard the rest of the over-long line
            data = stream.readline(_CHUNK)
            if not data:
                break
        yield b"", False


def parse_line(number: int, raw: bytes, fits: bool) -> BatchItem | None:
    """The item on one line (None for a blank line)."""
    item = BatchItem(number)
    if not fits:
        item.problem = "too_long"
        return item
    text, valid = decode_line(raw)
    if not text.strip():
        return None
    if not valid:
        item.question, item.problem = clean_question(text), "invalid_utf8"
        return item
    if not text.lstrip().startswith("{"):
        item.question = text
        return item
    try:
        data = json.loads(text)
    except RecursionError:
        item.extra, item.problem = {"id": f"line-{number}"}, "too_deep"
        return item
    except ValueError:
        item.extra, item.problem = {"id": f"line-{number}"}, "malformed_json"
        return item
    if isinstance(data, dict):
        if "id" in data:
            item.extra = {"id": _safe_value(data["id"])}
        question = data.get("question")
        item.question = question if isinstance(question, str) else ""
    return item


def _safe_value(value: Any) -> Any:
    """An echoed id that JSON can write back: strings without lone surrogates."""
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, int | float | bool) or value is None:
        return value
    return replace_surrogates(json.dumps(value, ensure_ascii=True)) if _encodable(value) else f"{type(value).__name__}"


def _encodable(value: Any) -> bool:
    try:
        json.dumps(value)
        return True
    except (ValueError, TypeError, RecursionError):
        return False


# characters that JSON leaves raw but that split a line for str.splitlines and other line readers (NEL, LS, PS):
# escaped, so that every answer stays one line (every control character below U+0020 JSON escapes itself)
_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def write_json_line(out: TextIO, payload: dict[str, Any]) -> None:
    """One JSON line; falls back to ASCII escapes when `out` cannot encode the text."""
    try:
        out.write(json.dumps(payload, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")
    except UnicodeEncodeError:
        out.write(json.dumps(payload, ensure_ascii=True) + "\n")
    out.flush()


def open_source(source: str, stdin: TextIO | BinaryIO | None) -> Any:
    """A binary stream for FILE or - (stdin's byte buffer; a text stream is re-encoded losslessly)."""
    if source != "-":
        return Path(source).open("rb")
    if stdin is None:
        raise ValueError("no stdin")
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return nullcontext(buffer)
    if isinstance(stdin.read(0), bytes):
        return nullcontext(stdin)
    import io

    text = stdin.read()  # a text stream (tests): keep every code point, even lone surrogates
    return nullcontext(io.BytesIO(str(text).encode("utf-8", errors="surrogatepass")))


def run_batch(ask: Callable[[str, Asker], Answer], source: str, stdin: TextIO | BinaryIO | None, out: TextIO, asker: Asker) -> int:
    """Answer every line of `source`; returns the number of lines that got an error object."""
    errors = 0
    with open_source(source, stdin) as stream:
        for number, (raw, fits) in enumerate(read_lines(stream), start=1):
            item = parse_line(number, raw, fits)
            if item is None:
                continue
            payload = _answer(ask, item, asker)
            errors += int("error" in payload)
            write_json_line(out, payload)
    return errors


def _answer(ask: Callable[[str, Asker], Answer], item: BatchItem, asker: Asker) -> dict[str, Any]:
    if item.problem:
        return error_payload(item, item.problem)
    try:
        return {**item.extra, **ask(item.question, asker).as_dict()}
    except Exception as exc:  # one bad question never ends the batch
        logger.error("batch: line %d failed (%s)", item.line, type(exc).__name__)
        item.question = clean_question(item.question)
        return error_payload(item, "failed")
