"""Turns to and from plain JSON data, generically: every field is carried, unknown keys are ignored.

Other steps add fields to `Turn` (e.g. pending clarification choices); they travel without changes here.
Nested dataclasses (e.g. `Choice`) come back as the dataclass, tuples as tuples.
"""

from __future__ import annotations

import dataclasses
import logging
import types
import typing
from functools import cache
from typing import Any, TypeVar, cast

from bot.pipeline.context import Turn

logger = logging.getLogger(__name__)
T = TypeVar("T")


def turn_to_dict(turn: Turn) -> dict[str, Any]:
    return dataclasses.asdict(turn)


@cache
def _hints(cls: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception as exc:  # an annotation that cannot be resolved: values are kept as they come
        logger.warning("shared state: cannot resolve the fields of %s (%s)", cls.__name__, type(exc).__name__)
        return {}


def _convert(hint: Any, value: Any) -> Any:
    if value is None or hint is None:
        return value
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for option in args:
            if option is type(None):
                continue
            try:
                return _convert(option, value)
            except (TypeError, ValueError):
                continue
        return value
    if dataclasses.is_dataclass(hint) and isinstance(hint, type) and isinstance(value, dict):
        return from_dict(hint, value)
    if origin is tuple and isinstance(value, list | tuple):
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], item) for item in value)
        return tuple(_convert(a, item) for a, item in zip(args, value, strict=False))
    if origin in (list, set, frozenset) and isinstance(value, list | tuple):
        inner = args[0] if args else None
        return origin(_convert(inner, item) for item in value)
    if origin is dict and isinstance(value, dict) and len(args) == 2:
        return {k: _convert(args[1], v) for k, v in value.items()}
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build the dataclass `cls` from `data`, ignoring keys it has no field for (missing ones take defaults)."""
    hints = _hints(cast(Any, cls))
    known = {f.name: f for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
    values = {name: _convert(hints.get(name), data[name]) for name in known if name in data}
    return cls(**values)


def turn_from_dict(data: dict[str, Any]) -> Turn:
    return from_dict(Turn, data)
