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
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from nato_corpus.rules import ANNOTATOR, RuleContext
from nato_corpus.rules.gazetteer import (
    EVENT_HEADS,
    NON_ENTITY_ACRONYMS,
    ORG_HEADS,
    TITLES,
    currency_codes,
    normalise,
    phrase_labels,
)
from nato_corpus.rules.prefilter import trie_pattern
from nato_corpus.schema import EntityAnnotation

_WORD: Final = r"[A-Z][\w.-]*[\w.]|[A-Z]"  # a capitalised word, hyphenated compounds included ("NATO-Ukraine")
_NAME_TOKEN: Final = r"[A-Z][a-zà-ÿA-Z-]*[a-zà-ÿ]"  # Mark, Zelenskyy, Fogh; not acronyms
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
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ORG_PATTERN: Final = re.compile(
    rf"(?<![\w])(?:(?:{_WORD})\s+(?:(?:{'|'.join(_CONNECTORS)})\s+)?){{1,5}}(?:{_alternation(ORG_HEADS)})(?![\w])")
_EVENT_PATTERN: Final = re.compile(rf"(?<![\w])(?:(?:{_WORD})\s+){{1,3}}(?:{_alternation(EVENT_HEADS)})(?![\w])")
_TITLE_NAME: Final = re.compile(
    rf"(?<![\w])(?:{_alternation(TITLES)})(?:\s+to\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,2}}?)?,?\s+"
    rf"(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}})(?![\w])")
_APPOSITIVE: Final = re.compile(
    rf"(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}),\s+(?:then-|former\s+|the\s+|a\s+)?(?:[\w.-]+\s+){{0,3}}?"
    rf"(?:{_alternation(TITLES)})(?![\w])")
_SEQUENCE: Final = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}(?![\w])")
_ACRONYM: Final = re.compile(r"(?<![\w.])[A-Z]{2,6}(?![\w])")
_GROUPING: Final = re.compile(r"(?<![\w])(?P<name>[A-Z][a-z]{2,})\s+(?:countries|nations|group|format)\b")
_SENTENCE_START: Final = re.compile(r"(?:^|[.!?:;“\"]\s*|\n\s*(?:[-–—•*]\s*)?)$")


_FUNCTION_WORDS: Final = frozenset({"a", "an", "the", "to", "of", "on", "in", "at", "by", "for", "and", "or", "but",
                                    "not", "with", "as", "from", "vs", "over", "into", "amid"})


def _is_title_case_line(line: str) -> bool:
    """A headline in title case: no sentence-final stop and no lowercase word but function words."""
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    lowercase = [w for w in words if w[0].islower() and w not in _FUNCTION_WORDS]
    return len(words) >= 2 and not lowercase and not line.rstrip().endswith((".", "”", '"'))


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text[max(0, start - 4):start]))


