"""Rule-based quote annotator: direct, indirect and mixed reported speech with speaker and cue.

General patterns of English news attribution, applied line by line (a paragraph per line):

- direct quotes: a passage in paired quotation marks (curly or straight) of three words or more, with its
  attribution after it (``“…,” X said`` / ``“…,” said X``) or before it (``X said: “…”``, ``X added that
  “…”``); a quotation with no cue of its own right after an attributed one continues it (same speaker, cue);
- indirect and mixed quotes, sentence by sentence: ``According to X, C``; ``C, according to X``;
  ``X <cue> (that) C``; ``C, X <cue>`` / ``C, <cue> X``; ``A, X <cue>, B``; ``C, as mentioned by X``;
  ``claims ... that C``; a headline ``C — Name``.  A content with quotation marks inside is *mixed*.

The speaker is the entity nearest the cue (the entity layer runs first), a pronoun resolved to the last
person mentioned, or a descriptive noun phrase ("a senior U.S. official", "Bloomberg’s report").  A
description's registry link comes from its possessor ("Bloomberg’s report" -> Bloomberg) or, for "the
report", from the last organisation quoted.
"""

from __future__ import annotations

import bisect
import re
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Final, NamedTuple

from nato_corpus.rules import ANNOTATOR, RuleContext, fits_schema
from nato_corpus.rules.gazetteer import TITLES
from nato_corpus.rules.prefilter import search, trie_pattern
from nato_corpus.schema import EntityAnnotation, QuoteAnnotation, SpanRef
from nato_corpus.schema.annotations import quote_edges

_TITLE_WORDS: Final = "|".join(sorted({re.escape(w) for t in TITLES for w in t.split() if w[0].isupper()},
                                       key=len, reverse=True))
_CUE_VERBS: Final = (
    "said", "says", "say", "stated", "states", "state", "told reporters", "told journalists", "told", "tells",
    "saying", "noted", "notes", "note", "reported", "reports", "report", "added", "adds", "adding", "argued", "argues",
    "confirmed", "confirms", "emphasized", "emphasised", "emphasizes", "stressed", "stresses", "warned", "warns",
    "claimed", "claims", "suggested", "suggests", "suggesting", "indicated", "indicates", "indicate", "affirmed",
    "affirms", "maintained", "maintains", "agreed", "agree", "agrees", "accused", "accuses", "characterized",
    "characterised", "described", "describes", "cites", "cited", "announced", "announces", "insisted", "insists",
    "explained", "explains",
    "wrote", "writes", "declared", "acknowledged", "admitted", "reiterated", "mentioned", "predicted", "denied",
    "tweeted", "posted", "revealed", "disclosed", "asserted", "contended", "observed", "remarked",
    "conceded", "concedes", "signalled", "signaled", "signals", "cautioned", "complained", "underlined",
    "pointed out", "noting", "warning", "arguing", "insisting", "stressing", "claiming", "explaining",
    "acknowledging", "acknowledges", "admits", "concluded", "concludes", "estimated", "estimates",
    # a bare plural addressee belongs to the cue ("told reporters"); a named one does not ("told Reuters")
    *(f"{verb} {addressee}" for verb in ("told", "tells") for addressee in (
        "MPs", "lawmakers", "legislators", "senators", "parliament", "delegates", "supporters", "students",
        "parliamentarians", "diplomats", "officials")),
)
# A trie, longest first where one cue begins another ("told reporters" before "told"), as an alternation sorted
# longest first would try them, but several times faster to fail at the many places no cue starts.
_CUE: Final = r"(?:" + trie_pattern(sorted(set(_CUE_VERBS))) + r")"
# Cues that almost always take a clause: "said global spending rose" is reported speech.
_SAY: Final = ("said", "says", "say", "told reporters", "told journalists", "stated", "states", "added", "adds",
               "saying", "wrote", "writes", "told MPs", "tells MPs", "told lawmakers")
_OBJECT_CUES: Final = ("accused", "accuses", "characterized", "characterised", "described", "describes", "cites",
                       "cited")
# A clause without "that" has a finite verb soon: "signalled it is open", "agree Ukraine won’t join".
_FINITE_CLAUSE: Final = re.compile(
    r"\s+[^,.;:]{0,60}?\b(?:is|are|was|were|will|would|could|can|may|might|must|should|shall|had|has|have|did|"
    r"does|do|won’t|won't|can’t|can't|isn’t|isn't|aren’t|aren't|wasn’t|wasn't|don’t|don't|doesn’t|doesn't|"
    r"didn’t|didn't)\b")
_NOT_A_CLAUSE: Final = re.compile(r"\s+(?:to|on|with|in|by|for|about|upon|over|at|from|of)\b")
_CONNECTIVE: Final = re.compile(r"^(?:But|And|Yet|However|Nevertheless|Still),?\s+")
# A wire dateline opening a paragraph: "WARSAW (Reuters) - ", "(Bloomberg) — ", "KYIV, March 3 (AP) — ".
_DATELINE: Final = re.compile(r"(?:[A-Z][A-Z .'’-]+[A-Z](?:,[^()\n]{1,30})?\s*(?:\([^()\n]{1,40}\)\s*)?|"
                             r"\([^()\n]{1,40}\)\s*)[-—–]+\s+")
# Time and place adjuncts between a cue and the end of the attribution: "said on Tuesday", "said in a statement".
_ADJUNCT: Final = (r"(?:\s+(?:on|in|at|during|after|before|late|early|earlier|later|this|last|when|while)\b"
                   r"[^,.;:“”\"]{0,40}?)?")
