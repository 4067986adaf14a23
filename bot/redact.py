"""Remove personal data from text before it is stored (query log, exports).

`redact(text)` replaces ID numbers, phone numbers, bank cards, emails, @usernames, detailed
addresses and names introduced by phrases like 我叫 / 孩子叫 with placeholders such as
[身份证号]. The patterns, trigger phrases and stoplists live in bot/data/redaction.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_PATH = Path(__file__).resolve().parent / "data" / "redaction.yaml"

_CJK = "\u4e00-\u9fff"
# full-width digits, letters and a few symbols typed by Chinese input methods -> ASCII
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "：；，。！？（）"}


@dataclass(frozen=True)
class RedactionResult:
    text: str
    found: list[str] = field(default_factory=list)  # placeholder kinds, e.g. ["身份证号", "手机号"]

    @property
    def changed(self) -> bool:
        return bool(self.found)


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _NameRules:
    trigger: re.Pattern[str]
    weak: frozenset[str]
    stop_prefixes: tuple[str, ...]
    stop_chars: frozenset[str]
    stop_words: tuple[str, ...]
    weak_reject_chars: frozenset[str]
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]


@dataclass(frozen=True)
class _Rules:
    placeholders: dict[str, str]
    patterns: tuple[_Pattern, ...]
    names: _NameRules


def _chars(value: str) -> frozenset[str]:
    return frozenset(ch for ch in value if not ch.isspace())


def _name_rules(raw: dict[str, Any]) -> _NameRules:
    strong = [str(t) for t in raw.get("strong_triggers", [])]
    weak = [str(t) for t in raw.get("weak_triggers", [])]
    triggers = sorted({*strong, *weak}, key=len, reverse=True)
    trigger = re.compile(
        "(?P<trig>" + "|".join(map(re.escape, triggers)) + ")"
        r"(?P<sep>[ \t:：]*(?:是|为)?[ \t:：]*)(?=[" + _CJK + "])"
    )
    return _NameRules(
        trigger=trigger,
        weak=frozenset(weak),
        stop_prefixes=tuple(str(p) for p in raw.get("stop_prefixes", [])),
        stop_chars=_chars(str(raw.get("stop_chars", ""))),
        stop_words=tuple(str(w) for w in raw.get("stop_words", [])),
        weak_reject_chars=_chars(str(raw.get("weak_reject_chars", ""))),
        surnames=_chars(str(raw.get("surnames", ""))),
        compound_surnames=tuple(str(s) for s in raw.get("compound_surnames", [])),
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> _Rules:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    placeholders = {str(k): str(v) for k, v in raw["placeholders"].items()}
    patterns = []
    for item in raw["patterns"]:
        kind = str(item["kind"])
        if kind not in placeholders:
            raise ValueError(f"redaction pattern kind {kind!r} has no placeholder")
        patterns.append(_Pattern(kind, re.compile(str(item["regex"]))))
    if "name" not in placeholders:
        raise ValueError("redaction rules need a 'name' placeholder")
    return _Rules(placeholders, tuple(patterns), _name_rules(raw.get("names", {})))


def _name_length(rules: _NameRules, rest: str, weak: bool) -> int:
    """How many characters at the start of `rest` form a name (0: none)."""
    if rest.startswith(rules.stop_prefixes):
        return 0
    if weak and not (rest[:1] in rules.surnames or rest.startswith(rules.compound_surnames)):
        return 0
    run = re.match(f"[{_CJK}]{{1,4}}", rest)
    if run is None:
        return 0
    length = len(run.group())
    for i in range(length):
        if rest[i] in rules.stop_chars or rest.startswith(rules.stop_words, i):
            length = i
            break
    if length < 2:
        return 0
    if weak and any(ch in rules.weak_reject_chars for ch in rest[:length]):
        return 0
    return length


def _redact_names(rules: _NameRules, text: str, placeholder: str) -> tuple[str, int]:
    out: list[str] = []
    pos = 0
    count = 0
    for match in rules.trigger.finditer(text):
        if match.start() < pos:
            continue
        weak = match.group("trig") in rules.weak and not re.search("[:：]", match.group("sep"))
        length = _name_length(rules, text[match.end() :], weak)
        if length:
            out.append(text[pos : match.end()])
            out.append(placeholder)
            pos = match.end() + length
            count += 1
    out.append(text[pos:])
    return "".join(out), count


def redact(text: str, rules: _Rules | None = None) -> RedactionResult:
    """Replace personal data in `text` with placeholders; `found` lists one kind per replacement."""
    rules = rules or load_rules()
    if not text:
        return RedactionResult(text or "", [])
    text = text.translate(_FOLD)
    found: list[str] = []
    for pattern in rules.patterns:
        placeholder = rules.placeholders[pattern.kind]
        keeps = "keep" in pattern.regex.groupindex

        def _sub(match: re.Match[str], placeholder: str = placeholder, keeps: bool = keeps) -> str:
            return ((match.group("keep") or "") if keeps else "") + placeholder

        text, count = pattern.regex.subn(_sub, text)
        found.extend([placeholder.strip("[]")] * count)
    name_placeholder = rules.placeholders["name"]
    text, count = _redact_names(rules.names, text, name_placeholder)
    found.extend([name_placeholder.strip("[]")] * count)
    return RedactionResult(text, found)
