"""Strict base model and the named constrained types every record uses.

Offsets everywhere are Unicode code-point indices into the article text, half-open: ``text[start:end]``
in Python.  Byte-offset users must convert (``len(text[:start].encode("utf-8"))``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError

LAYERS: Final = ("entities", "quotes", "dates", "figures")
# Annotation ids are this letter plus a number in every file (guidelines §2): e1, q1, d1, f1.
ID_PREFIX: Final = {"entities": "e", "quotes": "q", "dates": "d", "figures": "f"}
ORIGINS: Final = ("human", "rule")
SPLITS: Final = ("train", "validation", "test")

_DOC_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$")
_KEY = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
ANNOTATION_ID_PATTERN: Final = re.compile(r"^[a-z]{1,8}[0-9]{1,6}$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class StrictModel(BaseModel):
    """Records are immutable and reject unknown fields: a typo in a PR must fail, not vanish."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def _check_doc_id(value: str) -> str:
    if "/" in value or "\\" in value or ".." in value or "\x00" in value:
        raise PydanticCustomError(
            "unsafe-doc-id", "document id '{value}' contains a path separator or '..'", {"value": value}
        )
    if not _DOC_ID.match(value):
        raise PydanticCustomError(
            "invalid-doc-id",
            "document id '{value}' must be 3-80 characters of a-z, 0-9 and '-', not starting or ending with '-'",
            {"value": value},
        )
    return value


def _pattern_check(pattern: re.Pattern[str], error_type: str, what: str):
    def check(value: str) -> str:
        if not pattern.match(value):
            raise PydanticCustomError(error_type, "'{value}' is not a valid " + what, {"value": value})
        return value

    return check


def _check_decimal(value: str) -> str:
    try:
        ok = bool(_DECIMAL.match(value)) and Decimal(value).is_finite() and value != "-0"
    except InvalidOperation:
        ok = False
    if not ok:
        raise PydanticCustomError(
            "malformed-decimal",
            "'{value}' is not a canonical decimal string (digits, optional '-' and '.', no exponent, "
            "no leading zeros, no trailing fractional zeros, no '-0')",
            {"value": value},
        )
    return value


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
DecimalString = Annotated[
    str,
    AfterValidator(_check_decimal),
    Field(description="Exact decimal as a string, never a float", examples=["3.5", "45000000000"]),
]
# Strict: JSON "0", 0.0 or true are not offsets (lax mode would coerce them and hide the contributor's error).
Offset = Annotated[int, Strict(), Field(ge=0, description="Unicode code-point offset (Python str index)")]
Flag = Annotated[bool, Strict()]  # true/false only, not "yes" or 1
NonEmptyText = Annotated[str, Field(min_length=1)]
