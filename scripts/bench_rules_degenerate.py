"""Time each rule layer on degenerate texts, to show that the rules cost about the same per character at any size.

    .venv/bin/python scripts/bench_rules_degenerate.py                      # 10k, 40k, 160k characters
    .venv/bin/python scripts/bench_rules_degenerate.py --sizes 5000 50000 --patterns A A-
    .venv/bin/python scripts/bench_rules_degenerate.py --megabyte           # annotate_text on 1 MB of each

A pull request may commit any article up to the size limit, and CI annotates it: a rule that is quadratic in
the text length (a regex that backtracks over the whole text, a scan repeated from every position) turns a
small, well-compressed article into hours of CI.  Each pattern is repeated to each size; the control is the
corpus articles (articles/*.txt) concatenated to the same size.  Per pattern and layer the script prints the
time per character at each size and the ratio of the time per character at the largest size to that at the
smallest: about 1 for a linear rule, the size ratio (16 for 160k/10k) for a quadratic one.

The quotes layer is timed with the entities of the same text given (as annotate_text gives them), the figures
layer with its dates; "all" is annotate_text as a whole.  A measurement whose predicted time (quadratic
extrapolation from the previous size) exceeds --budget seconds is skipped and shown as "skip"; one that raises
shows the exception's name.  The exit status is 0 when every ratio is at most 1.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, partial
from pathlib import Path
from typing import Final

from nato_corpus.rules import RuleContext, annotate_text, dates, entities, figures, quotes
from nato_corpus.schema import Annotation, DateAnnotation, EntityAnnotation

REPO_ROOT = Path(__file__).resolve().parent.parent
ANCHOR = dt.date(2025, 1, 1)
PATTERNS = ("A", "A-", "Aa ", "1 ", "January ", "1% ", "2024 ", "2024-2025 ")
# More, aimed at each layer's own mechanisms (--extra): blanks, cues, quotation marks of each kind, fillers and
# relative clauses before a cue, thousands groups, ranges, vague and clock figures, headlines.
EXTRA_PATTERNS = (" ", "said ", "Aa said ", "Aa Bb, who ", "has ", '"a b c," he said. ', "\u201ca b c\u201d ",
                  "'A ", "\u2018a \u2019a ", "A. ", "A.", "1,000,", "$1-2 ", "hundreds ", "10 a.m. ", "for years ",
                  "Aa 1 ", "Aa 2025 ", "Aa\n", "a, b ", "Aa - Bb\n",
                  "Mark Rutte arrived. The Secretary General said the allies are united.\n")
LAYERS = ("entities", "quotes", "dates", "figures", "all")
CONTROL = "real"


def control_text(size: int) -> str:
    """The corpus articles concatenated (blank line between) and repeated to `size` characters."""
    articles = [p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "articles").glob("*.txt"))]
    unit = "\n\n".join(a.strip() for a in articles) + "\n\n"
    return (unit * (size // len(unit) + 1))[:size]


def degenerate_text(pattern: str, size: int) -> str:
    return (pattern * (size // len(pattern) + 1))[:size]


@cache
def sample(pattern: str, size: int) -> str:
    return control_text(size) if pattern == CONTROL else degenerate_text(pattern, size)


# What the quotes and figures layers need from an earlier one, found once per text and not timed.
NEEDS: Final = {"quotes": "entities", "figures": "dates"}


@cache
def earlier_layer(layer: str, pattern: str, size: int) -> tuple[Annotation, ...]:
    text = sample(pattern, size)
    return tuple(a for a in annotate_text(text, ANCHOR, layers=(layer,)) if a.layer == layer)


def layer_runner(layer: str, pattern: str, size: int) -> Callable[[], object]:
    """A call running one layer on the sample with what annotate_text gives it (entities, dates)."""
    text = sample(pattern, size)
    context = RuleContext(anchor=ANCHOR)
    if layer == "entities":
        return lambda: entities.annotate(text, context)
    if layer == "dates":
        return lambda: dates.annotate(text, context)
    if layer == "quotes":
        found = tuple(a for a in earlier_layer("entities", pattern, size) if isinstance(a, EntityAnnotation))
        with_entities = replace(context, entities=found)
        return lambda: quotes.annotate(text, with_entities)
    if layer == "figures":
        days = tuple(a for a in earlier_layer("dates", pattern, size) if isinstance(a, DateAnnotation))
        with_dates = replace(context, dates=days)
        return lambda: figures.annotate(text, with_dates)
    return lambda: annotate_text(text, ANCHOR)


def timed(run: Callable[[], object], repeat: int) -> float:
    """The best of `repeat` runs, in seconds (the least disturbed by the rest of the machine), each after a full
    garbage collection so that one run does not pay for the garbage of the one before."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def bench(patterns: Sequence[str], layers: Sequence[str], sizes: Sequence[int], repeat: int, budget: float) -> bool:
    """Print the table; True when every ratio measured is at most 1.5."""
    header = f"{'pattern':<14}{'layer':<10}" + "".join(f"{f'{s // 1000}k µs/ch':>13}" for s in sizes) + \
        f"{f'{sizes[-1] // 1000}k/{sizes[0] // 1000}k':>11}{'total s':>9}"
    print(header)
    print("-" * len(header))
    linear = True
    for pattern in patterns:
        skipped: dict[str, set[int]] = {}  # sizes skipped per layer: a later layer needing it is skipped too
        for layer in layers:
            per_char: list[float | str] = []
            previous: tuple[int, float] | None = None
            total = 0.0
            for size in sizes:
                if (previous is not None and previous[1] * (size / previous[0]) ** 2 > budget) or (
                        size in skipped.get(NEEDS.get(layer, ""), ())):
                    skipped.setdefault(layer, set()).add(size)
                    per_char.append("skip")
                    continue
                try:
                    seconds = timed(layer_runner(layer, pattern, size), repeat)
                except Exception as exc:  # a rule that raises (the CLI's "internal error") is a result too
                    skipped.setdefault(layer, set()).add(size)
                    per_char.append(type(exc).__name__[:12])
                    continue
                total += seconds
                previous = (size, seconds)
                per_char.append(seconds / size * 1e6)
            cells = "".join(f"{v if isinstance(v, str) else f'{v:.2f}':>13}" for v in per_char)
            first, last = per_char[0], per_char[-1]
            ratio = "n/a"
            if isinstance(first, float) and isinstance(last, float):
                ratio = f"{last / first:.2f}"
                linear &= last / first <= 1.5
            else:
                linear = False
            print(f"{pattern!r:<14}{layer:<10}{cells}{ratio:>11}{total:>9.2f}", flush=True)
        sample.cache_clear()  # a heap grown by earlier patterns would slow the garbage collector for later ones
        earlier_layer.cache_clear()
    return linear


