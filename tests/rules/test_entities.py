"""Entity rules on sentences written for these tests (none taken from the corpus articles)."""

from __future__ import annotations

import datetime as dt

import pytest

from nato_corpus.rules import RuleContext, annotate_text, entities

ANCHOR = dt.date(2026, 3, 4)


def _found(text: str) -> list[tuple[str, str]]:
    return [(a.text, a.label) for a in entities.annotate(text, RuleContext(anchor=ANCHOR))]


@pytest.mark.parametrize(("text", "expected"), [
    ("French President Emmanuel Macron met Chancellor Friedrich Merz in Paris.",
     [("French", "NORP"), ("Emmanuel Macron", "PERSON"), ("Friedrich Merz", "PERSON"), ("Paris", "GPE")]),
    ("Kremlin spokesman Dmitry Peskov told TASS that talks had stalled.",
     [("Kremlin", "ORG"), ("Dmitry Peskov", "PERSON"), ("TASS", "ORG")]),
    ("Poland’s Radoslaw Sikorski spoke to the Japanese envoy in Warsaw.",
     [("Poland", "GPE"), ("Radoslaw Sikorski", "PERSON"), ("Japanese", "NORP"), ("Warsaw", "GPE")]),
    ("The Latvian Defence Ministry confirmed the purchase.", [("Latvian Defence Ministry", "ORG")]),
    ("Leaders gathered for the Munich Security Conference.", [("Munich Security Conference", "EVENT")]),
    ("The IMF and the World Bank cut their GDP forecasts.", [("IMF", "ORG"), ("World Bank", "ORG")]),
    ("Ambassador to the UN Linda Greenfield spoke, as did the so-called Visegrad group.",
     [("UN", "ORG"), ("Linda Greenfield", "PERSON"), ("Visegrad", "ORG")]),
    ("Sanctions Hit Russian Banks Hard\nThe measures apply from Friday.", [("Russian", "NORP")]),
    ("Kaja Kallas, the EU foreign policy chief, said Kallas would travel to Kyiv.",
     [("Kaja Kallas", "PERSON"), ("EU", "ORG"), ("Kallas", "PERSON"), ("Kyiv", "GPE")]),
    ("The U.S.-led coalition and the Nordic states met in the Baltic Sea region.",
     [("U.S.", "GPE"), ("Nordic", "NORP"), ("Baltic Sea", "LOC")]),
])
def test_general_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_possessive_and_leading_the_stay_outside() -> None:
    assert _found("The Netherlands’ budget and Germany's army grew.") == [("Netherlands", "GPE"), ("Germany", "GPE")]


def test_spelling_variants_link_to_one_registry_entity() -> None:
    linked = {a.text: a.entity_id for a in entities.annotate("Kiev and Kyiv; President Zelensky.",
                                                              RuleContext(anchor=ANCHOR))}
    assert linked["Kiev"] == linked["Kyiv"] == "kyiv"
    assert linked["Zelensky"] == "volodymyr-zelenskyy"


def test_demonyms_are_never_linked() -> None:
    assert all(a.entity_id is None for a in entities.annotate("Russian and Ukrainian officials",
                                                               RuleContext(anchor=ANCHOR)))


def test_skipped_zones_are_not_annotated() -> None:
    text = "NATO met. ©2026 Reuters"
    found = annotate_text(text, ANCHOR, skip=((10, len(text)),), layers=("entities",))
    assert [a.text for a in found] == ["NATO"]
