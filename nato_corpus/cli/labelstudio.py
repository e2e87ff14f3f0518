"""``nato-corpus export-labelstudio`` and ``nato-corpus import-labelstudio FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusLayout
from nato_corpus.files import write_user_files
from nato_corpus.review.labelstudio import ANNOTATION_CHOICES
from nato_corpus.schema import ORIGINS


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export-labelstudio", help="write Label Studio tasks with pre-annotations")
    export.add_argument("--origin", choices=ORIGINS, default="human")
    export.add_argument("--out", type=Path, default=Path("labelstudio_tasks.json"),
                        help="tasks file; the labeling config is written beside it as <out>.config.xml")
    export.set_defaults(run=run_export)
    imported = subparsers.add_parser(
        "import-labelstudio", help="turn a Label Studio JSON export into human files",
        description="Rebuild annotations/human/ files from a Label Studio JSON export. Everything is validated "
                    "before anything is written, and all files are written or none; whatever would lose or guess "
                    "at gold annotations is an error unless one of the flags below accepts it.")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--annotator", default=None,
                          help="annotator handle for regions that have none, i.e. drawn in Label Studio "
                               "(default: labelstudio); existing annotators are kept")
    imported.add_argument("--allow-deletions", action="store_true",
                          help="let the import remove gold annotations missing from the export (each is listed)")
    imported.add_argument("--annotation-choice", choices=ANNOTATION_CHOICES, default=None,
                          help="which annotation to take from a task with several submitted ones: the first or "
                               "last in the export, or the most recently updated (default: such a task is an error)")
    imported.add_argument("--skip-unannotated", action="store_true",
                          help="leave documents whose task has no submitted annotation (none, only cancelled ones, "
                               "or an empty one without a gold file) as they are, instead of failing")
    imported.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    from nato_corpus.review.labelstudio import export_tasks, labeling_config

    layout = CorpusLayout(args.root.resolve())
    tasks = export_tasks(layout, args.origin)
    protected = [corpus.root for corpus in layout.corpora()]  # an export never replaces corpus files
    write_user_files({args.out: (json.dumps(tasks, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                      args.out.with_suffix(".config.xml"): labeling_config().encode("utf-8")}, protected)
    print(f"wrote {len(tasks)} tasks to {args.out} and the labeling config to {args.out.with_suffix('.config.xml')}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from nato_corpus.escape import for_terminal
    from nato_corpus.files import CorpusError, read_user_file, write_all_or_none
    from nato_corpus.review.labelstudio import InvalidImport, LabelStudioError, plan_import
    from nato_corpus.validate.incidents import render_text

    layout = CorpusLayout(args.root.resolve())
    try:
        plan = plan_import(layout, read_user_file(args.file, "labelstudio"), annotator=args.annotator,
                           annotation_choice=args.annotation_choice, allow_deletions=args.allow_deletions,
                           skip_unannotated=args.skip_unannotated)
        write_all_or_none(layout.root, plan.files)
    except InvalidImport as exc:
        print(render_text(exc.incidents, exc.files_checked))
        print(f"error: {for_terminal(str(args.file))}: {for_terminal(str(exc))}", file=sys.stderr)
        return 1
    except LabelStudioError as exc:
        print(f"error: {for_terminal(str(args.file))}: {for_terminal(str(exc))}", file=sys.stderr)
        return 1
    except CorpusError as exc:  # FileRefused (the export, a corpus file) or OutputRefused: already names the file
        print(f"error: {for_terminal(str(exc))}", file=sys.stderr)
        return 1
    print(render_text(plan.incidents, plan.files_checked))
    for line in plan.summary():
        print(for_terminal(line))
    written = ", ".join(layout.relative(p) for p in plan.files) or "none: every file is unchanged"
    print(f"files written: {for_terminal(written)}")
    return 0
