"""`--select` / `--ignore`: rule codes or code prefixes (`T`, `B2`, `A401`)."""

from __future__ import annotations

from collections.abc import Iterable


def split_codes(values: Iterable[str] | None) -> list[str]:
    """Accept repeated options and comma-separated lists alike."""
    out: list[str] = []
    for value in values or ():
        out.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return out


def is_enabled(
    code: str,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    extend: Iterable[str] = (),
) -> bool:
    """ruff's semantics: selected (all when no selection) or extended, and not ignored.

    The longer (more specific) selector wins when a code is both selected and ignored.
    """
    select = list(select or [])
    ignore = list(ignore or [])
    chosen = [s for s in [*select, *extend] if code.startswith(s)]
    dropped = [s for s in ignore if code.startswith(s)]
    if select or extend:
        if not chosen:
            return False
    else:
        chosen = [""]
    if not dropped:
        return True
    return max(map(len, chosen)) > max(map(len, dropped))
