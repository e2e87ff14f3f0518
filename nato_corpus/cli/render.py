"""``nato-corpus render [--out DIR]``: the static HTML viewer (default site/)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nato_corpus.corpus import CorpusLayout


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("render", help="write a static HTML site to browse the annotations")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: <root>/site)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from nato_corpus.files import OutputRefused
    from nato_corpus.render.site import render_site

    layout = CorpusLayout(args.root.resolve())
    try:
        pages = render_site(layout, args.out if args.out is not None else layout.root / "site")
    except OutputRefused as exc:  # printed by nato_corpus.cli, after the option the folder came from
        exc.option = "--out"
        raise
    print(f"wrote {len(pages)} pages to {pages[0].parent}; open {pages[0].parent / 'index.html'}")
    return 0
