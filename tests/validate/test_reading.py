"""The fast path's duplicate-key check (validate_json): exact for every kind of record, however it is counted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, model_validator

from nato_corpus.validate import reading
from nato_corpus.validate.reading import FieldLines, line_of_field, validate_json


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    a: int = 0
    b: int = 0


class _Outer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    x: int = 0
    inner: _Inner | None = None
    items: tuple[_Inner, ...] = ()


class _Filled(BaseModel):
    """A validator that sees the raw input and adds a key: the record's fields then say nothing of the text's keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    x: int = 0
    y: int = 0

    @model_validator(mode="before")
    @classmethod
    def _fill(cls, data: Any) -> Any:
        return {**data, "y": 1} if isinstance(data, dict) else data


class _Free(BaseModel):
    """A mapping's keys are no model's fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    tags: dict[str, int] = {}


class _Open(BaseModel):
    """A validator of a model that is not frozen can set a field the text never had."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)
    x: int = 0
    y: int = 0

    @model_validator(mode="after")
    def _fill(self) -> _Open:
        self.y = 1
        return self


@pytest.mark.parametrize(("model", "source"), [
    (_Outer, '{"x": 1, "x": 2}'),
    (_Outer, '{"x": 1, "\\u0078": 2}'),
    (_Outer, '{"x": 1, "x"\t: 2}'),
    (_Outer, '{"inner": {"a": 1, "a": 2}}'),
    (_Outer, '{"inner": {"a": 1}, "inner": {"b": 1}}'),
    (_Outer, '{"items": [{"a": 1}, {"b": 1, "b": 2}]}'),
    (_Filled, '{"x": 1, "x": 2}'),
    (_Free, '{"tags": {"k": 1, "k": 2}}'),
    (_Open, '{"x": 1, "x": 2}'),
])
def test_a_repeated_key_sends_the_record_to_the_careful_path(model: type[BaseModel], source: str) -> None:
    assert validate_json(model.model_validate_json, source) is None


@pytest.mark.parametrize(("model", "source"), [
    (_Outer, '{"x": 1, "inner": {"a": 1, "b": 2}, "items": [{"a": 1}, {"a": 2, "b": 3}]}'),
    (_Outer, '{"inner": {"a": 1}, "items": []}'),
    (_Outer, '{"x" : 1, "inner" :{"a"\n:1}}'),
    (_Filled, '{"x": 1}'),
    (_Open, '{"x": 1}'),
    (_Free, '{"tags": {"k": 1, "\\"k\\":": 2}}'),
])
def test_a_record_without_repeated_keys_passes(model: type[BaseModel], source: str) -> None:
    assert validate_json(model.model_validate_json, source) == model.model_validate_json(source)


# --- the lines of fields, for findings ----------------------------------------------------------------------

_PRETTY = """{
  "doc_id": "x",
  "zones": [
    {"start": 0, "end": 5, "kind": "dek"},
    {
      "start": 9,
      "end": 12,
      "kind": "credits"
    }
  ],
  "doc_id": "repeated",
  "notes": null
}"""


@pytest.mark.parametrize(("loc", "line"), [
    (("doc_id",), 2),  # a repeated key: its first occurrence
    (("zones",), 3),
    (("zones", 0), 4),
    (("zones", 0, "kind"), 4),
    (("zones", 1), 5),
    (("zones", 1, "end"), 7),
    (("zones", 1, "kind", "deeper"), 8),  # the deepest part that exists
    (("zones", 7, "start"), 3),  # no such item: the list
    (("notes", 0), 12),
    (("no-such-key",), 1),  # the document
])
def test_field_lines_name_the_line_of_each_field(loc: tuple[str | int, ...], line: int) -> None:
    assert FieldLines(_PRETTY).line(loc) == line
    assert line_of_field(_PRETTY, loc) == line


@pytest.mark.parametrize("source", ['{"a": [1, 2', "not json", "[" * 5000 + "]" * 5000])
def test_field_lines_of_a_document_that_is_not_json_are_unknown(source: str) -> None:
    assert FieldLines(source).line(("a", 1)) is None
    assert FieldLines(source).line(()) is None


def test_field_lines_index_the_document_once_for_every_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of findings about one metadata file (a zone each) cost one pass over it, not one each."""
    zones = [{"start": n, "end": n + 1, "kind": "dek"} for n in range(2000)]
    source = json.dumps({"doc_id": "x", "zones": zones}, indent=2)
    calls = []
    original = reading._index
    monkeypatch.setattr(reading, "_index", lambda text, at: calls.append(at) or original(text, at))
    lines = FieldLines(source)
    found = [lines.line(("zones", n, "end")) for n in range(2000)]
    assert found == [source[:source.index(f'"end": {n + 1},')].count("\n") + 1 for n in range(2000)]
    assert calls.count(0) == 1  # the document's own value: indexed once


@pytest.mark.parametrize("source, message, column", [
    ('{"id": "e1", "text": "NATO', "Unterminated string starting at column 22", 22),
    ('{"id": "e1", "text": "NA\tTO"}', "Invalid control character at column 25", 25),
    ('{"id" "e1"}', "Expecting ':' delimiter", 7),
])
def test_a_json_syntax_message_ends_in_a_place_not_a_dangling_at(source: str, message: str, column: int) -> None:
    found: list[Any] = []
    assert reading.parse_json(source, "a.jsonl", found.append, line_offset=4) is None
    assert [(i.check, i.message, i.line, i.column) for i in found] == [("json-syntax", message, 5, column)]