def megabyte(patterns: Sequence[str], size: int) -> None:
    """annotate_text on `size` characters of each pattern: the worst a pull request can commit."""
    for pattern in patterns:
        try:
            seconds = timed(partial(annotate_text, sample(pattern, size), ANCHOR), 1)
        except Exception as exc:
            print(f"{pattern!r:<14}{size:>9} chars  {type(exc).__name__}", flush=True)
        else:
            print(f"{pattern!r:<14}{size:>9} chars  {seconds:8.2f} s  {size / seconds / 1000:8.0f} kB/s", flush=True)
        sample.cache_clear()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 40_000, 160_000])
    parser.add_argument("--patterns", nargs="*", default=[*PATTERNS, CONTROL],
                        help=f"texts to repeat; {CONTROL!r} is the corpus articles")
    parser.add_argument("--extra", action="store_true", help="also the patterns aimed at each layer's mechanisms")
    parser.add_argument("--layers", nargs="+", choices=LAYERS, default=list(LAYERS))
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per measurement")
    parser.add_argument("--budget", type=float, default=120.0, help="skip a measurement predicted to take longer")
    parser.add_argument("--megabyte", action="store_true", help="also time annotate_text on 1,000,000 characters")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    patterns = [*args.patterns, *(p for p in EXTRA_PATTERNS if args.extra and p not in args.patterns)]
    linear = bench(patterns, args.layers, sizes, args.repeat, args.budget)
    print(f"\nevery {sizes[-1] // 1000}k/{sizes[0] // 1000}k ratio <= 1.5: {'yes' if linear else 'NO'}")
    if args.megabyte:
        print()
        megabyte(patterns, 1_000_000)
    return 0 if linear else 1


if __name__ == "__main__":
    raise SystemExit(main())
