"""Validation findings as plain data, and their three renderings (text, GitHub annotations, JSON).

Checks return :class:`Incident` objects and never print; the CLI picks a renderer.  One incident renders
as one line, address first, so output can be grepped and diffed.  Paths, ids, fields and messages come from
pull-request data, so the text and GitHub renderers show their control and format characters as visible
escapes (:func:`nato_corpus.escape.for_terminal`): a value cannot hide or rewrite a line a reviewer reads.
JSON needs nothing more than :func:`json.dumps`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from nato_corpus.escape import for_terminal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Incident:
    """One problem found in the corpus, with everything needed to locate it."""

    check: str  # stable kebab-case id, e.g. "span-text-mismatch" (see nato_corpus.validate.CHECKS)
    message: str  # one sentence quoting the offending values
    path: str  # corpus-relative file
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    doc_id: str | None = None
    ann_id: str | None = None
    field: str | None = None  # dotted field path, e.g. "speaker.start"
    severity: Severity = "error"

    def address(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def subject(self) -> str:
        """'annotation e3 field label' style context, empty when not applicable."""
        bits = []
        if self.ann_id:
            bits.append(f"annotation {self.ann_id}")
        if self.field:
            bits.append(f"field {self.field}")
        return ", ".join(bits)


QUOTED_MAX = 80  # characters of a value a message quotes; longer ones are shown by their two ends


def quoted(value: str, start: int = 0, end: int | None = None, limit: int = QUOTED_MAX) -> str:
    """``value[start:end]`` as a message quotes it: its repr, or the reprs of its first and last `limit` // 2
    characters around '…' and its length, so that a message stays short whatever a file holds (a span's text
    is compared with the article's before its length is checked, and an article may be a megabyte).  Only
    the characters shown are copied."""
    end = len(value) if end is None else min(end, len(value))
    if end - start <= limit:
        return repr(value[start:end])
    half = limit // 2
    return f"{value[start:start + half]!r}…{value[end - half:end]!r} ({end - start} characters)"


def count(incidents: Sequence[Incident]) -> Counter[str]:
    return Counter(i.severity for i in incidents)


def summary_line(incidents: Sequence[Incident], files: int) -> str:
    counts = count(incidents)
    verdict = "FAILED" if counts["error"] else "PASSED"
    return f"{verdict}: {files} files checked, {counts['error']} errors, {counts['warning']} warnings"


def _described(incident: Incident) -> str:
    """Subject and message, escaped: one line whatever the data."""
    subject = for_terminal(incident.subject())
    return f"{subject + ': ' if subject else ''}{for_terminal(incident.message)}"


def one_line(i: Incident) -> str:
    """The finding as one terminal-safe line: `file:line: severity [check] annotation e3, field x: message`."""
    return f"{for_terminal(i.address())}: {i.severity} [{for_terminal(i.check)}] {_described(i)}"


def render_text(incidents: Sequence[Incident], files: int) -> str:
    return "\n".join([*(one_line(i) for i in incidents), summary_line(incidents, files)])


def _github_escape(value: str, *, property_value: bool = False) -> str:
    """Workflow-command escaping, after the terminal's: the log viewer interprets ANSI sequences."""
    value = for_terminal(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(incidents: Sequence[Incident], files: int) -> str:
    """GitHub Actions workflow commands: each incident becomes an annotation on its file and line."""
    lines = []
    for i in incidents:
        props = [f"file={_github_escape(i.path, property_value=True)}"]
        if i.line is not None:
            props.append(f"line={i.line}")
            if i.column is not None:
                props.append(f"col={i.column}")
        props.append(f"title={_github_escape(i.check, property_value=True)}")
        lines.append(f"::{i.severity} {','.join(props)}::{_github_escape(_described(i))}")
    lines.append(summary_line(incidents, files))
    return "\n".join(lines)


def render_json(incidents: Sequence[Incident], files: int) -> str:
    counts = count(incidents)
    payload = {
        "valid": counts["error"] == 0,
        "files_checked": files,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "incidents": [asdict(i) for i in incidents],
    }
    # ASCII with \u escapes: a bidi override or C1 control in a value must not reach a terminal raw
    return json.dumps(payload, ensure_ascii=True, indent=2)


RENDERERS = {"text": render_text, "github": render_github, "json": render_json}
