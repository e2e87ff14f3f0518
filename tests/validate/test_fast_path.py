"""The annotation fast path (core_checked schema + validate_json) accepts exactly what the careful path accepts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from nato_corpus.schema import ANNOTATION_ADAPTER
from nato_corpus.validate.annotations import _VALIDATE_ANNOTATION
from nato_corpus.validate.reading import validate_json, validate_lines

_COMMON = {"origin": "human", "annotator": "ann-a", "annotator_kind": "human"}
RECORDS: dict[str, dict[str, Any]] = {
    "entities": {"id": "e1", "layer": "entities", "start": 0, "end": 4, "text": "NATO", "label": "ORG",
                 "entity_id": "nato", **_COMMON},
    "quotes": {"id": "q1", "layer": "quotes", "start": 10, "end": 20, "text": "we are one", "kind": "direct",
               "speaker": {"start": 22, "end": 27, "text": "Rutte"}, "speaker_entity_id": "mark-rutte",
               "cue": {"start": 28, "end": 32, "text": "said"}, **_COMMON},
    "dates": {"id": "d1", "layer": "dates", "start": 0, "end": 4, "text": "2024", "type": "DATE", "value": "2024",
              "mod": "BEFORE", "temporal_function": False, **_COMMON},
    "figures": {"id": "f1", "layer": "figures", "start": 0, "end": 3, "text": "2 %", "kind": "percent", "value": "2",
                "value_max": "2.5", "unit": "percent", "bound": "EQUAL_OR_MORE", "approximate": True,
                "measures": "spending", "base": "GDP", "per": "P1Y", **_COMMON},
}
_VALUES = [None, "", "x", "e1", "E1", "e1\n", "a\tb", "a\u202eb", "rule", "ai", "human", "-0", "0", "01", "1.50",
           "2", "2.5", "3", "USD", "XYZ", "km", "P1M", "PXY", "2024-13", "2024-W01", "nato", "nato-", 0, 3, 5, 40, -1,
           True, 1.0, {"start": 3, "end": 1, "text": "x"}, {"start": 1, "end": 3, "text": "xy"}]
CASES = [(layer, field, value) for layer, record in RECORDS.items() for field in [*record, "annotator_kind"]
         for value in _VALUES]


def _careful(source: str) -> Any:
    try:
        return ANNOTATION_ADAPTER.validate_python(json.loads(source))
    except ValidationError:
        return None


def test_fast_and_careful_paths_agree() -> None:
    """Each field of each layer set to each of a few good and bad values: the same record, or None, both ways."""
    differ, refused = [], 0
    for layer, field, value in CASES:
        record = {**RECORDS[layer], field: value}
        if field == "annotator_kind" and value is None:
            record = {key: item for key, item in record.items() if key != field}
        source = json.dumps(record)
        fast, careful = validate_json(_VALIDATE_ANNOTATION, source), _careful(source)
        refused += careful is None
        if fast != careful or (careful is not None and fast.model_fields_set != careful.model_fields_set):
            differ.append((layer, field, value))
    assert differ == []
    assert 0 < refused < len(CASES)


def test_every_layer_passes_unchanged() -> None:
    for record in RECORDS.values():
        assert validate_json(_VALIDATE_ANNOTATION, json.dumps(record)) is not None


def test_a_rule_annotation_gets_its_kind_without_a_key() -> None:
    record = {**RECORDS["entities"], "origin": "rule"}
    del record["annotator_kind"]
    annotation = validate_json(_VALIDATE_ANNOTATION, json.dumps(record))
    assert annotation is not None and annotation.annotator_kind == "rule"
    assert "annotator_kind" not in annotation.model_fields_set
    # a repeated key is still found: the kind set on the record is not counted as a key of the text
    assert validate_json(_VALIDATE_ANNOTATION, json.dumps(record)[:-1] + ', "label": "ORG"}') is None


class _Pair(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    x: int = 0
    note: str = ""


@pytest.mark.parametrize("lines", [
    ['{"x": 1, "x": 2}', '{"x": 1, "note": "a:b"}'],  # a repeated key beside a colon in a string
    ['{"x": 1}', '{"note": "t", "note": "u"}', '{"x": 3}'],
    ['{"x": 1, "note": "a"}', '{"x": 2}', '{"x"  : 3, "x":4}'],
    ['{"x": 2}', '{"x": "no"}', '{"x": 1, "x": 1}'],
])
def test_validate_lines_is_validate_json_line_by_line(lines: list[str]) -> None:
    """The one key count of a whole file never hides a line's repeated key, whatever the other lines hold."""
    expected = [validate_json(_Pair.model_validate_json, line) for line in lines]
    assert validate_lines(_Pair.model_validate_json, lines) == expected
    assert None in expected and any(value is not None for value in expected)


def test_validate_lines_without_repeated_keys_keeps_every_record() -> None:
    lines = ['{"x": 1}', '{"x": 2, "note": "a: b"}', '{"note": "c"}']
    assert validate_lines(_Pair.model_validate_json, lines) == [_Pair.model_validate_json(line) for line in lines]
