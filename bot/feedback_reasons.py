"""The 👎 reasons every channel offers, defined once in bot/data/feedback_reasons.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from knowledge.yamlload import safe_load

REASONS_PATH = Path(__file__).resolve().parent / "data" / "feedback_reasons.yaml"
MAX_CODE_CHARS = 12


def parse_reasons(raw: object) -> dict[str, str]:
    """code -> reason text; ValueError unless every code is short ASCII without ':' and every text non-empty."""
    if not isinstance(raw, dict) or not raw:
        raise ValueError("feedback reasons: a non-empty mapping of code -> reason is needed")
    reasons: dict[str, str] = {}
    for code, text in raw.items():
        code = str(code)
        if not code.isascii() or ":" in code or not code or len(code) > MAX_CODE_CHARS:
            raise ValueError(f"feedback reason code {code!r} must be short ASCII without ':'")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"feedback reason {code!r} has no text")
        reasons[code] = text.strip()
    return reasons


@lru_cache(maxsize=2)
def load_reasons(path: Path = REASONS_PATH) -> dict[str, str]:
    return parse_reasons(safe_load(Path(path).read_text(encoding="utf-8")))
