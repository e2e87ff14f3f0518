"""``nato-corpus bench``: score a system against the gold layer and render the report.

A system is the committed rule layer (``rules``), spaCy's small English pipeline (``spacy-sm``, optional
extra), a model (``hf:PATH_OR_ID``, ``spacy:PACKAGE``), or a predictions file (see
:mod:`nato_corpus.evaluate.predictions`).  The gold layer comes from a corpus folder, a built dataset folder
or a dataset id (:mod:`nato_corpus.evaluate.gold`); every function here that takes `gold` also takes a
:class:`CorpusLayout`.  Documents of the split without predictions count as empty predictions; a gold
document whose layer is not annotated is skipped for that layer (missing is not negative).

The report (a plain dict, rendered by :func:`render_table`, :func:`render_markdown` or :func:`render_json`)
holds, per layer: span scores under the four SemEval-2013 9.1 schemes (strict, exact, partial, type) with
P/R/F1 and the five counts, micro over all labels, per label and macro; every attribute's accuracy on
overlap-matched pairs where the system states it, with its coverage (see
:mod:`nato_corpus.evaluate.scoring`); for quotes, cue-span P/R/F1; a 95% bootstrap interval over documents
for every F1 (none below ``MIN_INTERVAL_DOCUMENTS``); per-document counts and the per-span errors.  The span
label is the layer's class field: entities ``label``, quotes ``kind``, dates ``type``, figures ``kind``.  Any
score with nothing to score is None, never 0.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from nato_corpus.corpus import CorpusLayout
from nato_corpus.evaluate.gold import GoldSet, as_gold
from nato_corpus.evaluate.predictions import (
    PredictionError,
    Predictions,
    hf_system,
    predict_documents,
    spacy_system,
)
from nato_corpus.evaluate.scoring import (
    INTERVAL_METHOD,
    MIN_INTERVAL_DOCUMENTS,
    SCHEMES,
    Attempted,
    DocumentSpans,
    every_attribute,
    score_layer,
    spans_of,
    unscored_attributes,
)
from nato_corpus.schema import LAYERS, SCHEMA_VERSION


def split_documents(gold: GoldSet | CorpusLayout, split: str) -> list[str]:
    """Sorted ids of the gold documents of `split` ("all": every document)."""
    return as_gold(gold).doc_ids(split)


@dataclass(frozen=True)
class BuiltinSystem:
    """What a built-in system predicts, declared as a predictions file declares it (same scoring rule)."""

    layers: tuple[str, ...]
    attempts: Attempted  # layer -> attribute names it attempts; the others are not scored (None, not 0)
    tuned_on: frozenset[str] = frozenset()  # the texts it was improved on: "corpus", "development" (probe roles)


# OntoNotes NER has no quotes, no registry ids, no TIMEX3 values and no figure values or units: only date types
ONTONOTES_ATTEMPTS: Final[Attempted] = {"entities": (), "dates": ("type",), "figures": ()}
BUILTIN_SYSTEMS: Final[dict[str, BuiltinSystem]] = {
    # the rules were refined on the corpus's gold layer and on the development probes' errors
    "rules": BuiltinSystem(LAYERS, every_attribute(), frozenset({"corpus", "development"})),
    "spacy-sm": BuiltinSystem(("entities", "dates", "figures"), ONTONOTES_ATTEMPTS),
}
# Systems named by a model: hf:PATH_OR_ID (a transformers token-classification model), spacy:PACKAGE
MODEL_PREFIXES: Final = ("hf:", "spacy:")


def system_info(system: str) -> BuiltinSystem:
    """What a named system predicts: a built-in one, or a model (``hf:...``, ``spacy:...``), which has OntoNotes
    spans only, like spaCy; ValueError for any other name."""
    if system in BUILTIN_SYSTEMS:
        return BUILTIN_SYSTEMS[system]
    if system.startswith(MODEL_PREFIXES) and system.partition(":")[2]:
        return BuiltinSystem(("entities", "dates", "figures"), ONTONOTES_ATTEMPTS)
    raise ValueError(f"unknown system {system!r}: choose {', '.join(BUILTIN_SYSTEMS)}, hf:PATH_OR_ID or spacy:PACKAGE")


def system_predictions(gold: GoldSet | CorpusLayout, system: str, doc_ids: Sequence[str]) -> Predictions:
    """Predictions of a built-in system for the given documents.

    ``rules`` is the committed rule layer (``annotations/rule/``, or the ``documents_rule`` config of a built
    dataset), not a fresh run of the rules: ``annotate --check`` keeps the two equal.
    """
    source = as_gold(gold)
    if system == "rules":
        if not source.has_rule_layer:
            raise PredictionError(f"{source.name}: has no rule layer (config documents_rule) to score")
        return {doc_id: source.rule_annotations(doc_id) for doc_id in doc_ids}
    if system == "spacy-sm":
        return predict_documents(source, doc_ids, spacy_system(), "spacy-sm")
    kind, _, name = system.partition(":")
    system_info(system)  # ValueError for an unknown name
    extractor = hf_system(name) if kind == "hf" else spacy_system((name,))
    return predict_documents(source, doc_ids, extractor, f"{kind}-{Path(name).name or 'model'}"[:60])


def evaluate(gold: GoldSet | CorpusLayout, predictions: Predictions, doc_ids: Sequence[str],
             layers: Sequence[str] = LAYERS, *, bootstrap: int = 1000, seed: int = 13,
             attempted: Attempted | None = None, system: str | None = None, split: str | None = None
             ) -> dict[str, Any]:
    """The full report: per layer, per scheme and label, attributes with coverage, intervals, per-document
    counts and the per-span errors; it names the system, the split, the documents and the gold's version.

    A document of `doc_ids` without predictions counts as an empty prediction (listed under
    ``missing_documents``); a document whose gold file does not cover a layer is left out of that layer
    (listed under ``not_annotated``), because missing is not negative.  Predictions overlapping a zone no layer
    annotates (boilerplate, credits, artifact) are dropped before matching and counted under
    ``dropped_in_unannotated_zones``.  A layer with no gold document at all is None.  `attempted` is the
    system's declaration of the attributes it attempts (None: undeclared; see
    :func:`nato_corpus.evaluate.scoring.attempts`).  ``gold.sha256`` fingerprints the gold annotations scored,
    the same whichever source they were read from.  Each gold document is read once and only its spans are
    kept, so memory grows with the spans, not the texts.
    """
    source = as_gold(gold)
    documents: dict[str, list[DocumentSpans]] = {layer: [] for layer in layers}
    skipped: dict[str, list[str]] = {layer: [] for layer in layers}
    dropped: dict[str, int] = dict.fromkeys(layers, 0)
    fingerprint = hashlib.sha256()
    for doc_id in doc_ids:
        document = source.document(doc_id)
        fingerprint.update(f"{doc_id}\n".encode())
        for layer in document.layers:
            for annotation in document.annotations[layer]:
                fingerprint.update(annotation.model_dump_json().encode() + b"\n")
        for layer in layers:
            found = document.layer(layer)
            if found is None:
                skipped[layer].append(doc_id)
                continue
            predicted = []
            for annotation in predictions.get(doc_id, []):
                if annotation.layer != layer:
                    continue
                if document.unannotated_zone(annotation.start, annotation.end) is not None:
                    dropped[layer] += 1
                else:
                    predicted.append(annotation)
            documents[layer].append(DocumentSpans(doc_id, spans_of(found, layer), spans_of(predicted, layer)))
    report: dict[str, Any] = {
        "system": system, "split": split, "documents": list(doc_ids),
        "gold": {"sha256": fingerprint.hexdigest(), "schema_version": SCHEMA_VERSION},
        "missing_documents": [d for d in doc_ids if d not in predictions],
        # predictions for documents of other splits: valid, but not part of this score
        "ignored_documents": sorted(set(predictions) - set(doc_ids)),
        "bootstrap": {"samples": bootstrap, "seed": seed, "unit": "document", "method": INTERVAL_METHOD,
                      "minimum_documents": MIN_INTERVAL_DOCUMENTS},
        "warnings": [],
        "attributes_declared": None if attempted is None else {k: sorted(v) for k, v in attempted.items()},
        "dropped_in_unannotated_zones": dropped, "not_annotated": skipped, "layers": {}}
    for layer in layers:
        declared = None if attempted is None else attempted.get(layer, ())
        report["layers"][layer] = (score_layer(layer, documents[layer], bootstrap=bootstrap, seed=seed,
                                               declared=declared) if documents[layer] else None)
    scored = sorted({len(found) for found in documents.values() if found})
    report["warnings"] = interval_warnings(scored[0], bootstrap) if scored else []
    scored_layers = {layer for layer in layers if report["layers"][layer] is not None}
    report["unscored_attributes"] = unscored_attributes(
        (a for doc_id in doc_ids for a in predictions.get(doc_id, ()) if a.layer in scored_layers), attempted)
    return report


def interval_warnings(documents: int, bootstrap: int) -> list[str]:
    """Why a report has no intervals although resamples were asked for (too few documents)."""
    if not bootstrap or documents >= MIN_INTERVAL_DOCUMENTS:
        return []
    return [f"only {documents} document(s) scored: no confidence intervals below {MIN_INTERVAL_DOCUMENTS} documents "
            "(a bootstrap over so few covers far less than 95%)"]


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return f"[{value[0]:.2f}, {value[1]:.2f}]"
    return str(value)


_SCHEME_COLUMNS = ("scheme", "P", "R", "F1", "F1 95% CI", "macro P", "macro R", "macro F1", "macro F1 95% CI",
                   "COR", "INC", "PAR", "MIS", "SPU")
_LABEL_COLUMNS = ("label", "P", "R", "F1", "F1 95% CI", "COR", "INC", "PAR", "MIS", "SPU")
_COUNT_NAMES = ("correct", "incorrect", "partial", "missed", "spurious")


def _layer_tables(scores: dict[str, Any]) -> list[tuple[str, tuple[str, ...], list[list[str]]]]:
    """The rows of one layer's tables, shared by the terminal and markdown renderings."""
    scheme_rows = []
    for scheme in SCHEMES:
        s = scores["schemes"][scheme]
        scheme_rows.append([scheme, *(_fmt(s[k]) for k in ("precision", "recall", "f1", "f1_ci95", "macro_precision",
                                                             "macro_recall", "macro_f1", "macro_f1_ci95")),
                            *(str(s[k]) for k in _COUNT_NAMES)])
    tables = [("", _SCHEME_COLUMNS, scheme_rows)]
    for scheme in SCHEMES:
        rows = [[label, *(_fmt(s[k]) for k in ("precision", "recall", "f1", "f1_ci95")),
                 *(str(s[k]) for k in _COUNT_NAMES)] for label, s in scores["schemes"][scheme]["per_label"].items()]
        tables.append((f"per label, {scheme}", _LABEL_COLUMNS, rows))
    return tables


