"""Committed benchmark reports: their one writer (``bench --write-leaderboard``) and what the card reads.

``reports/leaderboard.{md,json,png}`` of a corpus (and of each probe corpus, e.g. ``probes/heldout/reports/``)
hold the baselines' scores on all of its documents.  The dataset card shows them as recorded: ``build``,
``build --check`` and ``build --update-card`` never run a system, because scoring (a bootstrap over every
document) is most of a build's time on a large corpus.

So that a recorded row cannot silently outlive what it measured, each row records its ``inputs``: for the
gold folder (and, for the rules, the rule folder) a sha256 over every document's id and the sha256 of its
annotation file.  :func:`stale_reason` recomputes them, reading files and scoring nothing, so ``build --check``
still fails when the gold or the rule layer changed after the report was written (``annotate --check`` in
turn fails when the rules changed and the rule layer was not regenerated).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from nato_corpus.corpus import PROBE_CORPORA, CorpusError, CorpusLayout, sha256_bytes
from nato_corpus.evaluate import bench
from nato_corpus.evaluate.predictions import PredictionError, Predictions
from nato_corpus.evaluate.scoring import Attempted
from nato_corpus.schema import LAYERS, ORIGINS

REPORTS_DIR: Final = "reports"
# the annotation folders a system's row depends on: the gold layer always, and what it predicts from
SYSTEM_INPUTS: Final[dict[str, tuple[str, ...]]] = {"rules": ORIGINS}  # the gold layer and its own rule layer
DEFAULT_INPUTS: Final = ("human",)  # a system that reads only the texts (which the gold files pin by sha256)


def leaderboard_path(layout: CorpusLayout) -> Path:
    return layout.root / REPORTS_DIR / "leaderboard.json"


def write_command(layout: CorpusLayout) -> str:
    """The command that rewrites this corpus's reports, as a message should tell the user to run it."""
    if layout.within is None:
        return "nato-corpus bench --write-leaderboard"
    return f"nato-corpus --root {layout.relative(layout.root)} bench --write-leaderboard"


def inputs_digest(layout: CorpusLayout, origin: str, doc_ids: Iterable[str] | None = None) -> str:
    """sha256 over "doc_id, tab, sha256 of annotations/<origin>/<doc_id>.jsonl (or -), newline" per document.

    Document ids are part of it, so an article added without annotations changes it too (it would be listed
    as not annotated in a fresh report).
    """
    digest = hashlib.sha256()
    for doc_id in layout.doc_ids() if doc_ids is None else doc_ids:
        path = layout.annotation_path(origin, doc_id)
        found = "-" if layout.kind_of(path) == "missing" else sha256_bytes(layout.read_bytes(path, "annotations"))
        digest.update(f"{doc_id}\t{found}\n".encode())
    return digest.hexdigest()


def _input_key(origin: str) -> str:
    return f"annotations/{origin}"


class _Digests:
    """Current input digests of one corpus, each computed at most once per run."""

    def __init__(self, layout: CorpusLayout) -> None:
        self.layout = layout
        self._found: dict[str, str] = {}

    def get(self, origin: str) -> str:
        if origin not in self._found:
            self._found[origin] = inputs_digest(self.layout, origin)
        return self._found[origin]

    def inputs_of(self, system: str) -> dict[str, str]:
        return {_input_key(origin): self.get(origin) for origin in SYSTEM_INPUTS.get(system, DEFAULT_INPUTS)}


def read_leaderboard(layout: CorpusLayout) -> dict[str, dict[str, Any]] | None:
    """The recorded rows (system -> {"split", "inputs", "report"}), or None when the corpus has no report."""
    path = leaderboard_path(layout)
    if layout.kind_of(path) == "missing":
        return None
    shown = layout.relative(path)
    try:
        rows = json.loads(layout.read_bytes(path, "document"))
    except ValueError:
        raise CorpusError(f"{shown}: not valid JSON; run {write_command(layout)}") from None
    if not isinstance(rows, dict) or not all(
            isinstance(entry, dict) and isinstance(entry.get("split"), str) and isinstance(entry.get("report"), dict)
            and isinstance(entry["report"].get("layers"), dict) for entry in rows.values()):
        raise CorpusError(f"{shown}: not a leaderboard (system -> split, inputs, report); run {write_command(layout)}")
    return rows


