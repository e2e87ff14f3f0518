"""``nato-corpus validate [PATH ...]``: exit 0 when valid, 1 when invalid, 2 on usage errors."""

from __future__ import annotations

import argparse
from pathlib import Path

from nato_corpus.cli import add_jobs_option
from nato_corpus.corpus import CorpusLayout
from nato_corpus.validate import validate_corpus
from nato_corpus.validate.incidents import RENDERERS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check articles, metadata, registry and annotation files; report every problem",
        description="Validate the corpus (the whole repository by default, or the files and folders given).",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders to check")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text",
                        help="text (default), github (workflow annotations) or json")
    add_jobs_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    layout = CorpusLayout(args.root.resolve())
    report = validate_corpus(layout, args.paths, jobs=args.jobs)  # a UsageError (exit 2) is printed by nato_corpus.cli
    print(RENDERERS[args.format](report.incidents, report.files_checked))
    return 0 if report.valid else 1
