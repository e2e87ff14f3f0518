"""Reading untrusted files defensively: size limits, UTF-8, JSON with line/column, duplicate keys.

Nothing read here is executed or unpickled; JSON is the only format parsed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nato_corpus.incidents import Incident


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def read_bytes(path: Path, shown: str, limit: int, report: Callable[[Incident], None]) -> bytes | None:
    """The file's bytes, or None after reporting why they cannot be used."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        report(Incident("missing-file", f"cannot read file: {exc.strerror}", shown))
        return None
    if size > limit:
        report(Incident("file-too-large", f"file is {size} bytes; the limit is {limit}", shown))
        return None
    return path.read_bytes()


def decode_utf8(data: bytes, shown: str, report: Callable[[Incident], None]) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report(Incident("invalid-utf8", f"byte 0x{data[exc.start]:02x} at byte offset {exc.start} is not valid "
                        "UTF-8", shown, line=line, column=column))
        return None


def parse_json(
    source: str, shown: str, report: Callable[[Incident], None], *, line_offset: int = 0
) -> dict[str, Any] | None:
    """Parse one JSON object; syntax errors are reported with 1-based line and column."""
    try:
        value = json.loads(source, object_pairs_hook=_no_duplicate_keys)
    except DuplicateKeyError as exc:
        report(Incident("duplicate-key", f"key {exc.key!r} appears twice in one object", shown,
                        line=line_offset + 1 if line_offset or "\n" not in source else None))
        return None
    except json.JSONDecodeError as exc:
        report(Incident("json-syntax", exc.msg, shown, line=line_offset + exc.lineno, column=exc.colno))
        return None
    if not isinstance(value, dict):
        report(Incident("not-an-object", f"expected a JSON object, found {type(value).__name__}", shown,
                        line=line_offset + 1))
        return None
    return value


def line_of_field(source: str, loc: tuple[str | int, ...]) -> int | None:
    """Best-effort 1-based line of a nested key path in pretty-printed JSON (None if not found)."""
    position = 0
    for part in loc:
        if isinstance(part, int):
            continue
        found = source.find(f'"{part}"', position)
        if found < 0:
            break
        position = found
    else:
        return source.count("\n", 0, position) + 1 if loc else None
    return source.count("\n", 0, position) + 1 if position else None


def schema_incidents(
    error: Any, shown: str, *, line: int | None = None, ann_id: Any = None, source: str | None = None,
    strip_tag: bool = False,
) -> list[Incident]:
    """One incident per pydantic error; the error type becomes the check id, its loc the field path.

    `source` (pretty-printed JSON) lets the line be looked up per field; `strip_tag` drops the leading
    union tag that discriminated unions put in ``loc``.
    """
    incidents = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if strip_tag and loc and isinstance(loc[0], str) and loc[0] in ("entities", "quotes", "dates", "figures"):
            loc = loc[1:]
        field_path = ".".join(str(p) for p in loc) or None
        where = line_of_field(source, loc) if source is not None else line
        incidents.append(Incident(item["type"], item["msg"], shown, line=where,
                                  ann_id=ann_id if isinstance(ann_id, str) else None, field=field_path))
    return incidents
