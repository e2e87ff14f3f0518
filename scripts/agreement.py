"""Inter-annotator agreement between independent annotation passes, before adjudication.

    .venv/bin/python scripts/agreement.py agreement/passes/lead agreement/passes/ann-b [--write]
    .venv/bin/python scripts/agreement.py --root probes/heldout probes/heldout/passes/* --write

For each pair of passes and each layer: span F1 under the strict and partial schemes (one pass taken as
reference; F1 is symmetric), label agreement on spans with the same boundaries, and value agreement on
overlapping spans (entity ids, quote kind/speaker, TIMEX3 type and value, figure value and unit).  With
--write it writes <root>/agreement/report.md (rendered into the dataset card), report.json, and
disagreements.md listing every differing span for adjudication.  A pass is named by its annotator (the one
handle in its files), or by its folder when several annotators share it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusLayout, atomic_write_text, read_text
from nato_corpus.evaluate.scoring import DocumentSpans, match, score_layer, spans_of
from nato_corpus.schema import LAYERS
from nato_corpus.validate.documents import parse_annotation_file

REPO_ROOT = Path(__file__).resolve().parent.parent  # this checkout: the scripts are maintainer tools


def load_pass(folder: Path) -> tuple[str, dict[str, list]]:
    """(name, doc_id -> annotations) of one pass folder."""
    result = {}
    for path in sorted(folder.glob("*.jsonl")):
        parsed = parse_annotation_file(path.read_text(encoding="utf-8"), str(path))
        result[parsed.header.doc_id] = list(parsed.annotations)
    annotators = {a.annotator for items in result.values() for a in items}
    return (annotators.pop() if len(annotators) == 1 else folder.name), result


def documents(a: dict[str, list], b: dict[str, list], layer: str) -> list[DocumentSpans]:
    return [DocumentSpans(doc, spans_of([x for x in a[doc] if x.layer == layer], layer),
                          spans_of([x for x in b.get(doc, []) if x.layer == layer], layer)) for doc in sorted(a)]


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passes", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="corpus the passes annotate (default: repo)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write report.md, report.json, disagreements.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when any of those files is stale")
    args = parser.parse_args()
    layout = CorpusLayout(args.root.resolve())
    loaded = [load_pass(p) for p in args.passes]
    names = [name for name, _ in loaded]
    if len(set(names)) < len(names):  # two folders by one annotator: tell them apart by folder
        loaded = [(folder.name, passes) for folder, (_, passes) in zip(args.passes, loaded, strict=True)]
    if len({name for name, _ in loaded}) < len(loaded):
        parser.error("two passes have the same name; give each pass its own folder")
    passes = dict(sorted(loaded, key=lambda named: named[0]))
    report: dict = {}
    lines = ["| passes | layer | spans (A / B) | strict F1 | partial F1 | attribute agreement on overlapping spans |",
             "|---|---|---|---|---|---|"]
    disagreements = ["# Disagreements between the passes (before adjudication)", ""]
    for (name_a, a), (name_b, b) in itertools.combinations(passes.items(), 2):
        for layer in LAYERS:
            docs = documents(a, b, layer)
            scores = score_layer(layer, docs, bootstrap=0)
            strict, partial = scores["schemes"]["strict"], scores["schemes"]["partial"]
            attributes = ", ".join(f"{k} {_f(v)}" for k, v in scores["attributes"].items())
            report[f"{name_a}~{name_b}"] = report.get(f"{name_a}~{name_b}", {})
            report[f"{name_a}~{name_b}"][layer] = {"strict_f1": strict["f1"], "partial_f1": partial["f1"],
                                                   "spans": [scores["gold"], scores["predicted"]],
                                                   "attributes": scores["attributes"]}
            lines.append(f"| {name_a} vs {name_b} | {layer} | {scores['gold']} / {scores['predicted']} | "
                         f"{_f(strict['f1'])} | {_f(partial['f1'])} | {attributes} |")
            for doc in docs:
                text = read_text(layout, doc.doc_id)
                where = f"- {name_a} vs {name_b}, `{doc.doc_id}` {layer}"
                _, pairs = match(doc.gold, doc.predicted, "strict")
                paired_gold = {id(g) for g, _ in pairs}
                paired_pred = {id(p) for _, p in pairs}
                for g, p in pairs:
                    left = g.item.model_dump(exclude={"id", "annotator"})
                    right = p.item.model_dump(exclude={"id", "annotator"})
                    if left != right:
                        diff = {k: (v, right[k]) for k, v in left.items() if right[k] != v}
                        disagreements.append(f"{where} {g.item.id} / {p.item.id} "
                                             f"{text[g.start:g.end][:60]!r}: {diff}")
                for g in doc.gold:
                    if id(g) not in paired_gold:
                        disagreements.append(f"{where} only in {name_a} ({g.item.id}): "
                                             f"{text[g.start:g.end][:80]!r}")
                for p in doc.predicted:
                    if id(p) not in paired_pred:
                        disagreements.append(f"{where} only in {name_b} ({p.item.id}): "
                                             f"{text[p.start:p.end][:80]!r}")
    table = "\n".join(lines) + "\n"
    print(table)
    print("\n".join(disagreements))
    out = layout.root / "agreement"
    files = {out / "report.md": table, out / "report.json": json.dumps(report, indent=2) + "\n",
             out / "disagreements.md": "\n".join(disagreements) + "\n"}
    if args.check:
        stale = [path for path, content in files.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != content]
        for path in stale:
            print(f"{path}: stale; run scripts/agreement.py ... --write", file=sys.stderr)
        return 1 if stale else 0
    if args.write:
        out.mkdir(exist_ok=True)
        for path, content in files.items():
            atomic_write_text(path, content)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
