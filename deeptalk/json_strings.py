"""Walking JSON-like values: fixtures, recordings and prompts all transform every string in one."""

from __future__ import annotations

from typing import Any, Callable


def map_strings(value: Any, function: Callable[[str], str]) -> Any:
    """A copy of `value` (lists, tuples and dicts, nested) with `function` applied to every string."""
    if isinstance(value, str):
        return function(value)
    if isinstance(value, (list, tuple)):
        return [map_strings(item, function) for item in value]
    if isinstance(value, dict):
        return {key: map_strings(item, function) for key, item in value.items()}
    return value