def _row_problem(system: str, entry: dict[str, Any], digests: _Digests) -> str | None:
    """Why a recorded row no longer describes the corpus, or None when every input it scored is unchanged."""
    inputs = entry.get("inputs")
    if not isinstance(inputs, dict):
        return f"its {system!r} row does not record the files it scored"
    for origin in SYSTEM_INPUTS.get(system, DEFAULT_INPUTS):
        if _input_key(origin) not in inputs:
            return f"its {system!r} row does not record the files of {_input_key(origin)}/ it scored"
    for key, recorded in inputs.items():
        origin = key.removeprefix("annotations/")
        if not key.startswith("annotations/") or origin not in ORIGINS:
            return f"its {system!r} row records an unknown input {key!r}"
        if digests.get(origin) != recorded:
            return f"{key}/ changed since its {system!r} row was scored"
    return None


def stale_reason(layout: CorpusLayout) -> str | None:
    """Why the corpus's recorded report is stale, or None when it is fresh or there is none (nothing is scored)."""
    rows = read_leaderboard(layout)
    if rows is None:
        return None
    digests = _Digests(layout)
    return next((problem for system, entry in rows.items() if (problem := _row_problem(system, entry, digests))),
                None)


def stale_message(layout: CorpusLayout) -> str | None:
    """The one line ``build --check`` prints for a stale report, or None."""
    reason = stale_reason(layout)
    if reason is None:
        return None
    return f"{layout.relative(leaderboard_path(layout))} is stale: run {write_command(layout)} ({reason})"


@dataclass(frozen=True)
class WrittenLeaderboard:
    rows: dict[str, dict[str, Any]]
    table: str  # the Markdown table written to leaderboard.md
    notes: list[str] = field(default_factory=list)  # systems skipped, recorded rows kept or dropped, no chart


# A submitted system's name: it becomes a table cell and a chart label, so plain characters only.
_SYSTEM_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,59}")


@dataclass(frozen=True)
class Submission:
    """A predictions file to add to (or update in) the leaderboard under `name`."""

    name: str
    predictions: Predictions
    layers: tuple[str, ...]
    attempts: Attempted | None
    sha256: str  # of the predictions file, recorded in its row
    tuned_on_this_text: bool | None = None  # None: not stated

    def __post_init__(self) -> None:
        if not _SYSTEM_NAME.fullmatch(self.name):
            raise CorpusError(f"{self.name!r}: a system name is 1-60 letters, digits and . _ + -, starting with a "
                              "letter or digit", option="--name", exit_code=2)
        if self.name in bench.BUILTIN_SYSTEMS:
            raise CorpusError(f"{self.name!r} is a built-in system's row; choose another name", option="--name",
                              exit_code=2)


def text_of(layout: CorpusLayout) -> tuple[str, str]:
    """Which text a corpus is, as the tables show it, and its role: ("corpus", "corpus") or a probe corpus's
    path and role ("development" or "held-out")."""
    root = layout.root.as_posix()
    for probe in PROBE_CORPORA:
        if root.endswith("/" + probe.path):
            return probe.path, probe.role
    return "corpus", "corpus"


def sections_of(layout: CorpusLayout, rows: dict[str, dict[str, Any]]) -> list[bench.Section]:
    """This corpus's rows, then the recorded rows of each probe corpus inside it: the corpus, the published
    development probes and the held-out probes as separate rows of one table."""
    sections: list[bench.Section] = [(text_of(layout)[0], rows)]
    for probe in layout.probe_corpora():
        recorded = read_leaderboard(probe)
        if recorded:
            sections.append((text_of(probe)[0], recorded))
    return sections


