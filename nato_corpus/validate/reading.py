"""Reading untrusted files defensively: size limits, UTF-8, JSON with line/column, duplicate keys.

Nothing read here is executed or unpickled; JSON is the only format parsed.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args

from pydantic import BaseModel, BeforeValidator, PlainValidator, ValidationError, WrapValidator
from pydantic_core import CoreSchema, SchemaValidator

from nato_corpus.files import FileKind, FileRefused
from nato_corpus.schema import LAYERS
from nato_corpus.schema.base import core_checked
from nato_corpus.validate.incidents import Incident, quoted

if TYPE_CHECKING:
    from nato_corpus.corpus import CorpusLayout


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


def read_bytes(layout: CorpusLayout, path: Path, kind: FileKind, report: Callable[[Incident], None]) -> bytes | None:
    """The file's bytes through the file-access layer, or None after reporting why they cannot be used
    (a link, a special file, a file reached through a linked folder, too large, missing)."""
    try:
        return layout.read_bytes(path, kind)
    except FileRefused as refused:
        report(refusal_incident(refused))
        return None


def refusal_incident(refused: FileRefused) -> Incident:
    """The finding that says why the file-access layer refused a file: the same words every command prints."""
    return Incident(refused.check, refused.message, refused.shown)


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
        # json's messages name the place as "... starting at" plus a position, which the address holds
        message = f"{exc.msg} column {exc.colno}" if exc.msg.endswith(" at") else exc.msg
        report(Incident("json-syntax", message, shown, line=line_offset + exc.lineno, column=exc.colno))
        return None
    except RecursionError:
        report(Incident("json-syntax", "JSON nested too deeply to be an annotation", shown, line=line_offset + 1))
        return None
    except ValueError:  # an integer literal beyond Python's digit limit
        report(Incident("json-syntax", "a number literal is too long (over 4300 digits)", shown,
                        line=line_offset + 1))
        return None
    if not isinstance(value, dict):
        report(Incident("not-an-object", f"expected a JSON object, found {type(value).__name__}", shown,
                        line=line_offset + 1))
        return None
    return value


# The keys of a JSON text, object by object: `_TOKEN` splits it into strings (a key when a colon follows) and braces.
_TOKEN = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"([ \t\n\r]*:)?|([{}])')
# A key's closing quote is followed by a colon, maybe after whitespace: counting these never misses a key (a quote
# inside a string that happens to be followed by a colon only makes the count too high).
_QUOTE_COLON = re.compile(r'"[ \t\n\r]*:')
_QUOTE_SPACE = re.compile(r'"[ \t\n\r]')


def duplicate_key(source: str) -> str | None:
    """The first key that appears twice in one object of `source` (valid JSON), or None; linear in its length."""
    objects: list[set[str]] = [set()]
    for match in _TOKEN.finditer(source):
        key, colon, brace = match.groups()
        if brace == "{":
            objects.append(set())
        elif brace == "}":
            objects.pop()
        elif colon is not None:
            key = json.loads(f'"{key}"') if "\\" in key else key
            if key in objects[-1]:
                return key
            objects[-1].add(key)
    return None


def _key_marks(source: str) -> int:
    """At least the number of keys in `source` (valid JSON): its quotes followed by a colon, maybe after spaces
    (looked for only when a quote is followed by a space at all)."""
    if _QUOTE_SPACE.search(source):
        return len(_QUOTE_COLON.findall(source))
    return source.count('":')


# Per model class: the fields that can hold models, or None when its records' keys are not counted: a validator
# that sees the raw input might add a key, and one of a model that is not frozen might set a field, and a count
# too high could hide a duplicate (a count too low, say of keys the model ignores, only sends the text to the
# key-by-key search).
_NESTED_FIELDS: dict[type, tuple[str, ...] | None] = {}
_UNSEEN: Final = object()  # a class not yet in _NESTED_FIELDS
_RAW_INPUT_VALIDATORS: Final = (BeforeValidator, WrapValidator, PlainValidator)


def _holds_models(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_models(arg) for arg in get_args(annotation))


def _nested_fields(model: type[BaseModel]) -> tuple[str, ...] | None:
    if model not in _NESTED_FIELDS:
        decorators = model.__pydantic_decorators__
        validators = (*decorators.model_validators.values(), *decorators.field_validators.values())
        counted = bool(model.model_config.get("frozen")) and all(d.info.mode == "after" for d in validators) \
            and not any(isinstance(m, _RAW_INPUT_VALIDATORS) for f in model.model_fields.values() for m in f.metadata)
        nested = tuple(name for name, f in model.model_fields.items() if _holds_models(f.annotation))
        _NESTED_FIELDS[model] = nested if counted else None
    return _NESTED_FIELDS[model]


def _keys_given(value: Any) -> int | None:
    """How many keys the JSON objects behind a validated record held, counted on the records, or None when that
    cannot be told: a model's `model_fields_set` are the distinct keys of its object, whatever their spelling."""
    nested = _NESTED_FIELDS.get(type(value), _UNSEEN)
    if nested is _UNSEEN:
        nested = _nested_fields(type(value)) if isinstance(value, BaseModel) else None
    if nested is None:
        return None
    given = value.__pydantic_fields_set__  # what model_fields_set returns, without the property's call
    count = len(given)
    if not nested:
        return count
    for name in nested:
        if name in given:
            inner = getattr(value, name)
            for item in inner if isinstance(inner, tuple | list) else (inner,):
                if item is not None:
                    keys = _keys_given(item)
                    if keys is None:
                        return None
                    count += keys
    return count


