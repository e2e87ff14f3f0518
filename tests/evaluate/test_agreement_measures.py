"""The agreement measures: kappa against hand-computed values, attributes from the schema, intervals."""

from __future__ import annotations

import pytest

from nato_corpus.evaluate.agreement import (
    PassDocument,
    attributes_of,
    cohen_kappa,
    compare_passes,
    entity_kappa,
    token_labels,
)
from nato_corpus.schema import EntityAnnotation, FigureAnnotation


def _entity(text: str, word: str, label: str, n: int = 1) -> EntityAnnotation:
    start = text.index(word)
    return EntityAnnotation(id=f"e{n}", start=start, end=start + len(word), text=word, label=label, origin="human",
                            annotator="a", annotator_kind="ai")


def test_kappa_matches_a_hand_computation() -> None:
    # 10 items: observed agreement 0.8; marginals A: 5 X / 5 O, B: 5 X / 5 O -> chance 0.5 -> kappa 0.6
    first = ["X"] * 5 + ["O"] * 5
    second = ["X"] * 4 + ["O"] + ["X"] + ["O"] * 4
    assert cohen_kappa(first, second) == pytest.approx(0.6)
    assert cohen_kappa(first, first) == 1.0
    assert cohen_kappa(["O", "O"], ["O", "O"]) is None  # chance agreement is total: kappa undefined


def test_tokens_take_the_label_of_the_covering_entity_outside_skipped_zones() -> None:
    text = "Harbour Council met in Gdańsk. Photo: Jan Vos"
    entities = [_entity(text, "Harbour Council", "ORG"), _entity(text, "Gdańsk", "GPE", 2)]
    labels = token_labels(text, entities, skipped=[(text.index("Photo"), len(text))])
    assert labels == ["ORG", "ORG", "O", "O", "GPE", "O"]


def test_attributes_come_from_the_schema() -> None:
    assert "bound" in attributes_of("figures") and "per" in attributes_of("figures")
    assert not {"id", "start", "annotator", "annotator_kind", "origin"} & set(attributes_of("figures"))


def test_disagreement_lowers_every_measure_and_intervals_cover_the_value() -> None:
    docs = []
    for n in range(6):
        text = f"Mayor Vos{n} of Harbour Council spoke in Gdańsk about 2% of GDP."
        figure = FigureAnnotation(id="f1", start=text.index("2%"), end=text.index("2%") + 2, text="2%",
                                  kind="percent", value="2", unit="percent", base="GDP", origin="human",
                                  annotator="a", annotator_kind="ai")
        first = (_entity(text, "Harbour Council", "ORG"), _entity(text, "Gdańsk", "GPE", 2), figure)
        second_label = "ORG" if n % 2 else "GPE"  # half the documents disagree on one label
        second = (_entity(text, "Harbour Council", second_label), _entity(text, "Gdańsk", "GPE", 2),
                  figure.model_copy(update={"base": None if n == 0 else "GDP"}))
        docs.append(PassDocument(f"d{n}", text, (), first, second))
    report = compare_passes(docs, samples=200)
    entities = report["entities"]
    assert entities["partial_f1"] == 1.0 and entities["strict_f1"] < 1.0
    assert entities["attributes"]["label"] == pytest.approx(9 / 12)
    kappa, interval, tokens = entity_kappa(docs, samples=200)
    assert 0 < kappa < 1 and interval is not None and interval[0] <= kappa <= interval[1] and tokens == 6 * 14
    assert report["figures"]["attributes"]["base"] == pytest.approx(5 / 6)
