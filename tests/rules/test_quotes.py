"""Quote rules on sentences written for these tests (none taken from the corpus articles)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.rules import annotate_text, quotes

from conftest import REPO_ROOT

ANCHOR = dt.date(2026, 3, 4)


def _quotes(text: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(q.kind, q.text, q.speaker and q.speaker.text, q.cue and q.cue.text, q.speaker_entity_id)
            for q in annotate_text(text, ANCHOR, layers=("quotes",), registry=REPO_ROOT)]


@pytest.mark.parametrize(("text", "expected"), [
    # direct, cue after, title + name
    ("“We will not accept a frozen conflict,” Polish Prime Minister Donald Tusk said on Monday.",
     [("direct", "We will not accept a frozen conflict", "Donald Tusk", "said", None)]),
    # direct, cue before the speaker, straight quotes, follow-on quotation keeps speaker and cue
    ("\"This is a historic decision,\" said Chancellor Friedrich Merz. \"It will take years.\"",
     [("direct", "This is a historic decision", "Friedrich Merz", "said", None),
      ("direct", "It will take years", "Friedrich Merz", "said", None)]),
    # indirect with "that" and told reporters
    ("Kremlin spokesman Dmitry Peskov told reporters that Moscow saw no basis for talks.",
     [("indirect", "Moscow saw no basis for talks", "Dmitry Peskov", "told reporters", None)]),
    # according to, description speaker
    ("According to two officials familiar with the matter, the package includes air-defence missiles.",
     [("indirect", "the package includes air-defence missiles", "two officials", "According to", None)]),
    # cue after the content, description speaker, leading connective dropped
    ("But the deal is expected to be signed next week, a senior EU diplomat said.",
     [("indirect", "the deal is expected to be signed next week", "a senior EU diplomat", "said", None)]),
    # pronoun speaker resolved to the last person, adding that -> two quotes
    ("Ulf Kristersson arrived late. He said the alliance would agree, adding that talks were progressing.",
     [("indirect", "the alliance would agree", "He", "said", None),
      ("indirect", "talks were progressing", "He", "adding", None)]),
    # mixed: a quoted fragment inside reported speech
    ("Finland’s Alexander Stubb said the plan was “dead on arrival” in its current form.",
     [("mixed", "the plan was “dead on arrival” in its current form", "Alexander Stubb", "said", None)]),
    # according to after the content
    ("The meeting was postponed, according to Reuters.",
     [("indirect", "The meeting was postponed", "Reuters", "according to", "reuters")]),
])
def test_general_patterns(text: str, expected: list) -> None:
    assert _quotes(text) == expected


def test_scare_quotes_without_attribution_are_not_quotes() -> None:
    assert _quotes("The “historic” package was welcomed in Brussels.") == []


def test_verbs_that_do_not_report_speech_are_ignored() -> None:
    assert _quotes("Ministers agreed to spend more. The government urged allies to act.") == []


def test_publication_reports_link_to_the_outlet() -> None:
    found = _quotes("Reuters reported that the summit was delayed. The talks will resume, the report states.")
    assert [(q[2], q[4]) for q in found] == [("Reuters", "reuters"), ("the report", "reuters")]


@pytest.mark.parametrize(("text", "expected"), [
    # curly single quotes (British style); an apostrophe inside stays in the quote
    ("‘We won’t back down,’ the minister said.",
     [("direct", "We won’t back down", "the minister", "said", None)]),
    # straight single quotes
    ("'The door remains open,' Ingrid Valsson said.",
     [("direct", "The door remains open", "Ingrid Valsson", "said", None)]),
    # cue before a direct quote, after a colon
    ("Ingrid Valsson said: “The door remains open.”",
     [("direct", "The door remains open", "Ingrid Valsson", "said", None)]),
    # pronoun speaker of a direct quote resolved to the registered person mentioned last
    ("Volodymyr Zelensky visited the front. “We need more shells,” he said.",
     [("direct", "We need more shells", "he", "said", "volodymyr-zelenskyy")]),
    # "told <object> that": the object is not part of the content
    ("Ingrid Valsson told the newspaper Dagens Nyheter that Stockholm would buy more tanks.",
     [("indirect", "Stockholm would buy more tanks", "Ingrid Valsson", "told", None)]),
    # cue after the content with a time adjunct and a trailing participle; the wire dateline is outside
    ("OSLO (Reuters) - Norway will double its aid, Ingrid Valsson said on Friday, citing the war.",
     [("indirect", "Norway will double its aid", "Ingrid Valsson", "said", None)]),
    # "according to" inside the sentence: the content runs around it
    ("The deal, according to two diplomats, was signed in secret.",
     [("indirect", "The deal, according to two diplomats, was signed in secret", "two diplomats", "according to",
       None)]),
    # "according to the <Organisation>": the determiner is not the speaker
    ("According to the Kiel Institute, European aid has doubled.",
     [("indirect", "European aid has doubled", "Kiel Institute", "According to", None)]),
    # a description with a prepositional modifier speaks, not the place or body it names
    ("A spokesperson for the Finnish Foreign Ministry said talks would resume.",
     [("indirect", "talks would resume", "A spokesperson", "said", None)]),
    ("Officials in Warsaw and Vilnius said the border would stay closed.",
     [("indirect", "the border would stay closed", "Officials", "said", None)]),
    # an acronym in brackets right before the cue is the speaker
    ("The International Institute for Strategic Studies (IISS) said global spending rose.",
     [("indirect", "global spending rose", "IISS", "said", None)]),
    # a trailing participle ("saying") opens a second quote by the same speaker
    ("Kremlin spokesman Dmitry Peskov rejected the report, saying Moscow had no such plans.",
     [("indirect", "Moscow had no such plans", "Dmitry Peskov", "saying", None)]),
])
def test_more_general_patterns(text: str, expected: list) -> None:
    assert _quotes(text) == expected


def test_mixed_quote_with_straight_marks_and_cue_before() -> None:
    found = _quotes('The minister said the plan was "dead on arrival" and would be withdrawn.')
    assert found == [("mixed", 'the plan was "dead on arrival" and would be withdrawn', "The minister", "said", None)]



@pytest.mark.parametrize(("text", "expected"), [
    # a second reporting verb coordinated with the first starts a second quote by the same speaker
    ("A defence ministry source insisted that the budget was ‘fully funded’ and said more would follow soon.",
     [("mixed", "the budget was ‘fully funded", "A defence ministry source", "insisted", None),
      ("indirect", "more would follow soon", "A defence ministry source", "said", None)]),
    # the name in apposition speaks; a bare plural addressee is part of the cue; an adjunct before "that"
    ("The foreign secretary, Alan Pryce, told MPs on Monday that the embassy would reopen.",
     [("indirect", "the embassy would reopen", "Alan Pryce", "told MPs", None)]),
    # a relative clause between the speaker and the cue
    ("Marta Lind, who chairs the defence committee in Stockholm, said the vote would be close.",
     [("indirect", "the vote would be close", "Marta Lind", "said", None)]),
    # abbreviated title and a long appositive inside the attribution of a direct quote
    ("“We cannot wait,” Sen. Paul Avery, a Vermont Democrat on the Armed Services Committee, told reporters.",
     [("direct", "We cannot wait", "Paul Avery", "told reporters", None)]),
    # a courtesy title between the cue and the speaker
    ("“The money is there,” said Dr Helen Moss, the study’s lead author.",
     [("direct", "The money is there", "Helen Moss", "said", None)]),
    # "according to" a pronoun or a plain-noun description
    ("Ilse Brandt spoke in Kyiv. According to her, the line has held for a month.",
     [("indirect", "the line has held for a month", "her", "According to", None)]),
    ("According to official estimates, the army lost a third of its tanks.",
     [("indirect", "the army lost a third of its tanks", "official estimates", "According to", None)]),
    # "As X reported, C"
    ("As Reuters reported earlier, the convoy reached Odesa at dawn.",
     [("indirect", "the convoy reached Odesa at dawn", "Reuters", "reported", "reuters")]),
    # a predicate coordinated with ", but declined" and an attribution adjunct after the cue stay outside
    ("A spokesperson stressed that the request would be examined, but declined to give numbers.",
     [("indirect", "the request would be examined", "A spokesperson", "stressed", None)]),
    ("Sweden will send four jets, Defence Minister Pal Jonson said on Friday, after weeks of talks.",
     [("indirect", "Sweden will send four jets", "Pal Jonson", "said", None)]),
    # a verb that usually reports, with a noun phrase object, is no quote
    ("The army confirmed the exercise on Thursday but gave no dates.", []),
    # a quotation inside indirect speech is part of a mixed quote, not a direct follow-on
    ("“We are ready,” Ilse Brandt said. She later wrote that the plan was \"dead on arrival\" in Berlin.",
     [("direct", "We are ready", "Ilse Brandt", "said", None),
      ("mixed", "the plan was \"dead on arrival\" in Berlin", "She", "wrote", None)]),
])
def test_attribution_patterns_of_wire_and_broadsheet_copy(text: str, expected: list) -> None:
    assert _quotes(text) == expected


def test_relative_clause_subject_headline_description_and_outlet_reference() -> None:
    assert _quotes("Jets are on the way, a view shared by officials in Riga, who told Delfi that more would come.") \
        == [("indirect", "more would come", "officials", "told", None)]
    assert _quotes("Kyiv to double drone output in 2027 – deputy minister") == [
        ("indirect", "Kyiv to double drone output in 2027", "deputy minister", None, None)]
    found = _quotes("Poland will send two jets, Reuters reported. The agency added that the cost would be shared.")
    assert [(q[2], q[4]) for q in found] == [("Reuters", "reuters"), ("The agency", "reuters")]


# Issue 17: an indirect quote's content is a clause, never the time and place adverbials of the saying; a speaker
# named by a title alone is the person the document names as its holder.
@pytest.mark.parametrize(("text", "expected"), [
    ("Mark Rutte said yesterday at a press conference: the ferry will sail again in May.",
     [("indirect", "the ferry will sail again in May", "Mark Rutte", "said", "mark-rutte")]),
    ("Mark Rutte said on Monday at a briefing in the harbour.", []),
    ("The league elected Mark Rutte as Secretary General in 2029. The Secretary General said the league would grow.",
     [("indirect", "the league would grow", "The Secretary General", "said", "mark-rutte")]),
    ("Secretary General Mark Rutte opened the fair. Later, the Secretary General said that the fair would grow.",
     [("indirect", "the fair would grow", "the Secretary General", "said", "mark-rutte")]),
    ("The port chief, Mark Rutte, spoke on Monday. The port chief said that the strike would end soon.",
     [("indirect", "the strike would end soon", "The port chief", "said", "mark-rutte")]),
    ("The Secretary General said that the league would grow.",
     [("indirect", "the league would grow", "The Secretary General", "said", None)]),
])
def test_adverbials_are_not_content_and_titles_resolve_to_their_holder(
        text: str, expected: list[tuple[str, str, str | None, str | None, str | None]]) -> None:
    assert _quotes(text) == expected


def test_a_pronoun_speaker_finds_the_person_of_its_gender_across_paragraphs() -> None:
    """The document's own pronouns tell each person's gender: a "she" after a paragraph about a man refers to the
    woman named before him, not to the most recent person."""
    text = ("Maria Zakharova said the talks had stalled. She added that Moscow would wait.\n\n"
            "Hanno Pevkur said the border was calm. He said Tallinn was ready.\n\n"
            "She told reporters that no new round was planned.\n\n"
            "He said later that the patrols would continue.\n")
    assert [q[-1] for q in _quotes(text)] == ["maria-zakharova", "maria-zakharova", "hanno-pevkur", "hanno-pevkur",
                                             "maria-zakharova", "hanno-pevkur"]


@pytest.mark.parametrize(("text", "expected"), [
    # a direct quotation opened after the cue and a string of time and place adverbials
    ('Vesna Horvat told reporters on Monday evening at the town hall in Split: "We will rebuild the pier before '
     'the season starts."',
     [("direct", "We will rebuild the pier before the season starts", "Vesna Horvat", "told reporters", None)]),
    # an edge word and a day between the cue and "that" are adverbials, not content
    ("Ivo Maric said early Friday that the ferry would sail again.",
     [("indirect", "the ferry would sail again", "Ivo Maric", "said", None)]),
    # several adverbials before "that", the quoted fragment inside the content: one mixed quote, no direct one
    ('Ana Kos said at a news conference in Zadar on Thursday afternoon that the port "had been neglected for '
     'years".',
     [("mixed", 'the port "had been neglected for years', "Ana Kos", "said", None)]),
])
def test_adverbials_between_the_cue_and_the_content(text: str, expected: list) -> None:
    assert _quotes(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the addressee of "told" after the content belongs to neither content nor cue
    ("The ferry will run all winter, Ivo Maric told the harbour board.",
     [("indirect", "The ferry will run all winter", "Ivo Maric", "told", None)]),
    # a long named addressee and a day between "told" and "that"
    ("Ana Kos told the regional assembly's transport and harbours committee on Monday that the pier would reopen.",
     [("indirect", "the pier would reopen", "Ana Kos", "told", None)]),
])
def test_the_addressee_of_told(text: str, expected: list) -> None:
    assert _quotes(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=".!?”\"’“‘ \nAa-", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_sentence_ends_are_those_of_the_pattern(text: str, start: int, end: int) -> None:
    """Tried only right after a stop, the sentence-end pattern finds what finditer finds on the line."""
    assert [m.span() for m in quotes._sentence_ends(text, start, end)] == [
        m.span() for m in quotes._SENTENCE_END.finditer(text, start, end)]
