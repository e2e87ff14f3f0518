"""Checks of one annotation file: header, schema per line, anchoring in the text, references, overlaps."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Final

import regex
from pydantic import ValidationError

from nato_corpus.corpus import AnnotationFile
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    UNANNOTATED_ZONES,
    Annotation,
    AnnotationFileHeader,
    ArticleMetadata,
    EntityAnnotation,
    QuoteAnnotation,
    RegistryEntity,
)
from nato_corpus.schema.annotations import quote_edges
from nato_corpus.validate.incidents import Incident, quoted
from nato_corpus.validate.reading import core_validator, parse_json, parse_record, schema_incidents, validate_lines

Report = Callable[[Incident], None]

# Invisible characters that count as whitespace at a span's edge (str.isspace() knows none of them): zero-width
# space, ZWNJ, ZWJ, word joiner, soft hyphen, BOM / zero-width no-break space, and the bidi marks, embeddings,
# overrides and isolates.  A span starting or ending on one looks right and is not.
_INVISIBLE: Final = frozenset(
    "\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Extended grapheme clusters (Unicode UAX #29) from the maintained `regex` package: the stdlib re has no \X,
# and the rules (emoji ZWJ sequences, flags, Hangul, Indic conjuncts) change with each Unicode version.
_CLUSTER: Final = regex.compile(r"\X")
# What every cluster of more than one code point holds (UAX #29 rules GB3, GB6-GB9c, GB11-GB13): CR LF, or a
# character of one of these break classes.  A text with none is segmented without building its clusters.
_JOINS: Final = regex.compile(r"\r\n|[\p{GCB=Extend}\p{GCB=SpacingMark}\p{GCB=Prepend}\p{GCB=ZWJ}"
                              r"\p{GCB=Regional_Indicator}\p{GCB=L}\p{GCB=V}\p{GCB=T}\p{GCB=LV}\p{GCB=LVT}]")
# No character below U+0300 is of those classes (found, not assumed): `regex` is slow on long texts, so only the
# characters from there up are searched for one.
_LOWEST_JOIN: Final = next(code for code in range(0x110000) if _JOINS.fullmatch(chr(code)))
_LOW_RUNS: Final = re.compile(f"[\\x00-\\u{_LOWEST_JOIN - 1:04x}]+")
_SHOWN_CODE_POINTS: Final = 8


class Graphemes:
    """The grapheme clusters of more than one code point in a text, segmented once per file so that each span
    edge is a binary search, not a pass over the text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: array[int] = array("q")
        self._ends: array[int] = array("q")
        self.any = False  # whether the text has a cluster of more than one code point (that an offset could split)
        if "\r\n" not in text and (text.isascii() or _JOINS.search(_LOW_RUNS.sub("", text)) is None):
            return  # every cluster is one code point
        clusters = _CLUSTER.findall(text)
        if len(clusters) == len(text):  # every cluster is one code point: no offset can split one
            return
        for end, cluster in zip(accumulate(map(len, clusters)), clusters, strict=True):
            if len(cluster) > 1:
                self._starts.append(end - len(cluster))
                self._ends.append(end)
        self.any = bool(self._starts)

    def around(self, offset: int) -> tuple[int, int] | None:
        """The cluster [start, end) that `offset` falls strictly inside, if any."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and self._starts[index] < offset < self._ends[index]:
            return self._starts[index], self._ends[index]
        return None

    def describe(self, start: int, end: int) -> str:
        """The cluster's code points as U+XXXX (a combining accent or a joiner is invisible when quoted)."""
        shown = " ".join(f"U+{ord(char):04X}" for char in self._text[start:min(end, start + _SHOWN_CODE_POINTS)])
        return shown + (" …" if end - start > _SHOWN_CODE_POINTS else "")


