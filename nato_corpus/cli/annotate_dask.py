"""``nato-corpus annotate-dask``: the rule layer over Parquet or JSONL shards on a Dask cluster (local or remote)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from nato_corpus.distributed import COMMAND, PIECE_BYTES, annotate_on_dask, dask_client, load_registry, plan_pieces
from nato_corpus.files import check_output_folder


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "annotate-dask",
        help="annotate Parquet/JSONL texts with the rules on a Dask cluster, writing Parquet shards",
        description="Run the rule annotator over the Parquet shards of the published documents config (or any "
                    "Parquet with 'text' and 'publication' or 'published', or JSONL lines with 'text' and "
                    "'published') on Dask: a local cluster of --workers processes, or the scheduler at "
                    "--scheduler. Writes one Parquet shard per piece into --out: the input's columns and "
                    "rule_entities, rule_quotes, rule_dates, rule_figures, typed as the published gold layers.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="a .parquet or .jsonl file, or a folder of them (local path or URI: s3://, gs://, ...)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="output folder (replaced only when it is a previous output of this command)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                        help="worker processes of the local cluster, one thread each (default: the CPU count)")
    parser.add_argument("--registry", metavar="PATH",
                        help="link entities to this registry: a corpus folder, a registry JSONL or the published "
                             "registry Parquet (default: the corpus the current folder is in, if any)")
    parser.add_argument("--piece-mb", type=float, default=PIECE_BYTES / 2**20, metavar="MB",
                        help=f"input size of one task (default {PIECE_BYTES // 2**20})")
    parser.set_defaults(run=run, needs_corpus=False)


def run(args: argparse.Namespace) -> int:
    root = getattr(args, "root", None)
    registry = load_registry(args.registry) if args.registry is not None else root
    protected = [root] if root is not None else []
    check_output_folder(args.out, COMMAND, protected, str(args.out))  # refusals before a cluster is started
    plan = plan_pieces(args.inputs, max(1, int(args.piece_mb * 2**20)))
    with dask_client(args.scheduler, max(1, args.workers)) as client:
        result = annotate_on_dask(plan, args.out, client, registry, protected=protected)
    shards = len(result.shards)
    print(f"{args.out}: {result.rows} rows annotated into {shards} Parquet shard{'' if shards == 1 else 's'}")
    return 0
