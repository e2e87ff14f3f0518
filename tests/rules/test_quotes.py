"""Quote rules on sentences written for these tests (none taken from the corpus articles)."""

from __future__ import annotations

import datetime as dt

import pytest

from nato_corpus.rules import annotate_text

ANCHOR = dt.date(2026, 3, 4)


def _quotes(text: str) -> list[tuple[str, str, str | None, str | None, str | None]]:
    return [(q.kind, q.text, q.speaker and q.speaker.text, q.cue and q.cue.text, q.speaker_entity_id)
            for q in annotate_text(text, ANCHOR, layers=("quotes",))]


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

