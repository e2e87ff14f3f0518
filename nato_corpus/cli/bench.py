"""``nato-corpus bench``: score a built-in system or a predictions file against the gold layer.

Examples::

    nato-corpus bench                                   # the rule layer on every document, terminal table
    nato-corpus bench --system spacy-sm --format markdown
    nato-corpus bench --system hf:PATH_OR_ID            # a transformers token-classification model
    nato-corpus bench --predictions p.jsonl --name mine --write-leaderboard   # add or update a row
    nato-corpus bench --predictions examples/predictions.jsonl --format json
    nato-corpus bench --gold hf_dataset --predictions p.jsonl   # gold from a built dataset (or a dataset id)
    nato-corpus bench --write-leaderboard               # reports/leaderboard.{md,json,png}, all documents

``--write-leaderboard`` is the one writer of the reports the dataset card shows (the build never scores;
see :mod:`nato_corpus.evaluate.reports`).  Exit codes: 0 scored, 1 unreadable or inconsistent predictions
(one line naming file, line and field), an unreadable gold source or a missing optional dependency, 2 usage
error (also a ``--gold`` that is no corpus folder, built dataset folder or dataset id).  The file formats are
described in :mod:`nato_corpus.evaluate.predictions`, the gold sources in :mod:`nato_corpus.evaluate.gold`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusError, CorpusLayout, sha256_bytes
from nato_corpus.evaluate.scoring import MIN_INTERVAL_DOCUMENTS
from nato_corpus.schema import LAYERS, SPLITS


def _count(value: str) -> int:
    """A whole number >= 0 (argparse turns the ValueError into a usage error, exit 2)."""
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number >= 0")
    return number


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bench", help="score a system against the gold layer")
    parser.add_argument("--gold", metavar="SOURCE",
                        help="the gold layer: a corpus folder, a built dataset folder (nato-corpus build) or a "
                             "dataset id (datasets.load_dataset); default: the corpus (--root)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--system", metavar="SYSTEM",
                        help="a built-in baseline: rules (default) or spacy-sm; or a model: hf:PATH_OR_ID (a "
                             "transformers token-classification model, needs transformers and torch) or "
                             "spacy:PACKAGE (an installed spaCy model package)")
    source.add_argument("--predictions", type=Path, help="predictions: folder of .jsonl, a .jsonl or a .parquet")
    parser.add_argument("--attempts", metavar="LIST",
                        help="comma-separated attributes the predictions attempt (layer.attribute, e.g. "
                             "entities.entity_id,figures.value; a bare name: every layer with it; '' for none); "
                             "overrides a declaration line in the file; the others are not scored")
    parser.add_argument("--split", default="all", choices=(*SPLITS, "all"),
                        help="documents to score (default: all; a split of fewer than "
                             f"{MIN_INTERVAL_DOCUMENTS} documents gets no intervals)")
    parser.add_argument("--layers", help="comma-separated layers (default: those the predictions cover; for a "
                                         "built-in system, the layers it predicts)")
    parser.add_argument("--format", choices=("table", "markdown", "json"), default="table",
                        help="table: aligned text for the terminal (default)")
    parser.add_argument("--bootstrap", type=_count, default=1000, help="bootstrap resamples (0: no intervals)")
    parser.add_argument("--seed", type=int, default=13, help="seed of the bootstrap resampling (reproducible CIs)")
    parser.add_argument("--write-leaderboard", action="store_true",
                        help="score the baselines on every document and write reports/leaderboard.{md,json,png}; "
                             "with --predictions and --name, add or update that system's row")
    parser.add_argument("--name", help="the leaderboard row's system name for --predictions (letters, digits, . _ + -)")
    parser.add_argument("--tuned-on-this-text", choices=("yes", "no"),
                        help="for --name: whether the system was developed or tuned on this corpus's texts "
                             "(default: not stated)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.escape import for_terminal
    from nato_corpus.evaluate.bench import (
        BUILTIN_SYSTEMS,
        evaluate,
        render_json,
        render_markdown,
        render_table,
        split_documents,
        system_info,
        system_predictions,
    )
    from nato_corpus.evaluate.gold import CorpusGold, load_gold
    from nato_corpus.evaluate.predictions import PredictionErrors, load_checked_predictions, reported
    from nato_corpus.evaluate.reports import Submission, text_of, write_leaderboard
    from nato_corpus.evaluate.scoring import parse_attributes
    from nato_corpus.files import read_user_file

    layers = [layer.strip() for layer in (args.layers or ",".join(LAYERS)).split(",") if layer.strip()]
    unknown = sorted(set(layers) - set(LAYERS))
    if unknown:
        raise CorpusError(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(LAYERS)}",
                          option="--layers:", exit_code=2)
    if args.gold is None and getattr(args, "root", None) is None:
        raise CorpusError("no gold layer: pass --root CORPUS or --gold SOURCE", exit_code=2)
    if args.system is not None:
        try:
            system_info(args.system)
        except ValueError as exc:
            raise CorpusError(str(exc), option="--system", exit_code=2) from None
        if args.write_leaderboard and args.system not in BUILTIN_SYSTEMS:
            raise CorpusError("--write-leaderboard with a model: write its predictions with write_predictions and "
                              "submit them with --predictions FILE --name NAME", exit_code=2)
    if args.write_leaderboard and args.split != "all":
        raise CorpusError("--write-leaderboard scores every document (the leaderboard's split is all); drop "
                          f"--split {args.split}", exit_code=2)
    if args.name is not None and not (args.write_leaderboard and args.predictions is not None):
        raise CorpusError("--name names a predictions file's leaderboard row: use it with --predictions and "
                          "--write-leaderboard", exit_code=2)
    if args.write_leaderboard and args.predictions is not None and args.name is None:
        raise CorpusError("--write-leaderboard with --predictions needs --name NAME, the row's system name",
                          exit_code=2)
    if args.attempts is not None and args.predictions is None:
        raise CorpusError("--attempts declares what a predictions file attempts: use it with --predictions "
                          "(a built-in system declares its own)", exit_code=2)
    gold = load_gold(args.gold if args.gold is not None else CorpusLayout(args.root.resolve()))
    if args.write_leaderboard and not isinstance(gold, CorpusGold):
        raise CorpusError(f"--gold {args.gold} is a dataset; --write-leaderboard writes the reports/ of a "
                          "corpus folder", exit_code=2)
    # errors of the scoring below are CorpusErrors (predictions, gold): one line each, from nato_corpus.cli
    loaded = None
    if args.predictions is not None:
        try:
            loaded, warnings = load_checked_predictions(gold, args.predictions)
        except PredictionErrors as exc:  # every problem of the file, one line each
            for line in exc.lines:
                print(f"error: {for_terminal(line)}", file=sys.stderr)
            return 1
        for warning in reported(warnings, "warnings"):
            print(f"warning: {for_terminal(warning)}", file=sys.stderr)
        attempted = loaded.attempts
        if args.attempts is not None:
            try:
                attempted = parse_attributes(args.attempts.split(","), "--attempts")
            except ValueError as exc:
                raise CorpusError(str(exc), exit_code=2) from None
        if args.layers is None and loaded.layers:  # score what the system predicts, not what it never tried
            layers = list(loaded.layers)
    if args.write_leaderboard:
        assert isinstance(gold, CorpusGold)
        submission = None
        if loaded is not None:
            tuned = {"yes": True, "no": False}.get(args.tuned_on_this_text or "")
            digest = sha256_bytes(read_user_file(args.predictions, "predictions")) if args.predictions.is_file() \
                else "folder"
            submission = Submission(args.name, loaded.predictions, tuple(layers), attempted, digest, tuned)
        requested = [layer for layer in LAYERS if args.layers is None or layer in args.layers.split(",")]
        written = write_leaderboard(gold.layout, layers=requested,
                                    bootstrap=args.bootstrap, seed=args.seed, submission=submission)
        for note in written.notes:
            print(note, file=sys.stderr)
        print(written.table, end="")
        return 0
    doc_ids = split_documents(gold, args.split)
    if loaded is not None:
        predictions, name = loaded.predictions, args.predictions.name
    else:
        name = args.system or "rules"
        info = system_info(name)
        predictions = system_predictions(gold, name, doc_ids)
        attempted = info.attempts
        if args.layers is None:
            layers = list(info.layers)
            if name not in BUILTIN_SYSTEMS:  # a model: the layers its labels reach, as for a predictions file
                found = {a.layer for items in predictions.values() for a in items}
                layers = [layer for layer in layers if layer in found] or ["entities"]
    report = evaluate(gold, predictions, doc_ids, layers, bootstrap=args.bootstrap, seed=args.seed,
                      attempted=attempted, system=name, split=args.split)
    for warning in report["warnings"]:
        print(f"warning: {warning}", file=sys.stderr)
    if report["unscored_attributes"] and loaded is not None:  # a built-in system's placeholders are no claims
        why = ("statements are scored only when declared: a first line {\"attempts\": [...]} or --attempts"
               if attempted is None else "a declaration lists every attribute scored, values included")
        print(f"warning: {name}: {', '.join(report['unscored_attributes'])} given but not scored ({why})",
              file=sys.stderr)
    if loaded is None and name in BUILTIN_SYSTEMS:
        role = text_of(gold.layout)[1] if isinstance(gold, CorpusGold) else "corpus"  # a build is the corpus
        if role in BUILTIN_SYSTEMS[name].tuned_on:
            print(f"note: {name} was tuned on these texts ({role}): the scores are in-sample and say nothing about "
                  "new text (the held-out probes do: --root probes/heldout-fresh)", file=sys.stderr)
    title = f"{name} on {'all documents' if args.split == 'all' else f'the {args.split} split'}"
    if args.format == "json":
        print(render_json(report), end="")
    elif args.format == "markdown":
        print(render_markdown(report, title), end="")
    else:
        print(render_table(report, title), end="")
    return 0
