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
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.pool import AsyncResult
from typing import Any, Final, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items handed to the pool at a time, per process: enough to keep every process busy, few enough that the
# texts waiting to be processed stay a small, fixed amount of memory.
WINDOW_PER_JOB: Final = 64
# Items per task sent to a process: a few, so that the processes finish together (a corpus's articles differ
# in length by orders of magnitude) while the cost of sending a task stays small beside the work.
CHUNK: Final = 4

_worker_function: Callable[[Any], Any] | None = None


def _install(function: Callable[[Any], Any]) -> None:
    global _worker_function
    _worker_function = function


def _call_chunk(chunk: list[Any]) -> list[Any]:
    """Run the installed function on a chunk in a process; a CorpusError comes back as one with the same line
    (its subclasses need not survive pickling: InvalidCorpus is built from a finding)."""
    from nato_corpus.files import CorpusError

    assert _worker_function is not None
    try:
        return [_worker_function(item) for item in chunk]
    except CorpusError as exc:
        raise CorpusError(exc.describe(), exit_code=exc.exit_code) from None


def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], jobs: int = 1) -> Iterator[Result]:
    """`map(function, items)` in `jobs` processes, results in input order; jobs <= 1 runs in this process.

    `function` is given to each process once when it starts (not pickled per item), so it may hold a registry
    index or a corpus layout.  Processes are forked where the platform can (they inherit what is imported).
    The input is handed out in small chunks as results are taken, at most `WINDOW_PER_JOB` items per process
    ahead: a bounded window that slides, so no process waits for the slowest of a batch.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    iterator = iter(items)
    ahead = max(1, jobs * WINDOW_PER_JOB // CHUNK)
    with context.Pool(jobs, initializer=_install, initargs=(function,)) as pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        while chunk := list(islice(iterator, CHUNK)):
            pending.append(pool.apply_async(_call_chunk, (chunk,)))
            if len(pending) >= ahead:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


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
