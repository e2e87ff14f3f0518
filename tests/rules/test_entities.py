"""Entity rules on sentences written for these tests (none taken from the corpus articles)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.rules import RuleContext, annotate_text, entities
from nato_corpus.rules.prefilter import trie_pattern

from conftest import REPO_ROOT

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
    from nato_corpus.rules.entities import registry_index

    linked = {a.text: a.entity_id for a in entities.annotate("Kiev and Kyiv; President Zelensky.",
                                                              RuleContext(anchor=ANCHOR,
                                                                          registry=registry_index(REPO_ROOT)))}
    assert linked["Kiev"] == linked["Kyiv"] == "kyiv"
    assert linked["Zelensky"] == "volodymyr-zelenskyy"


def test_demonyms_are_never_linked() -> None:
    assert all(a.entity_id is None for a in entities.annotate("Russian and Ukrainian officials",
                                                               RuleContext(anchor=ANCHOR)))


def test_skipped_zones_are_not_annotated() -> None:
    text = "NATO met. ©2026 Reuters"
    found = annotate_text(text, ANCHOR, skip=((10, len(text)),), layers=("entities",), registry=REPO_ROOT)
    assert [a.text for a in found] == ["NATO"]


@pytest.mark.parametrize(("text", "expected"), [
    # title + name: the title stays outside, a nationality inside the title is NORP of its own
    ("Yesterday Croatian Prime Minister Andrej Plenkovic visited Zagreb.",
     [("Croatian", "NORP"), ("Andrej Plenkovic", "PERSON"), ("Zagreb", "GPE")]),
    # British courtesy titles without a full stop
    ("Talks ended when Ms Lindqvist left.", [("Lindqvist", "PERSON")]),
    # possessive outside, straight and curly apostrophes
    ("Norway's oil fund and Sweden’s navy expanded.", [("Norway", "GPE"), ("Sweden", "GPE")]),
    # demonyms, a multi-word regional adjective as one span, a hyphenated "-led"
    ("Danish and Central European troops joined the UK-led force.",
     [("Danish", "NORP"), ("Central European", "NORP"), ("UK", "GPE")]),
    # an unknown acronym is an organisation; common-noun acronyms and currency codes are not
    ("The CSTO rejected the GDP figures quoted in EUR.", [("CSTO", "ORG")]),
    # city and country, a country named with a leading "the"
    ("Ministers flew from Oslo to the Netherlands.", [("Oslo", "GPE"), ("Netherlands", "GPE")]),
    # a capitalised common word at a sentence start is not a name
    ("Heavy Rains flooded the roads. Several Ministers resigned.", []),
    # ... but a name at a sentence start is, when it behaves like one
    ("Ingrid Valsson said the vote was close.", [("Ingrid Valsson", "PERSON")]),
    # a wire dateline prints the place in capitals
    ("HELSINKI (AP) — Finland closed its border.", [("HELSINKI", "GPE"), ("AP", "ORG"), ("Finland", "GPE")]),
    # "Head of X" bodies, named treaties (LAW), structures (FAC), weapon designations (PRODUCT)
    ("The Ministry of Defence sent MiG-29 jets to Ramstein Air Base under the Lisbon Treaty.",
     [("Ministry of Defence", "ORG"), ("MiG-29", "PRODUCT"), ("Ramstein Air Base", "FAC"),
      ("Lisbon Treaty", "LAW")]),
    # a name never runs across a line break or a sentence end
    ("Aid reached Moldova.\nThe Council met later.", [("Moldova", "GPE")]),
    # a lone surname before a reporting verb is a speaker
    ("“We are ready,” Lindqvist told the radio station.", [("Lindqvist", "PERSON")]),
])
def test_more_general_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


def test_titles_inside_a_title_case_headline_are_not_persons() -> None:
    assert _found("Defence Ministers Agree New Air Policing Plan\nThe plan starts in May.") == []



def test_mentions_link_to_the_registry_of_the_corpus_annotated(tmp_path: Path) -> None:
    """A corpus other than this repository links its mentions against its own registry, spelling variants and
    surnames included; without one, unknown people stay unlinked."""
    from nato_corpus.rules.entities import registry_index

    text = "Defence Minister Ingrid Valsson met Kyiv officials. Later, Valsson flew to Kiev."
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "entities.jsonl").write_text(
        '{"id": "ingrid-valsson", "name": "Ingrid Valsson", "label": "PERSON"}\n'
        '{"id": "kyiv", "name": "Kyiv", "label": "GPE", "aliases": ["Kiev"]}\n', encoding="utf-8")

    def links(registry: object) -> list[tuple[str, str | None]]:
        found = annotate_text(text, ANCHOR, layers=("entities",), registry=registry)  # type: ignore[arg-type]
        return [(a.text, a.entity_id) for a in found]

    assert links(registry_index(tmp_path)) == [("Ingrid Valsson", "ingrid-valsson"), ("Kyiv", "kyiv"),
                                               ("Valsson", "ingrid-valsson"), ("Kiev", "kyiv")]
    assert links(tmp_path) == links(str(tmp_path)) == links(registry_index(tmp_path))  # a path is read as well
    # no registry given, or a corpus without one: nothing is linked (never this repository's registry)
    assert links(None) == [(t, None) for t in ("Ingrid Valsson", "Kyiv", "Valsson", "Kiev")]
    assert links(registry_index(tmp_path / "no-corpus")) == [(t, None) for t in ("Ingrid Valsson", "Kyiv",
                                                                                    "Valsson", "Kiev")]


@pytest.mark.parametrize(("text", "expected"), [
    # companies by legal form; two names joined by "and" stay two names; titles before "of" are outside
    ("Karlberg Marine AB and Oderwerk Systems S.A. signed the deal.",
     [("Karlberg Marine AB", "ORG"), ("Oderwerk Systems S.A.", "ORG")]),
    ("“It works,” said Anna Berg, President and CEO of Halden Aerospace.",
     [("Anna Berg", "PERSON"), ("Halden Aerospace", "ORG")]),
    ("Jan Nowak, Chairman of the Supervisory Board of Baltic Munitions, resigned.",
     [("Jan Nowak", "PERSON"), ("Baltic Munitions", "ORG")]),
    # a title with complements before the name
    ("The talks were led by Deputy Minister of Defence of Moldova Ion Rusu on Friday.",
     [("Moldova", "GPE"), ("Ion Rusu", "PERSON")]),
    # products named before what they are; "-class" outside; acronyms spelled out in lower case are no names
    ("The army ordered 40 Falke 2 tanks, Kestrel interceptors and two Aranea-class frigates.",
     [("Falke 2", "PRODUCT"), ("Kestrel", "PRODUCT"), ("Aranea", "PRODUCT")]),
    ("Plants make unmanned surface vehicle (USV) parts; USV exports doubled.", []),
    # a number word of any script, and letters after its digits (the pattern that splits each one way only)
    ("Germany sent Falke \uff12\uff10 tanks and Falke 2A6 tanks.",
     [("Germany", "GPE"), ("Falke \uff12\uff10", "PRODUCT"), ("Falke 2A6", "PRODUCT")]),
    # places by context: a lower-case designator, "near", "X in <country>"
    ("Factories near Ostrava and in the Vidzeme region, and jets from Siauliai in Lithuania.",
     [("Ostrava", "GPE"), ("Vidzeme", "GPE"), ("Siauliai", "GPE"), ("Lithuania", "GPE")]),
    ("The talks resume near Christmas.", []),
    # outlets introduced by what they are; the platform X; seas and gulfs; named missions; US states
    ("The Estonian daily Postimees Online and a Delfi correspondent said so, and Kallas wrote on X.",
     [("Estonian", "NORP"), ("Postimees Online", "ORG"), ("Delfi", "ORG"), ("Kallas", "PERSON"), ("X", "ORG")]),
    ("Ships crossed the Gulf of Riga during the Northern Lynx exercise, said a senator from Ohio.",
     [("Gulf of Riga", "LOC"), ("Northern Lynx", "EVENT"), ("Ohio", "GPE")]),
])
def test_names_from_their_context(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a yard company and a cooperation format are organisations by their head noun, not people
    ("The frigates will be built by Kattegat Naval Yards.", [("Kattegat Naval Yards", "ORG")]),
    ("The deal was struck within the Adriatic Maritime Cooperation.", [("Adriatic Maritime Cooperation", "ORG")]),
    # a named exercise is an event with its capitalised designator, like a named operation
    ("Troops will train at Exercise Northern Lantern next month.", [("Exercise Northern Lantern", "EVENT")]),
])
def test_organisation_and_event_heads(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.sets(st.sampled_from(["Rutte", "Rut", "Ruttes", "O'Neil", "Jr.", "É", "_x", "Stoltenberg", "a b"]),
               min_size=1),
       st.lists(st.sampled_from(["Rutte", "Rut", "te", "s", " ", "-", "_", "O'Neil", "Jr.", ".", "É", "é", "x",
                                 "Stoltenberg", "a b", "\n"]), max_size=20))
def test_whole_words_are_the_trie_patterns_matches(words: set[str], pieces: list[str]) -> None:
    """The surnames found by str.find are those the regex of them finds, overlapping candidates included."""
    text = "".join(pieces)
    pattern = re.compile(r"(?<![\w])(?:" + trie_pattern(sorted(words)) + r")(?![\w])")
    assert entities._whole_words(text, words) == [m.span() for m in pattern.finditer(text)]
