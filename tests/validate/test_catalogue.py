"""A catalogue of broken inputs: each breaks one thing and must yield exactly that finding, located.

Every case names the check id, the file, the line, the annotation id / field where applicable, and the
exact message.  The untouched fixture corpus must validate cleanly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from nato_corpus.annotate import regenerate_rule_layer
from nato_corpus.corpus import CorpusLayout, read_text
from nato_corpus.validate import validate_corpus

from conftest import SAMPLE_DOC

ANN = f"annotations/human/{SAMPLE_DOC}.jsonl"
META = f"articles/{SAMPLE_DOC}.json"
TEXT = f"articles/{SAMPLE_DOC}.txt"
REGISTRY = "registry/entities.jsonl"
# Lines of the fixture annotation file: 1 header, 2 e1, 3 e2, 4 q1, 5 d1, 6 f1.


def _lines(layout: CorpusLayout, rel: str) -> list[str]:
    return (layout.root / rel).read_text(encoding="utf-8").split("\n")


def _write_lines(layout: CorpusLayout, rel: str, lines: list[str]) -> None:
    (layout.root / rel).write_text("\n".join(lines), encoding="utf-8")


def set_line(rel: str, line: int, make: Callable[[str], str]) -> Callable[[CorpusLayout], None]:
    def mutate(layout: CorpusLayout) -> None:
        lines = _lines(layout, rel)
        lines[line - 1] = make(lines[line - 1])
        _write_lines(layout, rel, lines)

    return mutate


def set_fields(rel: str, line: int, **changes: object) -> Callable[[CorpusLayout], None]:
    def make(source: str) -> str:
        record = json.loads(source)
        for key, value in changes.items():
            if value is _DELETE:
                del record[key]
            else:
                record[key] = value
        return json.dumps(record, ensure_ascii=False)

    return set_line(rel, line, make)


def set_meta(**changes: object) -> Callable[[CorpusLayout], None]:
    def mutate(layout: CorpusLayout) -> None:
        path = layout.root / META
        record = json.loads(path.read_text(encoding="utf-8"))
        for dotted, value in changes.items():
            target = record
            *parents, last = dotted.split("__")
            for part in parents:
                target = target[part]
            target[last] = value
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    return mutate


def meta_line(key: str, within: str | None = None) -> Callable[[CorpusLayout], int]:
    """Independent oracle: the line of `"key":` in the pretty-printed metadata, after `"within":` when given
    (several objects have an `evidence` key)."""

    def find(layout: CorpusLayout) -> int:
        seen_parent = within is None
        for number, line in enumerate(_lines(layout, META), start=1):
            stripped = line.lstrip()
            if not seen_parent:
                seen_parent = stripped.startswith(f'"{within}":')
            elif stripped.startswith(f'"{key}":'):
                return number
        raise AssertionError(key)

    return find


def zone_line(index: int, key: str) -> Callable[[CorpusLayout], int]:
    """Independent oracle: the line of `"key":` in the index-th zone (one key per line, one zone after another)."""

    def find(layout: CorpusLayout) -> int:
        lines = _lines(layout, META)
        start = next(n for n, line in enumerate(lines) if line.lstrip().startswith('"zones":'))
        hits = [n + 1 for n, line in enumerate(lines) if n > start and line.lstrip().startswith(f'"{key}":')]
        return hits[index]

    return find


def meta_line_number(key: str, within: str) -> int:
    """The line of `"key":` after `"within":` in the fixture's metadata as committed (for set_line)."""
    from conftest import REPO_ROOT

    lines = (REPO_ROOT / META).read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines) if line.lstrip().startswith(f'"{within}":'))
    return next(n + 1 for n, line in enumerate(lines) if n > start and line.lstrip().startswith(f'"{key}":'))


_DELETE = object()


def write_file(rel: str, data: bytes) -> Callable[[CorpusLayout], None]:
    def mutate(layout: CorpusLayout) -> None:
        (layout.root / rel).parent.mkdir(parents=True, exist_ok=True)
        (layout.root / rel).write_bytes(data)

    return mutate


def symlink(rel: str, target: str) -> Callable[[CorpusLayout], None]:
    def mutate(layout: CorpusLayout) -> None:
        (layout.root / rel).unlink()
        (layout.root / rel).symlink_to(target)

    return mutate


def link_folder(rel: str) -> Callable[[CorpusLayout], None]:
    """Move a folder aside and put a symbolic link to it in its place: same files, reached through a link."""

    def mutate(layout: CorpusLayout) -> None:
        folder = layout.root / rel
        moved = layout.root.parent / "elsewhere"
        folder.rename(moved)
        folder.symlink_to(moved, target_is_directory=True)

    return mutate


def both(*mutations: Callable[[CorpusLayout], None]) -> Callable[[CorpusLayout], None]:
    def mutate(layout: CorpusLayout) -> None:
        for m in mutations:
            m(layout)

    return mutate


def _retext(make: Callable[[str], str]) -> Callable[[str], str]:
    def change(source: str) -> str:
        record = json.loads(source)
        record = json.loads(make(json.dumps(record, ensure_ascii=False)))
        return json.dumps(record, ensure_ascii=False)

    return change


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[CorpusLayout], None]
    check: str
    path: str
    line: int | Callable[[CorpusLayout], int] | None
    message: str
    ann_id: str | None = None
    field: str | None = None
    column: int | None = None
    consequences: frozenset[str] = frozenset()  # checks that legitimately follow from the same breakage