def validate_json(validate: Callable[[str], Any], source: str) -> Any | None:
    """The fast path of the one parser of each file kind: pydantic's core parses and validates the JSON text in
    one pass (``validate_json``; no json.loads, no dict, no second validation).  None when that fails or when a
    key appears twice in one object (pydantic keeps the last silently): the caller then takes the careful path,
    :func:`parse_json` and the model, which says what is wrong, where, in the validator's words.

    No key is repeated when the text has no more keys than the record has distinct ones (`_keys_given`): when
    it has no more colons (one per key, and the odd one in a string) or no more quotes before a colon
    (`_key_marks`); only a text where the counts differ is searched key by key."""
    try:
        value = validate(source)
    except (ValidationError, ValueError, RecursionError):
        return None
    return value if _no_repeated_key(value, source) else None


def validate_lines(validate: Callable[[str], Any], lines: Sequence[str]) -> list[Any | None]:
    """:func:`validate_json` of each of `lines` (the records of a JSON-lines file), with the duplicate-key check
    made once for them all: no line repeats a key when the keys its record holds equal its colons, and as each
    line has at most as many keys as colons, that holds for every line when it holds for their sums.  Only when
    the sums differ is each line checked on its own."""
    values: list[Any | None] = []
    given = colons = 0
    counted = True  # every record's keys could be counted
    for line in lines:
        try:
            value = validate(line)
        except (ValidationError, ValueError, RecursionError):
            values.append(None)
            continue
        values.append(value)
        if counted:
            keys = _keys_given(value)
            counted = keys is not None
            given += keys or 0
            colons += line.count(":")
    if counted and given == colons:
        return values
    return [None if value is None or not _no_repeated_key(value, line) else value
            for line, value in zip(lines, values, strict=True)]


def _no_repeated_key(value: Any, source: str) -> bool:
    """Whether the JSON text `source` of the validated record `value` holds no key twice in one object."""
    given = _keys_given(value)
    if given is not None and (given == source.count(":") or given == _key_marks(source)):
        return True
    return duplicate_key(source) is None


Model = TypeVar("Model", bound=BaseModel)


def core_validator(schema: CoreSchema) -> Callable[[str], Any]:
    """The fast path's validator of a schema: the string checks that have a core pattern made by pydantic-core
    (:func:`core_checked`), without a call into Python per value; the same records pass.  The record checks
    (model validators) stay in Python."""
    return SchemaValidator(core_checked(schema)).validate_json


@cache
def _model_validator(model: type[BaseModel]) -> Callable[[str], Any]:
    return core_validator(model.__pydantic_core_schema__)


def parse_record(
    model: type[Model], source: str, shown: str, report: Callable[[Incident], None], *, line_offset: int = 0
) -> tuple[Model | None, dict[str, Any] | None, ValidationError | None]:
    """One record of a file kind through the fast path (:func:`validate_json`), else the careful one: returns
    (the model, None, None), or (None, the parsed record, pydantic's error) for the caller to report in its own
    words, or (None, None, None) when the JSON itself was bad (already reported)."""
    value = validate_json(_model_validator(model), source)
    if value is not None:
        return value, None, None
    record = parse_json(source, shown, report, line_offset=line_offset)
    if record is None:
        return None, None, None
    try:
        return model.model_validate(record), None, None
    except ValidationError as exc:
        return None, record, exc


_BLANK = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


# The index of a JSON document: per value, its offset and its children (an object's keys, the first of a
# repeated one, at the key's offset; an array's items); a scalar has none.
_Entry = tuple[int, "dict[str, _Entry] | list[_Entry] | None"]


