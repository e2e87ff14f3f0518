"""``nato-corpus main``: the README's main job in one command."""

from __future__ import annotations

import argparse
from pathlib import Path

from nato_corpus.corpus import CorpusLayout
from nato_corpus.pipeline import run_main_job


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "main", help="validate, regenerate rule annotations, build the HF dataset, load it back, summarise"
    )
    parser.add_argument("--out", type=Path, default=None, help="dataset folder (default: <root>/hf_dataset)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    layout = CorpusLayout(args.root.resolve())
    out_dir = args.out if args.out is not None else layout.root / "hf_dataset"
    print(run_main_job(layout, out_dir))  # a failed step is a CorpusError: one line, from nato_corpus.cli
    return 0