_PREPOSITIONS: Final = r"(?:for|of|in|at|from|with|close\s+to|familiar\s+with)"
# The addressee of "told" after the content: "C, Holm told parliament's defence committee."
_ADDRESSEE: Final = r"(?:(?<=told)(?:\s+[\w’'-]+){1,4}?)?"
_PRONOUNS: Final = ("he", "she", "they", "He", "She", "They")
_OBJECT_PRONOUNS: Final = ("him", "her", "them")  # "according to her"
# Every third-person singular pronoun a document uses, by gender: each tells which person it can refer to.
_GENDERED_PRONOUN: Final = re.compile(r"\b(?:(?P<male>[Hh](?:e|im|is|imself))|(?P<female>[Ss]he|[Hh]er(?:s|self)?))\b")
_REFERENT_REACH: Final = 24  # person mentions a pronoun looks back over for a compatible one
_DESCRIPTION_HEADS: Final = (
    "official", "officials", "diplomat", "diplomats", "source", "sources", "report", "reports", "statement",
    "spokesman", "spokeswoman", "spokesperson", "leaders", "leader", "allies", "Allies", "analysts", "analyst",
    "experts", "expert", "partners", "ministers", "minister", "government", "ministry", "people", "members",
    "observers", "critics", "aides", "aide", "envoy", "lawmakers", "authorities", "document", "draft", "letter",
    "figures", "data", "estimates", "analysis", "study", "survey", "poll", "assessment", "newspaper", "daily",
    "agency", "broadcaster", "correspondent", "reporter", "commander", "secretary", "negotiators", "insiders",
    "researchers", "economists", "investigators", "prosecutors", "military", "army", "navy", "delegation",
)
_NOT_MODIFIER: Final = (r"(?!(?:but|and|or|that|which|who|whom|whose|of|in|on|at|to|for|with|by|from|as|if|while|"
                         r"when|because|than|is|are|was|were|has|have|had|said|says)\b)")
_HEADS: Final = r"(?i:" + "|".join(_DESCRIPTION_HEADS) + r")"
_DESCRIPTION: Final = re.compile(
    r"(?<![\w’'-])(?:(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat|[A-Z][\w.-]*’s|[A-Z][\w.-]*'s)\s+)?"
    rf"(?:{_NOT_MODIFIER}[\w.’'-]+\s+){{0,3}}?{_HEADS}$")
_DESCRIPTION_BEFORE_PP: Final = re.compile(
    rf"(?<![\w’'-])(?:(?:[Aa]n?|[Tt]he|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome)\s+)?"
    rf"(?:{_NOT_MODIFIER}[\w.’'-]+\s+){{0,2}}?(?P<head>{_HEADS})")
_FILLER_BEFORE_CUE: Final = re.compile(
    r"(?:,[^,]{1,90},|\s+(?:have|has|had|also|recently|repeatedly|reportedly|previously|again|later|earlier|"
    r"publicly|privately|now|on\s+\w+|last\s+\w+|this\s+\w+))+$")
# Double quotation marks, curly or straight, and single ones (British style) whose closing mark is not an
# apostrophe: "didn’t" and "allies’ plan" stay inside.  The straight single pair is a pattern of its own, tried by
# _StraightSingles (each opening once); together they are the alternation "“…”|"…"|‘…’|'…'".
_QUOTE_PAIRS: Final = re.compile(
    r"“(?P<c>[^“”]+)”|\"(?P<s>[^\"\n]+)\"|(?<![\w’'])‘(?P<k>[^‘’\n]+(?:’\w[^‘’\n]*)*?[,.!?]?)’(?!\w)")
_STRAIGHT_SINGLE: Final = re.compile(r"(?<![\w’'])'(?P<t>[A-Z][^'\n]*(?:'\w[^'\n]*)*?[,.!?])'(?!\w)")
_STRAIGHT_OPENING: Final = re.compile(r"(?<![\w’'])'(?=[A-Z])")
_STRAIGHT_STOP: Final = re.compile(r"'(?!\w)|\n")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])[”\"’]?(?=\s+[“\"A-Z‘-])")
_ABBREVIATION: Final = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Lt|Col|No|Jan|Feb|Aug|Sept|Oct|"
                                  r"Nov|Dec|Corp|Inc|Ltd)\.$")
# Compiled once and matched at a position (pattern.match(text, pos)), never on a copy such as text[pos:]: a copy
# of the rest of the text for every cue or quotation is quadratic in the text length.
_BLANKS: Final = re.compile(r"\s*")
_RUNS: Final = re.compile(r"(\s+)")  # splits a text into its runs of blanks and of non-blanks
_DOUBLE_MARK: Final = re.compile(r"[“”\"]")
_SINGLE_MARK: Final = re.compile(r"[‘’]")
_THREE_WORDS: Final = re.compile(r"\s*\S+\s+\S+\s+\S")  # len(text[start:end].split()) >= 3, on the first words
_THE: Final = re.compile(r"the\s+")
_TITLED: Final = re.compile(rf"(?:(?:{_TITLE_WORDS})\s+){{1,4}}")
_DESCRIPTION_AFTER: Final = re.compile(  # the longest: "official estimates"
    rf"(?:[Aa]n?\s+|[Tt]he\s+|[A-Z][\w.-]*’s\s+)?(?:{_NOT_MODIFIER}[\w.’'-]+\s+){{0,3}}{_HEADS}\b")
_WORD_AFTER: Final = re.compile(r"(\w+)\b")
# A role named by its title alone ("the Secretary General said"): the title words of the gazetteer's titles,
# after "the", longest first; who holds it is found among the document's mentions (_Resolver.title_holder).
_ROLE_TITLES: Final = sorted({t for t in TITLES if len(t) > 3 and not t.endswith(".") and t[0].isalpha()},
                             key=len, reverse=True)
_ROLE: Final = "(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in _ROLE_TITLES) + ")"
_ROLE_BEFORE_CUE: Final = re.compile(rf"(?<![\w’'-])[Tt]he\s+(?:[\w’'-]+\s+){{0,2}}?(?P<title>{_ROLE})$")
_ROLE_AFTER_CUE: Final = re.compile(rf"[Tt]he\s+(?P<title>{_ROLE})\b")
# a person's mention tied to a title: "Secretary General Anna Kowal" (title before), "Anna Kowal, the league's
# Secretary General" (apposition), "Anna Kowal was elected Secretary General" (predication)
_TITLE_BEFORE_NAME: Final = r"(?:{title}),?\s+$"
_TITLE_AFTER_NAME: Final = (r"\A(?:,\s+(?:the\s+|[A-Z][\w.-]*[’']s\s+)?(?:[\w’'-]+\s+){{0,3}}?|"
                            r"\s+(?:(?:is|was|has\s+been|had\s+been|became|becomes)\s+)?(?:(?:elected|appointed|"
                            r"named|chosen|made)\s+)?(?:as\s+)?(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?)(?:{title})\b")