def check_annotation_file(
    content: str,
    shown: str,
    doc_id: str,
    folder_origin: str | None,
    text: str | None,
    text_hash: str | None,
    metadata: ArticleMetadata | None,
    registry: dict[str, RegistryEntity],
    report: Report,
    graphemes: Graphemes | None = None,
) -> AnnotationFile | None:
    """Report every problem of one annotation file; return what parsed (the header and the annotations that
    passed the schema), or None when the header did not.  This is the only parser of annotation files.
    `graphemes` (of `text`) is shared by the files of one document: segmenting a long text is costly."""
    lines = content.split("\n")  # "\n" only: splitlines() would also split inside strings at U+2028
    header_line = next((i for i, line in enumerate(lines, start=1) if line.strip()), None)
    if header_line is None:
        report(Incident("empty-file", "annotation file has no header line", shown, doc_id=doc_id))
        return None
    header = _check_header(lines[header_line - 1], shown, header_line, doc_id, folder_origin, text_hash, report)
    origin = header.origin if header else folder_origin
    # Offsets are only meaningful against the text they were made for.
    anchored = text is not None and (header is None or text_hash is None or header.text_sha256 == text_hash)
    if not anchored or text is None:
        graphemes = None
    elif graphemes is None:
        graphemes = Graphemes(text)
    seen_ids: dict[str, int] = {}
    parsed: list[Annotation] = []
    by_layer: dict[str, list[tuple[Annotation, int]]] = defaultdict(list)
    found = _Findings(report, shown, doc_id)
    layers = header.layers if header is not None else None
    numbered = [(line_no, line) for line_no, line in enumerate(lines[header_line:], start=header_line + 1)
                if line and not line.isspace()]
    fast = validate_lines(_VALIDATE_ANNOTATION, [line for _, line in numbered])
    for (line_no, line), annotation in zip(numbered, fast, strict=True):
        if annotation is None:  # the careful path: says what is wrong with the line
            annotation = _careful_annotation(line, shown, line_no, doc_id, report)
            if annotation is None:
                continue
        parsed.append(annotation)
        first_line = seen_ids.setdefault(annotation.id, line_no)
        if first_line != line_no:
            found(annotation, line_no, "duplicate-id", f"id {annotation.id!r} is already used on line {first_line}",
                  "id")
        if origin is not None and annotation.origin != origin:
            found(annotation, line_no, "origin-mismatch", f"origin {annotation.origin!r} in a file of origin "
                  f"{origin!r}", "origin")
        layer = annotation.layer
        if layers is not None and layer not in layers:
            found(annotation, line_no, "layer-not-declared", f"layer {layer!r} is not listed in the "
                  f"header's layers {list(layers)}", "layer")
        if type(annotation) in _REFERRING:
            _check_references(annotation, line_no, registry, found)
        if layer == "quotes":
            _check_quote_edges(annotation, line_no, found)  # type: ignore[arg-type]
        by_layer[layer].append((annotation, line_no))
    if text is not None and graphemes is not None:  # graphemes exist only for an anchored text
        check_spans([item for items in by_layer.values() for item in items], text, metadata, shown, doc_id, report,
                    graphemes)
    return AnnotationFile(header=header, annotations=tuple(parsed)) if header is not None else None


_VALIDATE_ANNOTATION: Final = core_validator(ANNOTATION_ADAPTER.core_schema)  # the fast path: no wrapper


def _careful_annotation(line: str, shown: str, line_no: int, doc_id: str, report: Report) -> Annotation | None:
    """A line the fast path refused, parsed step by step so that each problem is reported (syntax with its
    column, a duplicate key, each schema error with its field); None when it is not an annotation."""
    record = parse_json(line, shown, report, line_offset=line_no - 1)
    if record is None:
        return None
    try:
        return ANNOTATION_ADAPTER.validate_python(record)
    except ValidationError as exc:
        for incident in schema_incidents(exc, shown, line=line_no, ann_id=record.get("id"), strip_tag=True):
            report(Incident(incident.check, incident.message, shown, line=line_no, doc_id=doc_id,
                            ann_id=incident.ann_id, field=incident.field))
        return None


def check_spans(items: Sequence[tuple[Annotation, int | None]], text: str, metadata: ArticleMetadata | None,
                shown: str, doc_id: str, report: Report, graphemes: Graphemes | None = None) -> None:
    """The span checks of the validator, for annotations from any source (an annotation file, a predictions
    file, a Parquet table): offsets, text, edges, grapheme clusters, unannotated zones, overlaps per layer.
    `items` pairs each annotation with the line (or row) it came from, for the messages."""
    graphemes = graphemes if graphemes is not None else Graphemes(text)
    skipped = Zones([(z.start, z.end, z.kind) for z in (metadata.zones if metadata else ())
                     if z.kind in UNANNOTATED_ZONES])
    found = _Findings(report, shown, doc_id)
    by_layer: dict[str, list[tuple[Annotation, int | None]]] = defaultdict(list)
    for annotation, line_no in items:
        _check_anchoring(annotation, line_no, text, graphemes, skipped, found)
        by_layer[annotation.layer].append((annotation, line_no))
    for layer_items in by_layer.values():
        _check_overlaps(layer_items, shown, doc_id, report)


