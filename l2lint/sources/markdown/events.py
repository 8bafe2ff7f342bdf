"""pyromark's event stream: parsing a text, and the name of an event."""

from __future__ import annotations

from typing import Any

import pyromark

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_FOOTNOTES
)

Event = tuple[Any, Any]  # (pyromark event, {"start": byte, "end": byte})


def parse(text: str) -> list[Event]:
    """The events of `text` with their byte ranges (see the module docstring)."""
    return list(pyromark.events_with_range(text, options=OPTIONS))


def event_name(event: Any) -> str:
    """The name of an event: "Text", "Start:Paragraph", "End:Item", "SoftBreak" ..."""
    if isinstance(event, str):
        return event
    key = next(iter(event))
    if key in ("Start", "End"):
        tag = event[key]
        return f"{key}:{tag if isinstance(tag, str) else next(iter(tag))}"
    return key
