"""``nato-corpus export-labelstudio`` and ``nato-corpus import-labelstudio FILE``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nato_corpus.corpus import CorpusLayout, atomic_write_text


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export-labelstudio", help="write Label Studio tasks with pre-annotations")
    export.add_argument("--origin", choices=("human", "rule"), default="human")
    export.add_argument("--out", type=Path, default=Path("labelstudio_tasks.json"),
                        help="tasks file; the labeling config is written beside it as <out>.config.xml")
    export.set_defaults(run=run_export)
    imported = subparsers.add_parser("import-labelstudio", help="turn a Label Studio JSON export into human files")
    imported.add_argument("file", type=Path, metavar="FILE")
    imported.add_argument("--annotator", default=None, help="annotator handle for annotations without one")
    imported.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    from nato_corpus.review.labelstudio import export_tasks, labeling_config

    layout = CorpusLayout(args.root.resolve())
    tasks = export_tasks(layout, args.origin)
    atomic_write_text(args.out, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
    atomic_write_text(args.out.with_suffix(".config.xml"), labeling_config())
    print(f"wrote {len(tasks)} tasks to {args.out} and the labeling config to {args.out.with_suffix('.config.xml')}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from nato_corpus.corpus import read_annotations, write_annotations
    from nato_corpus.incidents import render_text
    from nato_corpus.review.labelstudio import LabelStudioError, header_for, import_tasks
    from nato_corpus.validate import validate_corpus

    layout = CorpusLayout(args.root.resolve())
    try:
        tasks = json.loads(args.file.read_text(encoding="utf-8"))
        if not isinstance(tasks, list):
            raise LabelStudioError("the export must be a JSON list of tasks")
        known = set(layout.doc_ids())
        named = {t["data"]["doc_id"] for t in tasks
                 if isinstance(t, dict) and isinstance(t.get("data"), dict) and isinstance(t["data"].get("doc_id"), str)
                 and t["data"]["doc_id"] in known}
        # ids of the gold files being replaced stay reserved: a new region never takes a deleted one's id
        existing = {d: f for d in named if (f := read_annotations(layout, "human", d)) is not None}
        rebuilt = import_tasks(tasks, args.annotator, {d: [a.id for a in f.annotations] for d, f in existing.items()})
        unknown = sorted(set(rebuilt) - known)
        if unknown:
            raise LabelStudioError(f"unknown document(s): {', '.join(unknown)}")
    except (OSError, ValueError, LabelStudioError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    paths = [write_annotations(layout, header_for(layout, doc_id, items, existing.get(doc_id)), items)
             for doc_id, items in rebuilt.items()]
    report = validate_corpus(layout, paths)
    print(render_text(report.incidents, report.files_checked))
    return 0 if report.valid else 1
