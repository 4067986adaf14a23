"""Remove personal data from text before it is stored (query log, exports).

`Redactor(exempt_words).redact(text)` replaces ID numbers, phone numbers and bank cards (also spaced,
dotted or in Chinese numerals), emails, @usernames, detailed addresses, names after cue phrases
(我叫 / 孩子叫 / 俺孙子 / 学生 …), names jieba tags `nr` and romanised names with placeholders such
as [身份证号]. The county's gazetteer (passed in at start-up) and the domain words are exempt, so
李旺镇 or "liangmian yibu" survive. Patterns, cues and stoplists live in bot/data/redaction.yaml;
`redact(text)` uses the domain words only.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.redact_names import Exemptions, NameTagger, RomanNames, looks_like_place, overlaps
from bot.redact_numbers import replace_numbers
from knowledge.yamlload import safe_load

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
    kind: str  # "" for the special digit-run pass
    regex: re.Pattern[str] | None


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
    cues: tuple[str, ...] = ()
    exempt_words: tuple[str, ...] = ()


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
        r"(?P<sep>[ \t:：]*(?:叫做|名叫|叫|是|为)?[ \t:：]*)(?=[" + _CJK + "])"
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
        cues=tuple(str(c) for c in raw.get("cues", [])),
        exempt_words=tuple(str(w) for w in raw.get("exempt_words", [])),
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> _Rules:
    raw = safe_load(path.read_text(encoding="utf-8"))
    placeholders = {str(k): str(v) for k, v in raw["placeholders"].items()}
    patterns = []
    for item in raw["patterns"]:
        if item.get("special") == "digit_runs":
            patterns.append(_Pattern("", None))
            continue
        kind = str(item["kind"])
        if kind not in placeholders:
            raise ValueError(f"redaction pattern kind {kind!r} has no placeholder")
        patterns.append(_Pattern(kind, re.compile(str(item["regex"]))))
    if "name" not in placeholders:
        raise ValueError("redaction rules need a 'name' placeholder")
    return _Rules(placeholders, tuple(patterns), _name_rules(raw.get("names", {})))


def _name_length(rules: _NameRules, rest: str, weak: bool, is_word: Callable[[str], bool]) -> int:
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
    if weak and (is_word(rest[:2]) or is_word(rest[:length])):  # 学生管理办法, 孩子马上
        return 0
    return length


class Redactor:
    """Redaction with the county's gazetteer and the domain words exempt from the name rules."""

    def __init__(
        self,
        exempt_words: Iterable[str] = (),
        rules: _Rules | None = None,
        tagger: NameTagger | None = None,
        clean_cache_size: int = 4096,
    ) -> None:
        self.rules = rules or load_rules()
        names = self.rules.names
        self.exemptions = Exemptions([*names.exempt_words, *exempt_words])
        self.tagger = tagger or NameTagger()
        self._roman = RomanNames([*names.surnames, *names.compound_surnames], self.exemptions)
        self._surname_like = re.compile(f"[{''.join(sorted(names.surnames))}][小晓][{_CJK}]")
        # texts found to hold nothing to redact (the same questions and answers come again and again; the
        # name tagger costs milliseconds a text): a bounded LRU that, by construction, never holds personal data
        self._clean: OrderedDict[str, None] = OrderedDict()
        self._clean_size = clean_cache_size
        # texts that did hold something (an answer quoting the office's phone number is redacted on every log
        # write): their redacted result only, under a keyed digest (a key drawn per process), never the text itself
        self._redacted: OrderedDict[bytes, RedactionResult] = OrderedDict()
        self._digest_key = os.urandom(16)
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Load what the name rules load on first use (jieba's tagger ~1 s, pypinyin's readings of the surnames and
        exempt words ~0.2 s): long-running channels call this in a background thread at start-up, so that the first
        question holding a name cue or a romanised name does not wait for them."""
        self.tagger.warm()
        self._roman.warm()
        _ = self.exemptions.spans("")

    def redact(self, text: str) -> RedactionResult:
        """Replace personal data in `text` with placeholders; `found` lists one kind per replacement."""
        if not text:
            return RedactionResult(text or "", [])
        digest = self._digest(text) if self._clean_size else b""
        with self._lock:
            if text in self._clean:
                self._clean.move_to_end(text)
                return RedactionResult(text.translate(_FOLD), [])
        known = self._recall(digest)
        if known is not None:
            return known
        result = self._redact(text)[0]
        if result.found:
            self._remember(digest, result)
        elif self._clean_size:
            with self._lock:
                self._clean[text] = None
                while len(self._clean) > self._clean_size:
                    self._clean.popitem(last=False)
        return result

    def _digest(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=self._digest_key, digest_size=16).digest()

    def _recall(self, digest: bytes) -> RedactionResult | None:
        """A redacted result kept under its text's keyed digest (a copy), or None."""
        if not digest:
            return None
        with self._lock:
            known = self._redacted.get(digest)
            if known is None:
                return None
            self._redacted.move_to_end(digest)
        return RedactionResult(known.text, list(known.found))

    def _remember(self, digest: bytes, result: RedactionResult) -> None:
        if not digest:
            return
        with self._lock:
            self._redacted[digest] = RedactionResult(result.text, list(result.found))
            while len(self._redacted) > self._clean_size:
                self._redacted.popitem(last=False)

    def redact_answer(self, answer: str, question: str) -> RedactionResult:
        """An answer, without the name tagger: answers are built from the sources and the question, and the
        sources hold no asker's name, so a name in an answer can only echo the question. The question's names
        (found with the tagger, as in `redact`) are replaced wherever they recur; numbers, codes and cue rules
        apply as to any text. (The tagger over a whole answer cost ~0.1 s of CPU whenever a cue such as 学生
        occurred in it.)"""
        if not answer:
            return RedactionResult(answer or "", [])
        asked = self.redact(question) if question else RedactionResult("", [])
        names = self._redact(question)[1] if self.rules.placeholders["name"].strip("[]") in asked.found else []
        if names:  # the answer's redaction depends on this question: not cached
            return self._redact(answer, tag=False, known=names)[0]
        digest = self._digest("\x00answer\x00" + answer) if self._clean_size else b""
        known = self._recall(digest)
        if known is not None:
            return known
        result = self._redact(answer, tag=False)[0]
        self._remember(digest, result)
        return result

    def _redact(self, text: str, tag: bool = True, known: Iterable[str] = ()) -> tuple[RedactionResult, list[str]]:
        """The redacted text, and the names replaced (for `redact_answer`; never cached or stored)."""
        text = text.translate(_FOLD)
        found: list[str] = []
        placeholders = self.rules.placeholders
        for pattern in self.rules.patterns:
            if pattern.regex is None:
                text, kinds = replace_numbers(text, lambda kind: placeholders[kind])
                found.extend(placeholders[kind].strip("[]") for kind in kinds)
                continue
            placeholder = placeholders[pattern.kind]
            keeps = "keep" in pattern.regex.groupindex

            def _sub(match: re.Match[str], placeholder: str = placeholder, keeps: bool = keeps) -> str:
                return ((match.group("keep") or "") if keeps else "") + placeholder

            text, count = pattern.regex.subn(_sub, text)
            found.extend([placeholder.strip("[]")] * count)
        text, names = self._names(text, tag, known)
        found.extend([placeholders["name"].strip("[]")] * len(names))
        return RedactionResult(text, found), names

    def _needs_tagger(self, text: str) -> bool:
        return any(cue in text for cue in self.rules.names.cues) or self._surname_like.search(text) is not None

    def _is_word(self, word: str) -> bool:
        """A dictionary word that is not a person name (loads the tagger: only on the weak-cue path)."""
        tag = self.tagger.word_tag(word)
        return tag is not None and not tag.startswith("nr")

    def _names(self, text: str, tag: bool = True, known: Iterable[str] = ()) -> tuple[str, list[str]]:
        rules = self.rules.names
        exempt = self.exemptions.spans(text)
        spans: list[tuple[int, int]] = []
        for match in rules.trigger.finditer(text):
            weak = match.group("trig") in rules.weak and not re.search("[:：叫]", match.group("sep"))
            length = _name_length(rules, text[match.end():], weak, self._is_word)
            start, end = match.end(), match.end() + length
            if length and not overlaps(exempt, start, end):
                spans.append((start, end))
        for name in {n for n in known if len(n) >= 2}:
            spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(name), text) if not overlaps(spans, m.start(), m.end()))
        if tag and self._needs_tagger(text):
            for start, end in self.tagger.person_spans(text):
                word = text[start:end]
                if (2 <= len(word) <= 4 and (word[0] in rules.surnames or word.startswith(rules.compound_surnames))
                        and not word.startswith(rules.stop_prefixes) and not overlaps(exempt, start, end)
                        and not looks_like_place(text, start, end) and not overlaps(spans, start, end)):
                    spans.append((start, end))
        spans.extend(s for s in self._roman.spans(text) if not overlaps(spans, *s))
        kept = _kept_spans(spans)
        return _replace_spans(text, kept, self.rules.placeholders["name"]), [text[a:b] for a, b in kept]


def _kept_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans `_replace_spans` replaces: sorted, an overlapping later one dropped."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _replace_spans(text: str, spans: list[tuple[int, int]], placeholder: str) -> str:
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(placeholder)
        pos = end
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=1)
def _default_redactor() -> Redactor:
    return Redactor()


def redact(text: str, rules: _Rules | None = None) -> RedactionResult:
    """Replace personal data in `text` (domain words exempt; no gazetteer: see `Redactor`)."""
    return (Redactor(rules=rules) if rules is not None else _default_redactor()).redact(text)


def redact_answer(answer: str, question: str) -> RedactionResult:
    """`Redactor.redact_answer` with the default rules."""
    return _default_redactor().redact_answer(answer, question)
