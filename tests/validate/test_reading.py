"""The fast path's duplicate-key check (validate_json): exact for every kind of record, however it is counted."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, model_validator

from nato_corpus.validate.reading import validate_json


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