def _quote_with(**changes: object) -> Callable[[CorpusLayout], None]:
    return set_fields(ANN, 4, **changes)


CASES = [
    Case("json syntax in an annotation line", set_line(ANN, 3, lambda s: s[:-1]), "json-syntax", ANN, 3,
         "Expecting ',' delimiter", column=None),
    Case("json syntax in metadata", set_line(META, 3, lambda s: s.replace('":', '"', 1)), "json-syntax", META, 3,
         "Expecting ':' delimiter"),
    Case("duplicate key", set_line(ANN, 2, lambda s: s[:-1] + ', "label": "GPE"}'), "duplicate-key", ANN, 2,
         "key 'label' appears twice in one object"),
    # pydantic's own JSON parser keeps the last of two equal keys: the fast path must still see these
    Case("duplicate key spelled with an escape", set_line(ANN, 2, lambda s: s[:-1] + ', "l\\u0061bel": "GPE"}'),
         "duplicate-key", ANN, 2, "key 'label' appears twice in one object"),
    Case("duplicate key in a nested object", set_line(ANN, 4, lambda s: s.replace('"speaker": {"start"',
         '"speaker": {"end": 1, "start"', 1)), "duplicate-key", ANN, 4, "key 'end' appears twice in one object"),
    Case("duplicate key in metadata", set_line(META, 2, lambda s: s + ' "doc_id": "x",'), "duplicate-key", META, None,
         "key 'doc_id' appears twice in one object"),
    # the fast path counts the keys a record was given against the text's quotes followed by a colon
    Case("duplicate key before a spaced colon", set_line(ANN, 2, lambda s: s[:-1] + ', "label" :\t"GPE"}'),
         "duplicate-key", ANN, 2, "key 'label' appears twice in one object"),
    Case("duplicate key in a nested cue object", set_line(ANN, 4, lambda s: s.replace('"cue": {"start"',
         '"cue": {"text": "x", "start"', 1)), "duplicate-key", ANN, 4, "key 'text' appears twice in one object"),
    Case("duplicate nested object", set_line(ANN, 4, lambda s: s[:-1] + ', "speaker": null}'), "duplicate-key", ANN,
         4, "key 'speaker' appears twice in one object"),
    Case("duplicate key in a rule annotation that leaves annotator_kind out (its default is not a key)",
         set_line(ANN, 2, lambda s: json.dumps({**{k: v for k, v in json.loads(s).items() if k != "annotator_kind"},
                                                "origin": "rule"})[:-1] + ', "label": "GPE"}'),
         "duplicate-key", ANN, 2, "key 'label' appears twice in one object"),
    Case("duplicate key in a metadata zone", set_line(META, meta_line_number("kind", "zones"),
                                                       lambda s: s.replace('"kind":', '"start": 0, "kind":', 1)),
         "duplicate-key", META, None, "key 'start' appears twice in one object"),
    Case("not an object", set_line(ANN, 2, lambda s: "[1, 2]"), "not-an-object", ANN, 2, 'expected a JSON object, found list'),
    Case("missing field", set_fields(ANN, 2, label=_DELETE), "missing", ANN, 2, 'Field required', "e1", "label"),
    Case("unknown field", set_fields(ANN, 2, confidence=0.9), "extra_forbidden", ANN, 2,
         'Extra inputs are not permitted', "e1", "confidence"),
    Case("label outside the set", set_fields(ANN, 2, label="PER"), "literal_error", ANN, 2, "Input should be 'PERSON', 'NORP', 'ORG', 'GPE', 'LOC', 'FAC', 'EVENT', 'LAW' or 'PRODUCT', not 'PER'", "e1",
         "label"),
    Case("unknown layer", set_fields(ANN, 2, layer="events"), "union_tag_invalid", ANN, 2, "Input tag 'events' found using 'layer' does not match any of the expected tags: 'entities', 'quotes', 'dates', 'figures'", "e1"),
    Case("empty span", set_fields(ANN, 3, end=json.loads("0")), "span-empty-or-reversed", ANN, 3,
         'span [67, 0) is empty or reversed', "e2", "end"),
    Case("offset beyond the text", set_fields(ANN, 6, start=99999, end=100001, text="32"), "offset-out-of-range",
         ANN, 6, 'span [99999, 100001) ends beyond the text (2295 characters)', "f1", "end"),
    Case("span text differs", set_fields(ANN, 2, text="NATA"), "span-text-mismatch", ANN, 2,
         "span text 'NATA' differs from text[0:4] = 'NATO'", "e1", "text"),
    # a span over the whole text: the message quotes the article's two ends, not its 2,295 characters
    Case("span text differs over a long span", set_fields(ANN, 2, end=2295), "span-text-mismatch", ANN, 2,
         "span text 'NATO' differs from text[0:2295] = 'NATO ministerial meeting to focus on aid'…"
         "'f it means Ukraine can join NATO.\\n- News' (2295 characters)", "e1", "text",
         consequences=frozenset({"span-overlap"})),  # it covers the other entities too
    Case("span ends on whitespace", set_fields(ANN, 2, end=5, text="NATO "), "span-edge-whitespace", ANN, 2,
         "span 'NATO ' starts or ends on whitespace", "e1", "start"),
    Case("speaker text differs", _quote_with(speaker={"start": 0, "end": 4, "text": "Nato"}), "span-text-mismatch",
         ANN, 4, "speaker text 'Nato' differs from text[0:4] = 'NATO'", "q1", "speaker.text"),
    Case("overlapping entities", set_fields(ANN, 3, start=0, end=4, text="NATO", id="e2"), "span-overlap", ANN, 3,
         '[0, 4) overlaps e1 [0, 4) (line 2) in layer entities', "e2", "start"),
    Case("duplicate id", set_fields(ANN, 3, id="e1"), "duplicate-id", ANN, 3, "id 'e1' is already used on line 2", "e1",
         "id"),
    Case("unregistered entity id", set_fields(ANN, 2, entity_id="north-atlantic"), "unknown-entity-id", ANN, 2,
         "entity_id 'north-atlantic' is not in the registry", "e1", "entity_id"),
    Case("unregistered speaker", _quote_with(speaker_entity_id="someone"), "unknown-entity-id", ANN, 4,
         "speaker_entity_id 'someone' is not in the registry", "q1", "speaker_entity_id"),
    Case("speaker id without speaker", _quote_with(speaker=None), "speaker-entity-without-speaker", ANN, 4,
         'speaker_entity_id is set but speaker is null', "q1", "speaker_entity_id"),
    Case("malformed TIMEX3 value", set_fields(ANN, 5, value="2024-13-03"), "malformed-timex-value", ANN, 5,
         "'2024-13-03' is not a well-formed TIMEX3 value for type DATE", "d1", "value"),
    Case("duration value on a DATE", set_fields(ANN, 5, value="P7Y"), "malformed-timex-value", ANN, 5,
         "'P7Y' is not a well-formed TIMEX3 value for type DATE", "d1"),
    Case("unknown currency", set_fields(ANN, 6, kind="money", unit="EUX"), "unknown-currency-code", ANN, 6,
         "'EUX' is not an ISO 4217 currency code", "f1", "unit"),
    Case("unit of another kind", set_fields(ANN, 6, unit="EUR"), "unit-kind-mismatch", ANN, 6,
         "unit 'EUR' belongs to kind money, not count", "f1", "unit"),
    Case("non-canonical decimal", set_fields(ANN, 6, value="32.0"), "malformed-decimal", ANN, 6,
         "'32.0' is not a canonical decimal string (digits, optional '-' and '.', no exponent, no leading zeros, no trailing fractional zeros, no '-0')", "f1", "value"),
    Case("negative zero", set_fields(ANN, 6, value="-0"), "malformed-decimal", ANN, 6, "'-0' is not a canonical decimal string (digits, optional '-' and '.', no exponent, no leading zeros, no trailing fractional zeros, no '-0')", "f1", "value"),
    Case("float value", set_fields(ANN, 6, value=32.5), "string_type", ANN, 6, 'Input should be a valid string', "f1", "value"),
    Case("origin differs from file", set_fields(ANN, 2, origin="rule", annotator_kind="rule"), "origin-mismatch", ANN, 2,
         "origin 'rule' in a file of origin 'human'", "e1", "origin"),
    Case("layer not in header", set_fields(ANN, 1, layers=["entities", "quotes", "figures"]), "layer-not-declared",
         ANN, 5, "layer 'dates' is not listed in the header's layers ['entities', 'quotes', 'figures']", "d1", "layer"),
    Case("annotation in boilerplate", set_line(ANN, 6, lambda s: _boilerplate_span(s)), "span-in-unannotated-zone",
         ANN, 6, 'span [2291, 2295) lies in a boilerplate zone [2289, 2295)', "f1", "start"),
    Case("stale annotations", set_fields(ANN, 1, text_sha256="0" * 64), "stale-annotations", ANN, 1,
         'annotations were made for text sha256 000000000000…, the article is now 7a1bae9daf06…; offsets were not checked', None, "text_sha256"),
    Case("header doc id differs", set_fields(ANN, 1, doc_id="2024-other-article"), "doc-id-mismatch", ANN, 1,
         "header doc_id '2024-other-article' differs from the file name '2024-nato-ministerial-aid-not-membership-rutte'", None, "doc_id"),
    Case("unsafe doc id in header", set_fields(ANN, 1, doc_id="../etc/passwd"), "unsafe-doc-id", ANN, 1,
         "header: document id '../etc/passwd' contains a path separator or '..'", None, "doc_id"),
    Case("unsafe doc id as file name", write_file("annotations/human/..hidden-doc.jsonl", b"{}\n"),
         "unsafe-doc-id", "annotations/human/..hidden-doc.jsonl", None, "document id '..hidden-doc' contains a path separator or '..'"),
    Case("invalid doc id as file name", write_file("articles/Bad_Name.txt", b"text"), "invalid-doc-id",
         "articles/Bad_Name.txt", None, "document id 'Bad_Name' must be 3-80 characters of a-z, 0-9 and '-', not starting or ending with '-'"),
    Case("annotations for an unknown article", write_file("annotations/human/2099-no-such-article.jsonl",
                                                          b'{"doc_id": "x"}\n'),
         "unknown-document", "annotations/human/2099-no-such-article.jsonl", None, "no article '2099-no-such-article' in articles/"),
    Case("text edited", write_file(TEXT, b"NATO edited the text."), "text-hash-mismatch", META,
         meta_line("text_sha256"), "the text's sha256 is ab225b2c1ffd7014b73f9f8076ebea60a2fb6c130986f06c221adbbacea3abdf, metadata records 7a1bae9daf061737f7e7a7417debb155b32d13b088d8a1acbb3f75c6e2768269: texts are kept byte-for-byte, never edited; zones and headline were not checked", None, "text_sha256",
         consequences=frozenset({"stale-annotations"})),
    Case("text not UTF-8", write_file(TEXT, b"NATO \xff\xfe broken"), "invalid-utf8", TEXT, 1,
         'byte 0xff at byte offset 5 is not valid UTF-8', column=6,
         consequences=frozenset({"text-hash-mismatch", "stale-annotations"})),
    Case("text too large", write_file(TEXT, b"a" * 1_000_001), "file-too-large", TEXT, None,
         'file is 1000001 bytes; the limit is 1000000'),
    Case("text missing", lambda layout: (layout.root / TEXT).unlink(), "missing-file", META, None,
         'article text articles/2024-nato-ministerial-aid-not-membership-rutte.txt is missing'),
    Case("empty annotation file", write_file(ANN, b"\n\n"), "empty-file", ANN, None, 'annotation file has no header line'),
    Case("metadata schema error", set_meta(publication__anchor="2024-12"), "malformed-date", META,
         meta_line("anchor"), "anchor '2024-12' must be YYYY-MM-DD", None, "publication.anchor"),
    Case("metadata schema error inside a list", set_meta(zones=[{"start": 0, "end": 72, "kind": "headline"},
                                                                 {"start": 73, "end": 195, "kind": "standfirst"}]),
         "literal_error", META, zone_line(1, "kind"), "Input should be 'headline', 'dek', 'dateline', 'body', 'boilerplate', 'credits' or 'artifact', not 'standfirst'", None, "zones.1.kind"),
    Case("metadata unknown field", set_meta(publisher="x"), "extra_forbidden", META, meta_line("publisher"),
         'Extra inputs are not permitted', None, "publisher"),
    Case("split rule", set_meta(split="train"), "split-rule-violation", META, meta_line("split"),
         "anchor 2024-12-03 belongs to split 'validation', not 'train'", None, "split"),
    Case("headline not in text", set_meta(headline="Invented headline"), "headline-not-in-text", META,
         meta_line("headline"), "headline 'Invented headline' does not occur in the text", None, "headline"),
    Case("zone beyond the text", set_meta(zones=[{"start": 0, "end": 99999, "kind": "body"}]),
         "zone-out-of-range", META, zone_line(0, "end"), 'zone [0, 99999) ends beyond the text (2295 characters)', None, "zones.0.end"),
    # hostile or sloppy input: links, deep nesting, huge literals, wrong JSON types
    Case("article text is a symbolic link", symlink(TEXT, "/proc/self/environ"), "unsafe-file", TEXT, None,
         'file is a symbolic link; only regular files are read'),
    Case("annotation folder is a symbolic link", link_folder("annotations/human"), "unsafe-file",
         "annotations/human", None, 'folder is a symbolic link; nothing is read through it'),
    Case("deeply nested JSON", set_line(ANN, 3, lambda s: "[" * 100_000), "json-syntax", ANN, 3,
         'JSON nested too deeply to be an annotation'),
    Case("integer literal beyond the digit limit", set_line(ANN, 3, lambda s: s.replace('"start": ', '"start": '
                                                                                        + "9" * 5000, 1)),
         "json-syntax", ANN, 3, 'a number literal is too long (over 4300 digits)'),
    Case("offset given as a string", set_fields(ANN, 2, start="0"), "int_type", ANN, 2, 'Input should be a valid integer', "e1",
         "start"),
    Case("offset given as a boolean", set_fields(ANN, 2, start=False), "int_type", ANN, 2, 'Input should be a valid integer', "e1",
         "start"),
    Case("flag given as a string", set_fields(ANN, 5, temporal_function="yes"), "bool_type", ANN, 5,
         'Input should be a valid boolean', "d1", "temporal_function"),
    Case("figure range below its value", set_fields(ANN, 6, value_max="3"), "figure-range-invalid", ANN, 6,
         'value_max 3 needs a value not above it', "f1", "value_max"),
    Case("header sha256 malformed", set_fields(ANN, 1, text_sha256="ABC"), "invalid-sha256", ANN, 1,
         "header: 'ABC' is not a valid lowercase hex sha256", None, "text_sha256"),
    Case("header lists a layer twice", set_fields(ANN, 1, layers=["entities", "entities", "quotes", "dates",
                                                                  "figures"]),
         "duplicate-layer", ANN, 1, 'header: layers lists a layer twice', None, "layers"),
    Case("annotation file too large", write_file(ANN, b"{}\n" * 2_500_001), "file-too-large", ANN, None,
         'file is 7500003 bytes; the limit is 5000000'),
    Case("annotation file not UTF-8", lambda layout: (layout.root / ANN).write_bytes(
        (layout.root / ANN).read_bytes().replace(b'"NATO"', b'"NAT\xff"', 1)), "invalid-utf8", ANN, 2, 'byte 0xff at byte offset 310 is not valid UTF-8'),
    Case("metadata missing", lambda layout: (layout.root / META).unlink(), "missing-file", TEXT, None,
         'metadata articles/2024-nato-ministerial-aid-not-membership-rutte.json is missing'),
    Case("publication date shorter than its precision", set_meta(publication__date="2024-12"),
         "date-precision-mismatch", META, meta_line("publication"), "date '2024-12' does not have precision day"),
    Case("anchor outside the publication date", set_meta(publication__anchor="2023-12-02"),
         "anchor-outside-date", META, meta_line("publication"), 'anchor 2023-12-02 is not within date 2024-12-03'),
    Case("outlet confidence without an outlet", set_meta(outlet=None),
         "outlet-confidence-mismatch", META, None, "outlet_confidence is 'high' but outlet is None"),
    Case("zones overlap", set_meta(zones=[{"start": 0, "end": 72, "kind": "headline"},
                                          {"start": 60, "end": 195, "kind": "dek"}]),
         "zone-overlap", META, zone_line(1, "start"), 'zone [60, 195) overlaps zone 0', None, "zones.1.start"),
    Case("registry line not JSON", lambda layout: _append(layout, REGISTRY, '{"id": "x",'), "json-syntax",
         REGISTRY, "registry_last_line", 'Expecting property name enclosed in double quotes'),
    Case("duplicate registry id", lambda layout: _append(layout, REGISTRY, _first_line(layout, REGISTRY)),
         "duplicate-registry-id", REGISTRY, "registry_last_line", "registry id 'nato' is defined twice"),
]


