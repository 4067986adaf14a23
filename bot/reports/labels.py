"""Stored codes as staff read them (channels, topics, statuses, yes/no) and times as Beijing wall-clock time.

Labels are data (bot/data/labels.yaml, topic labels from bot/data/intents.yaml). Pages and XLSX files use
these; CSV and JSON keep the codes and ISO times with offsets, for scripts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.reports.periods import COUNTY_TZ
from knowledge.yamlload import safe_load

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


@lru_cache(maxsize=1)
def _labels() -> dict[str, Any]:
    data = dict(safe_load((DATA_DIR / "labels.yaml").read_text(encoding="utf-8")))
    intents = safe_load((DATA_DIR / "intents.yaml").read_text(encoding="utf-8")).get("intents", {})
    data["intent"] = {**{k: v["label"] for k, v in intents.items() if isinstance(v, dict) and v.get("label")},
                      **data["intent"]}
    return data


def label(value: Any, kind: str) -> str:
    """The Chinese label of a stored code (`kind`: channel, intent, status, approved_status, chat_type, bool,
    helpful); an unknown code is shown as it is."""
    table = _labels().get(kind, {})
    if isinstance(value, bool) or value is None:
        key = "" if value is None else str(value).lower()
    else:
        key = str(value)
    return str(table.get(key, value if value is not None else ""))


def time_header(header: str) -> str:
    """A time column's header that says the times are Beijing time, e.g. 时间（北京时间）."""
    return header + str(_labels()["time_header_suffix"])


def beijing(value: Any) -> dt.datetime | None:
    """A naive datetime in Beijing time (openpyxl refuses aware ones); accepts aware/naive-UTC datetimes and
    ISO strings; None for empty values."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(COUNTY_TZ).replace(tzinfo=None, microsecond=0)


def for_people(rows: Iterable[Sequence[Any]], kinds: Sequence[str | None]) -> list[list[Any]]:
    """Rows with each column converted by its kind: "time" → naive Beijing datetime, a label kind → its
    label, None → as it is."""
    converted = []
    for row in rows:
        out: list[Any] = []
        for value, kind in zip(row, kinds, strict=False):
            if kind == "time":
                out.append(beijing(value))
            elif kind:
                out.append(label(value, kind))
            else:
                out.append(value)
        out.extend(row[len(kinds):])
        converted.append(out)
    return converted


def people_headers(headers: Sequence[str], kinds: Sequence[str | None]) -> list[str]:
    return [time_header(h) if k == "time" else h for h, k in zip(headers, kinds, strict=False)] + list(
        headers[len(kinds):])
