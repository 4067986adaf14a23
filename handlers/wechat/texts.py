"""The WeChat channels' canned replies, loaded from texts.yaml (every key required)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from knowledge.yamlload import safe_load

TEXTS_PATH = Path(__file__).resolve().parent / "texts.yaml"


@dataclass(frozen=True)
class WechatTexts:
    welcome: str
    topic_line: str
    welcome_tail: str
    topic_examples: str
    please_type: str
    heard_as: str
    choose_prompt: str
    choice_line: str
    sources_line: str
    feedback_hint: str
    full_answer: str
    truncated: str
    feedback_thanks: str
    feedback_nothing: str
    rate_limited: str
    error: str
    undelivered: str
    unknown_topic: str

    @classmethod
    def load(cls, path: Path = TEXTS_PATH) -> WechatTexts:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
        missing = [f.name for f in fields(cls) if not isinstance(data.get(f.name), str)]
        if missing:
            raise ValueError(f"{path}: missing or not text: {', '.join(missing)}")
        return cls(**{f.name: data[f.name] for f in fields(cls)})