def _index(source: str, i: int) -> tuple[_Entry, int]:
    """The entry of the JSON value at offset `i` of `source` (valid JSON) and the offset just after it."""
    opening = source[i]
    if opening not in "{[":
        return (i, None), _DECODER.raw_decode(source, i)[1]
    closing = "}" if opening == "{" else "]"
    keys: dict[str, _Entry] = {}
    items: list[_Entry] = []
    j = _skip_blank(source, i + 1)
    while source[j] != closing:
        if opening == "{":
            key, after = _DECODER.raw_decode(source, j)
            (_, children), end = _index(source, _skip_blank(source, _skip_blank(source, after) + 1))  # past ':'
            keys.setdefault(key, (j, children))
        else:
            entry, end = _index(source, j)
            items.append(entry)
        j = _skip_blank(source, end)
        j = _skip_blank(source, j + 1) if source[j] == "," else j
    return (i, keys if opening == "{" else items), j + 1


def _skip_blank(source: str, i: int) -> int:
    return _BLANK.match(source, i).end()  # type: ignore[union-attr]


class FieldLines:
    """The 1-based lines of the fields of one JSON document, for the findings about it.  The document is
    indexed once, at the first lookup, so n findings cost one pass over it: a walk from the start for each
    (and a count of the newlines before it) made a metadata file with thousands of bad zones quadratic."""

    def __init__(self, source: str) -> None:
        self._source = source

    @cached_property
    def _root(self) -> _Entry | None:
        try:
            return _index(self._source, _skip_blank(self._source, 0))[0]
        except (ValueError, IndexError, RecursionError):
            return None

    @cached_property
    def _newlines(self) -> list[int]:
        return [m.start() for m in _NEWLINE.finditer(self._source)]

    def line(self, loc: tuple[str | int, ...]) -> int | None:
        """The line of a nested key or list item (``("zones", 2, "kind")``), or of the deepest part of the path
        that exists; None for an empty path or a document that is not valid JSON."""
        if not loc or self._root is None:
            return None
        offset, children = self._root
        for part in loc:
            entry = _child(children, part)
            if entry is None:
                break
            offset, children = entry
        return bisect_left(self._newlines, offset) + 1


_NEWLINE: Final = re.compile("\n")


def _child(children: dict[str, _Entry] | list[_Entry] | None, part: str | int) -> _Entry | None:
    """The entry a part of a path names among an indexed value's children, None when there is none."""
    if isinstance(children, dict):
        return children.get(part) if isinstance(part, str) else None
    if isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
        return children[part]
    return None


def line_of_field(source: str, loc: tuple[str | int, ...]) -> int | None:
    """:meth:`FieldLines.line` for one lookup."""
    return FieldLines(source).line(loc)


# Record-level checks (model validators) report no loc; this is the field each one is about.
_FIELD_OF_RECORD_CHECK: Final = {
    "span-empty-or-reversed": "end", "speaker-entity-without-speaker": "speaker_entity_id",
    "malformed-timex-value": "value", "unit-kind-mismatch": "unit", "figure-range-invalid": "value_max",
    "annotator-kind-mismatch": "annotator_kind",
}
# pydantic's errors of the annotation union's tag: the layer field is missing or names no layer
_LAYER_TAG_ERRORS: Final = frozenset({"union_tag_not_found", "union_tag_invalid"})


# Errors whose message lists what is allowed but not what was given: the value is added, quoted and cut.
_NAMES_ITS_INPUT: Final = frozenset({"literal_error", "enum"})


def schema_incidents(
    error: Any, shown: str, *, line: int | None = None, ann_id: Any = None, source: str | None = None,
    strip_tag: bool = False,
) -> list[Incident]:
    """One incident per pydantic error; the error type becomes the check id, its loc the field path.

    `source` (pretty-printed JSON) lets the line be looked up per field; `strip_tag` drops the leading
    union tag that discriminated unions put in ``loc``.
    """
    incidents = []
    lines = FieldLines(source) if source is not None else None  # indexed once for all the errors
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if strip_tag and loc and isinstance(loc[0], str) and loc[0] in LAYERS:
            loc = loc[1:]
        if item["type"] in _FIELD_OF_RECORD_CHECK and not (loc and loc[-1] in ("start", "end")):
            loc = (*loc, _FIELD_OF_RECORD_CHECK[item["type"]])
        message = item["msg"]
        given = item.get("input")
        if item["type"] in _NAMES_ITS_INPUT and isinstance(given, str | int | float | bool):  # which value was wrong
            message = f"{message}, not {quoted(given, limit=40) if isinstance(given, str) else json.dumps(given)}"
        if item["type"] in _LAYER_TAG_ERRORS:  # the union's tag is the layer field; say so in plain words
            loc = (*loc, "layer")
            if item["type"] == "union_tag_not_found":
                message = f"missing: every annotation needs a layer, one of {', '.join(map(repr, LAYERS))}"
        field_path = ".".join(str(p) for p in loc) or None
        where = lines.line(loc) if lines is not None else line
        incidents.append(Incident(item["type"], message, shown, line=where,
                                  ann_id=ann_id if isinstance(ann_id, str) else None, field=field_path))
    return incidents
