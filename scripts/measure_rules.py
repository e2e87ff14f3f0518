"""Measure the rule layer against the gold layer, and the peers a user would otherwise pick, in one run.

    .venv/bin/python scripts/measure_rules.py            # needs the `peers` extra for the peers
    .venv/bin/python scripts/measure_rules.py --repeat 20
    .venv/bin/python scripts/measure_rules.py --root probes/heldout   # one corpus root only

By default it scores, side by side, the repository's corpus and every probe corpus of
nato_corpus.corpus.PROBE_CORPORA, in that order: the development probes (probes/development/; like the corpus,
used to write the rules, so expect high scores), then the held-out ones (probes/heldout/, probes/heldout-fresh/:
texts whose errors were never looked at while the rules were written, the estimate for new text).

Prints, per layer: strict and partial precision/recall/F1 (micro, and per label for the rules), value
accuracy on matched dates and figures, speaker accuracy on matched quotes; then throughput (documents and
megabytes per second after a warm-up run) of the rules and of spaCy's small pipeline, and their ratio.
Peers: spaCy en_core_web_sm (entities; DATE/TIME spans for dates; MONEY/PERCENT/CARDINAL/QUANTITY spans
for figures), dateparser.search.search_dates (dates), quantulum3 (figures), textacy's
extract.triples.direct_quotations on the spaCy-sm Doc (quotes: content with the guidelines' edge rule, speaker
linked to the registry by name like an entity mention).  A missing peer is reported and skipped.  Timings are
measured in this run only: compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from nato_corpus.annotate import skip_zones
from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout, Document
from nato_corpus.evaluate.bench import evaluate
from nato_corpus.evaluate.predictions import PredictionError, Predictions, from_spans, spacy_pipeline, spacy_system
from nato_corpus.rules import annotate_text
from nato_corpus.rules.entities import index_registry
from nato_corpus.schema import ANNOTATION_ADAPTER, LAYERS
from nato_corpus.schema.annotations import quote_edges
from nato_corpus.validate.documents import iter_documents, read_registry

REPO_ROOT = Path(__file__).resolve().parent.parent  # this checkout: the scripts are maintainer tools
HEADLINE = {"entities": "entity_id", "quotes": "speaker_entity", "dates": "type_and_value",
            "figures": "value_and_unit"}


@cache
def documents_of(root: Path) -> tuple[Document, ...]:
    """Every article of a corpus (text and metadata), read once per run whatever asks for it."""
    return tuple(iter_documents(CorpusLayout(root), ()))


def rules_system(layout: CorpusLayout) -> Callable[[str], list]:
    anchors = {d.text: d.metadata for d in documents_of(layout.root)}
    registry = index_registry(read_registry(layout).values())  # a probe corpus's: the main registry + its overlay

    def run(text: str) -> list:
        metadata = anchors[text]
        return annotate_text(text, dt.date.fromisoformat(metadata.publication.anchor), skip_zones(metadata),
                             registry=registry)

    return run


def dateparser_system(layout: CorpusLayout) -> Callable[[str], list]:
    from dateparser.search import search_dates

    anchors = {d.text: d.metadata.publication.anchor for d in documents_of(layout.root)}

    def run(text: str) -> list:
        base = dt.datetime.fromisoformat(anchors[text])
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        result, cursor = [], 0
        for index, (surface, moment) in enumerate(found, start=1):
            start = text.find(surface, cursor)
            if start < 0:
                continue
            cursor = start + len(surface)
            stripped = surface.strip()
            start += surface.index(stripped[0]) if stripped else 0
            if not stripped:
                continue
            result.append(ANNOTATION_ADAPTER.validate_python({
                "id": f"d{index}", "layer": "dates", "start": start, "end": start + len(stripped), "text": stripped,
                "type": "DATE", "value": moment.date().isoformat(), "origin": "rule", "annotator": "dateparser"}))
        return result

    return run


def quantulum_system() -> Callable[[str], list]:
    from quantulum3 import classifier, parser

    # quantulum3 switches on its unit classifier whenever scikit-learn imports (textacy brings it); every earlier
    # measurement ran without it, and it needs more optional packages, so it stays off: one peer, one config.
    classifier.USE_CLF = False

    currency = {"dollar": "USD", "euro": "EUR", "pound sterling": "GBP", "yen": "JPY"}

    def run(text: str) -> list:
        result = []
        for index, quantity in enumerate(parser.parse(text), start=1):
            start, end = quantity.span
            name = quantity.unit.name
            unit = next((code for word, code in currency.items() if word in name), None)
            kind = "money" if unit else "percent" if name == "percentage" else "count" if name == "dimensionless" \
                else "quantity"
            unit = unit or {"percent": "percent", "count": "item"}.get(kind, "m")
            try:
                value = format(Decimal(str(quantity.value)).normalize(), "f").rstrip("0").rstrip(".") or "0"
                value = value if value not in ("-0",) else "0"
            except InvalidOperation:
                value = None
            surface = text[start:end]
            if not surface.strip() or surface != surface.strip():
                continue
            result.append(ANNOTATION_ADAPTER.validate_python({
                "id": f"f{index}", "layer": "figures", "start": start, "end": end, "text": surface, "kind": kind,
                "value": value, "unit": unit, "origin": "rule", "annotator": "quantulum3"}))
        return result

    return run


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def textacy_system(layout: CorpusLayout) -> Callable[[str], list]:
    """textacy's quotation extractor: direct quotes only, in quotation marks, with speaker and cue tokens."""
    from textacy.extract.triples import direct_quotations

    nlp = spacy_pipeline()
    registry = index_registry(read_registry(layout).values())

    def speaker_id(doc: Any, speaker: list) -> str | None:
        labels = {e.label_ for e in doc.ents if e.start <= speaker[0].i and speaker[-1].i < e.end}
        surface = " ".join(token.text for token in speaker)
        return next((key for label in (*sorted(labels & {"PERSON", "ORG", "GPE", "NORP"}), "PERSON", "ORG", "GPE")
                     if (key := registry.link(surface, label)) is not None), None)

    def run(text: str) -> list:
        doc = nlp(text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # an odd number of quotation marks: textacy bails out on the whole document
            return []
        result = []
        for index, triple in enumerate(triples, start=1):
            content = triple.content
            start, end = content.start_char, content.end_char
            while (start, end) != (edges := quote_edges(text, *_stripped(text, start, end))):
                start, end = edges
            if start >= end:
                continue
            speaker = sorted(triple.speaker, key=lambda token: token.i)
            cue = sorted(triple.cue, key=lambda token: token.i)
            spans = {name: {"start": tokens[0].idx, "end": tokens[-1].idx + len(tokens[-1]),
                            "text": text[tokens[0].idx:tokens[-1].idx + len(tokens[-1])]} if tokens else None
                     for name, tokens in (("speaker", speaker), ("cue", cue))}
            result.append(ANNOTATION_ADAPTER.validate_python({
                "id": f"q{index}", "layer": "quotes", "start": start, "end": end, "text": text[start:end],
                "kind": "direct",
                **spans, "speaker_entity_id": speaker_id(doc, speaker) if speaker else None,
                "origin": "rule", "annotator": "textacy"}))
        return result

    return run


def spacy_annotations() -> Callable[[str], list]:
    spans = spacy_system()
    return lambda text: from_spans(text, spans(text), "spacy-sm")


def predictions_of(layout: CorpusLayout, system: Callable[[str], list]) -> Predictions:
    return {d.doc_id: system(d.text) for d in documents_of(layout.root)}


def throughput(layout: CorpusLayout, systems: dict[str, Callable[[str], list]],
               repeat: int) -> dict[str, list[float]]:
    """Seconds per pass over the corpus, per system, the systems taking turns in every pass (after a warm-up
    pass each): on a shared, noisy machine a ratio of neighbouring passes is steadier than two separate runs."""
    texts = [d.text for d in documents_of(layout.root)]
    for system in systems.values():
        for text in texts:  # warm-up: caches, lazy imports, compiled patterns
            system(text)
    seconds: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(repeat):
        for name, system in systems.items():
            started = time.perf_counter()
            for text in texts:
                system(text)
            seconds[name].append(time.perf_counter() - started)
    return seconds


def _f(value: float | None) -> str:
    return "  –  " if value is None else f"{value:.3f}"


def _ci(interval: tuple[float, float] | None) -> str:
    return "" if interval is None else f"[{interval[0]:.2f}, {interval[1]:.2f}]"


def print_scores(name: str, report: dict, layers: list[str], per_label: bool) -> None:
    for layer in layers:
        scores = report["layers"][layer]
        strict, partial = scores["schemes"]["strict"], scores["schemes"]["partial"]
        extra = ", ".join(f"{k} {_f(v)}" for k, v in scores["attributes"].items())
        print(f"{name:<12} {layer:<9} strict P {_f(strict['precision'])} R {_f(strict['recall'])} "
              f"F1 {_f(strict['f1'])} {_ci(strict['f1_ci95'])} | "
              f"partial P {_f(partial['precision'])} R {_f(partial['recall'])} F1 {_f(partial['f1'])} | {extra}")
        if per_label:
            for label, s in strict["per_label"].items():
                p = scores["schemes"]["partial"]["per_label"].get(label, {})
                print(f"{'':<12}   {label:<10} strict P {_f(s['precision'])} R {_f(s['recall'])} F1 {_f(s['f1'])}"
                      f"  partial F1 {_f(p.get('f1'))}  (gold {s['possible']}, predicted {s['actual']})")


def score_corpus(layout: CorpusLayout) -> Callable[[str], list] | None:
    """Print the rules' and the peers' scores on every document of one corpus; returns spaCy's runner."""
    doc_ids = layout.doc_ids()
    shown = os.path.relpath(layout.root, REPO_ROOT)
    role = next((f" ({probe.role} probes)" for probe in PROBE_CORPORA if probe.path == shown), "")
    name = "the repository" if layout.root == REPO_ROOT else f"{shown}/{role}"
    print(f"corpus {name}: {len(doc_ids)} documents (all splits) against its gold layer\n")
    rules = rules_system(layout)
    print_scores("rules", evaluate(layout, predictions_of(layout, rules), doc_ids), list(LAYERS), per_label=True)
    print()
    peers: list[tuple[str, Callable[[], Callable[[str], list]], list[str]]] = [
        ("spacy-sm", spacy_annotations, ["entities", "dates", "figures"]),
        ("dateparser", lambda: dateparser_system(layout), ["dates"]),
        ("quantulum3", quantulum_system, ["figures"]),
        ("textacy", lambda: textacy_system(layout), ["quotes"]),
    ]
    spacy_run = None
    for name, make, layers in peers:
        try:
            system = make()
        except (ImportError, PredictionError) as exc:
            print(f"{name:<12} skipped: {exc}")
            continue
        if name == "spacy-sm":
            spacy_run = system
        print_scores(name, evaluate(layout, predictions_of(layout, system), doc_ids, layers), layers, per_label=False)
    print()
    return spacy_run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed passes over the corpus (default 10)")
    parser.add_argument("--root", type=Path, action="append",
                        help="corpus root (repeatable; default: the repository and its probe corpora)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    for root in args.root or ():
        if not (root / "articles").is_dir() or not (root / "annotations" / "human").is_dir():
            parser.error(f"--root {root}: not a corpus with a gold layer (articles/ and annotations/human/)")
    candidates = (REPO_ROOT, *(REPO_ROOT / probe.path for probe in PROBE_CORPORA))
    roots = args.root or [root for root in candidates if (root / "articles").is_dir()]
    spacy_run = None
    for root in roots:
        spacy_run = score_corpus(CorpusLayout(root.resolve())) or spacy_run
    layout = CorpusLayout(roots[0].resolve())
    systems = {"rules": rules_system(layout), **({"spacy-sm": spacy_run} if spacy_run is not None else {})}
    seconds = throughput(layout, systems, args.repeat)
    documents = len(documents_of(layout.root))
    megabytes = sum(len(d.text.encode("utf-8")) for d in documents_of(layout.root)) / 1e6
    print(f"throughput on {documents} documents after a warm-up pass, {args.repeat} passes taking turns")
    for name, times in seconds.items():
        total = sum(times)
        print(f"throughput   {name:<10} {documents * len(times) / total:8.1f} documents/s  "
              f"{megabytes * len(times) / total:7.3f} MB/s")
    if "spacy-sm" in seconds:
        ratios = sorted(s / r for s, r in zip(seconds["spacy-sm"], seconds["rules"], strict=True))
        print(f"ratio        rules / spacy-sm = {statistics.median(ratios):.1f}x (median of {len(ratios)} passes; "
              f"range {ratios[0]:.1f}x-{ratios[-1]:.1f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
