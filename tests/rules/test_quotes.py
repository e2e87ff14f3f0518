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