_WORD_CHARS: Final = re.compile(r"\w*")
_RELATIVE: Final = re.compile(r",?\s+who(?:\s+(?:also|later|then))?$")
_COMMA_END: Final = re.compile(r",\s*$")
_BRACKETED: Final = re.compile(r"\s*\(([^()]{1,20})\)$")
_DESCRIBED: Final = re.compile(rf"{_DESCRIPTION_BEFORE_PP.pattern}\s+{_PREPOSITIONS}\s+(?:the\s+)?"
                               rf"(?:[^,;]*?\s+and\s+)?(?:the\s+)?$")
_IN_PLACE: Final = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?$")
_HEAD_WORD_END: Final = re.compile(rf"{_HEADS}$")
_FILLER_WORDS: Final = frozenset({"have", "has", "had", "also", "recently", "repeatedly", "reportedly", "previously",
                                  "again", "later", "earlier", "publicly", "privately", "now"})
# Time and place adverbials right after a cue ("said yesterday at a press conference:") modify the saying; they
# are never the reported content, which must be a clause after them.
_ADVERBIAL: Final = (r"(?:yesterday|today|tonight|earlier|later|again|also|publicly|privately|"
                     r"on\s+\w+(?:\s+(?:morning|afternoon|evening|night))?|"
                     r"(?:last|this|late|early)\s+\w+|(?:at|in|during|after|before|from|ahead\s+of)\s+(?:(?!that\b)[^,:;.!?“”\"]){1,50}?)")
# a quotation opened after the cue and its adverbials: told reporters on Tuesday evening in Riga: "…"
_CUE_BEFORE_QUOTE: Final = re.compile(rf"(?<![\w])(?P<cue>{_CUE})(?:\s+{_ADVERBIAL}){{0,3}}(?:\s+that)?\s*[,:]?\s*$")
_CUE_AFTER_QUOTE: Final = re.compile(
    rf",?\s*(?P<attr>(?:[^“”\".!?]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.){{0,120}}?)"
    rf"(?<![\w])(?P<cue>{_CUE})(?![\w])")
_CUE_WORD: Final = re.compile(rf"(?<![\w])(?P<cue>{_CUE})(?![\w])")
_ADVERBIAL_LEAD: Final = re.compile(rf"\s+(?:{_ADVERBIAL}\s*,?\s*)+?[:,—–]\s*")
_ADVERBIAL_ONLY: Final = re.compile(rf"\s+(?:{_ADVERBIAL}\s*,?\s*)+[.!?:]?\s*$")
_THAT: Final = re.compile(rf"(?:\s+{_ADVERBIAL}){{0,3}}\s+(?:[—–]\s+)?that,?\s+")
_TOLD_THAT: Final = re.compile(r"\s+(?:[\w.’'-]+\s+){1,12}?that,?\s+")
_CLAUSE_OPENING: Final = re.compile(
    r"\s+(?:there|it|he|she|they|we|i|you|the|a|an|some|many|most|no|all|his|her|its|their|our|this|"
    r"these|those|such|only)\b|\s+[A-Z0-9“\"]")
_SAID_CLAUSE: Final = re.compile(
    r"\s+(?!(?:so|yes|no|nothing|something|anything|goodbye|hello|thanks|sorry)\b)[a-z]")
_COORDINATED: Final = re.compile(r"\s(?:and|but)(?:\s+(?:he|she|they|it))?(?:\s+(?:also|then|later))?$")
_TRAILING: Final = re.compile(
    r",\s+(?:adding|insisting|saying|noting|suggesting|calling|citing|stressing|warning|"
    r"arguing|describing|referring|pointing|according)\b|"
    rf",?\s+(?:and|but)\s+(?:(?:he|she|they|it)\s+)?(?:also\s+)?(?={_CUE}\b)|"
    r",\s+but\s+(?:also\s+)?(?:[a-z]+ed|did\s+not|would\s+not|gave|made)\b|"
    r",\s+an?\s+(?:view|position|claim|assessment|stance|argument)\s+(?:shared|echoed|"
    r"rejected|disputed)\b")
# The headline source after a dash.  No start right after a blank: one a blank earlier matches whenever this one
# does, so the leftmost match is unchanged, and each run of blanks is scanned once, not once per blank.
_HEADLINE_SOURCE: Final = re.compile(
    rf"(?<!\s)\s+[—–-]\s+(?:(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}})|"
    rf"(?P<description>(?:[a-z][\w-]*\s+){{0,3}}{_HEADS}))\s*$")
# How many runs of blanks or non-blanks before a cue each end-anchored pattern may reach: the most its match can
# span, or, for the two of unbounded length, far more than news attributions need (the corpora reach 23 and 6).
# Searching the whole clause instead made every cue cost the length of its sentence.
_TAIL_RUNS: Final = {_RELATIVE: 6, _COMMA_END: 3, _FILLER_BEFORE_CUE: 96, _BRACKETED: 24, _DESCRIBED: 128,
                     _IN_PLACE: 6, _DESCRIPTION: 10, _CUE_BEFORE_QUOTE: 48, _COORDINATED: 7}


@dataclass
class _Speaker:
    start: int
    end: int
    entity_id: str | None


@dataclass
class _Found:
    start: int
    end: int
    kind: str
    speaker: _Speaker | None
    cue: tuple[int, int] | None