def _attribute_cell(name: str, value: float | None, coverage: dict[str, Any] | None) -> str:
    if coverage is None:
        return f"{name} not attempted"
    return f"{name} {_fmt(value)} ({coverage['judged']}/{coverage['matched']})"


def _summary_lines(report: dict[str, Any], layer: str, scores: dict[str, Any] | None) -> list[str]:
    if scores is None:
        return ["not annotated in the gold layer of these documents: not scored"]
    dropped = report.get("dropped_in_unannotated_zones", {}).get(layer, 0)
    lines = [f"{scores['documents']} documents, gold {scores['gold']}, predicted {scores['predicted']}"
             + (f"; skipped (layer not annotated): {len(report['not_annotated'][layer])}"
                if report["not_annotated"].get(layer) else "")
             + (f"; dropped in boilerplate, credits or artifact zones: {dropped}" if dropped else "")]
    coverage = scores.get("attribute_coverage", {})
    attributes = ", ".join(_attribute_cell(name, value, coverage.get(name))
                           for name, value in scores["attributes"].items() if name != "cue_f1")
    lines.append(f"attribute accuracy where predicted (judged/matched) on {scores['matched_pairs']} "
                 f"overlap-matched spans: {attributes}")
    if "cue" in scores:
        cue = scores["cue"]
        lines.append(f"cue spans (exact): P {_fmt(cue['precision'])} R {_fmt(cue['recall'])} "
                     f"F1 {_fmt(cue['f1'])} {_fmt(cue['f1_ci95'])}")
    return lines


