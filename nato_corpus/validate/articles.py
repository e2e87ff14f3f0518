"""Checks of one article: its id, its metadata record, and the metadata against the text."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from nato_corpus.corpus import CorpusLayout, split_for_anchor
from nato_corpus.schema import ArticleMetadata
from nato_corpus.schema.base import DocId
from nato_corpus.validate.incidents import Incident, quoted
from nato_corpus.validate.reading import (
    FieldLines,
    decode_utf8,
    parse_record,
    read_bytes,
    schema_incidents,
)

Report = Callable[[Incident], None]
_DOC_ID = TypeAdapter(DocId)


def check_doc_id(doc_id: str, shown: str, report: Report) -> bool:
    """False (after reporting) when a file name cannot be a document id; nothing else is checked then."""
    try:
        _DOC_ID.validate_python(doc_id)
    except ValidationError as exc:
        item = exc.errors(include_url=False)[0]
        report(Incident(item["type"], item["msg"], shown, doc_id=None))
        return False
    return True


def check_article(
    layout: CorpusLayout, path: Path, doc_id: str, text: str | None, text_hash: str | None, report: Report
) -> ArticleMetadata | None:
    """Validate a metadata file and its agreement with the text; returns the record when it is valid."""
    shown = layout.relative(path)
    data = read_bytes(layout, path, "metadata", report)
    source = decode_utf8(data, shown, report) if data is not None else None
    if source is None:
        return None
    metadata, _, error = parse_record(ArticleMetadata, source, shown, report)
    if error is not None:
        for incident in schema_incidents(error, shown, source=source):
            report(Incident(incident.check, incident.message, shown, line=incident.line, doc_id=doc_id,
                            field=incident.field))
    if metadata is None:
        return None

    lines = FieldLines(source)

    def at(*loc: str | int) -> int | None:
        return lines.line(loc)

    if metadata.doc_id != doc_id:
        report(Incident("doc-id-mismatch", f"doc_id {metadata.doc_id!r} differs from the file name {doc_id!r}",
                        shown, line=at("doc_id"), doc_id=doc_id, field="doc_id"))
    text_changed = text_hash is not None and metadata.text_sha256 != text_hash
    if text_changed:
        report(Incident("text-hash-mismatch", f"the text's sha256 is {text_hash}, metadata records "
                        f"{metadata.text_sha256}: texts are kept byte-for-byte, never edited; zones and "
                        "headline were not checked", shown, line=at("text_sha256"), doc_id=doc_id,
                        field="text_sha256"))
    expected_split = split_for_anchor(metadata.publication.anchor)
    if metadata.split != expected_split:
        report(Incident("split-rule-violation", f"anchor {metadata.publication.anchor} belongs to split "
                        f"{expected_split!r}, not {metadata.split!r}", shown, line=at("split"), doc_id=doc_id,
                        field="split"))
    if text is None or text_changed:
        return metadata
    if metadata.headline is not None and metadata.headline not in text:
        report(Incident("headline-not-in-text", f"headline {quoted(metadata.headline)} does not occur in the text",
                        shown, line=at("headline"), doc_id=doc_id, field="headline"))
    previous_end, previous_index = -1, -1
    for index, zone in sorted(enumerate(metadata.zones), key=lambda item: (item[1].start, item[1].end)):
        if zone.end > len(text):
            report(Incident("zone-out-of-range", f"zone [{zone.start}, {zone.end}) ends beyond the text "
                            f"({len(text)} characters)", shown, line=at("zones", index, "end"), doc_id=doc_id,
                            field=f"zones.{index}.end"))
        if zone.start < previous_end:
            report(Incident("zone-overlap", f"zone [{zone.start}, {zone.end}) overlaps zone {previous_index}",
                            shown, line=at("zones", index, "start"), doc_id=doc_id, field=f"zones.{index}.start"))
        if zone.end > previous_end:
            previous_end, previous_index = zone.end, index
    return metadata
