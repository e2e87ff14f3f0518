"""Strict base model and the named constrained types every record uses.

Offsets everywhere are Unicode code-point indices into the article text, half-open: ``text[start:end]``
in Python.  Byte-offset users must convert (``len(text[:start].encode("utf-8"))``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, GetCoreSchemaHandler, Strict
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from nato_corpus.schema.vocabulary import LAYERS

# Annotation ids are this letter plus a number in every file (guidelines §2): e1, q1, d1, f1.
ID_PREFIX: Final = dict(zip(LAYERS, ("e", "q", "d", "f"), strict=True))

# Every pattern is anchored with \A...\Z (never ^...$, whose $ also matches before a final newline, so "e1\n"
# passed) and used with fullmatch; \A...\Z keeps a caller's .match() whole-string too.
_DOC_ID = re.compile(r"\A[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])\Z")
DOC_ID_PATTERN: Final = _DOC_ID.pattern[2:-2]  # the same, unanchored, for patterns that embed it
_KEY = re.compile(r"\A[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
ANNOTATION_ID_PATTERN: Final = re.compile(r"\A[a-z]{1,8}[0-9]{1,6}\Z")
_DECIMAL = re.compile(r"\A-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?\Z")
_SHA256 = re.compile(r"\A[0-9a-f]{64}\Z")
_WIKIDATA = re.compile(r"\AQ[1-9][0-9]*\Z")


class StrictModel(BaseModel):
    """Records are immutable and reject unknown fields: a typo in a PR must fail, not vanish."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def core_pattern(pattern: re.Pattern[str]) -> str:
    """`pattern` (anchored \\A...\\Z) in the syntax of pydantic-core's Rust regex engine, where \\Z is \\z."""
    assert pattern.pattern.startswith(r"\A") and pattern.pattern.endswith(r"\Z"), pattern.pattern
    return pattern.pattern[:-2] + r"\z"


def is_doc_id(value: str) -> bool:
    """Whether `value` is a document id (its charset leaves no room for a path separator, '..' or NUL)."""
    return _DOC_ID.fullmatch(value) is not None


def _check_doc_id(value: str) -> str:
    if "/" in value or "\\" in value or ".." in value or "\x00" in value:
        raise PydanticCustomError(
            "unsafe-doc-id", "document id {value} contains a path separator or '..'", {"value": repr(value)}
        )
    if not _DOC_ID.fullmatch(value):
        raise PydanticCustomError(
            "invalid-doc-id",
            "document id {value} must be 3-80 characters of a-z, 0-9 and '-', not starting or ending with '-'",
            {"value": repr(value)},
        )
    return value


_check_doc_id.core_pattern = core_pattern(_DOC_ID)  # type: ignore[attr-defined]  # excludes / .. NUL too


def _pattern_check(pattern: re.Pattern[str], error_type: str, what: str) -> Callable[[str], str]:
    """A validator accepting only a whole-string match; the value is quoted with repr() so that a newline or
    escape sequence in it shows as such and the message stays one line."""

    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise PydanticCustomError(error_type, "{value} is not a valid " + what, {"value": repr(value)})
        return value

    check.core_pattern = core_pattern(pattern)  # type: ignore[attr-defined]
    return check


def _check_decimal(value: str) -> str:
    try:
        ok = bool(_DECIMAL.fullmatch(value)) and Decimal(value).is_finite() and value != "-0"
    except InvalidOperation:
        ok = False
    if not ok:
        raise PydanticCustomError(
            "malformed-decimal",
            "{value} is not a canonical decimal string (digits, optional '-' and '.', no exponent, "
            "no leading zeros, no trailing fractional zeros, no '-0')",
            {"value": repr(value)},
        )
    return value


# _DECIMAL without "-0": digits only, so always finite.
_check_decimal.core_pattern = r"\A(?:0|-?[1-9][0-9]*(?:\.[0-9]*[1-9])?|-?0\.[0-9]*[1-9])\z"  # type: ignore[attr-defined]


DocId = Annotated[str, AfterValidator(_check_doc_id), Field(examples=["2023-06-bloomberg-nato-ukraine-membership"])]
EntityKey = Annotated[
    str,
    AfterValidator(_pattern_check(_KEY, "invalid-entity-key", "registry key (a-z, 0-9, '-')")),
    Field(examples=["mark-rutte", "nato"]),
]
AnnotationId = Annotated[
    str,
    AfterValidator(_pattern_check(ANNOTATION_ID_PATTERN, "invalid-annotation-id",
                                  "annotation id (letters then digits)")),
    Field(examples=["e1", "q12"]),
]
Sha256 = Annotated[str, AfterValidator(_pattern_check(_SHA256, "invalid-sha256", "lowercase hex sha256"))]
# Field(pattern=...) is not used: its meaning of $ depends on the regex engine (Rust: end of text; python-re,
# selectable in the config: also before a final newline).  The JSON-schema pattern is for documentation only.
WikidataId = Annotated[
    str,
    AfterValidator(_pattern_check(_WIKIDATA, "invalid-wikidata-id", "Wikidata item id (Q then digits)")),
    Field(json_schema_extra={"pattern": "^Q[1-9][0-9]*$"}, examples=["Q7184"]),
]
DecimalString = Annotated[
    str,
    AfterValidator(_check_decimal),
    Field(description="Exact decimal as a string, never a float", examples=["3.5", "45000000000"]),
]
# Strict: JSON "0", 0.0 or true are not offsets (lax mode would coerce them and hide the contributor's error).
Offset = Annotated[int, Strict(), Field(ge=0, description="Unicode code-point offset (Python str index)")]
Flag = Annotated[bool, Strict()]  # true/false only, not "yes" or 1
NonEmptyText = Annotated[str, Field(min_length=1)]

