"""``nato-corpus build [--out DIR] [--check | --update-card | --record-version VERSION]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nato_corpus.cli import add_jobs_option
from nato_corpus.corpus import CorpusLayout


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("build", help="build the Hugging Face dataset (Parquet, card, Croissant)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/hf_dataset)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="exit 1 when DATASET_CARD.md's generated parts or the benchmark reports it shows are "
                           "stale; builds nothing, scores nothing")
    mode.add_argument("--update-card", action="store_true", help="rewrite DATASET_CARD.md's generated parts")
    mode.add_argument("--record-version", metavar="VERSION",
                      help="record what the dataset publishes now as VERSION (MAJOR.MINOR.PATCH) in "
                           "DATASET_VERSIONS.json, then rewrite the card as --update-card does")
    add_jobs_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.dataset.build import OutputError, build_dataset, scan_corpus
    from nato_corpus.dataset.card import (
        CARD_FILE,
        LICENSE_FILE,
        read_card_template,
        render_card,
        stale_card_parts,
        stale_reports,
    )
    from nato_corpus.dataset.provenance import licence_text
    from nato_corpus.dataset.versions import (
        VERSIONS_FILE,
        VERSIONS_FOLDER,
        PendingChange,
        current_manifest,
        record_version,
    )
    from nato_corpus.files import OutputRefused

    layout = CorpusLayout(args.root.resolve())
    if args.check or args.update_card or args.record_version:
        scan = scan_corpus(layout, jobs=args.jobs)  # one pass over the corpus: sizes and the card's facts
        sizes, facts = scan.sizes, scan.facts
        if args.update_card or args.record_version:
            try:
                if args.record_version:
                    release = record_version(layout, args.record_version, current_manifest(layout))
                    print(f"{VERSIONS_FILE}: version {release.version} recorded ({release.documents} documents; "
                          f"manifest in {release.shards} shard(s) under {VERSIONS_FOLDER}/{release.version}/)")
                    facts.pending = PendingChange()  # the corpus is the release just recorded: nothing is pending
                card = render_card(layout, read_card_template(layout), sizes, facts)
                layout.write_bytes(layout.root / CARD_FILE, card.encode("utf-8"))
                layout.write_bytes(layout.root / LICENSE_FILE,
                                   licence_text(facts.licence_lines()).encode("utf-8"))
            except OSError as exc:
                print(f"error: {CARD_FILE}: cannot write: {exc.strerror or exc}", file=sys.stderr)
                return 1
            print(f"{CARD_FILE}: generated parts rewritten; {LICENSE_FILE} rewritten")
            for message in stale_reports(layout):  # the card shows them as recorded; say they are out of date
                print(f"warning: {message}", file=sys.stderr)
            return 0
        # the card's result tables come from committed reports (never scored here): check both
        stale = [f"{CARD_FILE}: {part} is stale; run nato-corpus build --update-card"
                 for part in stale_card_parts(layout, sizes, facts)] + stale_reports(layout)
        for line in stale:
            print(line)
        return 1 if stale else 0
    out_dir = args.out if args.out is not None else layout.root / "hf_dataset"
    try:
        result = build_dataset(layout, out_dir, jobs=args.jobs)
    except (OutputError, OutputRefused) as exc:  # names the folder as typed, after the option it came from
        exc.option = "--out"
        raise
    total = {config: sum(s["num_examples"] for s in splits.values()) for config, splits in result.sizes.items()}
    print(f"built {result.out_dir}: " + ", ".join(f"{c} {n} rows" for c, n in total.items()))
    return 0
