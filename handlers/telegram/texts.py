"""The channel's Chinese texts and button labels, from bot/data/telegram.yaml (loaded once); 👎 reasons are shared."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import bot
from bot.feedback_reasons import load_reasons
from knowledge.yamlload import safe_load

TEXTS_PATH = Path(bot.__file__).resolve().parent / "data" / "telegram.yaml"

_PLAIN = (
    "welcome",
    "help",
    "topics_intro",
    "topic_examples",
    "asked_prefix",
    "media_only",
    "empty_text",
    "rate_limited",
    "error",
    "expired",
    "source_missing",
    "sources_line",
    "feedback_thanks_toast",
    "feedback_reason_prompt",
    "no_permission",
    "staff_private_only",
    "reports_unavailable",
)
_BUTTONS = ("helpful", "unhelpful", "thanks", "source", "related_prefix")
_COMMANDS = ("start", "help", "stats", "top", "unanswered", "export")
_STAFF = (
    "stats_title",
    "stats_line",
    "stats_today",
    "stats_week",
    "stats_reasons",
    "top_title",
    "top_line",
    "top_example",
    "top_empty",
    "unanswered_title",
    "unanswered_line",
    "unanswered_reason",
    "unanswered_declined",
    "unanswered_empty",
    "export_caption",
    "export_filename",
)


@dataclass(frozen=True)
class Texts:
    plain: dict[str, str]
    buttons: dict[str, str]
    reasons: dict[str, str]  # short code (safe in callback data) -> reason stored with a 👎
    commands: dict[str, str]  # command -> description for setMyCommands
    staff: dict[str, str]

    def __getattr__(self, name: str) -> str:
        plain = object.__getattribute__(self, "plain")
        if name in plain:
            return plain[name]
        raise AttributeError(name)


def _section(raw: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, str]:
    section = raw.get(name)
    if not isinstance(section, dict):
        raise ValueError(f"telegram texts: section {name!r} is missing")
    missing = [key for key in keys if not isinstance(section.get(key), str)]
    if missing:
        raise ValueError(f"telegram texts: {name} lacks {', '.join(missing)}")
    return {str(key): str(value) for key, value in section.items()}


def parse_texts(raw: dict[str, Any]) -> Texts:
    missing = [key for key in _PLAIN if not isinstance(raw.get(key), str) or not raw[key]]
    if missing:
        raise ValueError(f"telegram texts: missing {', '.join(missing)}")
    return Texts(
        plain={key: str(raw[key]) for key in _PLAIN},
        buttons=_section(raw, "buttons", _BUTTONS),
        reasons=dict(load_reasons()),
        commands=_section(raw, "commands", _COMMANDS),
        staff=_section(raw, "staff", _STAFF),
    )


@lru_cache(maxsize=4)
def load_texts(path: Path = TEXTS_PATH) -> Texts:
    raw = safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"telegram texts: {path} is not a mapping")
    return parse_texts(raw)
