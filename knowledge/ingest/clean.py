"""Clean a scraped page: drop site chrome, normalise white space and punctuation width.

Works line by line on the original script; chrome rules (a data file) are matched in Simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from knowledge.ingest.script import to_simplified
from knowledge.yamlload import safe_load

CJK = r"\u3400-\u9fff\uf900-\ufaff"
FULLWIDTH_PUNCT = "，。、；：？！（）《》“”‘’〔〕【】…—"
_ASCII_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}{FULLWIDTH_PUNCT}0-9%])\s+(?=[{CJK}{FULLWIDTH_PUNCT}])|(?<=[{CJK}{FULLWIDTH_PUNCT}])\s+(?=[0-9])")


@dataclass(frozen=True)
class ChromeRules:
    exact_lines: frozenset[str]
    contains: tuple[str, ...]
    spam: tuple[str, ...]
    footer_markers: tuple[str, ...]
    meta_labels: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def load_chrome_rules() -> ChromeRules:
    raw: dict[str, Any] = safe_load(
        resources.files("knowledge.ingest").joinpath("chrome.yaml").read_text(encoding="utf-8")
    )
    return ChromeRules(
        exact_lines=frozenset(raw.get("exact_lines", [])),
        contains=tuple(raw.get("contains", [])),
        spam=tuple(raw.get("spam", [])),
        footer_markers=tuple(raw.get("footer_markers", [])),
        meta_labels={k: tuple(v) for k, v in raw.get("meta_labels", {}).items()},
    )


@dataclass
class CleanResult:
    lines: list[str]
    meta: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def fold_spaces(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def normalise_line(line: str) -> str:
    """Fold exotic spaces, strip, widen ASCII punctuation that sits in Chinese text."""
    line = fold_spaces(line)
    if not line:
        return ""
    if re.search(f"[{CJK}]", line):
        line = re.sub(r"[,;:?!()]", lambda m: _ASCII_TO_FULL[m.group(0)], line)
        line = _SPACE_BETWEEN_CJK.sub("", line)
    return line


def _is_menu_line(simplified: str) -> bool:
    """A row of short space-separated link labels with no sentence punctuation."""
    tokens = simplified.split(" ")
    if len(tokens) < 3 or re.search("[，。；：、]", simplified):
        return False
    return all(1 <= len(tok) <= 10 for tok in tokens)


def clean_lines(raw_text: str, rules: ChromeRules | None = None) -> CleanResult:
    rules = rules or load_chrome_rules()
    result = CleanResult(lines=[])
    raw_lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    folded = [fold_spaces(line) for line in raw_lines]
    normalised = [normalise_line(line) for line in folded]
    non_empty = [i for i, line in enumerate(normalised) if line]
    footer_start = len(normalised)
    if non_empty:
        tail_from = non_empty[int(len(non_empty) * 0.7)] if len(non_empty) > 5 else 0
        for i in range(tail_from, len(normalised)):
            if any(marker in to_simplified(normalised[i]) for marker in rules.footer_markers):
                footer_start = i
                break
    for i, line in enumerate(normalised):
        if not line:
            continue
        simplified = to_simplified(line)
        spaced = to_simplified(folded[i])
        if i >= footer_start:
            result.dropped.append(line)
            continue
        label_value = re.match(r"^([^：:]{2,6})[：:]\s*(.*)$", spaced)
        if label_value and any(
            label_value.group(1).strip() in labels for labels in rules.meta_labels.values()
        ):
            _extract_meta(folded[i], rules, result.meta)
            continue
        if (
            simplified in rules.exact_lines
            or any(token in simplified for token in rules.contains)
            or any(token in simplified for token in rules.spam)
            or _is_menu_line(spaced)
        ):
            result.dropped.append(line)
            continue
        result.lines.append(line)
    return result


def _extract_meta(line: str, rules: ChromeRules, meta: dict[str, str]) -> None:
    # a header line may hold several "label: value" pairs separated by spaces
    for part in re.split(r"\s+(?=[^\s：:]{2,6}[：:])", line):
        match = re.match(r"^([^：:]{2,6})[：:]\s*(.*)$", part)
        if not match:
            continue
        label = to_simplified(match.group(1).strip())
        for key, labels in rules.meta_labels.items():
            if label in labels and match.group(2).strip():
                meta.setdefault(key, normalise_line(match.group(2)))