def write_leaderboard(layout: CorpusLayout, *, layers: Sequence[str] = LAYERS, bootstrap: int = 1000,
                      seed: int = 13, systems: Sequence[str] | None = None,
                      submission: Submission | None = None) -> WrittenLeaderboard:
    """Score the built-in systems (and a `submission`) on every document and write
    ``reports/leaderboard.{md,json,png}`` atomically.

    This is the only writer of the reports the card shows.  A system that cannot run here (spaCy not
    installed) and any other recorded row (a system submitted earlier) keep their recorded row when the files it
    scored are unchanged, and lose it otherwise, so the report written is never stale.  A submission adds its
    row or replaces the row of the same name.  Rows record whether the system was tuned on this text; the
    stored reports leave out the per-span error list (``bench --format json`` prints it).
    """
    notes: list[str] = []
    try:
        recorded = read_leaderboard(layout) or {}
    except CorpusError as exc:
        notes.append(f"ignoring the recorded report: {exc}")
        recorded = {}
    digests = _Digests(layout)
    doc_ids = layout.doc_ids()
    role = text_of(layout)[1]
    rows: dict[str, dict[str, Any]] = {}

    def keep_recorded(system: str) -> None:
        if system not in recorded:
            return
        problem = _row_problem(system, recorded[system], digests)
        if problem is None:
            rows[system] = recorded[system]
            notes.append(f"keeping the recorded {system} row (the files it scored are unchanged)")
        else:
            notes.append(f"dropping the recorded {system} row: {problem}")

    def row(system: str, report: dict[str, Any], tuned: bool | None) -> dict[str, Any]:
        stored = {**report, "layers": {layer: None if scores is None else
                                       {k: v for k, v in scores.items() if k != "errors"}
                                       for layer, scores in report["layers"].items()}}
        return {"split": "all", "inputs": digests.inputs_of(system), "tuned_on_this_text": tuned, "report": stored}

    for system in systems if systems is not None else tuple(bench.BUILTIN_SYSTEMS):
        info = bench.BUILTIN_SYSTEMS[system]
        try:
            predictions = bench.system_predictions(layout, system, doc_ids)
        except PredictionError as exc:
            notes.append(f"skipping {system}: {exc}")
            keep_recorded(system)
            continue
        report = bench.evaluate(layout, predictions, doc_ids, [layer for layer in layers if layer in info.layers],
                                bootstrap=bootstrap, seed=seed, attempted=info.attempts,
                                system=system, split="all")
        rows[system] = row(system, report, role in info.tuned_on)
    for system in recorded:
        if system not in rows and system not in bench.BUILTIN_SYSTEMS and (
                submission is None or system != submission.name):
            keep_recorded(system)
    if submission is not None:
        report = bench.evaluate(layout, submission.predictions, doc_ids,
                                [layer for layer in layers if layer in submission.layers], bootstrap=bootstrap,
                                seed=seed, attempted=submission.attempts, system=submission.name, split="all")
        rows[submission.name] = {**row(submission.name, report, submission.tuned_on_this_text),
                                 "predictions_sha256": submission.sha256}
        notes.append(f"{'updated' if submission.name in recorded else 'added'} the {submission.name} row")
    sections = sections_of(layout, rows)
    table = bench.leaderboard(sections)
    folder = layout.root / REPORTS_DIR
    layout.write_bytes(folder / "leaderboard.md", table.encode("utf-8"))
    layout.write_bytes(folder / "leaderboard.json", (json.dumps(rows, indent=2, default=list) + "\n").encode("utf-8"))
    try:
        layout.write_bytes(folder / "leaderboard.png", bench.chart(sections))
    except ImportError:
        notes.append("matplotlib is not installed: no chart (pip install 'nato-corpus[bench]')")
    return WrittenLeaderboard(rows, table, notes)


def recorded_table(layout: CorpusLayout) -> str | None:
    """The leaderboard as recorded in the corpus's report (with its probe corpora's rows), rendered as the card
    shows it (None: no report)."""
    rows = read_leaderboard(layout)
    return None if rows is None else bench.leaderboard(sections_of(layout, rows))


__all__ = ["REPORTS_DIR", "Submission", "WrittenLeaderboard", "inputs_digest", "leaderboard_path", "read_leaderboard",
           "recorded_table", "sections_of", "stale_message", "stale_reason", "text_of", "write_command",
           "write_leaderboard"]