def _candidates(text: str) -> list[_Candidate]:
    labels = phrase_labels()
    found = [_Candidate(m.start(), m.end(), labels[m.group()], 0) for m in _phrase_pattern().finditer(text)]
    for m in _ORG_PATTERN.finditer(text):
        start = m.start() + (4 if m.group().startswith("The ") else 0)
        found.append(_Candidate(start, m.end(), "ORG", 1))
    found += [_Candidate(m.start(), m.end(), "EVENT", 1) for m in _EVENT_PATTERN.finditer(text)]
    for pattern in (_TITLE_NAME, _APPOSITIVE):
        for m in pattern.finditer(text):
            tokens = m.group("name").split()
            while tokens and (tokens[-1] in _TITLE_WORDS or tokens[-1] in labels):
                tokens.pop()
            if tokens and tokens[0] not in labels and tokens[0] not in _STOP_CAPITALS:
                start = m.start("name")
                found.append(_Candidate(start, start + len(" ".join(tokens)), "PERSON", 2))
    for m in _SEQUENCE.finditer(text):
        tokens = m.group().split()
        if _sentence_initial(text, m.start()) or any(t in labels or t in _STOP_CAPITALS or t in _TITLE_WORDS
                                                     for t in tokens):
            continue
        found.append(_Candidate(m.start(), m.end(), "PERSON", 4))
    codes = currency_codes()
    for m in _ACRONYM.finditer(text):
        if m.group() not in NON_ENTITY_ACRONYMS and m.group() not in codes and m.group() not in labels:
            found.append(_Candidate(m.start(), m.end(), "ORG", 3))
    for m in _GROUPING.finditer(text):
        if m.group("name") not in labels and m.group("name") not in _STOP_CAPITALS:
            found.append(_Candidate(m.start("name"), m.end("name"), "ORG", 3))
    return found


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest candidates first (then by rule priority); a candidate overlapping a chosen one is dropped."""
    starts: list[int] = []  # chosen spans, kept sorted by start; they never overlap each other
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.rule, c.start)):
        index = bisect.bisect_left(starts, candidate.start)
        neighbours = chosen[max(0, index - 1):index + 1]
        if not any(candidate.overlaps(other) for other in neighbours):
            starts.insert(index, candidate.start)
            chosen.insert(index, candidate)
    return chosen


def _with_surnames(text: str, chosen: list[_Candidate]) -> list[_Candidate]:
    """A person's surname recurring alone is the same person ('Mark Rutte' ... 'Rutte said')."""
    surnames = {text[c.start:c.end].split()[-1] for c in chosen if c.label == "PERSON"}
    if not surnames:
        return chosen
    pattern = re.compile(r"(?<![\w])(?:" + trie_pattern(sorted(surnames)) + r")(?![\w])")
    extra = [_Candidate(m.start(), m.end(), "PERSON", 5) for m in pattern.finditer(text)]
    return _resolve(chosen + extra)


@lru_cache(maxsize=1)
def _registry_index() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """(label, normalised name or alias) -> key, and person surname -> key (only when unambiguous)."""
    from nato_corpus.corpus import CorpusError, CorpusLayout, read_registry

    try:
        registry = read_registry(CorpusLayout())
    except (OSError, CorpusError):
        return {}, {}
    names: dict[tuple[str, str], str] = {}
    surnames: dict[str, list[str]] = {}
    for entity in registry.values():
        for name in (entity.name, *entity.aliases):
            names[entity.label, normalise(name.removeprefix("the "))] = entity.id
        if entity.label == "PERSON":
            for name in {normalise(n.split()[-1]) for n in (entity.name, *entity.aliases)}:
                surnames.setdefault(name, []).append(entity.id)
    return names, {k: v[0] for k, v in surnames.items() if len(v) == 1}


def link(surface: str, label: str) -> str | None:
    """Registry key of a mention, or None: by name or alias, and for persons also by surname."""
    if label == "NORP":
        return None
    names, surnames = _registry_index()
    key = names.get((label, normalise(surface)))
    if key is None and label == "PERSON":
        key = surnames.get(normalise(surface.split()[-1]))
    return key


def annotate(text: str, context: RuleContext) -> list[EntityAnnotation]:
    candidates = _candidates(text)
    line_starts = [m.start() for m in re.finditer(r"^", text, re.MULTILINE)]
    headline_spans = []
    for index, start in enumerate(line_starts):
        end = line_starts[index + 1] - 1 if index + 1 < len(line_starts) else len(text)
        if _is_title_case_line(text[start:end]):
            headline_spans.append((start, end))
    candidates = [c for c in candidates if not (c.rule in (1, 2, 4) and any(
        s <= c.start < e for s, e in headline_spans))]
    chosen = _with_surnames(text, _resolve(candidates))
    result = []
    for c in chosen:
        if context.skipped(c.start, c.end):
            continue
        surface = text[c.start:c.end]
        result.append(EntityAnnotation(id="e1", start=c.start, end=c.end, text=surface, label=c.label,
                                       entity_id=link(surface, c.label), origin="rule", annotator=ANNOTATOR))
    return result
