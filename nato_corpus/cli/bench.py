"""``nato-corpus bench``: score a built-in system or a predictions file against the gold layer."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusLayout, atomic_write_text
from nato_corpus.schema import LAYERS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="score a system against the gold layer")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--system", choices=("rules", "spacy-sm"), help="a built-in baseline")
    source.add_argument("--predictions", type=Path, help="predictions: folder of .jsonl, a .jsonl or a .parquet")
    parser.add_argument("--split", default="test", choices=("train", "validation", "test", "all"))
    parser.add_argument("--layers", default=",".join(LAYERS), help="comma-separated layers (default: all)")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: no intervals)")
    parser.add_argument("--write-leaderboard", action="store_true",
                        help="score the baselines on all splits and write reports/leaderboard.{md,json,png}")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.evaluate.bench import (
        chart,
        evaluate,
        leaderboard,
        render_json,
        render_markdown,
        split_documents,
        system_predictions,
    )
    from nato_corpus.evaluate.predictions import PredictionError, check_predictions, load_predictions

    layout = CorpusLayout(args.root.resolve())
    layers = [layer.strip() for layer in args.layers.split(",") if layer.strip()]
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown:
        print(f"error: --layers: unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}",
              file=sys.stderr)
        return 2
    try:
        if args.write_leaderboard:
            rows = {}
            for system in ("rules", "spacy-sm"):
                try:
                    predictions = system_predictions(layout, system, layout.doc_ids())
                except PredictionError as exc:
                    print(f"skipping {system}: {exc}", file=sys.stderr)
                    continue
                rows[system] = {"split": "all", "report": evaluate(layout, predictions, layout.doc_ids(), layers,
                                                                   bootstrap=args.bootstrap)}
            reports = layout.root / "reports"
            reports.mkdir(exist_ok=True)
            atomic_write_text(reports / "leaderboard.md", leaderboard(rows))
            atomic_write_text(reports / "leaderboard.json", json.dumps(rows, indent=2, default=list) + "\n")
            try:
                chart(rows, reports / "leaderboard.png")
            except ImportError:
                print("matplotlib is not installed: no chart (pip install 'nato-corpus[bench]')", file=sys.stderr)
            print(leaderboard(rows), end="")
            return 0
        doc_ids = split_documents(layout, args.split)
        if args.predictions is not None:
            predictions, origins = load_predictions(args.predictions)
            check_predictions(layout, predictions, origins)
            name = args.predictions.name
        else:
            name = args.system or "rules"
            predictions = system_predictions(layout, name, doc_ids)
        report = evaluate(layout, predictions, doc_ids, layers, bootstrap=args.bootstrap)
    except PredictionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(render_json(report), end="")
    else:
        print(render_markdown(report, f"{name} on the {args.split} split"), end="")
    return 0