class _Text:
    """The text with what the quote rules ask of it again and again, indexed once: where its runs of blanks and
    non-blanks start, its quotation marks, the edges _trim strips.  Each answer costs the size of the question
    (a tail of a few runs, a bisection), not the distance to the start of the sentence or line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._run_starts: array[int] | None = None
        self._double = [m.start() for m in _DOUBLE_MARK.finditer(text)]
        self._single = [m.start() for m in _SINGLE_MARK.finditer(text)]
        self._good_single: list[int] | None = None
        self._blank_end: dict[int, int] = {}
        self._strip_start: dict[int, int] = {}

    def runs_back(self, lo: int, hi: int, runs: int) -> int:
        """The start of the last `runs` runs of blanks or non-blanks of text[lo:hi] (lo when it has fewer)."""
        if hi <= lo:
            return lo
        if self._run_starts is None:
            # the runs' lengths summed, not a match object per run: this is built for every text
            self._run_starts = array("q", accumulate(map(len, filter(None, _RUNS.split(self.text))), initial=0))
            self._run_starts.pop()  # the text's length, where no run starts
        first = bisect.bisect_right(self._run_starts, hi - 1) - runs
        return lo if first < 0 else max(lo, self._run_starts[first])

    def tail_search(self, pattern: re.Pattern[str], lo: int, hi: int) -> tuple[re.Match[str] | None, int]:
        """``pattern.search(text[lo:hi])`` for an end-anchored pattern, looking only at the runs its match can
        reach (_TAIL_RUNS), and the offset of the searched string in the text.  The copy starts one character
        early when it starts after `lo`, so a lookbehind sees what it sees in text[lo:hi]."""
        start = self.runs_back(lo, hi, _TAIL_RUNS[pattern])
        before = 1 if start > lo else 0
        return pattern.search(self.text[start - before:hi], before), start - before

    def blank_end(self, position: int) -> int:
        """The end of the run of blanks starting at `position`."""
        end = self._blank_end.get(position)
        if end is None:
            end = self._blank_end[position] = _BLANKS.match(self.text, position).end()  # type: ignore[union-attr]
        return end

    def rstripped(self, lo: int, hi: int) -> int:
        """The end of text[lo:hi].rstrip(), walking back over the blanks only."""
        while hi > lo and self.text[hi - 1].isspace():
            hi -= 1
        return hi

    def first_double_mark(self, position: int) -> int:
        """The first “, ” or " at or after `position`, or sys.maxsize when there is none."""
        index = bisect.bisect_left(self._double, position)
        return self._double[index] if index < len(self._double) else sys.maxsize

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop surrounding blanks and final sentence punctuation (not a closing quotation mark); the stretch a
        span's end strips is found once per end."""
        if start >= end:
            return start, end
        start = min(self.blank_end(start), end)
        strip = self._strip_start.get(end)
        if strip is None:
            strip = end
            while strip > 0 and (self.text[strip - 1].isspace() or self.text[strip - 1] in ".,;:!?"):
                strip -= 1
            self._strip_start[end] = strip
        return start, max(start, strip)

    def kind(self, start: int, end: int) -> str:
        """Mixed when the content quotes words verbatim: double quotation marks, or a pair of single ones."""
        if self.first_double_mark(start) < end or self._single_pair(start, end):
            return "mixed"
        return "indirect"

    def _closing(self, opening: int) -> int | None:
        """Where the ‘ at `opening` closes, as ``‘[^‘’]+’`` reads it: the next ‘ or ’ when it is a ’ (not the
        next character), else None."""
        index = bisect.bisect_right(self._single, opening)
        if index == len(self._single):
            return None
        mark = self._single[index]
        return mark if self.text[mark] == "’" and mark >= opening + 2 else None

    def _single_pair(self, start: int, end: int) -> bool:
        r"""Whether ``(?<![\w’'])‘[^‘’]+’(?!\w)`` matches in text[start:end], by bisection over the marks.

        A ‘ opens a pair when not after a word character or quote mark (always at the copy's start) and its next
        mark is a ’ before `end` that is at the copy's end or not before a word character."""
        text = self.text
        if self._good_single is None:  # pairs that hold in any copy that contains them
            self._good_single = []
            for opening in self._single:
                closing = self._closing(opening) if text[opening] == "‘" else None
                if closing is not None and not (opening and re.match(r"[\w’']", text[opening - 1])) and not (
                        closing + 1 < len(text) and re.match(r"\w", text[closing + 1])):
                    self._good_single.append(opening)
        if start < end and text[start] == "‘" and (closing := self._closing(start)) is not None and closing < end \
                and (closing + 1 == end or not re.match(r"\w", text[closing + 1])):
            return True  # at the copy's start nothing is before the ‘
        index = bisect.bisect_right(self._good_single, start)
        if index < len(self._good_single) and (closing := self._closing(self._good_single[index])) is not None \
                and closing < end:
            return True
        # a pair closing at the copy's last character needs nothing after it
        index = bisect.bisect_left(self._single, end - 1)
        if 0 < index < len(self._single) and self._single[index] == end - 1 and text[end - 1] == "’":
            opening = self._single[index - 1]
            return (start < opening and text[opening] == "‘" and opening + 2 <= end - 1
                    and not re.match(r"[\w’']", text[opening - 1]))
        return False


class _StraightSingles:
    """``_STRAIGHT_SINGLE.search`` over one line, trying each opening ' once.

    Inside a quotation an apostrophe before a letter ("isn't", or the next opening) does not close it, so an
    opening scans to the first ' that is not before a letter, and when it fails there, so does every opening it
    passed (they stop at the same mark, with the same letters around it): those are skipped, so each stretch of
    the line is scanned once, not once per opening ("'A 'A 'A ..." was quadratic)."""

    def __init__(self, text: str, end: int) -> None:
        self.text, self.end = text, end
        self._failed_before = 0

    def search(self, position: int) -> re.Match[str] | None:
        for opening in _STRAIGHT_OPENING.finditer(self.text, position, self.end):
            if opening.start() < self._failed_before:
                continue
            m = _STRAIGHT_SINGLE.match(self.text, opening.start(), self.end)
            if m is not None:
                return m
            stop = _STRAIGHT_STOP.search(self.text, opening.start() + 2, self.end)
            self._failed_before = self.end if stop is None else stop.start()
        return None


class _Holders(NamedTuple):
    """The people named with one title, in start order and in end order, with their offsets to bisect."""

    by_start: list[EntityAnnotation]
    starts: list[int]
    by_end: list[EntityAnnotation]
    ends: list[int]


