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

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from nato_corpus.rules import ANNOTATOR, RuleContext
from nato_corpus.rules.gazetteer import TITLES
from nato_corpus.schema import EntityAnnotation, QuoteAnnotation, SpanRef

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
_CUE: Final = r"(?:" + "|".join(re.escape(c) for c in sorted(_CUE_VERBS, key=len, reverse=True)) + r")"
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
_PRONOUNS: Final = ("he", "she", "they", "He", "She", "They")
_OBJECT_PRONOUNS: Final = ("him", "her", "them")  # "according to her"
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
# apostrophe: "didn’t" and "allies’ plan" stay inside.
_QUOTE_PAIRS: Final = re.compile(
    r"“(?P<c>[^“”]+)”|\"(?P<s>[^\"\n]+)\"|(?<![\w’'])‘(?P<k>[^‘’\n]+(?:’\w[^‘’\n]*)*?[,.!?]?)’(?!\w)|"
    r"(?<![\w’'])'(?P<t>[A-Z][^'\n]*(?:'\w[^'\n]*)*?[,.!?])'(?!\w)")
_SENTENCE_END: Final = re.compile(r"(?<=[.!?])[”\"’]?(?=\s+[“\"A-Z‘-])")
_ABBREVIATION: Final = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Lt|Col|No|Jan|Feb|Aug|Sept|Oct|"
                                  r"Nov|Dec|Corp|Inc|Ltd)\.$")


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