# --- strict text fields: whole-string patterns, no control characters, limits, invisible edges, graphemes ---

TEXT_LENGTH = 2295  # the sample text; append_text() puts new characters from this offset on
REGISTRY_EU = 2  # registry line of "european-union", which no sample annotation links to
_SHA = "7a1bae9daf061737f7e7a7417debb155b32d13b088d8a1acbb3f75c6e2768269"
_DECIMAL_RULE = ("is not a canonical decimal string (digits, optional '-' and '.', no exponent, no leading zeros, "
                 "no trailing fractional zeros, no '-0')")


def append_text(suffix: str) -> Callable[[CorpusLayout], None]:
    """Append to the sample text and record its new sha256 in the metadata and the annotation header, so that a
    span can point at characters the committed texts do not have (they are never edited)."""

    def mutate(layout: CorpusLayout) -> None:
        path = layout.root / TEXT
        data = path.read_bytes() + suffix.encode("utf-8")
        path.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        set_meta(text_sha256=digest)(layout)
        set_fields(ANN, 1, text_sha256=digest)(layout)

    return mutate


def span_on(suffix: str, start: int, end: int, *, line: int = 2, role: str | None = None
            ) -> Callable[[CorpusLayout], None]:
    """Append `suffix` and point the annotation on `line` (or its `role` sub-span) at suffix[start:end]."""
    span = {"start": TEXT_LENGTH + start, "end": TEXT_LENGTH + end, "text": suffix[start:end]}
    changes = {role: span} if role else span
    return both(append_text(suffix), set_fields(ANN, line, **changes))


