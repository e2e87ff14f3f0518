"""The ``nato-corpus`` command: a thin argparse front end; every command's work is a library function.

Each command lives in its own module with ``register(subparsers)``; the module's ``run(args) -> int``
returns the exit code (0 ok, 1 findings or failure, 2 usage error).  No input ends in a traceback: an
unexpected exception is reported in one line (``NATO_CORPUS_DEBUG=1`` re-raises it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nato_corpus import __version__
from nato_corpus.corpus import REPO_ROOT, CorpusError

COMMAND_MODULES = ("validate", "annotate", "build", "publish", "bench", "diff", "labelstudio", "render", "main")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(prog="nato-corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nato-corpus {__version__}")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="corpus folder (default: this repository)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"nato_corpus.cli.{name}").register(subparsers)
    for subparser in subparsers.choices.values():  # `nato-corpus CMD --root DIR` works as well as before CMD
        subparser.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="corpus folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    standalone = getattr(args, "text", None) is not None  # `annotate --text FILE` needs no corpus
    if not standalone and not (args.root / "articles").is_dir():
        print(f"error: --root {args.root}: not a corpus folder (it has no articles/ folder)", file=sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: a bug must still end in one line, not a traceback (see NATO_CORPUS_DEBUG)
        if os.environ.get("NATO_CORPUS_DEBUG"):
            raise
        first = (str(exc).splitlines() or [""])[0]
        print(f"error: nato-corpus {args.command}: internal error {type(exc).__name__}: {first} "
              "(a bug; rerun with NATO_CORPUS_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
