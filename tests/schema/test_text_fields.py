"""Strict text fields, through the public models: whole-string patterns, no control characters in free text,
and a documented length limit on every free-text field."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from nato_corpus.schema import (
    ANNOTATION_ID_PATTERN,
    AnnotationFileHeader,
    ArticleMetadata,
    DateAnnotation,
    EntityAnnotation,
    FigureAnnotation,
    Licence,
    PublicationDate,
    QuoteAnnotation,
    RegistryEntity,
    SpanRef,
    Zone,
    timex,
)

from conftest import REPO_ROOT, SAMPLE_DOC

_METADATA: dict[str, Any] = json.loads((REPO_ROOT / "articles" / f"{SAMPLE_DOC}.json").read_text(encoding="utf-8"))
_ENTITY: dict[str, Any] = {"id": "nato", "name": "NATO", "label": "ORG", "aliases": ["the Alliance"],
                           "wikidata": "Q7184"}
_COMMON: dict[str, Any] = {"id": "e1", "start": 0, "end": 4, "text": "NATO", "origin": "human", "annotator": "ann-a",
           "annotator_kind": "human"}
_FIGURE: dict[str, Any] = {**_COMMON, "id": "f1", "layer": "figures", "kind": "count", "value": "32", "unit": "item",
                           "measures": "NATO members"}
_DATE: dict[str, Any] = {**_COMMON, "id": "d1", "layer": "dates", "type": "DATE", "value": "2024-12-03"}
_HEADER: dict[str, Any] = {"doc_id": SAMPLE_DOC, "origin": "human", "text_sha256": "a" * 64, "layers": ["entities"]}
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _errors(build: Callable[[], object]) -> list[tuple[str, tuple[Any, ...], str]]:
    try:
        build()
    except ValidationError as exc:
        return [(e["type"], tuple(e["loc"]), e["msg"]) for e in exc.errors(include_url=False)]
    return []


def _metadata(**changes: Any) -> Callable[[], ArticleMetadata]:
    record = json.loads(json.dumps(_METADATA))
    for dotted, value in changes.items():
        *parents, last = dotted.split("__")
        target = record
        for part in parents:
            target = target[part]
        target[last] = value
    return lambda: ArticleMetadata.model_validate(record)


def _entity(**changes: Any) -> Callable[[], RegistryEntity]:
    return lambda: RegistryEntity.model_validate({**_ENTITY, **changes})


def test_the_sample_records_are_valid() -> None:
    for build in (_metadata(), _entity(), lambda: FigureAnnotation.model_validate(_FIGURE),
                  lambda: DateAnnotation.model_validate(_DATE), lambda: AnnotationFileHeader.model_validate(_HEADER)):
        assert _errors(build) == []


# --- whole-string patterns ---------------------------------------------------------------------------------

_WHOLE_STRING = [
    ("annotation id", lambda v: EntityAnnotation.model_validate({**_COMMON, "label": "ORG", "id": v}), "e1",
     "invalid-annotation-id"),
    ("entity_id", lambda v: EntityAnnotation.model_validate({**_COMMON, "label": "ORG", "entity_id": v}), "nato",
     "invalid-entity-key"),
    ("registry key", lambda v: _entity(id=v)(), "nato", "invalid-entity-key"),
    ("wikidata id", lambda v: _entity(wikidata=v)(), "Q7184", "invalid-wikidata-id"),
    ("header doc id", lambda v: AnnotationFileHeader.model_validate({**_HEADER, "doc_id": v}), SAMPLE_DOC,
     "invalid-doc-id"),
    ("header sha256", lambda v: AnnotationFileHeader.model_validate({**_HEADER, "text_sha256": v}), "a" * 64,
     "invalid-sha256"),
    ("metadata doc id", lambda v: _metadata(doc_id=v)(), SAMPLE_DOC, "invalid-doc-id"),
    ("metadata sha256", lambda v: _metadata(text_sha256=v)(), _METADATA["text_sha256"], "invalid-sha256"),
    ("publication date", lambda v: _metadata(publication__date=v)(), "2024-12-03", "malformed-date"),
    ("anchor", lambda v: _metadata(publication__anchor=v)(), "2024-12-03", "malformed-date"),
    ("TIMEX3 value", lambda v: DateAnnotation.model_validate({**_DATE, "value": v}), "2024-12-03",
     "malformed-timex-value"),
    ("decimal", lambda v: FigureAnnotation.model_validate({**_FIGURE, "value": v}), "32", "malformed-decimal"),
]


@pytest.mark.parametrize(("build", "valid", "error"), [case[1:] for case in _WHOLE_STRING],
                         ids=[case[0] for case in _WHOLE_STRING])
@pytest.mark.parametrize("wrap", ["{}\n", "\n{}", "{}\r\n", "{} ", "{}\x00"])
def test_patterns_match_the_whole_string(build: Callable[[str], object], valid: str, error: str, wrap: str) -> None:
    assert _errors(lambda: build(valid)) == []
    bad = wrap.format(valid)
    found = _errors(lambda: build(bad))
    assert [e[0] for e in found] in ([error], ["unsafe-doc-id"])  # NUL in a doc id is unsafe, not only invalid
    assert repr(bad) in found[0][2] and "\n" not in found[0][2]  # quoted, and the message stays one line


def test_exported_patterns_stay_whole_string_with_match() -> None:
    """Callers use ANNOTATION_ID_PATTERN and the TIMEX3 patterns with .match(); \\A...\\Z keeps that safe."""
    assert ANNOTATION_ID_PATTERN.match("e1") and not ANNOTATION_ID_PATTERN.match("e1\n")
    assert timex.DATE_VALUE.match("2024-12") and not timex.DATE_VALUE.match("2024-12\n")
    assert not timex.is_valid_value("DURATION", "P7Y\n") and timex.is_valid_value("DURATION", "P7Y")
    assert timex.is_full_date("2024-12-03") and not timex.is_full_date("2024-12-03\n")


# --- control characters in free text -------------------------------------------------------------------------

_FORBIDDEN_EVERYWHERE = ["\x00", "\x01", "\x1b", "\r", "\x0b", "\x0c", "\x7f", "\x80", "\x85", "\x9f", "\u2028",
                         "\u2029", *_BIDI]


@pytest.mark.parametrize("char", _FORBIDDEN_EVERYWHERE, ids=[f"U+{ord(c):04X}" for c in _FORBIDDEN_EVERYWHERE])
@pytest.mark.parametrize(("build", "loc"), [
    (lambda v: _entity(name=v)(), ("name",)),
    (lambda v: _entity(aliases=["NATO", v])(), ("aliases", 1)),
    (lambda v: _metadata(notes=v)(), ("notes",)),
    (lambda v: _metadata(headline=v)(), ("headline",)),
    (lambda v: _metadata(publication__anchor_note=v)(), ("publication", "anchor_note")),
    (lambda v: Licence(status="unknown", note="n", holder=v), ("holder",)),
    (lambda v: Zone(start=0, end=1, kind="body", note=v), ("note",)),
    (lambda v: FigureAnnotation.model_validate({**_FIGURE, "measures": v}), ("measures",)),
    (lambda v: FigureAnnotation.model_validate({**_FIGURE, "annotator": v}), ("annotator",)),
], ids=["name", "alias", "notes", "headline", "anchor_note", "holder", "zone note", "measures", "annotator"])
def test_free_text_rejects_control_and_bidi_characters(build: Callable[[str], object], loc: tuple[Any, ...],
                                                        char: str) -> None:
    code = f"U+{ord(char):04X}"
    assert _errors(lambda: build(f"ab{char}c")) == [
        ("control-character", loc, f"control character {code} at position 2 is not allowed in this field")]


def test_unpaired_surrogates_are_not_strings() -> None:
    """JSON can spell a lone surrogate ("\\ud800"); pydantic-core refuses it in every string field, span texts too."""
    assert [e[0] for e in _errors(_entity(name="a\ud800"))] == ["string_unicode"]
    assert [e[0] for e in _errors(lambda: SpanRef(start=0, end=2, text="a\udfff"))] == ["string_unicode"]


@pytest.mark.parametrize("char", ["\t", "\n"])
def test_tab_and_newline_only_in_multiline_notes(char: str) -> None:
    assert _errors(_metadata(notes=f"one{char}two")) == []
    assert _errors(_metadata(publication__evidence=f"one{char}two")) == []
    assert _errors(_metadata(defects=[f"one{char}two"])) == []
    assert [e[0] for e in _errors(_entity(name=f"one{char}two"))] == ["control-character"]
    assert [e[0] for e in _errors(_metadata(headline=f"one{char}two"))] == ["control-character"]
    assert [e[0] for e in _errors(_metadata(source_file=f"one{char}two"))] == ["control-character"]


def test_ordinary_unicode_is_free_text() -> None:
    """Accents (composed or not), other scripts, typographic quotes, emoji ZWJ sequences and flags are text."""
    for name in ("Zoë", "Zoe\u0301", "Володимир Зеленський", "«Rutte»", "\U0001F469\u200d\U0001F469",
                 "\U0001F1FA\U0001F1E6", "Bartoszewicz\u00adowa"):
        assert _errors(_entity(name=name)) == []


def _hidden(char: str) -> bool:
    """Independent oracle: what a single-line free-text field must reject, by Unicode category."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI


