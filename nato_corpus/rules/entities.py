"""Rule-based named-entity annotator (OntoNotes name types), deterministic and general.

Candidates come from several general patterns, then overlaps are resolved longest-first:

1. fixed phrases from :mod:`nato_corpus.rules.gazetteer` (countries via pycountry, capitals and cities,
   regions, demonyms, institutions, news organisations, facilities);
2. organisation names ending in a head noun ("... Ministry", "... Council", "... Organization");
3. event names ending in an event noun ("... Summit", "... Conference");
4. a title or role followed by a capitalised name ("Secretary General Mark Rutte", "spokeswoman Zakharova",
   "Ambassador to NATO Whitaker"), or a name followed by an appositive title ("Jens Stoltenberg, then-...");
5. other capitalised sequences of two to four words inside a sentence (a person's full name, typically);
6. acronyms (2-6 capitals) that are not common-noun acronyms or currency codes;
7. a capitalised word before "countries"/"nations"/"group" naming a grouping ("the Quad countries");
8. surnames of persons found above, wherever they recur alone.

Title-case lines (headlines) only take fixed phrases, acronyms and known surnames.  Mentions are linked to
the entity registry by name or alias (and a surname to a registered person's last name).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from nato_corpus.rules import ANNOTATOR, RuleContext, fits_schema
from nato_corpus.rules.gazetteer import (
    COMPANY_SUFFIXES,
    EVENT_HEADS,
    LOC_HEADS,
    LOC_OF_HEADS,
    NON_ENTITY_ACRONYMS,
    ORG_HEADS,
    PRODUCT_MODIFIERS,
    PRODUCT_NOUNS,
    TITLES,
    currency_codes,
    normalise,
    phrase_labels,
)
from nato_corpus.rules.prefilter import PatternStarts, trie_pattern
from nato_corpus.rules.spans import Taken
from nato_corpus.schema import EntityAnnotation, RegistryEntity

# A word of a name is at most 62 characters and an initialism at most 9 letters (the corpus's longest word is
# "Secretary-General", 17).  The bound is what keeps the patterns linear: they are tried at the start of every
# word, and after every hyphen, and an unbounded word would be scanned to its end from each of those starts
# ("A-A-A-...", 100,000 characters, took minutes).
_MAX_WORD: Final = 60
_MAX_INITIALS: Final = 8
# A capitalised word, hyphenated compounds included ("NATO-Ukraine"), or an initialism ("U.S."); a final full
# stop is no part of a word, so a name never runs across a sentence end.
_WORD: Final = rf"[A-Z](?:\.[A-Z]){{1,{_MAX_INITIALS}}}\.|[A-Z][\w-]{{0,{_MAX_WORD}}}\w|[A-Z]"
_NAME_TOKEN: Final = rf"[A-Z][a-zà-ÿA-Z-]{{0,{_MAX_WORD}}}[a-zà-ÿ]"  # Mark, Zelenskyy, Fogh; not acronyms
_CONNECTORS: Final = ("of", "for", "and", "on", "the")
_STOP_CAPITALS: Final = frozenset({
    "The", "A", "An", "And", "But", "Or", "If", "In", "On", "At", "By", "For", "From", "To", "Of", "As", "With",
    "This", "That", "These", "Those", "It", "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their",
    "Our", "There", "Here", "However", "Nevertheless", "Meanwhile", "Earlier", "Later", "Also", "Instead",
    "While", "When", "Since", "After", "Before", "Such", "Some", "Many", "Most", "Other", "Both", "Each", "All",
    "No", "Not", "Yet", "So", "Then", "Now", "Today", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "Source", "Sources", "Separately", "According",
})
_TITLE_WORDS: Final = frozenset(w for title in TITLES for w in title.split())
# Sentence starters that are capitalised only by position; a capitalised sequence starting with one of these
# at a sentence start is no name ("Defence Ministers Agree", "Several European capitals").
_INITIAL_STOPS: Final = _STOP_CAPITALS | frozenset({
    "Several", "Few", "Every", "Any", "Another", "Despite", "Although", "Though", "Because", "Under", "Over",
    "Amid", "During", "Following", "Without", "Within", "Against", "Between", "Among", "Through", "Until",
    "Unlike", "Like", "What", "Which", "Who", "Why", "How", "Where", "Whether", "Only", "Even", "Still",
    "Just", "More", "Less", "Last", "Next", "First", "Second", "Third", "New", "Former", "Top", "Senior",
    "Local", "Foreign", "Defence", "Defense", "Security", "Military", "Officials", "Leaders", "Ministers",
    "Allies", "Analysts", "Experts", "Sources", "Diplomats", "Critics", "Western", "Eastern", "Northern",
    "Southern", "Central", "Breaking", "Update", "Exclusive", "Analysis", "Opinion", "Read", "Watch", "See",
    "Photo", "Video", "Live", "Updated", "Published", "Subscribe", "Sign", "Click", "Share",
})

@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    label: str
    rule: int  # lower wins between equally long candidates

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end


@lru_cache(maxsize=1)
def _phrase_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + trie_pattern(list(phrase_labels())) + r")(?![\w])")


def _alternation(words: tuple[str, ...]) -> str:
    """The words as one alternation, longest first where one begins another: a trie, which the regex engine
    matches several times faster than the words one by one (and with the same matches: the words that fit at
    a position are each the start of the next longer, tried in the same order)."""
    return trie_pattern(sorted(set(words)))


_SP: Final = r"[ \t\u00a0]+"  # blanks inside a name: never a line break (headlines, paragraphs)
# Head nouns the shared list lacks: military formations, media and company suffixes.
_ORG_HEADS: Final = tuple(dict.fromkeys((
    *ORG_HEADS, "Fleet", "Brigade", "Regiment", "Division", "Corps", "Battalion", "Directorate", "Secretariat",
    "Government",
    "Administration", "Police", "Legion", "Airlines", "Industries", "Systems", "Dynamics", "Holdings", "Media",
    "Television", "Radio", "Herald", "Journal", "Tribune", "Gazette", "Telegraph", "Senate", "Chamber",
    "Ministry of Defence", "Ministry of Defense", "Armaments", "Aerospace", "Technologies", "Shipyard",
    "Shipyards", "Yards", "Cooperation", "Shipbuilding", "Motors", "Electronics", "Munitions", "Robotics",
    "Engineering", "Airways",
    "Logistics", "Propulsion", "Centre", "Center")))
# Government bodies named "Head of X": "Ministry of Defence", "Department of Defense", "Bank of England".
_ORG_OF_HEADS: Final = ("Ministry", "Department", "Council", "Bank", "Court", "Organization", "Organisation",
                        "Institute", "University", "League", "Office", "Chamber", "Commission", "Committee",
                        "Parliament", "Government", "House", "Assembly", "Federation", "Union", "Republic", "Group",
                        "Centre", "Center", "Agency", "Foundation", "Academy", "School", "Society")
# Named treaties and laws are LAW (OntoNotes), not EVENT: "Montreux Convention", "Minsk Agreements".
_LAW_HEADS: Final = ("Convention", "Treaty", "Act", "Charter", "Accord", "Accords", "Agreement", "Agreements",
                     "Protocol", "Memorandum", "Declaration", "Directive", "Pact", "Constitution", "Resolution")
_EVENT_HEADS: Final = (*(h for h in EVENT_HEADS if h not in _LAW_HEADS), "Dialogue", "Offensive", "Crisis")
_ORG_PATTERN: Final = re.compile(
    rf"(?<![\w])(?:(?:{_WORD}){_SP}(?:(?:{'|'.join(_CONNECTORS)}){_SP})?){{1,5}}(?:{_alternation(_ORG_HEADS)})"
    rf"(?![\w])")
_ORG_OF: Final = re.compile(
    rf"(?<![\w])(?:(?:{_WORD}){_SP}){{0,2}}(?:{_alternation(_ORG_OF_HEADS)}){_SP}(?:of|for){_SP}(?:the{_SP})?"
    rf"{_NAME_TOKEN}(?:{_SP}(?:and{_SP}|of{_SP})?{_NAME_TOKEN}){{0,3}}(?![\w])")


def _head_named(heads: tuple[str, ...], word: str = f"(?:{_WORD})", most: int = 3) -> re.Pattern[str]:
    """One to `most` capitalised words before a head noun: "Munich Security Conference", "Ramstein Air Base"."""
    return re.compile(rf"(?<![\w])(?:{word}{_SP}){{1,{most}}}(?:{_alternation(heads)})(?![\w])")


_EVENT_PATTERN: Final = _head_named(_EVENT_HEADS)
_LAW_PATTERN: Final = _head_named(_LAW_HEADS)
# Named structures: "Ramstein Air Base", "Zaporizhzhia Nuclear Power Plant", "Crimean Bridge".
_FAC_HEADS: Final = ("Air Base", "Airbase", "Naval Base", "Base", "Airport", "Bridge", "Palace", "Tower", "Power Plant",
                     "Power Station", "Dam", "Pipeline", "Canal", "Cathedral", "Square", "Stadium", "Building")
_FAC_PATTERN: Final = _head_named(_FAC_HEADS)
# Weapon and aircraft designations: "F-16", "MiG-29", "S-400", "Su-35", "T-72B", and unhyphenated "CV90".
_DESIGNATION: Final = re.compile(r"(?<![\w-])(?:[A-Z][A-Za-z]{0,3}-\d{1,4}[A-Z]{0,2}|[A-Z]{2,4}\d{2,4}[A-Z]?)(?![\w-])")
# Companies by their legal form: "Saab AB", "Thales S.A.", "Skyfence LLC" (the form is part of the name).
_COMPANY: Final = re.compile(
    rf"(?<![\w])(?:(?:{_WORD}){_SP}(?:&{_SP})?){{1,4}}(?:{_alternation(COMPANY_SUFFIXES)})(?![\w/])")
# A product or weapon named right before what it is: "Patriot batteries", "148 Challenger 3 tanks",
# "Taurus cruise missiles", "Pohjanmaa-class corvettes".  A number word is \d+(?:[A-Z][A-Z0-9]*)?, the words
# \d+[A-Z0-9]* matched (Unicode digits included) split one way only: that split "2025" four ways, and
# "Leopard 2025 2025 ... 2025." (no noun after it) took 4^k steps.
_PRODUCT_IN_CONTEXT: Final = re.compile(
    rf"(?<![\w-])(?P<name>(?:[A-Z][\w-]*[\w]|[A-Z])(?:{_SP}(?:[A-Z][\w-]*[\w]|\d+(?:[A-Z][A-Z0-9]*)?))*?)(?:-class)?{_SP}"
    rf"(?:(?:{_alternation(PRODUCT_MODIFIERS)}){_SP}){{0,3}}(?:{_alternation(PRODUCT_NOUNS)})(?![\w-])")
# Where _PRODUCT_IN_CONTEXT can start, and the runs of name words it extends over (see _product_matches).
_PRODUCT_START: Final = re.compile(r"(?<![\w-])[A-Z]")
_PRODUCT_CHAIN: Final = re.compile(
    rf"(?<![\w-])(?:[A-Z][\w-]*[\w]|[A-Z])(?![\w-])(?:{_SP}(?:[A-Z][\w-]*[\w]|\d+(?:[A-Z][A-Z0-9]*)?)(?![\w-]))*")
_CHAIN_WORD: Final = re.compile(rf"{_SP}(?=[A-Z][\w-])")
# Geography: "Gulf of Finland", "Sea of Azov"; "Kerch Strait", "Dnipro River".
_LOC_OF: Final = re.compile(
    rf"(?<![\w])(?:{_alternation(LOC_OF_HEADS)}){_SP}of{_SP}(?:the{_SP})?{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN})?(?![\w])")
_LOC_NAMED: Final = _head_named(LOC_HEADS, _NAME_TOKEN, most=2)
# Named operations and exercises: "Operation Eastern Sentry", "the Baltic Sentry mission", "Steadfast Noon exercise".
_OPERATION: Final = re.compile(
    rf"(?<![\w])(?:Operation|Exercise){_SP}(?P<op>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{0,2}})(?![\w])|"
    rf"(?<![\w])(?P<name>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{1,2}}){_SP}(?:mission|exercises?|drills|operation)\b")
# Outlets introduced by what they are: "the Latvian daily Rigas Vestnesis", "a Prostir correspondent",
# and the slashed agency credit of Ukrainian and Russian wire copy: "KYIV, 14 October /Ukrinform/."
_OUTLET: Final = re.compile(
    rf"(?<![\w])(?:daily|newspaper|weekly|tabloid|broadcaster|magazine|news{_SP}agency|agency|news{_SP}site|"
    rf"website|outlet|channel){_SP}(?P<after>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{0,3}})(?![\w])|"
    rf"(?<![\w])(?:[Aa]n?|[Tt]he){_SP}(?P<before>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN})?){_SP}"
    rf"(?:correspondent|reporter|journalist|columnist)s?\b|"
    rf"(?<=[ \t])/(?P<slashed>[A-Z][\w-]+(?:{_SP}[A-Z][\w-]+)?)/(?=[.,\s])")
# Places named with a lower-case designator or located in a known place: "the Podkarpackie region",
# "near Vejle", "from Amari in Estonia" (guidelines: the designator is outside the span).
_PLACE_IN_CONTEXT: Final = re.compile(
    rf"(?<![\w])(?P<a>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN})?){_SP}(?:region|province|oblast|district|county)\b|"
    rf"\b(?:near|outside){_SP}(?P<b>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN})?)(?![\w’'])|"
    rf"\b(?:in|at|from){_SP}(?P<c>{_NAME_TOKEN}){_SP}in{_SP}(?=[A-Z])")
_NOT_PLACES: Final = frozenset({"Christmas", "Easter", "Ramadan", "Eid", "Thanksgiving", "Hanukkah", "Diwali",
                                "Passover", "Lent", "Advent"})  # "near Christmas"
# "wrote on X", "posted on X": the platform formerly called Twitter.
_PLATFORM_X: Final = re.compile(r"\b(?:wrote|posted|said|tweeted|shared)[ \u00a0]+on[ \u00a0]+(?P<x>X)(?![\w])")
# Capitalised words of corporate and parliamentary bodies that never belong to a person's name.
_NOT_NAME_WORDS: Final = frozenset({"Board", "Management", "Executive", "Supervisory", "Directors", "Committee"})
_NOT_DESIGNATIONS: Final = frozenset({"G-7", "G-20", "SARS-2", "MH-17", "MH17"})  # groupings, a virus, a flight
# A title, with its complements ("Ambassador to NATO", "Deputy Minister of Defence of Ukraine"), then the name.
_TITLE_NAME: Final = re.compile(
    rf"(?<![\w])(?:{_alternation(TITLES)})(?:{_SP}(?:to|of|for){_SP}(?:the{_SP})?[A-Z][\w.-]*(?:{_SP}[A-Z][\w.-]*)"
    rf"{{0,2}}?){{0,2}},?{_SP}(?P<name>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{0,3}})(?![\w])")
# No start right after a capital letter: the match one letter earlier would have been found first, so such a
# start never matches, and trying it would rescan a long capitalised word from each of its letters.
_APPOSITIVE: Final = re.compile(
    rf"(?<![A-Z])(?P<name>{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{1,3}}),{_SP}(?:then-|former{_SP}|the{_SP}|a{_SP})?"
    rf"(?:[\w.-]+{_SP}){{0,3}}?(?:{_alternation(TITLES)})(?![\w])")
_SEQUENCE: Final = re.compile(rf"(?<![A-Z]){_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN}){{1,3}}(?![\w])")
# A lone capitalised word right before a reporting verb is a speaker's surname: "..., Macron told Le Monde".
_SURNAME_CUE: Final = re.compile(
    rf"(?<![\w’'-])(?P<name>{_NAME_TOKEN}){_SP}(?:said|says|told|added|adds|stated|wrote|writes|noted|"
    rf"stressed|warned|argued|insisted|explained|recalled|replied)\b")
_ACRONYM: Final = re.compile(r"(?<![\w.])[A-Z]{2,6}(?![\w])")
_CAPS_WORDS: Final = re.compile(r"(?<![\w.])[A-Z]{3,}(?:[ -][A-Z]{2,})*(?![\w])")  # "WARSAW", "NEW YORK"
_GROUPING: Final = re.compile(r"(?<![\w])(?P<name>[A-Z][a-z]{2,})\s+(?:countries|nations|group|format)\b")
# A sentence starts after a stop, an opening quotation mark or a line break (bullets allowed); a straight
# quotation mark after a comma closes a quote (',” Hartmann said'), so no sentence starts there.
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:;“]\s*|(?<!,)\"\s*|\n\s*(?:[-–—•*]\s*)?)$")


_FUNCTION_WORDS: Final = frozenset({"a", "an", "the", "to", "of", "on", "in", "at", "by", "for", "and", "or", "but",
                                    "not", "with", "as", "from", "vs", "over", "into", "amid"})


def _is_title_case_line(line: str) -> bool:
    """A headline in title case: no sentence-final stop and no lowercase word but function words."""
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    lowercase = [w for w in words if w[0].islower() and w not in _FUNCTION_WORDS]
    return len(words) >= 2 and not lowercase and not line.rstrip().endswith((".", "”", '"'))


def _lowercase_words(text: str) -> frozenset[str]:
    """Words the document itself prints in lower case: evidence that a capitalised form is positional."""
    return frozenset(re.findall(r"(?<![\w’'-])[a-z][a-z’'-]*", text))


_CAPITALISED: Final = re.compile(r"(?<![\w-])[A-Z][\w-]*(?<![-])")
_NAME_FOLLOWERS: Final = re.compile(
    r"(?:,|[ \u00a0]+(?:said|says|told|added|stated|wrote|noted|stressed|warned|argued|insisted|explained|"
    r"announced|confirmed|denied|called|urged|met|visited|spoke|tweeted|posted|who|and\s+[A-Z]))")


def _capitalised_words(text: str, starts: PatternStarts | None = None) -> dict[str, list[int]]:
    """Start offsets of every capitalised word, by word: one scan answers "does X recur mid-sentence?"."""
    positions: dict[str, list[int]] = {}
    for m in (starts or PatternStarts(text)).finditer(_CAPITALISED):
        positions.setdefault(m.group(), []).append(m.start())
    return positions


class _MidSentence:
    """Where each capitalised word occurs inside a sentence (its first two such places, found once per word:
    asking every occurrence again for each candidate is quadratic in a text that repeats one name)."""

    def __init__(self, text: str, words: dict[str, list[int]]) -> None:
        self.text, self.words = text, words
        self._found: dict[str, list[int]] = {}

    def recurs(self, word: str, except_end: int = -1) -> bool:
        """Whether `word` occurs capitalised inside a sentence other than where it ends at `except_end`."""
        found = self._found.get(word)
        if found is None:
            found = []
            for start in self.words.get(word, ()):
                if not _sentence_initial(self.text, start):
                    found.append(start)
                    if len(found) == 2:  # two places never both end at except_end
                        break
            self._found[word] = found
        return any(start + len(word) != except_end for start in found)


def _name_evidence(text: str, mid_sentence: _MidSentence, end: int, last: str) -> bool:
    """Whether a sentence-initial capitalised sequence behaves like a person's name: it is followed by an
    appositive comma or a verb typical of a person, or its last word recurs capitalised inside a sentence."""
    return bool(_NAME_FOLLOWERS.match(text, end)) or mid_sentence.recurs(last, end)


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 4):start]))


def _headed_names(starts: PatternStarts, pattern: re.Pattern[str], label: str) -> list[_Candidate]:
    """Names built on a head noun; leading function words, titles and connectors are outside ("The",
    "President and CEO of", "Chairman of the Management Board of"), two names joined by "and" are two names
    ("Saab Group and Nammo Industries"), and what is left must have a modifier besides the head ("The Council"
    alone is a description, not a name)."""
    found = []
    for m in starts.finditer(pattern):
        words = list(re.finditer(r"\S+", m.group()))
        while words and (words[0].group() in _STOP_CAPITALS or words[0].group() in _TITLE_WORDS
                         or words[0].group() in ("and", "of", "for", "the", "&")):
            words = words[1:]
        of = next((i for i, w in enumerate(words) if w.group() == "of"), None)
        if of is not None and all(w.group() in _NOT_NAME_WORDS or w.group() in _TITLE_WORDS for w in words[:of]):
            words = words[of + 1:]  # "Management Board of [Vistula Armaments]"
        conjunct: list[re.Match[str]] = []
        for word in words:
            left = " ".join(w.group() for w in conjunct)
            if word.group() == "and" and conjunct and (pattern.fullmatch(left) or _COMPANY.fullmatch(left)):
                if len(conjunct) >= 2:
                    found.append(_Candidate(m.start() + conjunct[0].start(), m.start() + conjunct[-1].end(), label, 1))
                conjunct = []
                continue
            conjunct.append(word)
        if len(conjunct) >= 2:
            found.append(_Candidate(m.start() + conjunct[0].start(), m.end(), label, 1))
    return found


_NEXT_NAME: Final = re.compile(rf"{_NAME_TOKEN}(?:{_SP}{_NAME_TOKEN})?")


def _next_name(text: str, position: int) -> str:
    """The capitalised word or two starting at `position` ("Estonia", "South Korea")."""
    m = _NEXT_NAME.match(text, position)  # at the position, not on a copy of the rest of the text
    return "" if m is None else (m.group() if m.group() in phrase_labels() else m.group().split()[0])


def _lowercase_expansions(text: str) -> frozenset[str]:
    """Acronyms the text spells out in lower case, so common nouns: "first-person-view (FPV) drones"."""
    result = set()
    for m in re.finditer(r"\((?P<acronym>[A-Z]{2,6})\)", text):  # look back from each "(ABC)": cheap
        words = re.split(r"[\s-]+", text[max(0, m.start() - 80):m.start()].strip())[-len(m.group("acronym")):]
        if all(w[:1].islower() for w in words) and "".join(w[0] for w in words).upper() == m.group("acronym"):
            result.add(m.group("acronym"))
    return frozenset(result)


def _product_matches(text: str, starts: PatternStarts | None = None) -> Iterable[re.Match[str]]:
    """What ``_PRODUCT_IN_CONTEXT.finditer(text)`` yields, without trying the starts that cannot match.

    The name before the product noun is a run of capitalised words of any length ("Leopard 2A7 tanks"), so a
    start inside such a run would rescan the rest of it.  A match starting at a word of two letters or more
    inside a run would make one from the run's first word (the name grows by the words before it, and the
    first word's start is tried earlier), so those starts are skipped and each run is scanned once.
    """
    starts = starts or PatternStarts(text)
    inside = {chain.start() + word.end() for chain in starts.finditer(_PRODUCT_CHAIN)
              for word in _CHAIN_WORD.finditer(chain.group())}
    position = 0
    for start in starts.finditer(_PRODUCT_START):
        if start.start() < position or start.start() in inside:
            continue
        m = _PRODUCT_IN_CONTEXT.match(text, start.start())
        if m is not None:
            position = m.end()
            yield m


def _candidates(text: str) -> list[_Candidate]:
    labels = phrase_labels()
    starts = PatternStarts.of(text)  # every pattern below is tried only where it can start
    found = [_Candidate(m.start() + (4 if m.group().startswith("the ") else 0), m.end(), labels[m.group()], 0)
             for m in starts.finditer(_phrase_pattern())]  # a leading "the" stays outside: "the [Netherlands]"
    for pattern, label in ((_ORG_PATTERN, "ORG"), (_ORG_OF, "ORG"), (_EVENT_PATTERN, "EVENT"),
                           (_FAC_PATTERN, "FAC"), (_LAW_PATTERN, "LAW"), (_COMPANY, "ORG"), (_LOC_NAMED, "LOC")):
        found += _headed_names(starts, pattern, label)
    found += [_Candidate(m.start(), m.end(), "LOC", 1) for m in starts.finditer(_LOC_OF)]
    for m in starts.finditer(_OPERATION):
        group = "op" if m.group("op") else "name"
        if m.group(group) not in labels:
            found.append(_Candidate(m.start(group) if group == "name" else m.start(), m.end(group), "EVENT", 1))
    for m in starts.finditer(_OUTLET):
        group = next(g for g in ("after", "before", "slashed") if m.group(g))
        if m.group(group) not in labels and m.group(group).split()[0] not in _STOP_CAPITALS:
            found.append(_Candidate(m.start(group), m.end(group), "ORG", 2))
    found += [_Candidate(m.start("x"), m.end("x"), "ORG", 2) for m in starts.finditer(_PLATFORM_X)]
    for m in starts.finditer(_PLACE_IN_CONTEXT):
        group = next(g for g in ("a", "b", "c") if m.group(g))
        if group == "c" and labels.get(_next_name(text, m.end())) not in ("GPE", "LOC"):
            continue  # "from Amari in Estonia", not "in March in Brussels"
        if not any(t in labels or t in _STOP_CAPITALS or t in _TITLE_WORDS or t in _NOT_PLACES
                   for t in m.group(group).split()):
            found.append(_Candidate(m.start(group), m.end(group), "GPE", 2))
    spelled_out = _lowercase_expansions(text)
    for m in _product_matches(text, starts):
        name = m.group("name")
        first = name.split()[0]
        if (name in labels or first in _INITIAL_STOPS or first in _TITLE_WORDS or first in labels or name in spelled_out
                or (_sentence_initial(text, m.start("name")) and not re.search(r"\d|[A-Z]{2}", name))):
            continue  # "Ukrainian tanks", "NATO jets", "Air defence systems" at a sentence start
        class_suffix = re.search(r"-(?:class|type)$", name)  # "[Pohjanmaa]-class corvettes"
        found.append(_Candidate(m.start("name"), m.end("name") - (len(class_suffix.group()) if class_suffix else 0),
                                "PRODUCT", 1))
    found += [_Candidate(m.start(), m.end(), "PRODUCT", 3) for m in starts.finditer(_DESIGNATION)
              if m.group() not in _NOT_DESIGNATIONS and m.group() not in labels]
    for pattern in (_TITLE_NAME, _APPOSITIVE):
        for m in starts.finditer(pattern):
            tokens = m.group("name").split()
            while tokens and (tokens[-1] in _TITLE_WORDS or tokens[-1] in labels):
                tokens.pop()
            if tokens and tokens[0] not in labels and tokens[0] not in _STOP_CAPITALS and not any(
                    t in _NOT_NAME_WORDS for t in tokens):
                start = m.start("name")
                found.append(_Candidate(start, start + len(" ".join(tokens)), "PERSON", 2))
    lowercase_words = _lowercase_words(text)
    mid_sentence = _MidSentence(text, _capitalised_words(text, starts))
    for m in starts.finditer(_SEQUENCE):
        tokens = m.group().split()
        if any(t in labels or t in _STOP_CAPITALS or t in _TITLE_WORDS or t in _NOT_NAME_WORDS for t in tokens) or any(
                " ".join(tokens[i:j]) in labels for i in range(len(tokens)) for j in range(i + 2, len(tokens) + 1)):
            continue  # "Black Sea Fleet" is no person: a known place is inside
        if _sentence_initial(text, m.start()) and (
                tokens[0] in _INITIAL_STOPS or tokens[0].casefold() in lowercase_words
                or not _name_evidence(text, mid_sentence, m.end(), tokens[-1])):
            continue  # a capitalised common word at a sentence start ("Several Nordic", "Heavy Fighting")
        place = re.search(r"(?<![\w])(?:in|near)[ \u00a0]+$", text[max(0, m.start() - 6):m.start()])
        found.append(_Candidate(m.start(), m.end(), "GPE" if place else "PERSON", 4))  # "a plant in Stalowa Wola"
    for m in starts.finditer(_SURNAME_CUE):
        name = m.group("name")
        if name not in labels and name not in _INITIAL_STOPS and name not in _TITLE_WORDS and not (
                _sentence_initial(text, m.start()) and (name.casefold() in lowercase_words
                                                        or not mid_sentence.recurs(name))):
            # at a sentence start ("Police said") only a word that also appears capitalised mid-sentence
            found.append(_Candidate(m.start("name"), m.end("name"), "PERSON", 5))
    codes = currency_codes()
    for m in starts.finditer(_ACRONYM):
        if m.group() not in NON_ENTITY_ACRONYMS and m.group() not in codes and m.group() not in labels and (
                m.group() not in spelled_out) and m.group() not in COMPANY_SUFFIXES:
            found.append(_Candidate(m.start(), m.end(), "ORG", 3))
    for m in starts.finditer(_CAPS_WORDS):  # datelines print places in capitals: "WARSAW (Reuters) -"
        title = " ".join(w.capitalize() for w in m.group().split())
        if labels.get(title) in ("GPE", "LOC"):
            found.append(_Candidate(m.start(), m.end(), labels[title], 0))
    for m in starts.finditer(_GROUPING):
        if m.group("name") not in labels and m.group("name") not in _STOP_CAPITALS:
            found.append(_Candidate(m.start("name"), m.end("name"), "ORG", 3))
    return found


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest candidates first (then by rule priority); a candidate overlapping a chosen one is dropped.

    The chosen characters are marked, so each test costs the candidate's length (inserting into a sorted
    list cost the number chosen so far: quadratic on a text of 100,000 names)."""
    taken = Taken(max((c.end for c in candidates), default=0))
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rule, c.start)):
        if not taken.overlaps(candidate.start, candidate.end):
            taken.add(candidate.start, candidate.end)
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _with_surnames(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """A person's surname recurring alone is the same person ('Mark Rutte' ... 'Rutte said')."""
    surnames = {text[c.start:c.end].split()[-1] for c in chosen if c.label == "PERSON"}
    if not surnames:
        return chosen
    extra = [_Candidate(start, end, "PERSON", 5) for start, end in _whole_words(text, surnames)]
    return _resolve(chosen + extra)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # the regex engine's \w


def _whole_words(text: str, words: set[str]) -> list[tuple[int, int]]:
    r"""The spans ``re.finditer(r"(?<![\w])(?:" + trie_pattern(sorted(words)) + r")(?![\w])", text)`` finds:
    where one of the words starts, not right after a word character, the longest that ends before none, from
    the end of the last.  By ``str.find`` for each word: a pattern compiled for every text costs more than
    the whole search, and its search tries every character of the text."""
    starts: set[int] = set()
    for word in words:
        position = text.find(word)
        while position >= 0:
            starts.add(position)
            position = text.find(word, position + 1)
    longest_first = sorted(words, key=len, reverse=True)
    found: list[tuple[int, int]] = []
    end = 0
    for start in sorted(starts):
        if start < end or (start > 0 and _is_word_char(text[start - 1])):
            continue
        for word in longest_first:
            stop = start + len(word)
            if text.startswith(word, start) and (stop == len(text) or not _is_word_char(text[stop])):
                found.append((start, stop))
                end = stop
                break
    return found


@dataclass(frozen=True)
class RegistryIndex:
    """The entity registry as the linker needs it: (label, normalised name or alias) -> key, and person
    surname -> key (only where the surname is unambiguous)."""

    names: dict[tuple[str, str], str]
    surnames: dict[str, str]

    def link(self, surface: str, label: str) -> str | None:
        """Registry key of a mention, or None: by name or alias, and for persons also by surname."""
        if label == "NORP":
            return None
        key = self.names.get((label, normalise(surface)))
        if key is None and label == "PERSON":
            key = self.surnames.get(normalise(surface.split()[-1]))
        return key


def index_registry(entities: Iterable[RegistryEntity]) -> RegistryIndex:
    names: dict[tuple[str, str], str] = {}
    surnames: dict[str, list[str]] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            names[entity.label, normalise(name.removeprefix("the "))] = entity.id
        if entity.label == "PERSON":
            for name in {normalise(n.split()[-1]) for n in (entity.name, *entity.aliases)}:
                surnames.setdefault(name, []).append(entity.id)
    return RegistryIndex(names, {k: v[0] for k, v in surnames.items() if len(v) == 1})


EMPTY_INDEX: Final = RegistryIndex({}, {})


def registry_index(root: Path | str) -> RegistryIndex:
    """The index of the effective registry of the corpus at `root` (a probe corpus's overlay included).

    A corpus with neither a registry nor an overlay file links nothing; a registry that is a link, a special
    file, too large or invalid is a CorpusError (the rules never silently drop every link, nor read a registry
    outside the corpus).  The validator's reader caches the registry per version of its files.
    """
    from nato_corpus.corpus import CorpusLayout
    from nato_corpus.validate.documents import read_registry

    layout = CorpusLayout(Path(root))
    folder = layout.registry_path.parent
    if all(layout.kind_of(folder / name) == "missing" for name in ("entities.jsonl", "overlay.jsonl")):
        return EMPTY_INDEX
    return index_registry(read_registry(layout).values())


def annotate(text: str, context: RuleContext) -> list[EntityAnnotation]:
    candidates = _candidates(text)
    line_starts = [0]  # where re.finditer("^", text, re.MULTILINE) matches: the start and after each newline
    while (newline := text.find("\n", line_starts[-1])) >= 0:
        line_starts.append(newline + 1)
    headline_spans = []
    for index, start in enumerate(line_starts):
        end = line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(text)
        if _is_title_case_line(text[start:end]):
            headline_spans.append((start, end))
    headline_starts = [s for s, _ in headline_spans]  # lines: sorted, disjoint

    def in_headline(position: int) -> bool:
        index = bisect.bisect_right(headline_starts, position) - 1
        return index >= 0 and position < headline_spans[index][1]

    candidates = [c for c in candidates if not (c.rule in (1, 2, 4) and in_headline(c.start))]
    chosen = _with_surnames(text, _resolve(candidates))
    registry = context.registry or EMPTY_INDEX
    result = []
    for c in chosen:
        if context.skipped(c.start, c.end) or not fits_schema((c.start, c.end)):
            continue
        surface = text[c.start:c.end]
        # numbered in offset order already (chosen is sorted and disjoint), so the renumbering copies none
        result.append(EntityAnnotation(id=f"e{len(result) + 1}", start=c.start, end=c.end, text=surface, label=c.label,
                                       entity_id=registry.link(surface, c.label), origin="rule", annotator=ANNOTATOR))
    return result
