"""The fast path's schemas (core_checked): pydantic-core's patterns accept exactly what the Python checks accept."""

from __future__ import annotations

import itertools
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter, ValidationError
from pydantic_core import SchemaValidator

from nato_corpus.schema import ANNOTATION_ADAPTER, ArticleMetadata, RegistryEntity
from nato_corpus.schema.base import (
    AnnotationId,
    DecimalString,
    DocId,
    EntityKey,
    Handle,
    Note,
    PlainText,
    Sha256,
    WikidataId,
    core_checked,
)

TYPES: dict[str, Any] = {
    "doc id": DocId, "entity key": EntityKey, "annotation id": AnnotationId, "sha256": Sha256,
    "wikidata": WikidataId, "decimal": DecimalString, "line": Handle, "note": Note,
    "file name": Annotated[str, PlainText(255)],
}
_PIECES = ["", "a", "z", "A", "0", "9", "1", "-", ".", "Q", "e", "f", "x", "\n", "\t", "\r", " ", "/", "\\", "\x00",
           "é", "\u202e", "\u2028", "\x85", "\x9f", "\xa0", "..", "-0", "00", "1.0", "0.5", "5.", ".5", "Q0", "Q12"]
# Every string of up to three pieces, the boundary lengths and hex digests.
SAMPLES = sorted({"".join(parts) for n in range(4) for parts in itertools.product(_PIECES, repeat=n)}
                 | {"a" * n for n in (1, 2, 3, 63, 64, 65, 79, 80, 81, 100, 101, 255, 256)}
                 | {"e" * 8 + "1" * 6, "e" * 9 + "1", "e" + "1" * 7, "0" * 64, "f" * 64, "F" * 64, "g" * 64})


def _both(kind: Any) -> tuple[Any, Any]:
    careful = TypeAdapter(kind)
    return careful.validator, SchemaValidator(core_checked(careful.core_schema))


def _accepts(validator: Any, value: str) -> bool:
    try:
        return validator.validate_python(value) == value
    except ValidationError:
        return False


@pytest.mark.parametrize("name", sorted(TYPES))
def test_core_pattern_accepts_what_the_check_accepts(name: str) -> None:
    careful, fast = _both(TYPES[name])
    differ = [value for value in SAMPLES if _accepts(careful, value) != _accepts(fast, value)]
    assert differ == []
    assert any(_accepts(fast, value) for value in SAMPLES) and not all(_accepts(fast, value) for value in SAMPLES)


@pytest.mark.parametrize("kind", [Handle, Note])
def test_plain_text_pattern_for_every_basic_plane_character(kind: Any) -> None:
    careful, fast = _both(kind)
    differ = [code for code in range(0x10000) if not 0xD800 <= code <= 0xDFFF
              and _accepts(careful, f"a{chr(code)}b") != _accepts(fast, f"a{chr(code)}b")]
    assert differ == []


def test_the_fast_schemas_make_no_string_check_in_python() -> None:
    """Each check that has a core pattern is gone from the fast schema; the record-level ones stay."""
    def functions(schema: Any) -> list[str]:
        if isinstance(schema, list):
            return [name for item in schema for name in functions(item)]
        if not isinstance(schema, dict):
            return []
        own = [schema["function"]["function"].__name__] if schema.get("type") == "function-after" else []
        return own + [name for value in schema.values() for name in functions(value)]

    for schema in (ANNOTATION_ADAPTER.core_schema, ArticleMetadata.__pydantic_core_schema__,
                   RegistryEntity.__pydantic_core_schema__):
        assert {"check", "_check", "_check_doc_id", "_check_decimal"} & set(functions(schema))
        assert not {"check", "_check", "_check_doc_id", "_check_decimal"} & set(functions(core_checked(schema)))
    assert "_record_checks" in functions(core_checked(ANNOTATION_ADAPTER.core_schema))