class Zones:
    """The unannotated zones of a text, as (start, end, kind), indexed so that the zone a span touches is a
    binary search: a loop over every zone for every span is quadratic in what a metadata file and an
    annotation file may hold (tens of thousands of each).  Zones that overlap (themselves an error) are
    searched the same way."""

    def __init__(self, zones: Sequence[tuple[int, int, str]]) -> None:
        ordered = sorted(zones)
        self._starts = [zone[0] for zone in ordered]
        # of the first i + 1 zones by start, the one reaching furthest: the one to report when it reaches a span
        self._reach = list(accumulate(ordered, lambda best, zone: zone if zone[1] > best[1] else best))
        self.any = bool(ordered)

    def touched(self, start: int, end: int) -> tuple[int, int, str] | None:
        """A zone [zone_start, zone_end) sharing a character with [start, end), if any."""
        before = bisect_left(self._starts, end)  # the zones that start before the span ends
        zone = self._reach[before - 1] if before else None
        return zone if zone is not None and zone[1] > start else None


class _Findings:
    """Reports a finding about one annotation at its line (one per file: a closure per annotation would cost
    more than the checks it serves)."""

    __slots__ = ("_doc_id", "_report", "_shown")

    def __init__(self, report: Report, shown: str, doc_id: str) -> None:
        self._report, self._shown, self._doc_id = report, shown, doc_id

    def __call__(self, annotation: Annotation, line_no: int | None, check: str, message: str,
                 field: str | None = None, *, severity: str = "error") -> None:
        self._report(Incident(check, message, self._shown, line=line_no, doc_id=self._doc_id, ann_id=annotation.id,
                              field=field, severity=severity))  # type: ignore[arg-type]


def _check_header(
    line: str, shown: str, line_no: int, doc_id: str, folder_origin: str | None, text_hash: str | None,
    report: Report,
) -> AnnotationFileHeader | None:
    header, _, error = parse_record(AnnotationFileHeader, line, shown, report, line_offset=line_no - 1)
    if error is not None:
        for incident in schema_incidents(error, shown, line=line_no):
            report(Incident(incident.check, f"header: {incident.message}", shown, line=line_no, doc_id=doc_id,
                            field=incident.field))
    if header is None:
        return None
    if header.doc_id != doc_id:
        report(Incident("doc-id-mismatch", f"header doc_id {header.doc_id!r} differs from the file name "
                        f"{doc_id!r}", shown, line=line_no, doc_id=doc_id, field="doc_id"))
    if folder_origin is not None and header.origin != folder_origin:
        report(Incident("origin-mismatch", f"header origin {header.origin!r} in folder annotations/"
                        f"{folder_origin}/", shown, line=line_no, doc_id=doc_id, field="origin"))
    if text_hash is not None and header.text_sha256 != text_hash:
        report(Incident("stale-annotations", f"annotations were made for text sha256 {header.text_sha256[:12]}…, "
                        f"the article is now {text_hash[:12]}…; offsets were not checked", shown, line=line_no,
                        doc_id=doc_id, field="text_sha256"))
    return header


def _check_references(annotation: Annotation, line_no: int, registry: dict[str, RegistryEntity],
                      found: _Findings) -> None:
    if isinstance(annotation, EntityAnnotation) and annotation.entity_id is not None:
        entry = registry.get(annotation.entity_id)
        if entry is None:
            found(annotation, line_no, "unknown-entity-id", f"entity_id {annotation.entity_id!r} is not in the "
                  "registry", "entity_id")
        elif entry.label != annotation.label:
            found(annotation, line_no, "registry-label-mismatch", f"label {annotation.label} differs from the "
                  f"registry's {entry.label} for {entry.id!r}", "label", severity="warning")
    speaker_id = annotation.speaker_entity_id if isinstance(annotation, QuoteAnnotation) else None
    if speaker_id is not None and speaker_id not in registry:
        found(annotation, line_no, "unknown-entity-id", f"speaker_entity_id {speaker_id!r} is not in the registry",
              "speaker_entity_id")