class _Resolver:
    """Finds speakers near a cue: entities, pronouns and descriptions, with their registry links.

    Entities are indexed by start and end, and people by where they end, so each question is a look-up."""

    def __init__(self, text: str, entities: Sequence[EntityAnnotation]) -> None:
        self.text = text
        self.index = _Text(text)
        self.entities = sorted(entities, key=lambda e: e.start)
        self.last_org_speaker: str | None = None
        self._referents: dict[int, EntityAnnotation] | None = None  # pronoun start -> person, on first need
        speakers = [e for e in self.entities if e.label in ("PERSON", "ORG", "GPE")]
        self._ending: dict[int, EntityAnnotation] = {}
        self._starting: dict[int, EntityAnnotation] = {}
        for e in speakers:  # the first in start order, as a scan of the sorted list finds it
            self._ending.setdefault(e.end, e)
            self._starting.setdefault(e.start, e)
        self._speakers, self._speaker_starts = speakers, [e.start for e in speakers]
        self._people = [e for e in speakers if e.label == "PERSON"]
        self._holders_of: dict[str, _Holders] = {}  # a title -> the people named with it
        self._people_starts = [e.start for e in self._people]
        # the last person (in start order) ending by a position: people sorted by end, with the running maximum
        # of their place in start order
        by_end = sorted(range(len(self._people)), key=lambda i: self._people[i].end)
        self._people_ends = [self._people[i].end for i in by_end]
        self._latest: list[int] = []
        for i in by_end:
            self._latest.append(max(i, self._latest[-1]) if self._latest else i)

    def _entity_ending(self, end: int) -> EntityAnnotation | None:
        return self._ending.get(end)

    def _entity_starting(self, start: int) -> EntityAnnotation | None:
        return self._starting.get(start)

    def first_speaker_in(self, start: int, end: int, people_only: bool = False) -> EntityAnnotation | None:
        """The first entity (a person, an organisation or a place; or a person) starting in [start, end)."""
        entities, starts = (self._people, self._people_starts) if people_only else (self._speakers,
                                                                                    self._speaker_starts)
        index = bisect.bisect_left(starts, start)
        return entities[index] if index < len(entities) and entities[index].start < end else None

    def _entity_ending_before_place(self, clause_start: int, place: EntityAnnotation) -> EntityAnnotation | None:
        """'The Ministry of Defence in London said': the place only locates the speaker named before it."""
        if place.label != "GPE":
            return None
        link, offset = self.index.tail_search(_IN_PLACE, clause_start, place.start)
        return self._entity_ending(offset + link.start()) if link else None

    def last_person_before(self, position: int) -> EntityAnnotation | None:
        index = bisect.bisect_right(self._people_ends, position) - 1
        return self._people[self._latest[index]] if index >= 0 else None

    def referent(self, position: int) -> EntityAnnotation | None:
        """The person a pronoun at `position` refers to: for "he" or "she", the most recent person mention whose
        gender the document does not contradict (see _gendered_referents), else the most recent person."""
        if self._referents is None:
            self._referents = self._gendered_referents()
        return self._referents.get(position) or self.last_person_before(position)

    def _gendered_referents(self) -> dict[int, EntityAnnotation]:
        """Every he/his/him and she/her in text order, resolved to the most recent person mention not known to
        be of the other gender; the first pronoun resolved to a person tells the document's gender for them (by
        registry key, else surname), so a "she" after a paragraph about a man finds the woman named before him."""
        genders: dict[str, str] = {}
        referents: dict[int, EntityAnnotation] = {}
        for pronoun in _GENDERED_PRONOUN.finditer(self.text):
            gender = "male" if pronoun["male"] else "female"
            index = bisect.bisect_right(self._people_ends, pronoun.start()) - 1
            if index < 0:
                continue
            latest = self._latest[index]
            for candidate in range(latest, max(-1, latest - _REFERENT_REACH), -1):
                person = self._people[candidate]
                key = person.entity_id or person.text.split()[-1]
                if person.end <= pronoun.start() and genders.setdefault(key, gender) == gender:
                    referents[pronoun.start()] = person
                    break
        return referents

    def before(self, clause_start: int, cue_start: int) -> _Speaker | None:
        """The speaker ending right before the cue (fillers such as 'has repeatedly' skipped).

        Every pattern here is anchored at the end of the clause, so it is searched in the last few runs of
        blanks and non-blanks only (_TAIL_RUNS), never in the whole clause."""
        index, text = self.index, self.text
        while True:  # "officials at the agency, who told CEAR that": the antecedent speaks (a loop, not recursion)
            end = index.rstripped(clause_start, cue_start)
            relative, offset = index.tail_search(_RELATIVE, clause_start, end)
            if relative is None:
                break
            cue_start = offset + relative.start()
        if end > clause_start and text[end - 1] == ",":
            # "the defence secretary, Graham Ashworth, told MPs": the name in apposition
            named = self._entity_ending(end - 1)
            if named is not None and named.label == "PERSON" and index.tail_search(
                    _COMMA_END, clause_start, named.start)[0]:
                return self._from_entity(named)
        if self._may_end_with_filler(clause_start, end):
            filler, offset = index.tail_search(_FILLER_BEFORE_CUE, clause_start, end)
            if filler:
                end = index.rstripped(clause_start, offset + filler.start())
        bracketed = end > clause_start and text[end - 1] == ")" and index.tail_search(
            _BRACKETED, clause_start, end)[0]  # "the Institute (SIPRI) said": the acronym
        entity = self._entity_ending(end - 1 if bracketed else end)
        if entity is not None:
            stop = entity.start - clause_start  # as head[:stop] reads it, a negative stop included
            stop = min(max(stop if stop >= 0 else end - clause_start + stop, 0), end - clause_start)
            described, offset = index.tail_search(_DESCRIBED, clause_start, clause_start + stop)
            if described:  # "a spokesperson for the State Department said": the spokesperson speaks
                return self._from_description(offset + described.start(), offset + described.end("head"))
            located = self._entity_ending_before_place(clause_start, entity)
            return self._from_entity(located or entity)
        word = _WORD_CHARS.match(text[max(clause_start, end - 6):end][::-1])  # the last word, if short
        if word and word.group()[::-1] in _PRONOUNS:
            pronoun = word.group()
            person = self.referent(end - len(pronoun))
            return _Speaker(end - len(pronoun), end, person.entity_id if person else None)
        role = _ROLE_BEFORE_CUE.search(text, max(clause_start, end - 48), end)
        if role is not None:  # "the Secretary General said": the holder named elsewhere in the document
            holder = self.title_holder(role["title"], role.start())
            return _Speaker(role.start(), end, holder.entity_id if holder else None)
        if _HEAD_WORD_END.search(text, max(clause_start, end - 16), end):  # a description ends in a head noun
            description, offset = index.tail_search(_DESCRIPTION, clause_start, end)
            if description:
                return self._from_description(offset + description.start(), end)
        return None

    def title_holder(self, title: str, position: int) -> EntityAnnotation | None:
        """The person the document names as holding `title` ("Secretary General Anna Kowal", "Anna Kowal, the
        Secretary General", "Anna Kowal was elected Secretary General"): the nearest such mention before
        `position`, else the first after it; None when the document names no holder."""
        holders = self._holders(" ".join(title.split()))
        earlier = bisect.bisect_right(holders.ends, position)
        if earlier:  # the latest end by `position`, the first in start order of those ending there
            first = bisect.bisect_left(holders.ends, holders.ends[earlier - 1])
            return holders.by_end[first]
        later = bisect.bisect_left(holders.starts, position)
        return holders.by_start[later] if later < len(holders.by_start) else None

    def _holders(self, title: str) -> _Holders:
        """The people named with `title`, found once per title: each cue naming it looked at every person of
        the document again (a 328 kB text of "the Secretary General said" took 17 s)."""
        if title not in self._holders_of:
            words = re.escape(title).replace(r"\ ", r"\s+")
            before_name = re.compile(_TITLE_BEFORE_NAME.format(title=words))
            after_name = re.compile(_TITLE_AFTER_NAME.format(title=words))
            by_start = [e for e in self._people if before_name.search(self.text, max(0, e.start - 48), e.start)
                        or after_name.match(self.text[e.end:e.end + 80])]
            by_end = sorted(by_start, key=lambda e: e.end)  # stable: start order among equal ends
            self._holders_of[title] = _Holders(by_start, [e.start for e in by_start], by_end,
                                               [e.end for e in by_end])
        return self._holders_of[title]

    def _may_end_with_filler(self, clause_start: int, end: int) -> bool:
        """Whether text[clause_start:end] can end with a _FILLER_BEFORE_CUE chain: its last element ends in a
        comma, is a filler word, or is 'on', 'last' or 'this' and one more word (a test on the last two words)."""
        text = self.text
        if end <= clause_start:
            return False
        if text[end - 1] == ",":
            return True
        last = self.index.runs_back(clause_start, end, 1)
        if text[last:end] in _FILLER_WORDS:
            return True
        previous = self.index.runs_back(clause_start, end, 3)
        return text[previous:last].rstrip() in ("on", "last", "this")

    def after(self, position: int) -> _Speaker | None:
        """The speaker starting right after a cue ('said Rutte', 'according to senior diplomats')."""
        text = self.text
        start = self.index.blank_end(position)
        entity = self._entity_starting(start)
        the = _THE.match(text, start)
        if entity is None and the:  # "according to the Kiel Institute"
            entity = self._entity_starting(the.end())
        titled = _TITLED.match(text, start)
        if entity is None and titled:  # "said Chancellor Friedrich Merz"
            entity = self._entity_starting(titled.end())
        if entity is not None:
            return self._from_entity(entity)
        role = _ROLE_AFTER_CUE.match(text, start)
        if role is not None:  # "said the Secretary General"
            holder = self.title_holder(role["title"], start)
            return _Speaker(start, role.end(), holder.entity_id if holder else None)
        match = _DESCRIPTION_AFTER.match(text, start)
        if match:
            return self._from_description(start, match.end())
        word = _WORD_AFTER.match(text, start)
        if word and word.group(1) in (*_PRONOUNS, *_OBJECT_PRONOUNS):
            person = self.referent(start)
            return _Speaker(start, start + len(word.group(1)), person.entity_id if person else None)
        return None

    def _from_entity(self, entity: EntityAnnotation) -> _Speaker:
        if entity.label == "ORG":
            self.last_org_speaker = entity.entity_id
        return _Speaker(entity.start, entity.end, entity.entity_id)

    def _from_description(self, start: int, end: int) -> _Speaker:
        phrase = self.text[start:end]
        possessor = re.match(r"([A-Z][\w.-]*)[’']s\s+(.*)$", phrase)
        entity_id = None
        if possessor:
            owner = self._entity_ending(start + len(possessor.group(1)))
            if owner is not None and not possessor.group(2).endswith(("sources", "source")):
                entity_id = owner.entity_id
        elif re.fullmatch(r"[Tt]he (?:report|statement|document|newspaper|daily|agency|broadcaster)", phrase):
            entity_id = self.last_org_speaker  # the outlet or body quoted last
        return _Speaker(start, end, entity_id)


