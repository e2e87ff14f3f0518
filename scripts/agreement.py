"""Inter-annotator agreement between independent annotation passes, before adjudication.

    .venv/bin/python scripts/agreement.py agreement/passes/blind-c agreement/passes/blind-d --gold [--write]
    .venv/bin/python scripts/agreement.py --root probes/heldout probes/heldout/passes/* --gold --write

For each pair of passes (and, with --gold, each pass against the corpus's gold layer) and each layer: span F1
under the strict and partial schemes with 95% document-bootstrap intervals, agreement on every attribute of the
schema on spans with the same boundaries, and for entities Cohen's kappa over tokens with its interval
(nato_corpus.evaluate.agreement).  With --write it writes <root>/agreement/report.md (rendered into the dataset
card), report.json, and disagreements.md listing every differing span for adjudication.  A pass is named by
its folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusLayout, atomic_write_text
from nato_corpus.evaluate.agreement import compare_passes, documents_of, skipped_zones
from nato_corpus.evaluate.scoring import match, spans_of
from nato_corpus.review.diff import in_context
from nato_corpus.schema import LAYERS
from nato_corpus.validate.documents import iter_documents, parse_annotation_file

REPO_ROOT = Path(__file__).resolve().parent.parent  # this checkout: the scripts are maintainer tools
SAMPLES = 1000


def load_pass(folder: Path) -> dict[str, list]:
    """doc_id -> annotations of one pass folder."""
    result = {}
    for path in sorted(folder.glob("*.jsonl")):
        parsed = parse_annotation_file(path.read_text(encoding="utf-8"), str(path))
        result[parsed.header.doc_id] = list(parsed.annotations)
    return result


def _shown(text: str, start: int, end: int) -> str:
    """A span in its context, short enough for one line of the adjudication list."""
    if end - start > 80:
        return repr(text[start:start + 60] + "…")
    return repr(in_context(text, start, end, 25))


def _f(value: float | None, interval: tuple[float, float] | None = None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" + (f" [{interval[0]:.2f}, {interval[1]:.2f}]" if interval else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("passes", nargs="+", type=Path)
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="corpus the passes annotate (default: repo)")
    parser.add_argument("--gold", action="store_true", help="also compare each pass with the gold layer")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write report.md, report.json, disagreements.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when any of those files is stale")
    args = parser.parse_args()
    layout = CorpusLayout(args.root.resolve())
    documents = list(iter_documents(layout))
    texts = {d.doc_id: (d.text, skipped_zones(d.metadata)) for d in documents}
    passes = {folder.name: load_pass(folder) for folder in args.passes}
    if len(passes) < len(args.passes):
        parser.error("two passes have the same folder name")
    pairs = list(itertools.combinations(sorted(passes), 2))
    if args.gold:
        passes["gold"] = {d.doc_id: list(d.annotations["human"].annotations) for d in documents
                          if "human" in d.annotations}
        pairs += [(name, "gold") for name in sorted(passes) if name != "gold"]
    report: dict = {}
    lines = ["| passes | layer | documents | spans (A / B) | strict F1 [95% CI] | partial F1 [95% CI] | "
             "token kappa [95% CI] | agreement on every attribute (spans with the same boundaries) |",
             "|---|---|---|---|---|---|---|---|"]
    disagreements = ["# Disagreements between the passes (before adjudication)", ""]
    for name_a, name_b in pairs:
        docs = documents_of(texts, passes[name_a], passes[name_b])
        if not docs:
            continue  # the two passes annotated different documents: nothing to compare
        result = compare_passes(docs, samples=SAMPLES)
        report[f"{name_a}~{name_b}"] = {"documents": [d.doc_id for d in docs], **result}
        for layer in LAYERS:
            entry = result[layer]
            kappa = _f(entry.get("token_kappa"), entry.get("token_kappa_ci")) if layer == "entities" else "–"
            attributes = ", ".join(f"{k} {_f(v)}" for k, v in entry["attributes"].items())
            lines.append(f"| {name_a} vs {name_b} | {layer} | {len(docs)} | {entry['spans'][0]} / "
                         f"{entry['spans'][1]} | {_f(entry['strict_f1'], entry['strict_f1_ci'])} | "
                         f"{_f(entry['partial_f1'], entry['partial_f1_ci'])} | {kappa} | {attributes} |")
        for doc in docs:
            for layer in LAYERS:
                first = spans_of([a for a in doc.first if a.layer == layer], layer)
                second = spans_of([a for a in doc.second if a.layer == layer], layer)
                where = f"- {name_a} vs {name_b}, `{doc.doc_id}` {layer}"
                _, paired = match(first, second, "exact")
                left_ids, right_ids = {id(g) for g, _ in paired}, {id(p) for _, p in paired}
                for g, p in paired:
                    exclude = {"id", "annotator", "annotator_kind", "origin"}
                    left, right = g.item.model_dump(exclude=exclude), p.item.model_dump(exclude=exclude)
                    if left != right:
                        diff = {k: (v, right[k]) for k, v in left.items() if right[k] != v}
                        disagreements.append(f"{where} {g.item.id} / {p.item.id} [{g.start}, {g.end}) "
                                             f"{_shown(doc.text, g.start, g.end)}: {diff}")
                disagreements += [f"{where} only in {name_a} ({g.item.id}) [{g.start}, {g.end}) "
                                  f"{_shown(doc.text, g.start, g.end)}" for g in first if id(g) not in left_ids]
                disagreements += [f"{where} only in {name_b} ({p.item.id}) [{p.start}, {p.end}) "
                                  f"{_shown(doc.text, p.start, p.end)}" for p in second if id(p) not in right_ids]
    table = "\n".join(lines) + "\n"
    print(table)
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