def _header(report: dict[str, Any], title: str) -> list[str]:
    missing = len(report["missing_documents"])
    boot = report["bootstrap"]
    intervals = (f"95% CIs: {boot['samples']} bootstrap resamples of documents, seed {boot['seed']}"
                 if boot["samples"] else "no confidence intervals (--bootstrap 0)")
    if report.get("warnings"):
        intervals = "; ".join(f"WARNING: {warning}" for warning in report["warnings"])
    ignored = len(report.get("ignored_documents", ()))
    outside = f"; predictions for {ignored} documents outside the split ignored" if ignored else ""
    return [title, f"documents: {len(report['documents'])}; without predictions (scored as empty): {missing}"
                   f"{outside}; " + intervals]


def render_table(report: dict[str, Any], title: str = "") -> str:
    """Plain aligned columns for the terminal."""
    lines = _header(report, title)[0 if title else 1:]
    for layer, scores in report["layers"].items():
        lines += ["", f"== {layer} ==", *_summary_lines(report, layer, scores)]
        if scores is None:
            continue
        for caption, columns, rows in _layer_tables(scores):
            if caption.startswith("per label") and caption != "per label, strict":
                continue  # the terminal shows strict per label; json and markdown have every scheme
            widths = [max(len(str(c)) for c in column) for column in zip(columns, *rows, strict=True)]
            if caption:
                lines += ["", caption]
            for row in (columns, *rows):
                lines.append("  ".join(cell.rjust(w) if i else cell.ljust(w)
                                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip())
    return "\n".join(lines) + "\n"


def render_markdown(report: dict[str, Any], title: str = "") -> str:
    head = _header(report, title)
    lines = [f"### {head[0]}", ""] if title else []
    lines.append(head[-1][0].upper() + head[-1][1:] + ".")
    for layer, scores in report["layers"].items():
        lines += ["", f"**{layer}**", "", *(f"{line}." for line in _summary_lines(report, layer, scores))]
        if scores is None:
            continue
        for caption, columns, rows in _layer_tables(scores):
            if caption:
                lines += ["", f"_{caption}_"]
            lines += ["", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
            lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, default=list) + "\n"


HEADLINE_ATTRIBUTES: Final = {"entities": "entity_id", "quotes": "speaker_entity", "dates": "type_and_value",
                              "figures": "value_and_unit"}
Section = tuple[str, dict[str, dict[str, Any]]]  # (which text: "corpus", "probes/heldout", ...; its rows)


def _tuned(entry: dict[str, Any]) -> str:
    return {True: "yes", False: "no"}.get(entry.get("tuned_on_this_text"), "not stated")


def leaderboard(sections: Sequence[Section]) -> str:
    """Markdown table: per system and text (the corpus and each probe set, separate rows), the documents and
    split scored, whether the system was tuned on that text, strict F1 (95% CI) per layer and the headline
    attribute accuracy; a cell a system is not scored on is "–", an interval left out (too few documents) "no CI"."""
    lines = ["| system | text | documents | split | tuned on this text | "
             + " | ".join(f"{layer} strict F1 [95% CI] | {HEADLINE_ATTRIBUTES[layer]}" for layer in LAYERS) + " |",
             "|---|---|---|---|---|" + "---|---|" * len(LAYERS)]
    for text, rows in sections:
        for system, entry in rows.items():
            cells = []
            for layer in LAYERS:
                scores = entry["report"]["layers"].get(layer)
                if scores is None:
                    cells += ["–", "–"]
                    continue
                strict = scores["schemes"]["strict"]
                interval = _fmt(strict["f1_ci95"]) if strict["f1_ci95"] is not None or strict["f1"] is None \
                    else "no CI"
                cells += [f"{_fmt(strict['f1'])} {interval}",
                          _fmt(scores["attributes"].get(HEADLINE_ATTRIBUTES[layer]))]
            documents = len(entry["report"].get("documents", ()))
            lines.append(f"| {system} | {text} | {documents} | {entry['split']} | {_tuned(entry)} | "
                         + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def chart(sections: Sequence[Section]) -> bytes:
    """PNG bar chart of strict F1 per layer, one bar per system and text, with bootstrap error bars (needs
    matplotlib).

    The legend names each bar's text, documents and whether the system was tuned on it; a layer a system is
    not scored on is marked "n/a" where its bar would be (rather than a bar at 0).  The PNG is rendered in memory
    without a timestamp in its metadata, so reruns give the same bytes.
    """
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bars = [(system, text, entry) for text, rows in sections for system, entry in rows.items()]
    figure, axis = plt.subplots(figsize=(9, 4.2), dpi=120)
    width = 0.8 / max(len(bars), 1)
    for offset, (system, text, entry) in enumerate(bars):
        positions, values, low, high = [], [], [], []
        for index, layer in enumerate(LAYERS):
            strict = (entry["report"]["layers"].get(layer) or {}).get("schemes", {}).get("strict", {})
            if strict.get("f1") is None:
                axis.text(index + offset * width, 0.02, "n/a", rotation=90, ha="center", va="bottom", fontsize=6)
                continue
            f1 = strict["f1"]
            interval = strict.get("f1_ci95") or (f1, f1)
            positions.append(index + offset * width)
            values.append(f1)
            low.append(max(f1 - interval[0], 0))
            high.append(max(interval[1] - f1, 0))
        documents = len(entry["report"].get("documents", ()))
        label = f"{system} · {text} ({documents} docs, tuned on it: {_tuned(entry)})"
        axis.bar(positions, values, width, yerr=[low, high], capsize=2, label=label)
    axis.set_xticks([i + width * (len(bars) - 1) / 2 for i in range(len(LAYERS))], LAYERS)
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("strict F1 (95% bootstrap CI)")
    axis.set_title("Strict F1 per layer and system, on every document of each text (split: all)", fontsize=10)
    axis.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