@given(st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12))
def test_a_name_is_valid_exactly_when_it_has_no_hidden_character(name: str) -> None:
    found = _errors(_entity(name=name))
    assert (found == []) == (not any(_hidden(c) for c in name))


# --- length limits -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("build", "limit"), [
    (lambda v: _entity(name=v)(), 200),
    (lambda v: _entity(aliases=[v])(), 200),
    (lambda v: _metadata(outlet=v)(), 200),
    (lambda v: _metadata(attributed_sources=[v])(), 200),
    (lambda v: _metadata(headline=v)(), 500),
    (lambda v: _metadata(source_file=v)(), 255),
    (lambda v: _metadata(notes=v)(), 2000),
    (lambda v: _metadata(publication__evidence=v)(), 2000),
    (lambda v: _metadata(defects=[v])(), 2000),
    (lambda v: FigureAnnotation.model_validate({**_FIGURE, "annotator": v}), 100),
    (lambda v: FigureAnnotation.model_validate({**_FIGURE, "measures": v}), 200),
    (lambda v: SpanRef(start=0, end=1, text=v), 20_000),
], ids=["name", "alias", "outlet", "attributed source", "headline", "source_file", "notes", "evidence", "defect",
        "annotator", "measures", "span text"])
def test_limits(build: Callable[[str], object], limit: int) -> None:
    assert _errors(lambda: build("x" * limit)) == []
    assert [(e[0], e[2]) for e in _errors(lambda: build("x" * (limit + 1)))] == [
        ("string_too_long", f"String should have at most {limit} characters")]
    assert [e[0] for e in _errors(lambda: build(""))] == ["string_too_short"]