class _Resolver:
    """Finds speakers near a cue: entities, pronouns and descriptions, with their registry links."""

    def __init__(self, text: str, entities: Sequence[EntityAnnotation]) -> None:
        self.text = text
        self.entities = sorted(entities, key=lambda e: e.start)
        self.last_org_speaker: str | None = None

    def _entity_ending(self, end: int) -> EntityAnnotation | None:
        return next((e for e in self.entities if e.end == end and e.label in ("PERSON", "ORG", "GPE")), None)

    def _entity_starting(self, start: int) -> EntityAnnotation | None:
        return next((e for e in self.entities if e.start == start and e.label in ("PERSON", "ORG", "GPE")), None)

    def _entity_ending_before_place(self, clause_start: int, place: EntityAnnotation) -> EntityAnnotation | None:
        """'The Ministry of Defence in London said': the place only locates the speaker named before it."""
        if place.label != "GPE":
            return None
        link = re.search(r"\s+(?:in|at)\s+(?:the\s+)?$", self.text[clause_start:place.start])
        return self._entity_ending(clause_start + link.start()) if link else None

    def last_person_before(self, position: int) -> EntityAnnotation | None:
        people = [e for e in self.entities if e.label == "PERSON" and e.end <= position]
        return people[-1] if people else None

    def before(self, clause_start: int, cue_start: int) -> _Speaker | None:
        """The speaker ending right before the cue (fillers such as 'has repeatedly' skipped)."""
        head = self.text[clause_start:cue_start].rstrip()
        relative = re.search(r",?\s+who(?:\s+(?:also|later|then))?$", head)
        if relative:  # "officials at the agency, who told CEAR that": the antecedent speaks
            return self.before(clause_start, clause_start + relative.start())
        if head.endswith(","):  # "the defence secretary, Graham Ashworth, told MPs": the name in apposition
            named = self._entity_ending(clause_start + len(head) - 1)
            if named is not None and named.label == "PERSON" and re.search(
                    r",\s*$", self.text[clause_start:named.start]):
                return self._from_entity(named)
        filler = _FILLER_BEFORE_CUE.search(head)
        if filler:
            head = head[:filler.start()].rstrip()
        end = clause_start + len(head)
        bracketed = re.search(r"\s*\(([^()]{1,20})\)$", head)  # "the Institute (SIPRI) said": the acronym
        entity = self._entity_ending(end - 1 if bracketed else end)
        if entity is not None:
            described = re.search(rf"{_DESCRIPTION_BEFORE_PP.pattern}\s+{_PREPOSITIONS}\s+(?:the\s+)?"
                                  rf"(?:[^,;]*?\s+and\s+)?(?:the\s+)?$", head[:entity.start - clause_start])
            if described:  # "a spokesperson for the State Department said": the spokesperson speaks
                return self._from_description(clause_start + described.start(), clause_start + described.end("head"))
            located = self._entity_ending_before_place(clause_start, entity)
            return self._from_entity(located or entity)
        word = re.search(r"(\w+)$", head)
        if word and word.group(1) in _PRONOUNS:
            person = self.last_person_before(end - len(word.group(1)))
            return _Speaker(end - len(word.group(1)), end, person.entity_id if person else None)
        description = _DESCRIPTION.search(head)
        if description:
            return self._from_description(clause_start + description.start(), end)
        return None

    def after(self, position: int) -> _Speaker | None:
        """The speaker starting right after a cue ('said Rutte', 'according to senior diplomats')."""
        rest = self.text[position:]
        skip = len(rest) - len(rest.lstrip())
        start = position + skip
        entity = self._entity_starting(start)
        the = re.match(r"the\s+", self.text[start:])
        if entity is None and the:  # "according to the Kiel Institute"
            entity = self._entity_starting(start + the.end())
        titled = re.match(rf"(?:(?:{_TITLE_WORDS})\s+){{1,4}}", self.text[start:])
        if entity is None and titled:  # "said Chancellor Friedrich Merz"
            entity = self._entity_starting(start + titled.end())
        if entity is not None:
            return self._from_entity(entity)
        match = re.match(rf"(?:[Aa]n?\s+|[Tt]he\s+|[A-Z][\w.-]*’s\s+)?"  # the longest: "official estimates"
                         rf"(?:{_NOT_MODIFIER}[\w.’'-]+\s+){{0,3}}{_HEADS}\b", self.text[start:])
        if match:
            return self._from_description(start, start + match.end())
        word = re.match(r"(\w+)\b", self.text[start:])
        if word and word.group(1) in (*_PRONOUNS, *_OBJECT_PRONOUNS):
            person = self.last_person_before(start)
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


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, begin = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text[max(start, m.start() - 12):m.start()]):
            continue
        spans.append((begin, m.end()))
        begin = m.end() + len(text[m.end():end]) - len(text[m.end():end].lstrip())
    if begin < end:
        spans.append((begin, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding blanks and final sentence punctuation (not a closing quotation mark)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:!?"):
        end -= 1
    return start, end


def _kind(text: str, start: int, end: int) -> str:
    """Mixed when the content quotes words verbatim: double quotation marks, or a pair of single ones."""
    content = text[start:end]
    single = re.search(r"(?<![\w’'])‘[^‘’]+’(?!\w)", content)
    return "mixed" if re.search(r"[“”\"]", content) or single else "indirect"


def _direct_quotes(text: str, line: tuple[int, int], resolver: _Resolver) -> list[_Found]:
    found: list[_Found] = []
    line_start, line_end = line
    for m in _QUOTE_PAIRS.finditer(text, line_start, line_end):
        group = next(g for g in ("c", "s", "k", "t") if m.group(g) is not None)
        inner_start, inner_end = m.start(group), m.end(group)
        if len(text[inner_start:inner_end].split()) < 3:
            continue  # scare quotes and short fragments belong to the surrounding clause
        content = _trim(text, inner_start, inner_end)
        ends_with_comma = text[inner_end - 1] == "," or text[m.end():m.end() + 1] == ","
        sentence_start = max(text.rfind(". ", line_start, m.start()) + 2, line_start)
        before = re.search(rf"(?<![\w])(?P<cue>{_CUE})(?:\s+that)?\s*[,:]?\s*$", text[sentence_start:m.start()])
        after = re.match(rf",?\s*(?P<attr>(?:[^“”\".!?]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z][a-z])\.)"
                         rf"{{0,120}}?)(?<![\w])(?P<cue>{_CUE})(?![\w])", text[m.end():line_end])
        speaker = cue = None
        if ends_with_comma and after:
            cue = (m.end() + after.start("cue"), m.end() + after.end("cue"))
            attribution = after.group("attr").strip()
            speaker = (resolver.before(m.end(), cue[0]) if attribution else resolver.after(cue[1]))
        elif before:
            cue = (sentence_start + before.start("cue"), sentence_start + before.end("cue"))
            speaker = resolver.before(sentence_start, cue[0])
        elif found and found[-1].cue is not None and not text[sentence_start:m.start()].strip() and not re.search(
                r"[“”\"]", text[found[-1].end + 2:m.start()]):
            speaker, cue = found[-1].speaker, found[-1].cue  # a follow-on quotation continues the previous
        else:
            continue
        found.append(_Found(content[0], content[1], "direct", speaker, cue))
    return found


def _indirect(text: str, sentence: tuple[int, int], resolver: _Resolver) -> list[_Found]:
    start, end = sentence
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        start = dateline.end()
    s = text[start:end]
    body_start = start + (_CONNECTIVE.match(s).end() if _CONNECTIVE.match(s) else 0)
    results: list[_Found] = []

    def add(c_start: int, c_end: int, speaker: _Speaker | None, cue: tuple[int, int] | None) -> None:
        c_start, c_end = _trim(text, c_start, c_end)
        if c_end - c_start >= 8 and len(text[c_start:c_end].split()) >= 3:
            results.append(_Found(c_start, c_end, _kind(text, c_start, c_end), speaker, cue))

    # According to X, C.
    m = re.match(r"\s*(?P<cue>[Aa]ccording to)\s+(?P<who>[^,]+),\s*", s)
    if m:
        content_start = start + m.end()
        appositive = re.match(r"([^,]+),\s*", text[content_start:end])
        speaker = resolver.after(start + m.end("cue"))
        if appositive:
            person = resolver._entity_starting(content_start)
            if person is not None and person.end == content_start + len(appositive.group(1)):
                speaker, content_start = resolver._from_entity(person), content_start + appositive.end()
        add(content_start, end, speaker, (start + m.start("cue"), start + m.end("cue")))
        return results
    # As X reported (earlier), C.
    m = re.match(rf"\s*As\s+(?P<who>[^,]{{1,60}}?)\s+(?P<cue>{_CUE})(?:\s+(?:earlier|previously|before|"
                 r"yesterday|last\s+\w+|on\s+\w+))?,\s*", s)
    if m:
        cue = (start + m.start("cue"), start + m.end("cue"))
        speaker = resolver.before(start + m.start("who"), cue[0])
        if speaker is not None:
            add(start + m.end(), end, speaker, cue)
            return results
    # A, according to X, B: the attribution sits inside the content.
    m = re.search(r",\s+(?P<cue>according to)\s+(?P<who>[^,]{1,80}),\s+(?=[a-z])", s)
    if m and not re.match(r"(?:and|but|or|yet|while|adding|saying)\b", s[m.end():]):
        add(body_start, end, resolver.after(start + m.end("cue")), (start + m.start("cue"), start + m.end("cue")))
        return results
    # C, according to X.  /  C, as mentioned by X.
    m = re.search(r",\s+(?P<cue>according to|as (?P<passive>mentioned|stated|said|reported|noted|quoted) by)\s+", s)
    if m:
        cue = (start + m.start("passive"), start + m.end("passive")) if m.group("passive") else (
            start + m.start("cue"), start + m.end("cue"))
        add(body_start, start + m.start(), resolver.after(start + m.end()), cue)
        return results
    # claims ... that C (a noun cue with no expressed source)
    m = re.search(r"(?<![\w])(?P<cue>claims|allegations|reports)(?:,[^,]{1,60},)?\s+that\s+", s)
    if m and not resolver.before(start, start + m.start("cue")):
        add(start + m.end(), end, None, (start + m.start("cue"), start + m.end("cue")))
        return results
    # X cue (that) C  — possibly followed by ", adding that D"
    for m in re.finditer(rf"(?<![\w])(?P<cue>{_CUE})(?![\w])", s):
        cue = (start + m.start("cue"), start + m.end("cue"))
        rest = s[m.end():]
        object_cue = m.group("cue") in _OBJECT_CUES
        that = re.match(r"(?:\s+(?:on|at|in|during|ahead of|after)\s+[^,.;:“”\"]{1,40}?)?\s+(?:[—–]\s+)?that,?\s+",
                        rest)
        if that is None and m.group("cue") in ("told", "tells"):  # "told the newspaper Le Monde that ..."
            that = re.match(r"\s+(?:[\w.’'-]+\s+){1,8}?that,?\s+", rest)
        if that is None and not object_cue and (_NOT_A_CLAUSE.match(rest) or not (re.match(
                r"\s+(?:there|it|he|she|they|we|i|you|the|a|an|some|many|most|no|all|his|her|its|their|our|this|"
                r"these|those|such|only)\b|\s+[A-Z0-9“\"]", rest) or (m.group("cue") in _SAY and re.match(
                    r"\s+(?!(?:so|yes|no|nothing|something|anything|goodbye|hello|thanks|sorry)\b)[a-z]", rest)))):
            continue  # "agreed to spend", "noted the importance of": no reported clause follows
        if that is None and not object_cue and m.group("cue") not in _SAY and not _FINITE_CLAUSE.match(rest):
            continue  # "confirmed the exercise on Thursday": a noun phrase, not a clause
        if m.group("cue") in ("adding", "suggesting") and results:
            speaker = results[-1].speaker
        elif m.group("cue").endswith("ing"):
            first = next((e for e in resolver.entities if start <= e.start < cue[0] and e.label == "PERSON"), None)
            speaker = resolver._from_entity(first) if first else None
        else:
            before = text[body_start:cue[0]].rstrip()
            coordinated = re.search(r"\s(?:and|but)(?:\s+(?:he|she|they|it))?(?:\s+(?:also|then|later))?$", before)
            speaker = results[-1].speaker if coordinated and results else resolver.before(body_start, cue[0])
            if speaker is None and coordinated:
                # coordinated predicates share the subject: "X welcomed the plan but warned that C"
                first = next((e for e in resolver.entities if body_start <= e.start < cue[0]
                              and e.label in ("PERSON", "ORG", "GPE")), None)
                speaker = resolver._from_entity(first) if first else None
        if speaker is None:
            continue
        content_start = start + m.end() + (that.end() if that else 0)
        trailing = re.search(r",\s+(?:adding|insisting|saying|noting|suggesting|calling|citing|stressing|warning|"
                             r"arguing|describing|referring|pointing|according)\b|"
                             rf",?\s+(?:and|but)\s+(?:(?:he|she|they|it)\s+)?(?:also\s+)?(?={_CUE}\b)|"
                             r",\s+but\s+(?:also\s+)?(?:[a-z]+ed|did\s+not|would\s+not|gave|made)\b|"
                             r",\s+an?\s+(?:view|position|claim|assessment|stance|argument)\s+(?:shared|echoed|"
                             r"rejected|disputed)\b",
                             text[content_start:end])
        content_end = content_start + trailing.start() if trailing else end
        add(content_start, content_end, speaker, cue)
        if not trailing:
            break
    if results:
        return results
    # C, X cue.   C, cue X.   A, X cue, B.   C, X cue, but D.
    m = re.search(rf",\s+(?P<who>[^,]{{1,60}}?)\s+(?P<cue>{_CUE}){_ADJUNCT}(?P<tail>\s*[.!?]?\s*$|,\s+)", s)
    m2 = re.search(rf",\s+(?P<cue>{_CUE})\s+(?P<who>[^,]{{1,60}}?)\s*[.!?]?\s*$", s)
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
    m = re.search(rf"\s+[—–-]\s+(?:(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}})|"
                  rf"(?P<description>(?:[a-z][\w-]*\s+){{0,3}}{_HEADS}))\s*$", text[line[0]:line[1]])
    if not m:
        return []
    if m.group("description"):
        speaker = resolver._from_description(line[0] + m.start("description"), line[0] + m.end("description"))
    else:
        entity = resolver._entity_starting(line[0] + m.start("name"))
        if entity is None or entity.label != "PERSON":
            return []
        speaker = resolver._from_entity(entity)
    start, end = _trim(text, line[0], line[0] + m.start())
    if len(text[start:end].split()) < 3:
        return []
    return [_Found(start, end, _kind(text, start, end), speaker, None)]


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
        for sentence in _sentences(text, *line):
            if any(q.start < sentence[1] and sentence[0] < q.end for q in direct):
                continue
            found += _indirect(text, sentence, resolver)
    result = []
    for q in found:
        if context.skipped(q.start, q.end) or q.end <= q.start:
            continue
        speaker = None if q.speaker is None else SpanRef(start=q.speaker.start, end=q.speaker.end,
                                                         text=text[q.speaker.start:q.speaker.end])
        cue = None if q.cue is None else SpanRef(start=q.cue[0], end=q.cue[1], text=text[q.cue[0]:q.cue[1]])
        result.append(QuoteAnnotation(
            id="q1", start=q.start, end=q.end, text=text[q.start:q.end], kind=q.kind, speaker=speaker,
            speaker_entity_id=q.speaker.entity_id if q.speaker else None, cue=cue, origin="rule",
            annotator=ANNOTATOR))
    return result
