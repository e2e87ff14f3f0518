"""``nato-corpus rehydrate DATASET --texts DIR --out DIR``: the documents config from the stand-off one."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rehydrate", help="put the article texts you obtained back into the stand-off config (checks every sha256)")
    parser.add_argument("dataset", type=Path, help="a built dataset folder (local copy of the Hub repository)")
    parser.add_argument("--texts", type=Path, required=True, help="folder of <doc_id>.txt files, bytes as published")
    parser.add_argument("--out", type=Path, required=True,
                        help="output folder: data/documents/<split>-00000-of-00001.parquet, as the documents config")
    parser.set_defaults(run=run, needs_corpus=False)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.dataset.standoff import rehydrate_dataset

    rows = rehydrate_dataset(args.dataset, args.texts, args.out)
    print(f"rehydrated {args.out}: documents per split " + ", ".join(f"{split} {n}" for split, n in rows.items())
          + "; every text matched its text_sha256")
    return 0