def test_span_texts_follow_the_article_text() -> None:
    """A span copies text[start:end], which may hold a newline, a soft hyphen or a bidi mark: the validator
    compares it with the text, the schema does not filter it."""
    assert _errors(lambda: SpanRef(start=0, end=5, text="a\nb\u200e\x00")) == []
    assert _errors(lambda: QuoteAnnotation.model_validate(
        {**_COMMON, "id": "q1", "layer": "quotes", "kind": "direct", "text": "“Yes,\r\n”"})) == []


def _string_fields(model: type[BaseModel]) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(model, field, string schema, field description) for every string-typed field, nested models included."""
    schema = model.model_json_schema()
    for name, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
        for field, prop in definition.get("properties", {}).items():
            options = prop.get("anyOf", [prop])
            for option in options:
                option = option.get("items", option) if option.get("type") == "array" else option
                if option.get("type") == "string" and "enum" not in option and "const" not in option:
                    yield name, field, option, prop.get("description", "")


# Fields whose whole value is fixed by a grammar or a vocabulary, not free text.
_GRAMMAR_FIELDS = {"id", "doc_id", "text_sha256", "entity_id", "speaker_entity_id", "date", "date_in_text",
                   "anchor", "value", "value_max", "unit", "wikidata"}
_MODELS = [ArticleMetadata, RegistryEntity, AnnotationFileHeader, EntityAnnotation, QuoteAnnotation,
           DateAnnotation, FigureAnnotation, PublicationDate, Licence, Zone, SpanRef]


def test_every_free_text_field_has_a_documented_limit() -> None:
    seen = set()
    for model in _MODELS:
        for owner, field, option, description in _string_fields(model):
            if field in _GRAMMAR_FIELDS:
                continue
            seen.add((owner, field))
            assert "maxLength" in option, f"{owner}.{field} has no length limit"
            assert f"at most {option['maxLength']} characters" in description, f"{owner}.{field}: {description!r}"
    assert len(seen) >= 20  # every free-text field of metadata, registry and annotations was looked at
