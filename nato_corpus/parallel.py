"""Running the CPU-bound work of a command in N processes, and showing progress on a terminal.

:func:`ordered_map` is the one way commands use several cores (``--jobs N``): results come back in input order,
so the output of ``--jobs 4`` is the output of ``--jobs 1``, and the input is handed out in bounded windows, so
memory does not grow with the corpus.  :func:`progress` shows a tqdm bar only when standard error is a terminal:
logs, CI and pipes get nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, Final, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items handed to the pool at a time, per process: enough to keep every process busy, few enough that the
# texts waiting to be processed stay a small, fixed amount of memory.
WINDOW_PER_JOB: Final = 64

_worker_function: Callable[[Any], Any] | None = None


def _install(function: Callable[[Any], Any]) -> None:
    global _worker_function
    _worker_function = function


def _call(item: Any) -> Any:
    """Run the installed function in a process; a CorpusError comes back as one with the same line (its
    subclasses need not survive pickling: InvalidCorpus is built from a finding)."""
    from nato_corpus.files import CorpusError

    assert _worker_function is not None
    try:
        return _worker_function(item)
    except CorpusError as exc:
        raise CorpusError(exc.describe(), exit_code=exc.exit_code) from None


def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], jobs: int = 1) -> Iterator[Result]:
    """`map(function, items)` in `jobs` processes, results in input order; jobs <= 1 runs in this process.

    `function` is given to each process once when it starts (not pickled per item), so it may hold a registry
    index or a corpus layout.  Processes are forked where the platform can (they inherit what is imported).
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    iterator = iter(items)
    with context.Pool(jobs, initializer=_install, initargs=(function,)) as pool:
        while window := list(islice(iterator, jobs * WINDOW_PER_JOB)):
            yield from pool.imap(_call, window, chunksize=max(1, len(window) // (jobs * 4)))


def default_jobs() -> int:
    """The cores this process may use (the --jobs default is 1; this is what --jobs 0 means)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def progress(items: Iterable[Item], total: int | None = None, description: str = "",
             unit: str = "doc") -> Iterable[Item]:
    """`items` (counted in `unit`s) with a progress bar on standard error when it is a terminal; `items` itself
    otherwise."""
    if not sys.stderr.isatty():
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, desc=description, unit=unit, leave=False, dynamic_ncols=True)