# C0 controls (tab and newline apart), DEL, C1 controls, bidi marks, embeddings, overrides and isolates, line and
# paragraph separators: none belongs in metadata, a name or a note, and each can hide or reorder what a reviewer
# reads.  Tab and newline are forbidden too unless the field is multi-line.  (Unpaired surrogates, which JSON
# can spell, never get here: pydantic-core rejects them as string_unicode.)
_FORBIDDEN = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_FORBIDDEN_IN_LINE: Final = re.compile(rf"[\t\n{_FORBIDDEN}]")
_FORBIDDEN_IN_NOTE: Final = re.compile(rf"[{_FORBIDDEN}]")
# The same sets as whole-string patterns of pydantic-core's Rust engine, which reads these escapes alike.
_CORE_LINE: Final = rf"\A[^\t\n{_FORBIDDEN}]*\z"
_CORE_NOTE: Final = rf"\A[^{_FORBIDDEN}]*\z"


@dataclass(frozen=True, slots=True)
class PlainText:
    """The constraint of every free-text field (not the article text, nor span copies of it): 1 to
    `max_length` code points, no control, bidi or line-separator character; `multiline` also allows tab and
    newline.  Pull-request content is hostile, so each field has a limit; its description states it.

    Use as ``Annotated[str, PlainText(200)]`` (or one of the aliases below).
    """

    max_length: int
    multiline: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        # The length is checked first (by pydantic-core), so the scan below never sees an oversized value.
        return core_schema.no_info_after_validator_function(
            self._check, core_schema.str_schema(min_length=1, max_length=self.max_length)
        )

    @property
    def core_pattern(self) -> str:
        """What `_check` accepts, for :func:`core_checked`."""
        return _CORE_NOTE if self.multiline else _CORE_LINE

    def _check(self, value: str) -> str:
        found = (_FORBIDDEN_IN_NOTE if self.multiline else _FORBIDDEN_IN_LINE).search(value)
        if found is not None:
            raise PydanticCustomError(
                "control-character",
                "control character {char} at position {position} is not allowed in this field",
                {"char": f"U+{ord(found.group()):04X}", "position": found.start()},
            )
        return value


# Limits in code points; raising one is a schema change (state it in the field descriptions).
HANDLE_MAX: Final = 100
LINE_MAX: Final = 200
HEADLINE_MAX: Final = 500
NOTE_MAX: Final = 2000
SPAN_TEXT_MAX: Final = 20_000

Handle = Annotated[str, PlainText(HANDLE_MAX)]  # an annotator's handle, a rule set's name@version
Line = Annotated[str, PlainText(LINE_MAX)]  # a name, an alias, an outlet, what a figure measures
Note = Annotated[str, PlainText(NOTE_MAX, multiline=True)]  # prose: notes, evidence, defects; may span lines
# A span's copy of text[start:end] follows the article text (which may hold a newline, a soft hyphen or a bidi
# mark), so it is not PlainText: the validator's span-text check compares it with the text instead.
SpanText = Annotated[str, Field(min_length=1, max_length=SPAN_TEXT_MAX)]


def _core_pattern_of(check: Any) -> str | None:
    """The Rust pattern that accepts exactly the strings an after-validator accepts, if it declares one (a
    function's attribute, or a property of the object a bound method belongs to)."""
    owner = getattr(check, "__self__", None)
    pattern = getattr(owner, "core_pattern", None) if owner is not None else None
    return pattern if isinstance(pattern, str) else getattr(check, "core_pattern", None)


def core_checked(schema: Any) -> Any:
    """A copy of a pydantic core schema in which every string check that declares a `core_pattern` is made by
    pydantic-core itself (a pattern on the string) instead of by a call into Python per value.

    The same values pass and give the same records; only the errors differ (pydantic's words, not the
    check's), so it serves the fast path only: what it refuses goes to the careful path, the full schema, for
    the message.  A check without a core pattern stays as it is.
    """
    if isinstance(schema, list):
        return [core_checked(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "function-after":
        inner, pattern = schema["schema"], _core_pattern_of(schema["function"]["function"])
        if pattern is not None and inner.get("type") == "str" and "pattern" not in inner:
            kept = {key: schema[key] for key in ("ref", "metadata") if key in schema}
            return {**inner, **kept, "pattern": pattern, "regex_engine": "rust-regex"}
    return {key: core_checked(value) for key, value in schema.items()}
