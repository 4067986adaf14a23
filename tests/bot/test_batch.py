"""`ask --json --batch` gives one JSON line for every input line, whatever is on the line."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answer import Answer, Asker
from bot.assistant import Assistant
from bot.batch import MAX_LINE_BYTES, read_lines, run_batch
from bot.conversation import ConversationStore
from bot.core import AssistantCore

ANSWER_KEYS = ["question", "answer", "answered", "intent", "sources", "latency_ms", "outcome", "choices", "lookup", "asks"]
ASKER = Asker("cli", "", "cli")


@pytest.fixture(scope="module")
def core(assistant: Assistant) -> AssistantCore:
    return AssistantCore(assistant, None, ConversationStore(60), "batch-test-secret-0123456789")


def batch(core: AssistantCore, data: bytes) -> list[dict]:
    out = io.StringIO()
    run_batch(core.ask, "-", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"), out, ASKER)
    text = out.getvalue()
    assert text.endswith("\n") or not text
    return [json.loads(line) for line in text.splitlines()]


HOSTILE = [
    b'{"id": "s", "question": "\\ud800\xe5\xad\xa6\xe5\x8c\xba"}',  # a lone surrogate escape before 学区
    b'{"question": ' + b"[" * 3000,
    b"[" * 3000,  # not a JSON object line: asked as text
    b"\xff\xfe\xfa invalid \xc3\x28 utf-8",
    "留守\x00儿童\x07能\x1b[31m住校吗\x7f\u202e".encode(),
    ("随迁子女" * 90_000).encode(),  # a 1 MB line
    "留守儿童能住校吗".encode(),
]


def test_every_hostile_line_gets_one_line(core: AssistantCore) -> None:
    rows = batch(core, b"\n".join(HOSTILE) + b"\n")
    assert len(rows) == 7
    for row in rows:
        assert [k for k in row if k not in ("id", "error")] == ANSWER_KEYS
    assert rows[0]["id"] == "s" and "error" not in rows[0] and rows[0]["question"].endswith("学区")
    assert rows[1] == {
        "id": "line-2", "question": "", "answer": "第 2 行的 JSON 嵌套太深，已跳过。Line 2 is nested too deeply and was skipped.",
        "answered": False, "intent": "error", "sources": [], "latency_ms": 0.0, "outcome": "error", "choices": [], "lookup": None, "asks": [], "error": "malformed JSON line",
    }
    assert list(rows[1]) == ["id", *ANSWER_KEYS, "error"]
    assert "error" not in rows[2] and rows[2]["question"].startswith("[[[")
    assert rows[3]["error"] == "invalid UTF-8" and "不是 UTF-8" in rows[3]["answer"] and "Line 4" in rows[3]["answer"]
    assert rows[4]["question"] == "留守儿童能[31m住校吗" and "error" not in rows[4]
    assert "error" not in rows[5] and rows[5]["answered"] in (True, False)
    assert rows[6]["answered"] is True and rows[6]["intent"] == rows[6]["intent"]


def test_an_id_holding_a_line_separator_still_gives_one_json_line(core: AssistantCore) -> None:
    # JSON leaves NEL, LS and PS raw; a reader splitting lines would cut the answer in two (found by the fuzz test)
    rows = batch(core, '{"id": "a\u0085b\u2028c\u2029", "question": "留守儿童能住校吗"}\n'.encode())
    assert len(rows) == 1 and rows[0]["id"] == "a\x85b\u2028c\u2029"


def test_over_long_line_is_reported_and_skipped_without_losing_the_next() -> None:
    stream = io.BytesIO(b"x" * (MAX_LINE_BYTES + 10) + b"\nnext\n")
    assert list(read_lines(stream)) == [(b"", False), (b"next", True)]
    out = io.StringIO()
    run_batch(lambda q, a: Answer(q, "ok", True), "-", io.BytesIO(b"y" * (MAX_LINE_BYTES + 1) + b"\nhi\n"), out, ASKER)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first["error"] == "line too long" and second == {**Answer("hi", "ok", True).as_dict()}


def test_a_failing_question_does_not_end_the_batch() -> None:
    def ask(question: str, asker: Asker) -> Answer:
        if question == "boom":
            raise RuntimeError("boom")
        return Answer(question, "ok", True)

    out = io.StringIO()
    run_batch(ask, "-", io.BytesIO(b"a\nboom\nb\n"), out, ASKER)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("error", "") for r in rows] == ["", "internal error", ""]
    assert [r["question"] for r in rows] == ["a", "boom", "b"]


def test_output_is_ascii_escaped_when_the_terminal_cannot_encode() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    run_batch(lambda q, a: Answer(q, "回答", True), "-", io.BytesIO("问题\n".encode()), out, ASKER)
    out.flush()
    assert json.loads(raw.getvalue().decode("ascii"))["answer"] == "回答"


_line = st.one_of(
    st.text(max_size=60),
    st.binary(max_size=60),
    st.builds(lambda s: json.dumps({"id": s, "question": s}), st.text(max_size=40)),
    st.builds(lambda n: "[" * n, st.integers(0, 5000)),
    st.builds(lambda s: '{"question": "' + s + '"}', st.sampled_from(["\\ud800", "\\udfff\\ud83d", "\\u0000", "a\\\\"])),
    st.builds(lambda n: "问" * n, st.integers(0, 400_000)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(lines=st.lists(_line, min_size=1, max_size=6))
def test_fuzz_every_line_in_gives_one_line_out(core: AssistantCore, lines: list[str | bytes]) -> None:
    encoded = [x if isinstance(x, bytes) else x.encode("utf-8", errors="surrogatepass") for x in lines]
    chunks = [part for item in encoded for part in item.split(b"\n")]  # what a reader sees as lines
    expected = sum(1 for c in chunks if c.rstrip(b"\r").decode("utf-8", errors="replace").strip())
    rows = batch(core, b"\n".join(encoded) + b"\n")
    assert len(rows) == expected
    for row in rows:
        assert [k for k in row if k not in ("id", "error")] == ANSWER_KEYS
