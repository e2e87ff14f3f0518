"""``nato-corpus publish --repo-id OWNER/NAME [--out DIR] [--dry-run]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.publish import DELETE_PATTERNS, plan_upload, publish
from nato_corpus.escape import for_terminal


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("publish", help="upload the built dataset to the Hugging Face Hub")
    parser.add_argument("--repo-id", required=True, help="OWNER/NAME of the dataset repository")
    parser.add_argument("--out", type=Path, default=None, help="built folder (default: <root>/hf_dataset)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be uploaded; change nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out_dir = args.out if args.out is not None else CorpusLayout(args.root.resolve()).root / "hf_dataset"
    plan = plan_upload(out_dir, args.repo_id)  # a PublishError is one line, printed by nato_corpus.cli
    if args.dry_run:
        for name, size in plan.files:
            print(f"{size:>10}  {for_terminal(name)}")
        print(f"dry run: Hub files matching {', '.join(DELETE_PATTERNS)} and not listed above would be deleted")
        print(f"dry run: {len(plan.files)} files would be uploaded to datasets/{plan.repo_id}")
        return 0
    print(f"uploaded: {publish(plan, out_dir)}")
    return 0
