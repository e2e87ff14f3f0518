"""The scorer: SemEval-2013 schemes cross-checked against nervaluate, attributes, intervals, edge cases."""

from __future__ import annotations

import pytest

from nato_corpus.evaluate.scoring import SCHEMES, Counts, DocumentSpans, Span, bootstrap_f1, match, micro

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


def test_counts_and_scores_equal_nervaluate_for_all_four_schemes() -> None:
    nervaluate = pytest.importorskip("nervaluate")

    def as_dicts(docs: list[list[Span]]) -> list[list[dict]]:  # nervaluate's end is inclusive
        return [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in doc] for doc in docs]

    result = nervaluate.Evaluator(as_dicts(GOLD), as_dicts(PRED), tags=TAGS, loader="dict").evaluate()
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
    for scheme in SCHEMES:
        theirs = result["overall"][names[scheme]]
        ours = micro(_documents(), scheme)
        assert (ours.correct, ours.incorrect, ours.partial, ours.missed, ours.spurious) == (
            theirs.correct, theirs.incorrect, theirs.partial, theirs.missed, theirs.spurious), scheme
        scores = ours.scores(scheme in ("partial", "type"))
        assert scores["precision"] == pytest.approx(theirs.precision)
        assert scores["recall"] == pytest.approx(theirs.recall)
        assert scores["f1"] == pytest.approx(theirs.f1)
        for tag in TAGS:
            theirs_tag = result["entities"][tag][names[scheme]]
            ours_tag = micro(_documents(), scheme, tag)
            assert (ours_tag.correct, ours_tag.incorrect, ours_tag.partial, ours_tag.missed, ours_tag.spurious) == (
                theirs_tag.correct, theirs_tag.incorrect, theirs_tag.partial, theirs_tag.missed,
                theirs_tag.spurious), (scheme, tag)


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