_REFERRING: Final = frozenset({EntityAnnotation, QuoteAnnotation})  # the records that can hold registry keys


def _check_quote_edges(annotation: QuoteAnnotation, line_no: int, found: _Findings) -> None:
    """The guidelines' one edge rule for every quote kind (§6.2): no quotation mark at either edge, no final
    full stop, comma, semicolon or colon; a gold layer must follow it for quote spans to be comparable."""
    covered = annotation.text
    if quote_edges(covered, 0, len(covered)) != (0, len(covered)):
        found(annotation, line_no, "quote-edge-punctuation", f"quote {quoted(covered, limit=40)} starts or "
              "ends with a quotation mark or ends with . , ; or : (guidelines §6.2)", "start")


def _edge_character(covered: str) -> str | None:
    """The whitespace or invisible character a (non-empty) span starts or ends on, if any."""
    return next((char for char in (covered[0], covered[-1]) if char.isspace() or char in _INVISIBLE), None)


def _check_anchoring(annotation: Annotation, line_no: int | None, text: str, graphemes: Graphemes,
                     skipped: Zones, found: _Findings) -> None:
    """Each span of the annotation against the text; `skipped` are the zones no annotation may touch.  Runs
    for every annotation: the field names of the findings are made only for one."""
    for role, start, end, covered in annotation.spans():
        if end > len(text):
            found(annotation, line_no, "offset-out-of-range", f"{role} [{start}, {end}) ends beyond the text "
                  f"({len(text)} characters)", _field(role, "end"))
            continue
        if end - start != len(covered) or not text.startswith(covered, start):  # no copy of the text's span
            found(annotation, line_no, "span-text-mismatch", f"{role} text {quoted(covered)} differs "
                  f"from text[{start}:{end}] = {quoted(text, start, end)}", _field(role, "text"))
            continue
        first, last = covered[0], covered[-1]  # covered is text[start:end]
        if first in _INVISIBLE or last in _INVISIBLE or first.isspace() or last.isspace():
            edge = _edge_character(covered)
            if edge is not None and edge.isspace():
                found(annotation, line_no, "span-edge-whitespace", f"{role} {quoted(covered)} starts or ends on "
                      "whitespace", _field(role, "start"))
            elif edge is not None:
                found(annotation, line_no, "span-edge-whitespace", f"{role} {quoted(covered)} starts or ends on the "
                      f"invisible character U+{ord(edge):04X}", _field(role, "start"))
        if graphemes.any:
            for side, offset in (("start", start), ("end", end)):
                cluster = graphemes.around(offset)
                if cluster is not None:
                    found(annotation, line_no, "span-splits-grapheme", f"{role} {side} {offset} splits the grapheme "
                          f"cluster [{cluster[0]}, {cluster[1]}) {graphemes.describe(*cluster)}", _field(role, side))
        zone = skipped.touched(start, end) if skipped.any else None
        if zone is not None:
            found(annotation, line_no, "span-in-unannotated-zone", f"{role} [{start}, {end}) lies in a {zone[2]} "
                  f"zone [{zone[0]}, {zone[1]})", _field(role, "start"))


def _field(role: str, name: str) -> str:
    """The field a finding about one span names: `name` for the main span, `role.name` for a secondary one."""
    return name if role == "span" else f"{role}.{name}"


def _check_overlaps(items: list[tuple[Annotation, int | None]], shown: str, doc_id: str, report: Report) -> None:
    ordered = sorted(items, key=lambda pair: (pair[0].start, pair[0].end))
    reach: tuple[Annotation, int | None] | None = None
    for annotation, line_no in ordered:
        if reach is not None and annotation.start < reach[0].end:
            other = reach[0]
            report(Incident("span-overlap", f"[{annotation.start}, {annotation.end}) overlaps {other.id} "
                            f"[{other.start}, {other.end}) (line {reach[1]}) in layer {annotation.layer}", shown,
                            line=line_no, doc_id=doc_id, ann_id=annotation.id, field="start"))
        if reach is None or annotation.end > reach[0].end:
            reach = (annotation, line_no)
