"""The ``nato-corpus`` command: a thin argparse front end; every command's work is a library function.

Each command lives in its own module with ``register(subparsers)``; the module's ``run(args) -> int``
returns the exit code (0 ok, 1 findings or failure, 2 usage error).  No input ends in a traceback: an
unexpected exception is reported in one line (``NATO_CORPUS_DEBUG=1`` re-raises it).

When the reader of standard output goes away (``nato-corpus validate | head -1``), the command stops quietly
with exit status 141, what a shell reports for a process killed by SIGPIPE (128 + 13), so ``set -o pipefail``
scripts see the usual code and it cannot be taken for "findings" (1).  Output is flushed inside ``main`` so a
closed pipe is noticed there and not at interpreter exit; stdout is then pointed at the null device (the
Python docs' "Note on SIGPIPE"), so nothing is printed to stderr.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

# Arrow's default allocator (mimalloc) keeps the pages a streaming build frees: its peak memory grew with the
# row groups it had written (about 130 MB more at N = 10,000 than with the system allocator).  A command's
# process uses the system allocator unless the user chose one; set before pyarrow allocates anything.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from nato_corpus import __version__
from nato_corpus.corpus import CorpusError, find_corpus_root, is_corpus_root
from nato_corpus.escape import for_terminal
from nato_corpus.files import refuse_link_below_cwd

# command modules; `main_job` registers the `main` command (a module named `main` would shadow this
# package's `main` function once imported)
COMMAND_MODULES = ("validate", "annotate", "annotate_dask", "build", "publish", "rehydrate", "bench", "diff",
                   "labelstudio", "render", "main_job")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(prog="nato-corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"nato-corpus {__version__}")
    parser.add_argument("--root", type=Path, default=None,
                        help="corpus folder (default: the nearest folder at or above the current one that holds "
                             "articles/ and registry/, as git finds its repository)")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"nato_corpus.cli.{name}").register(subparsers)
    for subparser in subparsers.choices.values():  # `nato-corpus CMD --root DIR` works as well as before CMD
        subparser.add_argument("--root", type=Path, default=argparse.SUPPRESS, help="corpus folder")
    return parser


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """The --jobs option of the commands whose CPU-bound work runs in several processes (same output for any N)."""
    parser.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                        help="processes for the CPU-bound work (default 1; 0: one per core); the output is the "
                             "same for any N")


def _jobs(value: str) -> int:
    from nato_corpus.parallel import default_jobs

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 1 or more, or 0 for one per core")
    return number or default_jobs()


BROKEN_PIPE = 128 + 13  # the shell's status for a process ended by SIGPIPE


def _silence_stdout() -> None:
    """Point stdout at the null device, so that writing what is still buffered at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (replaced in tests) or already closed
        pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # `annotate --text FILE`, `bench --gold DATASET` and commands that set needs_corpus=False need no corpus (the
    # corpus may still give a registry)
    standalone = (getattr(args, "text", None) is not None or getattr(args, "gold", None) is not None
                  or not getattr(args, "needs_corpus", True))
    if args.root is not None:
        try:
            refuse_link_below_cwd(args.root, f"--root {args.root}")  # a PR's link must not lead --root elsewhere
        except CorpusError as exc:
            print(f"error: {for_terminal(exc.describe())}", file=sys.stderr)
            return exc.exit_code
    if args.root is not None and not is_corpus_root(args.root):  # named explicitly: it must be one, always
        print(f"error: --root {for_terminal(str(args.root))}: not a corpus folder (it has no articles/ and "
              "registry/ folders)", file=sys.stderr)
        return 2
    if args.root is None:
        args.root = find_corpus_root(Path.cwd())
        if args.root is None and not standalone:
            print(f"error: not inside a corpus: neither {for_terminal(str(Path.cwd()))} nor a folder above it has "
                  "articles/ and registry/ folders (pass --root DIR)", file=sys.stderr)
            return 2
    try:
        status = int(args.run(args))
        sys.stdout.flush()  # a closed pipe shows up here, not as a warning at interpreter exit
        return status
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except CorpusError as exc:  # every command's errors, one formatter; names a file that may be hostile: escaped
        print(f"error: {for_terminal(exc.describe())}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: a bug must still end in one line, not a traceback (see NATO_CORPUS_DEBUG)
        if os.environ.get("NATO_CORPUS_DEBUG"):
            raise
        first = for_terminal((str(exc).splitlines() or [""])[0])
        print(f"error: nato-corpus {args.command}: internal error {type(exc).__name__}: {first} "
              "(a bug; rerun with NATO_CORPUS_DEBUG=1 for the traceback and report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
