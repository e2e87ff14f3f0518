"""``nato-corpus bench``: score a system against the gold layer and render the report.

A system is the committed rule layer (``rules``), spaCy's small English pipeline (``spacy-sm``, optional
extra), or a predictions file (see :mod:`nato_corpus.evaluate.predictions`).  Documents of the split
without predictions count as empty predictions; a gold document whose layer is not annotated is skipped
for that layer (missing is not negative).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from nato_corpus.corpus import CorpusLayout, load_document
from nato_corpus.evaluate.predictions import Predictions, from_spans, spacy_system
from nato_corpus.evaluate.scoring import SCHEMES, DocumentSpans, score_layer, spans_of
from nato_corpus.schema import LAYERS


def split_documents(layout: CorpusLayout, split: str) -> list[str]:
    return [d for d in layout.doc_ids() if split == "all" or load_document(layout, d, ()).metadata.split == split]


def system_predictions(layout: CorpusLayout, system: str, doc_ids: Sequence[str]) -> Predictions:
    """Predictions of a built-in system for the given documents."""
    if system == "rules":
        result: Predictions = {}
        for doc_id in doc_ids:
            document = load_document(layout, doc_id, ("rule",))
            file = document.annotations.get("rule")
            result[doc_id] = list(file.annotations) if file else []
        return result
    if system == "spacy-sm":
        run = spacy_system()
        return {doc_id: from_spans((text := load_document(layout, doc_id, ()).text), run(text), "spacy-sm")
                for doc_id in doc_ids}
    raise ValueError(f"unknown system {system!r}")


def evaluate(layout: CorpusLayout, predictions: Predictions, doc_ids: Sequence[str],
             layers: Sequence[str] = LAYERS, *, bootstrap: int = 1000) -> dict[str, Any]:
    """The full report: per layer, per scheme and label, attribute accuracies, bootstrap intervals."""
    report: dict[str, Any] = {"documents": list(doc_ids),
                              "missing_documents": sorted(set(doc_ids) - set(predictions)), "layers": {}}
    for layer in layers:
        documents = []
        for doc_id in doc_ids:
            gold = load_document(layout, doc_id, ("human",)).layer("human", layer)
            if gold is None:
                continue  # not annotated: neither right nor wrong
            predicted = [a for a in predictions.get(doc_id, []) if a.layer == layer]
            documents.append(DocumentSpans(doc_id, spans_of(gold, layer), spans_of(predicted, layer)))
        report["layers"][layer] = score_layer(layer, documents, bootstrap=bootstrap) if documents else None
    return report


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return f"[{value[0]:.2f}, {value[1]:.2f}]"
    return str(value)


def render_markdown(report: dict[str, Any], title: str = "") -> str:
    lines = [f"### {title}", ""] if title else []
    lines.append(f"Documents: {len(report['documents'])}; without predictions: {len(report['missing_documents'])}.")
    for layer, scores in report["layers"].items():
        lines += ["", f"**{layer}** (gold {scores['gold'] if scores else 0}, predicted "
                      f"{scores['predicted'] if scores else 0})", ""]
        if scores is None:
            lines.append("_not annotated in the gold layer_")
            continue
        lines += ["| scheme | P | R | F1 | F1 95% CI | macro F1 | COR | INC | PAR | MIS | SPU |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for scheme in SCHEMES:
            s = scores["schemes"][scheme]
            lines.append(f"| {scheme} | {_fmt(s['precision'])} | {_fmt(s['recall'])} | {_fmt(s['f1'])} | "
                         f"{_fmt(s['f1_ci95'])} | {_fmt(s['macro_f1'])} | {s['correct']} | {s['incorrect']} | "
                         f"{s['partial']} | {s['missed']} | {s['spurious']} |")
        lines += ["", "| label | strict P | strict R | strict F1 | gold | predicted |", "|---|---|---|---|---|---|"]
        for label, s in scores["schemes"]["strict"]["per_label"].items():
            lines.append(f"| {label} | {_fmt(s['precision'])} | {_fmt(s['recall'])} | {_fmt(s['f1'])} | "
                         f"{s['possible']} | {s['actual']} |")
        attributes = ", ".join(f"{name} {_fmt(value)}" for name, value in scores["attributes"].items())
        lines += ["", f"On {scores['matched_pairs']} overlap-matched spans: {attributes}."]
    return "\n".join(lines) + "\n"


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False, default=list) + "\n"


def leaderboard(rows: dict[str, dict[str, Any]]) -> str:
    """Markdown table: strict F1 (95% CI) per layer and system, plus the headline attribute accuracy."""
    headline = {"entities": "entity_id", "quotes": "speaker_entity", "dates": "type_and_value",
                "figures": "value_and_unit"}
    lines = ["| system | split | " + " | ".join(f"{layer} strict F1 [95% CI] | {headline[layer]}" for layer in LAYERS)
             + " |", "|---|---|" + "---|---|" * len(LAYERS)]
    for system, entry in rows.items():
        cells = []
        for layer in LAYERS:
            scores = entry["report"]["layers"].get(layer)
            if scores is None:
                cells += ["–", "–"]
                continue
            strict = scores["schemes"]["strict"]
            cells += [f"{_fmt(strict['f1'])} {_fmt(strict['f1_ci95'])}", _fmt(scores["attributes"][headline[layer]])]
        lines.append(f"| {system} | {entry['split']} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def chart(rows: dict[str, dict[str, Any]], path: Any) -> None:
    """PNG bar chart of strict F1 per layer and system with bootstrap error bars (needs matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(7, 3.5), dpi=120)
    width = 0.8 / max(len(rows), 1)
    for offset, (system, entry) in enumerate(rows.items()):
        values, low, high = [], [], []
        for layer in LAYERS:
            strict = (entry["report"]["layers"].get(layer) or {}).get("schemes", {}).get("strict", {})
            f1 = strict.get("f1") or 0.0
            interval = strict.get("f1_ci95") or (f1, f1)
            values.append(f1)
            low.append(max(f1 - interval[0], 0))
            high.append(max(interval[1] - f1, 0))
        positions = [i + offset * width for i in range(len(LAYERS))]
        axis.bar(positions, values, width, yerr=[low, high], capsize=3, label=system)
    axis.set_xticks([i + width * (len(rows) - 1) / 2 for i in range(len(LAYERS))], LAYERS)
    axis.set_ylim(0, 1.05)
    axis.set_ylabel("strict F1")
    axis.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)


def card_results(layout: CorpusLayout) -> str:
    """The dataset card's results table: the rule baseline scored now, other baselines as last recorded.

    The rules need nothing beyond the package, so their row is always fresh (``build --check`` sees any
    drift); optional peers such as spaCy come from ``reports/leaderboard.json``, written by
    ``nato-corpus bench --write-leaderboard``.
    """
    rows = {"rules": {"split": "all", "report": evaluate(layout, system_predictions(layout, "rules",
                                                                                   layout.doc_ids()),
                                                          layout.doc_ids())}}
    recorded = layout.root / "reports" / "leaderboard.json"
    if recorded.exists():
        for system, entry in json.loads(recorded.read_text(encoding="utf-8")).items():
            rows.setdefault(system, entry)
    return leaderboard(rows)