def list_item_line(key: str, index: int) -> Callable[[CorpusLayout], int]:
    """Independent oracle: the line of the index-th item of a list written one item per line after `"key": [`."""
    find_key = meta_line(key)
    return lambda layout: find_key(layout) + 1 + index


def _control(char: str, position: int) -> str:
    return f"control character {char} at position {position} is not allowed in this field"


def _invisible(text: str, code: str, role: str = "span") -> str:
    return f"{role} {text!r} starts or ends on the invisible character {code}"


def _registry_entry(**changes: object) -> Callable[[CorpusLayout], None]:
    return set_fields(REGISTRY, REGISTRY_EU, **changes)


_STRICT_CASES = [
    # whole-string patterns: a final newline used to pass every ^...$ pattern
    Case("annotation id with a final newline", set_fields(ANN, 2, id="e1\n"), "invalid-annotation-id", ANN, 2,
         "'e1\\n' is not a valid annotation id (letters then digits)", "e1\n", "id"),
    Case("duplicate id hidden behind a final newline", set_fields(ANN, 3, id="e1\n"), "invalid-annotation-id", ANN, 3,
         "'e1\\n' is not a valid annotation id (letters then digits)", "e1\n", "id"),
    Case("header doc id with a final newline", set_fields(ANN, 1, doc_id=SAMPLE_DOC + "\n"), "invalid-doc-id", ANN, 1,
         "header: document id '2024-nato-ministerial-aid-not-membership-rutte\\n' must be 3-80 characters of a-z, 0-9 and '-', not starting or ending with '-'", None, "doc_id"),
    Case("metadata doc id with a final newline", set_meta(doc_id=SAMPLE_DOC + "\n"), "invalid-doc-id", META,
         meta_line("doc_id"), "document id '2024-nato-ministerial-aid-not-membership-rutte\\n' must be 3-80 characters of a-z, 0-9 and '-', not starting or ending with '-'", None, "doc_id"),
    Case("registry key with a final newline", _registry_entry(id="european-union\n"), "invalid-entity-key", REGISTRY,
         REGISTRY_EU, "'european-union\\n' is not a valid registry key (a-z, 0-9, '-')", "european-union\n", "id"),
    Case("duplicate registry key hidden behind a final newline",
         lambda layout: _append(layout, REGISTRY, json.dumps({**json.loads(_first_line(layout, REGISTRY)), "id": "nato\n"})),
         "invalid-entity-key", REGISTRY, "registry_last_line", "'nato\\n' is not a valid registry key (a-z, 0-9, '-')",
         "nato\n", "id"),
    Case("entity_id with a final newline", set_fields(ANN, 2, entity_id="nato\n"), "invalid-entity-key", ANN, 2,
         "'nato\\n' is not a valid registry key (a-z, 0-9, '-')", "e1", "entity_id"),
    Case("speaker_entity_id with a final newline", _quote_with(speaker_entity_id="mark-rutte\n"), "invalid-entity-key",
         ANN, 4, "'mark-rutte\\n' is not a valid registry key (a-z, 0-9, '-')", "q1", "speaker_entity_id"),
    Case("TIMEX3 value with a final newline", set_fields(ANN, 5, value="2024-12-03\n"), "malformed-timex-value", ANN, 5,
         "'2024-12-03\\n' is not a well-formed TIMEX3 value for type DATE", "d1", "value"),
    Case("decimal with a final newline", set_fields(ANN, 6, value="32\n"), "malformed-decimal", ANN, 6,
         f"'32\\n' {_DECIMAL_RULE}", "f1", "value"),
    Case("header sha256 with a final newline", set_fields(ANN, 1, text_sha256=_SHA + "\n"), "invalid-sha256", ANN, 1,
         f"header: '{_SHA}\\n' is not a valid lowercase hex sha256", None, "text_sha256"),
    Case("metadata sha256 with a final newline", set_meta(text_sha256=_SHA + "\n"), "invalid-sha256", META,
         meta_line("text_sha256"), f"'{_SHA}\\n' is not a valid lowercase hex sha256", None, "text_sha256"),
    Case("publication year with a final newline", set_meta(publication__date="2024\n"), "malformed-date", META,
         meta_line("date"), "'2024\\n' is not YYYY, YYYY-MM or YYYY-MM-DD", None, "publication.date"),
    Case("publication month with a final newline", set_meta(publication__date="2024-12\n", publication__precision="month"),
         "malformed-date", META, meta_line("date"), "'2024-12\\n' is not YYYY, YYYY-MM or YYYY-MM-DD", None,
         "publication.date"),
    Case("anchor day with a final newline", set_meta(publication__anchor="2024-12-02\n"), "malformed-date", META,
         meta_line("anchor"), "'2024-12-02\\n' is not YYYY, YYYY-MM or YYYY-MM-DD", None, "publication.anchor"),
    Case("date in text with a final newline", set_meta(publication__date_in_text="2024-12-02\n"), "malformed-date",
         META, meta_line("date_in_text"), "'2024-12-02\\n' is not YYYY, YYYY-MM or YYYY-MM-DD", None,
         "publication.date_in_text"),
    Case("wikidata id with a final newline", _registry_entry(wikidata="Q458\n"), "invalid-wikidata-id", REGISTRY,
         REGISTRY_EU, "'Q458\\n' is not a valid Wikidata item id (Q then digits)", "european-union", "wikidata"),
    # control, NUL and bidi characters in free text (metadata, registry, annotations)
    Case("escape sequence in metadata notes", set_meta(notes="\x1b[31mall fine\x1b[0m"), "control-character", META,
         meta_line("notes"), _control("U+001B", 0), None, "notes"),
    Case("bidi override in the headline", set_meta(headline="NATO ministerial \u202egnileef"), "control-character",
         META, meta_line("headline"), _control("U+202E", 17), None, "headline"),
    Case("NUL in the outlet", set_meta(outlet="Reuters\x00"), "control-character", META, meta_line("outlet"),
         _control("U+0000", 7), None, "outlet"),
    Case("bidi isolate in the date evidence", set_meta(publication__evidence="Stated \u2066twice\u2069."),
         "control-character", META, meta_line("evidence", within="publication"), _control("U+2066", 7), None, "publication.evidence"),
    Case("C1 control in the licence note", set_meta(licence__note="Unknown\x85licence"), "control-character", META,
         meta_line("note"), _control("U+0085", 7), None, "licence.note"),
    Case("carriage return in a defect", set_meta(defects=["Ends with a tag.\r", "Second."]), "control-character", META,
         list_item_line("defects", 0), _control("U+000D", 16), None, "defects.0"),
    Case("tab in an attributed source", set_meta(attributed_sources=["European Pravda", "Reu\tters"]),
         "control-character", META, list_item_line("attributed_sources", 1), _control("U+0009", 3), None,
         "attributed_sources.1"),
    Case("right-to-left mark in a zone note", set_meta(zones=[{"start": 0, "end": 72, "kind": "headline",
                                                              "note": "tag\u200f"}]),
         "control-character", META, zone_line(0, "note"), _control("U+200F", 3), None, "zones.0.note"),
    Case("bidi override in a registry name", _registry_entry(name="European \u202dUnion"), "control-character",
         REGISTRY, REGISTRY_EU, _control("U+202D", 9), "european-union", "name"),
    Case("newline in a registry alias", _registry_entry(aliases=["EU\n"]), "control-character", REGISTRY, REGISTRY_EU,
         _control("U+000A", 2), "european-union", "aliases.0"),
    Case("NUL in an annotator handle", set_fields(ANN, 2, annotator="fixture\x00"), "control-character", ANN, 2,
         _control("U+0000", 7), "e1", "annotator"),
    Case("bidi isolate in what a figure measures", set_fields(ANN, 6, measures="NATO \u2067members"),
         "control-character", ANN, 6, _control("U+2067", 5), "f1", "measures"),
    # length limits
    Case("registry name too long", _registry_entry(name="E" * 201), "string_too_long", REGISTRY, REGISTRY_EU,
         "String should have at most 200 characters", "european-union", "name"),
    Case("annotator handle too long", set_fields(ANN, 2, annotator="a" * 101), "string_too_long", ANN, 2,
         "String should have at most 100 characters", "e1", "annotator"),
    Case("metadata notes too long", set_meta(notes="n" * 2001), "string_too_long", META, meta_line("notes"),
         "String should have at most 2000 characters", None, "notes"),
    Case("headline too long", set_meta(headline="h" * 501), "string_too_long", META, meta_line("headline"),
         "String should have at most 500 characters", None, "headline"),
    # invisible characters at a span's edge count as whitespace
    Case("span starts on a zero-width space", span_on(" \u200bKyiv", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("\u200bKyiv", "U+200B"), "e1", "start"),
    Case("span ends on a zero-width non-joiner", span_on(" Kyiv\u200c ", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("Kyiv\u200c", "U+200C"), "e1", "start"),
    Case("span ends on a zero-width joiner", span_on(" Kyiv\u200d ", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("Kyiv\u200d", "U+200D"), "e1", "start"),
    Case("span starts on a word joiner", span_on(" \u2060Kyiv", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("\u2060Kyiv", "U+2060"), "e1", "start"),
    Case("span ends on a soft hyphen", span_on(" Kyiv\u00ad", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("Kyiv\u00ad", "U+00AD"), "e1", "start"),
    Case("span starts on a byte order mark", span_on(" \ufeffKyiv", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("\ufeffKyiv", "U+FEFF"), "e1", "start"),
    Case("span ends on a left-to-right mark", span_on(" Kyiv\u200e", 1, 6), "span-edge-whitespace", ANN, 2,
         _invisible("Kyiv\u200e", "U+200E"), "e1", "start"),
    Case("speaker ends on a zero-width space", span_on(" Rutte\u200b said", 1, 7, line=4, role="speaker"),
         "span-edge-whitespace", ANN, 4, _invisible("Rutte\u200b", "U+200B", "speaker"), "q1", "speaker.start"),
    Case("cue starts on a soft hyphen", span_on(" \u00adsaid", 1, 6, line=4, role="cue"), "span-edge-whitespace",
         ANN, 4, _invisible("\u00adsaid", "U+00AD", "cue"), "q1", "cue.start"),
    # a span edge never splits a grapheme cluster
    Case("span starts between a letter and its accent", span_on(" e\u0301tat", 2, 6), "span-splits-grapheme", ANN, 2,
         "span start 2297 splits the grapheme cluster [2296, 2298) U+0065 U+0301", "e1", "start"),
    Case("span ends between a letter and its accent", span_on(" Zoe\u0301", 1, 4), "span-splits-grapheme", ANN, 2,
         "span end 2299 splits the grapheme cluster [2298, 2300) U+0065 U+0301", "e1", "end"),
    Case("span ends inside an emoji ZWJ sequence", span_on(" \U0001F469\u200d\U0001F469\u200d\U0001F467 ", 1, 2),
         "span-splits-grapheme", ANN, 2,
         "span end 2297 splits the grapheme cluster [2296, 2301) U+1F469 U+200D U+1F469 U+200D U+1F467", "e1", "end"),
    Case("span ends inside a flag", span_on(" \U0001F1FA\U0001F1E6 ", 1, 2), "span-splits-grapheme", ANN, 2,
         "span end 2297 splits the grapheme cluster [2296, 2298) U+1F1FA U+1F1E6", "e1", "end"),
    Case("speaker starts between a letter and its accent", span_on(" Rene\u0301e said", 5, 7, line=4, role="speaker"),
         "span-splits-grapheme", ANN, 4, "speaker start 2300 splits the grapheme cluster [2299, 2301) U+0065 U+0301",
         "q1", "speaker.start"),
    Case("speaker ends between a letter and its accent", span_on(" Rene\u0301e said", 1, 5, line=4, role="speaker"),
         "span-splits-grapheme", ANN, 4, "speaker end 2300 splits the grapheme cluster [2299, 2301) U+0065 U+0301",
         "q1", "speaker.end"),
]
CASES += _STRICT_CASES


def _first_line(layout: CorpusLayout, rel: str) -> str:
    return _lines(layout, rel)[0]


def _append(layout: CorpusLayout, rel: str, line: str) -> None:
    path = layout.root / rel
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def _boilerplate_span(source: str) -> str:
    from conftest import REPO_ROOT

    text = (REPO_ROOT / TEXT).read_text(encoding="utf-8")
    start = text.rindex("News")
    record = json.loads(source)
    record.update(start=start, end=start + 4, text="News")
    return json.dumps(record)


def test_catalogue_is_large_enough() -> None:
    assert len({case.check for case in CASES}) >= 25


def test_fixture_corpus_is_valid(corpus: CorpusLayout) -> None:
    report = validate_corpus(corpus)
    assert report.incidents == []
    assert report.valid


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_catalogue_case_is_reported_exactly(corpus: CorpusLayout, case: Case) -> None:
    case.mutate(corpus)
    report = validate_corpus(corpus)
    assert not report.valid
    matching = [i for i in report.incidents if i.check == case.check]
    assert matching, f"expected {case.check}, got {[(i.check, i.message) for i in report.incidents]}"
    incident = matching[0]
    if case.line == "registry_last_line":
        expected_line: int | None = len(_lines(corpus, REGISTRY)) - 1
    elif callable(case.line):
        expected_line = case.line(corpus)
    else:
        expected_line = case.line  # type: ignore[assignment]
    assert incident.path == case.path
    assert incident.line == expected_line
    assert incident.message == case.message
    assert incident.ann_id == case.ann_id
    if case.field is not None:
        assert incident.field == case.field
    if case.column is not None:
        assert incident.column == case.column
    # one breakage, one kind of finding: nothing unrelated is reported alongside it
    assert {i.check for i in report.incidents if i.severity == "error"} == {case.check, *case.consequences}


def test_grapheme_clusters_are_segmented_once_per_document(corpus: CorpusLayout,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear in the text: one segmentation per document, however many spans and annotation files it has (a
    pull request can add any number of files of one document: each used to segment the text again)."""
    from nato_corpus.validate import annotations

    calls: list[int] = []
    original = annotations.Graphemes.__init__

    def counting(self: annotations.Graphemes, text: str) -> None:
        calls.append(len(text))
        original(self, text)

    monkeypatch.setattr(annotations.Graphemes, "__init__", counting)
    assert validate_corpus(corpus).valid
    assert calls == [TEXT_LENGTH]  # one file of five annotations (seven spans), one pass over its text
    regenerate_rule_layer(corpus)  # a second file of the sample document, and one of every other
    calls.clear()
    assert validate_corpus(corpus).valid
    assert sorted(calls) == sorted(len(read_text(corpus, doc_id)) for doc_id in corpus.doc_ids())


def test_a_folder_under_annotations_that_is_no_origin_is_unexpected(corpus: CorpusLayout) -> None:
    """annotations/<not an origin>/ is read by no command: its files are reported, not taken for a layer."""
    stray = corpus.root / "annotations" / "o17" / f"{SAMPLE_DOC}.jsonl"
    stray.parent.mkdir()
    stray.write_text("not even JSON\n", encoding="utf-8")
    report = validate_corpus(corpus)
    assert report.valid
    assert [(i.check, i.path, i.severity) for i in report.incidents] == [
        ("unexpected-file", f"annotations/o17/{SAMPLE_DOC}.jsonl", "warning")]


def test_keys_the_fast_count_cannot_rule_out_are_not_taken_for_duplicates(corpus: CorpusLayout) -> None:
    """A quote followed by a colon inside a string, or a key spaced from its colon, only sends the line to the
    key-by-key search, which finds no duplicate."""
    set_fields(ANN, 2, annotator='ann": 1')(corpus)
    set_line(ANN, 3, lambda s: s.replace('":', '" :', 3))(corpus)
    set_line(ANN, 4, lambda s: s.replace('"speaker": {"start": ', '"speaker": {"start"\t: ', 1))(corpus)
    set_fields(ANN, 5, annotator=":ann")(corpus)
    report = validate_corpus(corpus)
    assert report.incidents == []


def test_every_problem_is_reported_not_only_the_first(corpus: CorpusLayout) -> None:
    for mutate in (set_fields(ANN, 2, label="PER"), set_fields(ANN, 5, value="bad"), set_fields(ANN, 6, unit="XX")):
        mutate(corpus)
    report = validate_corpus(corpus)
    assert [(i.line, i.check) for i in report.incidents] == [
        (2, "literal_error"), (5, "malformed-timex-value"), (6, "unknown-unit")]


def test_paths_limit_the_check_to_the_named_files(corpus: CorpusLayout) -> None:
    set_fields(ANN, 2, label="PER")(corpus)
    other = corpus.root / "articles" / "2025-05-nato-allies-seek-five-percent-deal.json"
    assert validate_corpus(corpus, [other]).valid
    assert not validate_corpus(corpus, [corpus.root / ANN]).valid


def test_registry_file_path(corpus: CorpusLayout) -> None:
    assert validate_corpus(corpus, [Path(corpus.registry_path)]).valid
