"""``nato-corpus bench``: score a built-in system or a predictions file against the gold layer.

Examples::

    nato-corpus bench                                   # the rule layer on the test split, terminal table
    nato-corpus bench --system spacy-sm --format markdown
    nato-corpus bench --predictions examples/predictions.jsonl --format json
    nato-corpus bench --write-leaderboard               # reports/leaderboard.{md,json,png}, all documents

Exit codes: 0 scored, 1 unreadable or inconsistent predictions (one line naming file, line and field) or a
missing optional dependency, 2 usage error.  The file formats are described in
:mod:`nato_corpus.evaluate.predictions`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusLayout
from nato_corpus.schema import LAYERS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="score a system against the gold layer")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--system", choices=("rules", "spacy-sm"),
                        help="a built-in baseline (default: rules)")
    source.add_argument("--predictions", type=Path, help="predictions: folder of .jsonl, a .jsonl or a .parquet")
    parser.add_argument("--split", default="test", choices=("train", "validation", "test", "all"),
                        help="documents to score (default: test)")
    parser.add_argument("--layers", help="comma-separated layers (default: those the predictions cover; for a "
                                         "built-in system, the layers it predicts)")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table",
                        help="table: aligned text for the terminal (default)")
    parser.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples (0: no intervals)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the bootstrap resampling (reproducible CIs)")
    parser.add_argument("--write-leaderboard", action="store_true",
                        help="score the baselines on all splits and write reports/leaderboard.{md,json,png}")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.evaluate.bench import (
        BUILTIN_SYSTEMS,
        chart,
        evaluate,
        leaderboard,
        render_json,
        render_markdown,
        render_table,
        split_documents,
        system_predictions,
    )
    from nato_corpus.evaluate.predictions import PredictionError, check_predictions, load_prediction_set

    layout = CorpusLayout(args.root.resolve())
    layers = [layer.strip() for layer in (args.layers or ",".join(LAYERS)).split(",") if layer.strip()]
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown:
        print(f"error: --layers: unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}",
              file=sys.stderr)
        return 2
    try:
        if args.write_leaderboard:
            rows = {}
            for system, info in BUILTIN_SYSTEMS.items():
                try:
                    predictions = system_predictions(layout, system, layout.doc_ids())
                except PredictionError as exc:
                    print(f"skipping {system}: {exc}", file=sys.stderr)
                    continue
                scored = [layer for layer in layers if layer in info.layers]
                rows[system] = {"split": "all", "report": evaluate(layout, predictions, layout.doc_ids(), scored,
                                                                   bootstrap=args.bootstrap, seed=args.seed,
                                                                   unscored=info.unscored)}
            reports = layout.root / "reports"
            layout.write_bytes(reports / "leaderboard.md", leaderboard(rows).encode("utf-8"))
            layout.write_bytes(reports / "leaderboard.json",
                               (json.dumps(rows, indent=2, default=list) + "\n").encode("utf-8"))
            try:
                layout.write_bytes(reports / "leaderboard.png", chart(rows))
            except ImportError:
                print("matplotlib is not installed: no chart (pip install 'nato-corpus[bench]')", file=sys.stderr)
            print(leaderboard(rows), end="")
            return 0
        doc_ids = split_documents(layout, args.split)
        unscored: frozenset[str] = frozenset()
        if args.predictions is not None:
            loaded = load_prediction_set(args.predictions)
            check_predictions(layout, loaded.predictions, loaded.origins)
            predictions, name = loaded.predictions, args.predictions.name
            if args.layers is None and loaded.layers:  # score what the system predicts, not what it never tried
                layers = list(loaded.layers)
        else:
            name = args.system or "rules"
            predictions = system_predictions(layout, name, doc_ids)
            unscored = BUILTIN_SYSTEMS[name].unscored
            if args.layers is None:
                layers = list(BUILTIN_SYSTEMS[name].layers)
        report = evaluate(layout, predictions, doc_ids, layers, bootstrap=args.bootstrap, seed=args.seed,
                          unscored=unscored)
    except PredictionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    title = f"{name} on the {args.split} split"
    if args.format == "json":
        print(render_json(report), end="")
    elif args.format == "markdown":
        print(render_markdown(report, title), end="")
    else:
        print(render_table(report, title), end="")
    return 0
