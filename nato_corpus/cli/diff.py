"""``nato-corpus diff BASE [--format text|markdown]``: annotation changes since a git revision; exit 0."""

from __future__ import annotations

import argparse

from nato_corpus.corpus import CorpusLayout


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diff", help="annotations added, removed and changed since a git revision")
    parser.add_argument("base", metavar="BASE", help="git revision to compare with (e.g. origin/main)")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.review.diff import compare, render

    layout = CorpusLayout(args.root.resolve())
    changes = compare(layout, args.base)  # DiffError is a usage error (exit 2), printed by nato_corpus.cli
    print(render(changes, args.base, markdown=args.format == "markdown"))
    return 0
