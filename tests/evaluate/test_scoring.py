"""The scorer: SemEval-2013 schemes cross-checked against nervaluate, attributes, intervals, edge cases."""

from __future__ import annotations

from typing import Any

import pytest

from nato_corpus.evaluate.scoring import SCHEMES, Counts, DocumentSpans, Span, bootstrap_f1, match, micro

from conftest import require

# Three documents covering every category: correct, wrong label, boundary overlap, missed, spurious,
# two predictions overlapping one gold span, and a document with no predictions at all.
GOLD = [
    [Span(0, 4, "ORG"), Span(10, 17, "GPE"), Span(20, 31, "PERSON"), Span(40, 46, "NORP")],
    [Span(0, 6, "GPE"), Span(8, 20, "ORG"), Span(30, 35, "PERSON")],
    [Span(5, 9, "GPE")],
]
PRED = [
    [Span(0, 4, "ORG"), Span(10, 17, "ORG"), Span(24, 31, "PERSON"), Span(50, 55, "GPE")],
    [Span(0, 6, "GPE"), Span(8, 12, "ORG"), Span(13, 20, "ORG"), Span(30, 35, "NORP")],
    [],
]
TAGS = ["GPE", "NORP", "ORG", "PERSON"]


def _documents() -> list[DocumentSpans]:
    return [DocumentSpans(str(i), g, p) for i, (g, p) in enumerate(zip(GOLD, PRED, strict=True))]


def _nervaluate_has_multi_document_partial_bug(nervaluate: Any) -> bool:
    """nervaluate < PR 109 (issue 108) merges documents without half credit: two documents with one partial
    match each give partial P = R = 0 instead of 0.5.  Probe the installed version instead of trusting its
    number: 1.2.1 (installed when this was written) is fixed, 1.1.0 is not."""
    docs = [[{"label": "A", "start": 0, "end": 3}], [{"label": "A", "start": 0, "end": 3}]]
    half = [[{"label": "A", "start": 0, "end": 1}], [{"label": "A", "start": 0, "end": 1}]]
    result = nervaluate.Evaluator(docs, half, tags=["A"], loader="dict").evaluate()
    return result["overall"]["partial"].precision != pytest.approx(0.5)


def _their_scores(theirs: Any, scheme: str, buggy: bool) -> tuple[float, float, float]:
    """nervaluate's P/R/F1, recomputed from its own counts when the installed version has the merge bug."""
    if not buggy:
        return theirs.precision, theirs.recall, theirs.f1
    credit = theirs.correct + (0.5 * theirs.partial if scheme in ("partial", "type") else 0)
    precision = credit / theirs.actual if theirs.actual else 0.0
    recall = credit / theirs.possible if theirs.possible else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def test_counts_and_scores_equal_nervaluate_for_all_four_schemes() -> None:
    """Counts must be identical; P/R/F1 too (recomputed from nervaluate's counts if it has the merge bug).

    Conventions at the edge: our offsets are half-open, nervaluate's ``end`` is inclusive (pass end - 1),
    and nervaluate silently drops labels missing from ``tags``, so every label of the fixture is listed.
    """
    nervaluate = require("nervaluate")
    buggy = _nervaluate_has_multi_document_partial_bug(nervaluate)

    def as_dicts(docs: list[list[Span]]) -> list[list[dict]]:  # nervaluate's end is inclusive
        return [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in doc] for doc in docs]

    assert sorted({s.label for doc in GOLD + PRED for s in doc}) == TAGS
    result = nervaluate.Evaluator(as_dicts(GOLD), as_dicts(PRED), tags=TAGS, loader="dict").evaluate()
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    for scheme in SCHEMES:
        for tag in (None, *TAGS):
            theirs = result["overall"][names[scheme]] if tag is None else result["entities"][tag][names[scheme]]
            ours = micro(_documents(), scheme, tag)
            assert (ours.correct, ours.incorrect, ours.partial, ours.missed, ours.spurious) == (
                theirs.correct, theirs.incorrect, theirs.partial, theirs.missed, theirs.spurious), (scheme, tag)
            assert (ours.actual, ours.possible) == (theirs.actual, theirs.possible), (scheme, tag)
            scores = ours.scores(scheme in ("partial", "type"))
            # nervaluate says 0 where we say None (nothing to score); compare where both are defined
            expected = _their_scores(theirs, scheme, buggy)
            for name, value in zip(("precision", "recall", "f1"), expected, strict=True):
                if scores[name] is not None:
                    assert scores[name] == pytest.approx(value), (scheme, tag, name)


def test_known_counts_of_the_fixture() -> None:
    strict = micro(_documents(), "strict")
    assert (strict.correct, strict.incorrect, strict.partial, strict.missed, strict.spurious) == (2, 4, 0, 2, 2)
    partial = micro(_documents(), "partial")
    assert (partial.correct, partial.partial, partial.spurious) == (4, 2, 2)


def test_adjacent_half_open_spans_do_not_overlap() -> None:
    counts, _ = match([Span(0, 5, "ORG")], [Span(5, 10, "ORG")], "partial")
    assert (counts.partial, counts.missed, counts.spurious) == (0, 1, 1)


def test_nothing_to_score_gives_none_not_zero() -> None:
    assert Counts().scores(False) == {"precision": None, "recall": None, "f1": None}
    assert Counts(missed=3).scores(False) == {"precision": None, "recall": 0.0, "f1": 0.0}


def test_bootstrap_interval_is_seeded_and_brackets_the_point_estimate() -> None:
    first = bootstrap_f1(_documents(), "strict", samples=300, seed=1)
    assert first == bootstrap_f1(_documents(), "strict", samples=300, seed=1)
    f1 = micro(_documents(), "strict").scores(False)["f1"]
    assert first is not None and first[0] <= f1 <= first[1]


def test_intervals_cover_every_f1_and_reuse_the_same_resamples() -> None:
    from nato_corpus.evaluate.scoring import MACRO, bootstrap_intervals, document_counts, score_layer

    per_doc = [document_counts(d, TAGS) for d in _documents()]
    intervals = bootstrap_intervals(per_doc, TAGS, samples=200, seed=3)
    assert intervals == bootstrap_intervals(per_doc, TAGS, samples=200, seed=3)
    for scheme in SCHEMES:
        assert intervals[scheme, None] == bootstrap_f1(_documents(), scheme, samples=200, seed=3)
        assert intervals[scheme, MACRO] is not None
        assert all((scheme, tag) in intervals for tag in TAGS)
    report = score_layer("entities", _documents(), bootstrap=0)
    strict = report["schemes"]["strict"]
    assert strict["f1_ci95"] is None and strict["macro_f1_ci95"] is None
    per_label_f1 = [v["f1"] for v in strict["per_label"].values() if v["f1"] is not None]
    assert strict["macro_f1"] == pytest.approx(sum(per_label_f1) / len(per_label_f1))
