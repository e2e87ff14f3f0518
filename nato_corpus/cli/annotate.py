"""``nato-corpus annotate``: regenerate the rule layer, check it is fresh, or annotate any text file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nato_corpus.annotate import annotate_text_file, regenerate_rule_layer, stale_rule_files
from nato_corpus.cli import add_jobs_option
from nato_corpus.corpus import CorpusLayout
from nato_corpus.rules.entities import registry_index


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "annotate",
        help="regenerate the rule (silver) layer, check it is up to date, or annotate a text file",
        description="Regenerate annotations/rule/ for every article (default), check that the committed files "
                    "are fresh (--check), or print the rule annotations of any UTF-8 text file (--text).",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 when a rule file is stale, listing it")
    mode.add_argument("--text", type=Path, metavar="FILE",
                      help="annotate this UTF-8 text file ('-': standard input) and print JSON; entities are linked "
                           "to the registry of the corpus (--root, or the one the current folder is in), if any")
    parser.add_argument("--published", metavar="YYYY-MM-DD|YYYY-MM",
                        help="anchor of --text (required with it): the publication day, or only its month, then "
                             "values that depend on the day are left unspecified (X)")
    parser.add_argument("--doc-id", metavar="ID", help="document id for --text (default: the file name slugified)")
    parser.add_argument("--format", choices=("jsonl", "json"), default="jsonl",
                        help="--text output: jsonl, the corpus annotation-file format (default), or one JSON object")
    add_jobs_option(parser)
    parser.set_defaults(run=run, _parser=parser)


def run(args: argparse.Namespace) -> int:
    if args.text is None and (args.published is not None or args.doc_id is not None):
        return _usage(args, "--published and --doc-id only go with --text")
    if args.text is not None:
        if args.published is None:
            return _usage(args, "--text needs --published YYYY-MM-DD (or YYYY-MM)")
        # the corpus's registry when there is one (--root or discovery); outside a corpus args.root is None
        registry = None if getattr(args, "root", None) is None else registry_index(args.root)
        output = annotate_text_file(args.text, args.published, args.doc_id, registry)
        if args.format == "json":
            header, *records = (json.loads(line) for line in output.splitlines())
            output = json.dumps({**header, "annotations": records}, ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(output)
        return 0
    layout = CorpusLayout(args.root.resolve())
    corpora = layout.corpora()  # the corpus and its held-out probe corpus
    if args.check:
        stale = [line for corpus in corpora for line in stale_rule_files(corpus, args.jobs)]
        for line in stale:
            print(line)
        if stale:
            print("rule layer is stale: run nato-corpus annotate", file=sys.stderr)
            return 1
        print("rule layer is up to date")
        return 0
    for corpus in corpora:
        changed = regenerate_rule_layer(corpus, jobs=args.jobs)
        shown = layout.relative(corpus.annotations_dir("rule"))
        print(f"{shown}: rule layer regenerated, {changed} of {len(corpus.doc_ids())} files changed")
    return 0


def _usage(args: argparse.Namespace, message: str) -> int:
    args._parser.print_usage(sys.stderr)
    print(f"nato-corpus annotate: error: {message}", file=sys.stderr)
    return 2
