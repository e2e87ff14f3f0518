"""The catalogue of check ids the validator can report, with what each one means.

Schema checks report the pydantic error type as their id (e.g. ``missing``, ``extra_forbidden``,
``literal_error``, ``string_too_long`` for a free-text field over its limit, or one of the project's custom
ids below); every other id is listed here.
"""

from __future__ import annotations

from typing import Final

CHECKS: Final[dict[str, str]] = {
    # files
    "file-too-large": "A file exceeds its size limit (articles 1 MB, annotation files 5 MB, metadata 200 kB).",
    "invalid-utf8": "A file is not valid UTF-8; the position of the first bad byte is reported.",
    "json-syntax": "A line (JSONL) or file (JSON) is not valid JSON; line and column are reported.",
    "duplicate-key": "A JSON object repeats a key; JSON readers would silently keep only the last value.",
    "not-an-object": "A JSON value that must be an object is something else.",
    "missing-file": "A required companion file is missing (article text, metadata, registry).",
    "unsafe-file": "A corpus file or folder is a symbolic link or not a regular file; it is not read.",
    "unexpected-file": "A file in a corpus folder that the layout does not define (a link or special file there "
                       "is an `unsafe-file` error).",
    "registry-unreadable": "The entity registry is missing, empty, refused or not UTF-8; reported once, first, "
                           "instead of an unknown-entity-id finding per reference.",
    "unsafe-doc-id": "A document id (file name or field) contains a path separator or '..'.",
    "invalid-doc-id": "A document id is not 3-80 characters of a-z, 0-9 and '-'.",
    "empty-file": "An annotation file has no header line.",
    "invalid-versions": "DATASET_VERSIONS.json or a release manifest under versions/ is malformed, out of order, "
                        "or lists another number of documents than its release; the build would refuse it.",
    # article metadata
    "text-hash-mismatch": "The article text's sha256 differs from the one recorded in its metadata.",
    "doc-id-mismatch": "A doc_id field differs from the file name it is stored under.",
    "headline-not-in-text": "The metadata headline does not occur in the article text.",
    "zone-out-of-range": "A metadata zone's offsets lie outside the article text.",
    "zone-overlap": "Two metadata zones overlap.",
    "split-rule-violation": "The article's split differs from the chronological split rule for its anchor date.",
    # annotation files
    "stale-annotations": "An annotation file's text_sha256 differs from the article's: offsets may be wrong.",
    "origin-mismatch": "An annotation's origin differs from its file's header or folder.",
    "layer-not-declared": "An annotation belongs to a layer the file header does not list.",
    "duplicate-id": "Two annotations of one document share an id.",
    "offset-out-of-range": "A span's end lies beyond the end of the article text.",
    "span-text-mismatch": "A span's text differs from text[start:end].",
    "span-edge-whitespace": "A span starts or ends on whitespace or an invisible character (zero-width space, "
    "ZWNJ, ZWJ, word joiner, soft hyphen, BOM, a bidi mark or control).",
    "quote-edge-punctuation": "A quote span starts or ends with a quotation mark, or ends with . , ; or : (one "
    "edge rule for every quote kind, guidelines §6.2).",
    "span-splits-grapheme": "A span's start or end falls inside a grapheme cluster (a letter and its combining "
    "accent, an emoji ZWJ sequence, a flag's two regional indicators).",
    "span-overlap": "Two spans of one layer overlap; layers are flat, so this is forbidden.",
    "span-in-unannotated-zone": "A span lies in a boilerplate, credits or artifact zone, which are never annotated.",
    "unknown-entity-id": "An entity_id or speaker_entity_id is not a key of registry/entities.jsonl.",
    "registry-label-mismatch": "An entity's label differs from its registry entry's label (warning: metonymy).",
    "unknown-document": "An annotation file has no article with that document id.",
    # registry
    "duplicate-registry-id": "Two registry entries share an id.",
    # custom schema error ids raised by the pydantic models
    "span-empty-or-reversed": "start >= end.",
    "malformed-timex-value": "A TIMEX3 value does not fit the value grammar of its type.",
    "malformed-decimal": "A figure value is not a canonical decimal string.",
    "unknown-currency-code": "A money unit is not an ISO 4217 code.",
    "unknown-unit": "A unit is not in the documented unit vocabulary.",
    "unit-kind-mismatch": "A figure's unit belongs to another kind (e.g. EUR on a percent).",
    "figure-range-invalid": "value_max without value, or below value.",
    "speaker-entity-without-speaker": "speaker_entity_id is set but speaker is null.",
    "malformed-date": "A metadata date is not YYYY, YYYY-MM or YYYY-MM-DD.",
    "date-precision-mismatch": "A publication date's length does not match its precision.",
    "anchor-outside-date": "The anchor day is not within the publication date.",
    "outlet-confidence-mismatch": "outlet_confidence is set without an outlet, or missing beside one.",
    "invalid-annotation-id": "An annotation id is not letters followed by digits.",
    "invalid-entity-key": "A registry key is not a-z, 0-9 and '-'.",
    "invalid-sha256": "A sha256 field is not 64 lowercase hex digits.",
    "duplicate-layer": "A header lists a layer twice.",
    "invalid-wikidata-id": "A registry wikidata id is not Q followed by digits.",
    "control-character": "A free-text field (note, name, alias, handle, headline...) holds a control character, "
    "NUL, a bidi mark, embedding, override or isolate, a line separator or a lone surrogate; tab and newline "
    "only in multi-line notes.",
}