_SENTENCE_STOP: Final = re.compile(r"[.!?]")


def _sentence_ends(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """What ``_SENTENCE_END.finditer(text, start, end)`` yields, tried only right after a stop: the pattern
    opens with a lookbehind, so the regex engine would try it at every character of the line.  (A match holds
    at most a closing mark, never a stop, so no two overlap.)"""
    for stop in _SENTENCE_STOP.finditer(text, max(start - 1, 0), end):
        m = _SENTENCE_END.match(text, stop.end(), end)
        if m is not None:
            yield m


def _sentences(text: str, start: int, end: int, index: _Text) -> list[tuple[int, int]]:
    spans, begin = [], start
    for m in _sentence_ends(text, start, end):
        if _ABBREVIATION.search(text[max(start, m.start() - 12):m.start()]):
            continue
        spans.append((begin, m.end()))
        begin = min(index.blank_end(m.end()), end)  # text[m.end():end].lstrip(), without the copy
    if begin < end:
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _quote_pairs(text: str, line_start: int, line_end: int) -> list[re.Match[str]]:
    """What the alternation of _QUOTE_PAIRS and _STRAIGHT_SINGLE finds in the line, in order: the leftmost
    match of either (they never start at the same character), then on from its end."""
    singles = _StraightSingles(text, line_end)
    found: list[re.Match[str]] = []
    position = line_start
    pair, single = _QUOTE_PAIRS.search(text, position, line_end), singles.search(position)
    while pair is not None or single is not None:
        m = pair if single is None or (pair is not None and pair.start() < single.start()) else single
        assert m is not None
        found.append(m)
        position = m.end()
        if pair is not None and pair.start() < position:
            pair = _QUOTE_PAIRS.search(text, position, line_end)
        if single is not None and single.start() < position:
            single = singles.search(position)
    return found


def _direct_quotes(text: str, line: tuple[int, int], resolver: _Resolver) -> list[_Found]:
    found: list[_Found] = []
    line_start, line_end = line
    index = resolver.index
    last_stop, scanned = -1, line_start  # the last ". " before the quotation, found by one scan of the line
    for m in _quote_pairs(text, line_start, line_end):
        group = m.lastgroup
        assert group is not None
        inner_start, inner_end = m.start(group), m.end(group)
        if len(text[inner_start:inner_end].split()) < 3:
            continue  # scare quotes and short fragments belong to the surrounding clause
        content = index.trim(inner_start, inner_end)
        ends_with_comma = text[inner_end - 1] == "," or text[m.end():m.end() + 1] == ","
        while (stop := text.find(". ", scanned, m.start())) >= 0:
            last_stop, scanned = stop, stop + 1
        scanned = max(scanned, m.start() - 1)  # a ". " ending at the quotation is found by the next one
        sentence_start = max(last_stop + 2, line_start)
        before, offset = index.tail_search(_CUE_BEFORE_QUOTE, sentence_start, m.start())
        after = _CUE_AFTER_QUOTE.match(text, m.end(), line_end)
        speaker = cue = None
        if ends_with_comma and after:
            cue = (after.start("cue"), after.end("cue"))
            attribution = after.group("attr").strip()
            speaker = (resolver.before(m.end(), cue[0]) if attribution else resolver.after(cue[1]))
        elif before:
            cue = (offset + before.start("cue"), offset + before.end("cue"))
            speaker = resolver.before(sentence_start, cue[0])
        elif found and found[-1].cue is not None and index.blank_end(sentence_start) >= m.start() and \
                index.first_double_mark(found[-1].end + 2) >= m.start():
            speaker, cue = found[-1].speaker, found[-1].cue  # a follow-on quotation continues the previous
        else:
            continue
        found.append(_Found(content[0], content[1], "direct", speaker, cue))
    return found


# The attributions of _indirect, compiled once (an f-string pattern would be rebuilt at every sentence).
_ACCORDING_FIRST: Final = re.compile(r"\s*(?P<cue>[Aa]ccording to)\s+(?P<who>[^,]+),\s*")
_APPOSITIVE_START: Final = re.compile(r"([^,]+),\s*")
_AS_REPORTED: Final = re.compile(rf"\s*As\s+(?P<who>[^,]{{1,60}}?)\s+(?P<cue>{_CUE})(?:\s+(?:earlier|previously|before|"
                                 r"yesterday|last\s+\w+|on\s+\w+))?,\s*")
_ACCORDING_INSIDE: Final = re.compile(r",\s+(?P<cue>according to)\s+(?P<who>[^,]{1,80}),\s+(?=[a-z])")
_CONJUNCTION_NEXT: Final = re.compile(r"(?:and|but|or|yet|while|adding|saying)\b")
_ACCORDING_AFTER: Final = re.compile(
    r",\s+(?P<cue>according to|as (?P<passive>mentioned|stated|said|reported|noted|quoted) by)\s+")
_NOUN_CUE: Final = re.compile(r"(?<![\w])(?P<cue>claims|allegations|reports)(?:,[^,]{1,60},)?\s+that\s+")
_CUE_AFTER: Final = re.compile(
    rf",\s+(?P<who>[^,]{{1,60}}?)\s+(?P<cue>{_CUE}){_ADDRESSEE}{_ADJUNCT}(?P<tail>\s*[.!?]?\s*$|,\s+)")
_CUE_BEFORE_SOURCE: Final = re.compile(rf",\s+(?P<cue>{_CUE})\s+(?P<who>[^,]{{1,60}}?)\s*[.!?]?\s*$")


def _indirect(text: str, sentence: tuple[int, int], resolver: _Resolver) -> list[_Found]:
    start, end = sentence
    index = resolver.index
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        start = dateline.end()
    s = text[start:end]
    body_start = start + (_CONNECTIVE.match(s).end() if _CONNECTIVE.match(s) else 0)
    results: list[_Found] = []

    def add(c_start: int, c_end: int, speaker: _Speaker | None, cue: tuple[int, int] | None) -> None:
        c_start, c_end = index.trim(c_start, c_end)
        if c_end - c_start >= 8 and _THREE_WORDS.match(text, c_start, c_end):
            results.append(_Found(c_start, c_end, index.kind(c_start, c_end), speaker, cue))

    # According to X, C.
    m = _ACCORDING_FIRST.match(s)
    if m:
        content_start = start + m.end()
        appositive = _APPOSITIVE_START.match(text[content_start:end])
        speaker = resolver.after(start + m.end("cue"))
        if appositive:
            person = resolver._entity_starting(content_start)
            if person is not None and person.end == content_start + len(appositive.group(1)):
                speaker, content_start = resolver._from_entity(person), content_start + appositive.end()
        add(content_start, end, speaker, (start + m.start("cue"), start + m.end("cue")))
        return results
    # As X reported (earlier), C.
    m = _AS_REPORTED.match(s)
    if m:
        cue = (start + m.start("cue"), start + m.end("cue"))
        speaker = resolver.before(start + m.start("who"), cue[0])
        if speaker is not None:
            add(start + m.end(), end, speaker, cue)
            return results
    # A, according to X, B: the attribution sits inside the content.
    m = search(_ACCORDING_INSIDE, s)
    if m and not _CONJUNCTION_NEXT.match(s[m.end():]):
        add(body_start, end, resolver.after(start + m.end("cue")), (start + m.start("cue"), start + m.end("cue")))
        return results
    # C, according to X.  /  C, as mentioned by X.
    m = search(_ACCORDING_AFTER, s)
    if m:
        cue = (start + m.start("passive"), start + m.end("passive")) if m.group("passive") else (
            start + m.start("cue"), start + m.end("cue"))
        add(body_start, start + m.start(), resolver.after(start + m.end()), cue)
        return results
    # claims ... that C (a noun cue with no expressed source)
    m = search(_NOUN_CUE, s)
    if m and not resolver.before(start, start + m.start("cue")):
        add(start + m.end(), end, None, (start + m.start("cue"), start + m.end("cue")))
        return results
    # X cue (that) C  — possibly followed by ", adding that D"
    trailing_from, trailing = -1, None  # the last search for a trailing clause: reused while it still answers
    for m in _CUE_WORD.finditer(s):
        cue = (start + m.start("cue"), start + m.end("cue"))
        rest = m.end()  # what follows the cue, s[rest:], matched at its position in s
        object_cue = m.group("cue") in _OBJECT_CUES
        that = _THAT.match(s, rest)
        if that is None and m.group("cue") in ("told", "tells"):  # "told the newspaper Le Monde that ..."
            that = _TOLD_THAT.match(s, rest)
        if that is None and not object_cue and (_NOT_A_CLAUSE.match(s, rest) or not (
                _CLAUSE_OPENING.match(s, rest) or (m.group("cue") in _SAY and _SAID_CLAUSE.match(s, rest)))):
            continue  # "agreed to spend", "noted the importance of": no reported clause follows
        if that is None and not object_cue and m.group("cue") not in _SAY and not _FINITE_CLAUSE.match(s, rest):
            continue  # "confirmed the exercise on Thursday": a noun phrase, not a clause
        if m.group("cue") in ("adding", "suggesting") and results:
            speaker = results[-1].speaker
        elif m.group("cue").endswith("ing"):
            first = resolver.first_speaker_in(start, cue[0], people_only=True)
            speaker = resolver._from_entity(first) if first else None
        else:
            coordinated = index.tail_search(_COORDINATED, body_start, index.rstripped(body_start, cue[0]))[0]
            speaker = results[-1].speaker if coordinated and results else resolver.before(body_start, cue[0])
            if speaker is None and coordinated:
                # coordinated predicates share the subject: "X welcomed the plan but warned that C"
                first = resolver.first_speaker_in(body_start, cue[0])
                speaker = resolver._from_entity(first) if first else None
        if speaker is None:
            continue
        if that is None and not object_cue:
            if _ADVERBIAL_ONLY.match(s, rest):
                continue  # "said on Monday at a briefing.": no content at all
            lead = _ADVERBIAL_LEAD.match(s, rest)
            if lead is not None:  # "said yesterday at a press conference: C"
                rest = lead.end()
        content_start = start + (that.end() if that else rest)
        if trailing_from < 0 or not (trailing_from <= content_start and (
                trailing is None or content_start <= trailing.start())):
            trailing_from, trailing = content_start, _TRAILING.search(text, content_start, end)
        content_end = trailing.start() if trailing else end
        add(content_start, content_end, speaker, cue)
        if not trailing:
            break
    if results:
        return results
    # C, X cue.   C, cue X.   A, X cue, B.   C, X cue, but D.
    m = _CUE_AFTER.search(s)
    m2 = _CUE_BEFORE_SOURCE.search(s)
    if m and m.group("tail").strip(" .!?") == "":
        cue = (start + m.start("cue"), start + m.end("cue"))
        add(body_start, start + m.start(), resolver.before(start + m.start("who"), cue[0]), cue)
    elif m2:
        cue = (start + m2.start("cue"), start + m2.end("cue"))
        add(body_start, start + m2.start(), resolver.after(cue[1]), cue)
    elif m:
        cue = (start + m.start("cue"), start + m.end("cue"))
        speaker = resolver.before(start + m.start("who"), cue[0])
        following = s[m.end():]
        if re.match(r"(?:but|and|yet|\w+ing|after|before|as|amid|while|when|during|following|despite|because|"
                    r"since|ahead|in|on|at)\b", following):  # ", but ...", ", citing ...", ", after a record year"
            add(body_start, start + m.start(), speaker, cue)
        else:
            add(body_start, end, speaker, cue)
    return results


def _headline_attribution(text: str, line: tuple[int, int], resolver: _Resolver) -> list[_Found]:
    """'Content — Name' or 'Content – deputy minister' on a line of its own: the source, with no cue."""
    m = _HEADLINE_SOURCE.search(text[line[0]:line[1]])
    if not m:
        return []
    if m.group("description"):
        speaker = resolver._from_description(line[0] + m.start("description"), line[0] + m.end("description"))
    else:
        entity = resolver._entity_starting(line[0] + m.start("name"))
        if entity is None or entity.label != "PERSON":
            return []
        speaker = resolver._from_entity(entity)
    start, end = resolver.index.trim(line[0], line[0] + m.start())
    if len(text[start:end].split()) < 3:
        return []
    return [_Found(start, end, resolver.index.kind(start, end), speaker, None)]


def annotate(text: str, context: RuleContext) -> list[QuoteAnnotation]:
    resolver = _Resolver(text, context.entities)
    found: list[_Found] = []
    for m in re.finditer(r"[^\n]+", text):
        line = (m.start(), m.end())
        if context.skipped(*line):
            continue
        headline = _headline_attribution(text, line, resolver)
        if headline:
            found += headline
            continue
        direct = _direct_quotes(text, line, resolver)
        found += direct
        starts = [q.start for q in direct]  # in order; the running maximum of their ends answers "any overlaps"
        latest_end: list[int] = []
        for q in direct:
            latest_end.append(max(q.end, latest_end[-1]) if latest_end else q.end)
        for sentence in _sentences(text, *line, resolver.index):
            last = bisect.bisect_left(starts, sentence[1]) - 1  # direct quotes starting before the sentence ends
            if last >= 0 and latest_end[last] > sentence[0]:
                continue
            found += _indirect(text, sentence, resolver)
    result = []
    for q in found:
        q.start, q.end = quote_edges(text, q.start, q.end)
        if context.skipped(q.start, q.end) or q.end <= q.start:
            continue
        if not fits_schema((q.start, q.end), None if q.speaker is None else (q.speaker.start, q.speaker.end), q.cue):
            continue  # a quotation (or a speaker) longer than the schema allows is no annotation
        speaker = None if q.speaker is None else SpanRef(start=q.speaker.start, end=q.speaker.end,
                                                         text=text[q.speaker.start:q.speaker.end])
        cue = None if q.cue is None else SpanRef(start=q.cue[0], end=q.cue[1], text=text[q.cue[0]:q.cue[1]])
        result.append(QuoteAnnotation(
            id="q1", start=q.start, end=q.end, text=text[q.start:q.end], kind=q.kind, speaker=speaker,
            speaker_entity_id=q.speaker.entity_id if q.speaker else None, cue=cue, origin="rule",
            annotator=ANNOTATOR))
    return result
