"""Rule-based dates annotator: TIMEX3 spans and values for English news prose.

Every rule is a regular expression for a general pattern (calendar dates in the usual orders, weekdays,
relative expressions, durations, sets, vague references) plus a resolver that computes the TIMEX3 value,
relative ones against the anchor date. Overlapping candidates are resolved longest-first, so
"Tuesday, December 3" wins over "Tuesday" and "December 3". See ANNOTATION_GUIDELINES.md §7.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import chain, compress, repeat
from typing import Final

from nato_corpus.rules import ANNOTATOR, RuleContext, fits_schema
from nato_corpus.rules.numbers import DIGIT_NUMBER_SHORT, WORD_NUMBER, parse_number
from nato_corpus.rules.prefilter import PatternStarts, first_chars, worth_a_scan
from nato_corpus.rules.spans import Taken
from nato_corpus.schema import Annotation, DateAnnotation
from nato_corpus.schema.timex import is_valid_value

# --- vocabularies ----------------------------------------------------------------------------------------

MONTHS: Final = {name: i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBR: Final = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10,
    "Nov": 11, "Dec": 12,
}
WEEKDAYS: Final = {name: i for i, name in enumerate(calendar.day_name)}  # Monday = 0
SEASONS: Final = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
PARTS_OF_DAY: Final = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
UNIT_CODE: Final = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "D", "month": "M",
    "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE",  # TimeML/TIDES's two-letter units
}
ORDINAL: Final = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

# Case-sensitive month names: "May" and "March" are only months when capitalised.
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + "|" + "|".join(
    sorted(_MONTH_ABBR, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?:1[6-9][0-9]{2}|2[01][0-9]{2})(?![0-9])"
_NUM = rf"(?:{DIGIT_NUMBER_SHORT}|{WORD_NUMBER})"
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|century)"
_UNIT_ANY = r"(?:centuries|(?:second|minute|hour|day|week|month|year|decade|century)s?)"  # singular or plural
_UNITS = r"(?:seconds|minutes|hours|days|weeks|months|years|decades|centuries)"
_PART = r"(?:morning|afternoon|evening|night)"
_I = "(?i:"  # case-insensitive group opener for lower-case vocabulary

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that mark the clause as future (or an ongoing present) vs past, for resolving weekdays and months.
_FUTURE_WORDS: Final = _words(
    "will 'll shall scheduled due set expected planned plans plan planning going upcoming ahead next "
    "to-be would intends intend aims"
)
_PRESENT_WORDS: Final = _words(
    "is are am 's ’s"
)
_PAST_WORDS: Final = _words(
    "was were had did said told met took gave made went came began held left spoke saw sent won lost ago "
    "last previously earlier wrote struck sought thought brought fought bought led rose fell reported "
    "announced"
)
_PASSIVE_AUX: Final = _words("be been being is are am")
# A past reporting verb dates the speech, not the reported event: "said the summit on 24 June would ..." is
# decided by "would"; it counts only when nothing else in the clause does, or when it governs the span itself
# ("said on Tuesday", "told reporters on Tuesday": at most two words between).
_REPORTING_PAST: Final = _words("said told added stated noted announced confirmed insisted warned reported wrote")
# A past verb of intention before "to" looks ahead: "agreed to meet on 24 June" is a future meeting.
_INTENT_PAST: Final = _words("agreed decided pledged promised vowed planned expected scheduled set hoped "
                             "intended aimed prepared arranged")
_NOT_PAST_ED: Final = _words(
    "scheduled expected planned set need needed proposed"
)


@dataclass(frozen=True)
class Timex:
    """A resolved candidate before it becomes an annotation."""

    start: int
    end: int
    type: str
    value: str
    temporal_function: bool
    mod: str | None = None


Resolver = Callable[[re.Match[str], str, dt.date], "Timex | None"]
_RULES: list[tuple[re.Pattern[str], Resolver]] = []


def _rule(pattern: str, flags: int = 0) -> Callable[[Resolver], Resolver]:
    def register(resolver: Resolver) -> Resolver:
        _RULES.append((re.compile(pattern, flags), resolver))
        return resolver

    return register


# --- value helpers ---------------------------------------------------------------------------------------


def _month_number(name: str) -> int:
    name = name.rstrip(".")
    return MONTHS.get(name) or _MONTH_ABBR[name]


def _day_number(token: str) -> int:
    return int(re.match(r"[0-9]+", token).group())  # type: ignore[union-attr]


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _unit_value(unit: str, anchor: dt.date, delta: int) -> str | None:
    """Value of the calendar unit containing the anchor, shifted by `delta` units ("next month" = +1)."""
    unit = unit.lower()
    if unit == "day":
        return (anchor + dt.timedelta(days=delta)).isoformat()
    if unit in ("week", "weekend"):
        value = _week(anchor + dt.timedelta(weeks=delta))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        year, month = _shift_months(anchor.year, anchor.month, delta)
        return f"{year}-{month:02d}"
    if unit == "quarter":
        year, quarter = _quarter(anchor)
        index = year * 4 + quarter - 1 + delta
        return f"{index // 4}-Q{index % 4 + 1}"
    if unit == "year":
        return str(anchor.year + delta)
    if unit == "decade":
        return f"{(anchor.year // 10 + delta):03d}X"
    if unit == "century":
        return f"{(anchor.year // 100 + delta):02d}XX"
    return None


def _number_text(token: str) -> str | None:
    """'seven' -> '7', 'a' -> '1', 'few' -> 'X': the count of a duration."""
    token = token.lower().strip()
    if token in ("a", "an", "one"):
        return "1"
    if token in ("few", "a few", "several", "many", "some", "a couple of", "couple of", "multi", "multiple"):
        return "X"
    number = parse_number(token)
    if number is None or number < 0:
        return None
    # format, not str(int(...)): an int of more than 4,300 digits cannot become a string (ValueError)
    return str(number.normalize()) if number != number.to_integral_value() else format(number.to_integral_value(), "f")


# Counts longer than this give no calendar date (and int() of over 4,300 digits raises): such a date is skipped.
_MAX_COUNT_DIGITS: Final = 18


def _count(count: str) -> int | None:
    return int(count) if len(count) <= _MAX_COUNT_DIGITS else None


def _duration(count: str, unit: str) -> str:
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    code = UNIT_CODE[unit]
    if code in "HMS" and unit in ("hour", "minute", "second"):
        return f"PT{count}{code}"
    if unit == "weekend":
        return f"P{count}D"
    return f"P{count}{code}"


_CLAUSE_END = re.compile(r"[.!?;](?=\s|$)|:(?=\s*[\"“‘])|\n")  # a colon before a quotation opens new words


# The tense of each span while find_timexes_each resolves one text against several anchors: tense() does not
# depend on the anchor, and a month anchor would ask it again for every day.  A memo for the call only.
_TENSE_MEMO: ContextVar[dict[tuple[int, int], str | None] | None] = ContextVar("_TENSE_MEMO", default=None)


def tense(text: str, start: int, end: int) -> str | None:
    """'past', 'future' or None for the clause around a span: the nearest tense marker before it wins,
    then the nearest after it; an ongoing present ('are convening') counts as future (on or after)."""
    memo = _TENSE_MEMO.get()
    if memo is None:
        return _tense(text, start, end)
    if (start, end) not in memo:
        memo[start, end] = _tense(text, start, end)
    return memo[start, end]


def _tense(text: str, start: int, end: int) -> str | None:
    window_start = max(0, start - 300)
    breaks = [b.end() for b in _CLAUSE_END.finditer(text, window_start, start)]
    left = breaks[-1] if breaks else window_start
    following = _CLAUSE_END.search(text, end, min(len(text), end + 300))
    right = following.start() if following else min(len(text), end + 300)
    before = re.findall(r"[\w'’-]+", text[left:start].lower())
    after = re.findall(r"[\w'’-]+", text[end:right].lower())
    reported: str | None = None
    for words, backward in ((before, True), (after, False)):
        indices = range(len(words) - 1, -1, -1) if backward else range(len(words))
        for i in indices:
            verdict = _word_tense(words[i])
            if verdict == "past" and i > 0 and words[i - 1] in _PASSIVE_AUX:
                continue  # "will be held", "is expected": the auxiliary decides
            if verdict == "past" and backward and words[i] in _INTENT_PAST and words[i + 1:i + 2] == ["to"]:
                return "future"  # "agreed to meet on 24 June"
            if verdict == "past" and backward and words[i] in _REPORTING_PAST and len(words) - i > 3:
                reported = reported or verdict  # "said the summit on 24 June would ...": the clause decides
                continue
            if not backward and i == 0 and reported and words[i] == "that":
                return reported  # "told the committee late Monday that ...": the span dates the telling
            if verdict is not None:
                return verdict
    return reported


# "ground-based", "US-led", "long-awaited": a hyphenated -ed word is an adjective, not a past verb ("re-elected",
# "co-founded" are verbs: a prefix, not a word, before the hyphen).
_COMPOUND_ADJECTIVE: Final = re.compile(r"(?!(?:re|co|pre|un|de|over|under)-)[\w'’]+-")


def _word_tense(word: str) -> str | None:
    if word in _FUTURE_WORDS or word in _PRESENT_WORDS:
        return "future"
    if word in _PAST_WORDS or (word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST_ED
                               and not _COMPOUND_ADJECTIVE.match(word)):
        return "past"
    if word in _NOT_PAST_ED:
        return "future"
    return None


def _weekday_date(weekday: int, anchor: dt.date, direction: str | None) -> dt.date:
    """The weekday on/before the anchor in past context (the default: news reports), on/after otherwise."""
    if direction == "future":
        return anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


# An event phrase ending right before a bare month that places the event ahead of the writing.
_AHEAD = re.compile(r"(?i)\b(?:before|ahead\s+of|until|upcoming|planned\s+for|scheduled\s+for|due\s+in)\s+"
                    r"(?:the\s+|an?\s+|its\s+|their\s+|[\w’']+[’']s?\s+)?(?:[\w’'-]+\s+){0,4}?(?:in|on|at|for)\s+"
                    r"(?:[A-Z][\w-]+\s+(?:in|on)\s+)?$")


def _month_year(month: int, anchor: dt.date, direction: str | None) -> int:
    """Year of a bare month name: the anchor's, unless tense says the nearest past/future occurrence."""
    if direction == "past" and month > anchor.month:
        return anchor.year - 1
    if direction == "future" and month < anchor.month:
        return anchor.year + 1
    return anchor.year


def _nearest_year(month: int, day: int, anchor: dt.date, weekday: int | None) -> int | None:
    """Year for 'December 3': the one whose weekday matches when a weekday is given, else the nearest."""
    candidates: list[tuple[int, int]] = []
    for year in (anchor.year, anchor.year - 1, anchor.year + 1):
        try:
            day_date = dt.date(year, month, day)
        except ValueError:
            continue
        if weekday is not None and day_date.weekday() != weekday:
            continue
        candidates.append((abs((day_date - anchor).days), year))
    return min(candidates)[1] if candidates else None


def _calendar_date(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _timex(m: re.Match[str], kind: str, value: str | None, tf: bool, mod: str | None = None) -> Timex | None:
    if value is None:
        return None
    return Timex(m.start(), m.end(), kind, value, tf, mod)


_EDGE_MOD: Final = {"early": "START", "mid": "MID", "late": "END", "end": "END", "beginning": "START",
                    "start": "START", "onset": "START", "middle": "MID", "close": "END"}


def _edge(prefix: str | None) -> str | None:
    if not prefix:
        return None
    for word, mod in _EDGE_MOD.items():
        if word in prefix.lower():
            return mod
    return None


_EDGE = r"(?P<edge>(?i:early|mid|late)[-\s]|(?i:the\s+)?(?i:end|beginning|start|middle|close)\s+of\s+)?"

# --- calendar dates --------------------------------------------------------------------------------------


@_rule(rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?(?![\w,.]\d)")
def _month_day_year(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'December 21, 2024', 'Dec. 3', 'Tuesday, December 3' (year from the weekday or nearest the anchor)."""
    return _month_day(m, text, anchor)


@_rule(rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?")
def _day_month_year(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'21 December 2024', 'Tuesday 3 December', 'the 3rd of December' (British order)."""
    return _month_day(m, text, anchor)


_RANGE_JOIN = r"(?:\s*[-–]\s*|\s+(?:to|and|until|through)\s+)"


@_rule(rf"(?P<wd>(?!))?(?P<day>{_DAY}){_RANGE_JOIN}(?={_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?)")
def _range_first_day(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'24-25 June': one span per day (guidelines §7.1), so '24' is 2025-06-24, with the month and year written
    after the second day; '25 June' is the day-month rule's."""
    found = _month_day(m, text, anchor)
    if found is None:
        return None
    return Timex(m.start("day"), m.end("day"), found.type, found.value, found.temporal_function)


@_rule(rf"(?P<wd>(?!))?(?P<month>{_MONTH})\s+(?P<first>{_DAY}){_RANGE_JOIN}(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?"
       r"(?=\s*(?:[,.;:)]|$|\s(?:in|at|on|and|when|with|for)\b))")
def _range_second_day(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'June 24-25': the '25' (with a year written after it) is a date of its own; 'June 24' is the month-day rule's."""
    found = _month_day(m, text, anchor)
    if found is None:
        return None
    return Timex(m.start("day"), m.end(), found.type, found.value, found.temporal_function)


def _month_day(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    month, day = _month_number(m["month"]), _day_number(m["day"])
    weekday = WEEKDAYS[m["wd"]] if m["wd"] else None
    if m["year"]:
        return _timex(m, "DATE", _calendar_date(int(m["year"]), month, day), False)
    year = _nearest_year(month, day, anchor, weekday)
    if year is None and weekday is not None:
        year = _nearest_year(month, day, anchor, None)
    if weekday is None and year is not None and _calendar_date(year, month, day) is not None:
        direction = tense(text, m.start(), m.end())  # "met on 5 August" is the last 5 August, not the next
        candidate = dt.date(year, month, day)
        if direction == "past" and candidate > anchor and _calendar_date(year - 1, month, day):
            year -= 1
        elif direction == "future" and candidate < anchor and _calendar_date(year + 1, month, day):
            year += 1
    return _timex(m, "DATE", None if year is None else _calendar_date(year, month, day), True)


@_rule(rf"{_EDGE}(?P<month>{_MONTH}),?\s+(?:of\s+)?(?P<year>{_YEAR})")
def _month_year_abs(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'July 2024', 'early March 2022', 'the end of June 2025'."""
    return _timex(m, "DATE", f"{m['year']}-{_month_number(m['month']):02d}", False, _edge(m["edge"]))


@_rule(rf"{_EDGE}(?P<month>{_MONTH})\s+of\s+(?P<rel>{_I}the\s+))?(?P<which>{_I}this|last|next|previous|"
       rf"following|same|current|past))\s+{_I}year)")
def _month_of_relative_year(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'February of the previous year', 'June of next year' (one span)."""
    delta = {"this": 0, "current": 0, "same": 0, "last": -1, "previous": -1, "past": -1}.get(m["which"].lower(), 1)
    return _timex(m, "DATE", f"{anchor.year + delta}-{_month_number(m['month']):02d}", True, _edge(m["edge"]))


@_rule(rf"(?P<rel>{_I}(?:this|last|next|coming|past|early|mid|late)[-\s]+))?(?P<month>{_MONTH})(?![\w-])"
       rf"(?!\s+(?:{_DAY}|{_YEAR}))")
def _bare_month(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'in July', 'last March', 'early June': year from the anchor, steered by tense or the modifier."""
    rel = (m["rel"] or "").lower().strip(" -")
    before = text[max(0, m.start() - 40):m.start()]
    if not rel and not re.search(r"(?i)\b(?:in|since|until|till|by|from|through|during|before|after|"
                                 r"throughout|between|and|or|to|of|late|early|mid)\s*-?\s*$", before):
        return None
    if m["month"].rstrip(".") in _MONTH_ABBR:
        return None  # a bare abbreviation is too ambiguous ("Mar.", "Dec")
    month = _month_number(m["month"])
    direction = {"last": "past", "past": "past", "next": "future", "coming": "future"}.get(rel)
    if direction is None and _AHEAD.search(text, max(0, m.start() - 60), m.start()):
        direction = "future"  # "before the midterm elections in November": an event still ahead
    year = _month_year(month, anchor, direction or tense(text, m.start(), m.end()))
    if rel == "last" and month >= anchor.month:
        year = anchor.year - 1
    if rel == "next" and month <= anchor.month:
        year = anchor.year + 1
    return _timex(m, "DATE", f"{year}-{month:02d}", True, _edge(rel))


@_rule(r"\b(?P<y>[12][0-9]{3})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])\b")
def _iso_date(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'2024-12-03' (ISO 8601)."""
    return _timex(m, "DATE", _calendar_date(int(m["y"]), int(m["m"]), int(m["d"])), False)


@_rule(r"(?<![\d/])(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[12][0-9]{3})(?![\d/])")
def _slash_date(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'12/3/2024': month first (US) unless the first part cannot be a month."""
    a, b = int(m["a"]), int(m["b"])
    month, day = (b, a) if a > 12 else (a, b)
    return _timex(m, "DATE", _calendar_date(int(m["y"]), month, day), False)


_YEAR_LEFT = r"(?:(?<=[Mm]id-)|(?<=[Pp]re-)|(?<=[Pp]ost-)|(?<=[0-9]{4}[-–])|(?<![\w$€£¥.,/#-]))"
_COUNTED_NOUN = re.compile(
    r"\s+(?!(?:and|or|to|the|a|an|in|on|at|for|by|of|as|was|is|when|after|before|with|that)\b)[a-z]+s\b")
_PREPOSITION_BEFORE = re.compile(r"(?i)\b(?:for|to|until|through|since|from|in|by|during|after|before|of|"
                                 r"between)\s+$")
_DETERMINER_BEFORE = re.compile(r"(?i)(?:\b(?:the|its|their|his|her|our|this|that|a|an)|['’]s?)\s+$")


@_rule(rf"{_EDGE}(?P<the>{_I}the\s+year\s+))?{_YEAR_LEFT}(?P<year>{_YEAR})(?![\w%/]|[.,][0-9]|-[0-9]{{2}}-)"
       rf"(?!\s*(?i:%|percent|per\s*cent|thousand|million|billion|trillion|bn\b|mn\b|m\b))")
def _year(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'2008', 'by 2032', 'mid-2024', 'the end of 2025', 'the 2024 elections'; not 'hired 2000 workers'."""
    if _COUNTED_NOUN.match(text, m.end()) and not _DETERMINER_BEFORE.search(
            text, max(0, m.start() - 12), m.start()) and not _PREPOSITION_BEFORE.search(
            text, max(0, m.start() - 12), m.start()):
        return None
    return _timex(m, "DATE", m["year"], False, _edge(m["edge"]))


@_rule(rf"(?P<the>{_I}the\s+))?(?P<edge>{_I}early|mid|late)[-\s]?)?(?P<dec>1[6-9][0-9]0|20[0-9]0)['’]?s\b")
def _decade(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the 1990s' -> 199X, 'the early 2000s' (mod START)."""
    return _timex(m, "DATE", m["dec"][:3] + "X", False, _edge(m["edge"]))


@_rule(rf"(?P<the>{_I}the\s+))?['’](?P<d>[0-9])0s\b")
def _short_decade(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the ’90s' -> 199X (the century nearest before the anchor)."""
    century = anchor.year // 100 if int(m["d"]) * 10 <= anchor.year % 100 else anchor.year // 100 - 1
    return _timex(m, "DATE", f"{century}{m['d']}X", True)


@_rule(r"(?i:(?:the\s+)?(?P<n>[0-9]{1,2})(?:st|nd|rd|th)\s+century)")
def _century(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the 21st century' -> 20XX."""
    return _timex(m, "DATE", f"{int(m['n']) - 1:02d}XX", False)


# --- quarters, halves, seasons ---------------------------------------------------------------------------

_YEAR_REF = rf"(?:(?P<year>{_YEAR})|(?P<relyear>{_I}(?:this|last|next|the\s+previous|the\s+following|the\s+current|" \
            rf"the\s+same|the)\s+year)))"


def _relative_year(m: re.Match[str], anchor: dt.date) -> tuple[int, bool]:
    if m["year"]:
        return int(m["year"]), False
    rel = (m["relyear"] or "this").lower()
    delta = -1 if ("last" in rel or "previous" in rel) else 1 if ("next" in rel or "following" in rel) else 0
    return anchor.year + delta, True


@_rule(rf"{_I}(?:the\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)\s+(?P<part>quarter|half))"
       rf"(?:\s+of\s+{_YEAR_REF}|,?\s+(?P<year2>{_YEAR}))?")
def _quarter_or_half(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the first quarter of 2024' -> 2024-Q1, 'the second half of the year' -> H2 of the anchor year."""
    n = ORDINAL[m["ord"].lower()]
    if m["part"].lower() == "half" and n > 2:
        return None
    if m["part"].lower() == "half" and not (m["year"] or m["relyear"] or m["year2"]):
        return None  # "the second half" alone is rarely a date
    year, tf = (int(m["year2"]), False) if m["year2"] else _relative_year(m, anchor)
    code = "Q" if m["part"].lower() == "quarter" else "H"
    return _timex(m, "DATE", f"{year}-{code}{n}", tf)


@_rule(rf"\b(?:(?P<q>Q[1-4]|H[12])\s*(?P<y1>{_YEAR}|['’][0-9]{{2}}(?![0-9]))|(?P<y2>{_YEAR})\s*(?P<q2>Q[1-4]|H[12]))\b")
def _quarter_code(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'Q3 2024', '2024 Q3', 'H1 2025'."""
    code, year = (m["q"], m["y1"]) if m["q"] else (m["q2"], m["y2"])
    if not year[0].isdigit():
        year = f"{anchor.year // 100}{year[1:]}"
    return _timex(m, "DATE", f"{year}-{code}", False)


# "in the spring", "before winter": a temporal preposition makes a bare season a date ("the fall of X" stays not)
_SEASON_SIGNAL: Final = re.compile(r"(?i)\b(?:in|by|before|until|since|during|through|after)\s+$")
_OF_AFTER: Final = re.compile(r"\s+of\b")


@_rule(rf"{_I}(?P<edgeof>(?:the\s+)?(?:onset|start|beginning|end|middle|close)\s+of\s+)?"
       rf"(?:(?P<rel>this|last|next|the\s+coming|the\s+past|early|late)\s+)?(?:the\s+)?"
       rf"(?P<season>spring|summer|autumn|fall|winter))(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?(?![\w-])")
def _season(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'summer 2024', 'this summer', 'last winter' -> YYYY-SU / YYYY-WI."""
    code = SEASONS[m["season"].lower()]
    rel = (m["rel"] or "").lower()
    mod = _edge(m["edgeof"]) or _edge(rel)
    if m["year"]:
        return _timex(m, "DATE", f"{m['year']}-{code}", False, mod)
    if rel in ("", "early", "late") and not m["edgeof"] and not (
            _SEASON_SIGNAL.search(text, max(0, m.start() - 8), m.start()) and not _OF_AFTER.match(text, m.end())):
        return None  # a bare "the summer" / "fall" is too often not a date, unless a preposition makes it one
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    year = anchor.year
    if rel in ("", "early", "late"):  # "the onset of winter": the nearest such season in the clause's tense
        direction = tense(text, m.start(), m.end())
        if direction == "past" and anchor.month < start_month - 3:  # a season months ahead of a report is last year's
            year -= 1
        elif direction != "past" and anchor.month > start_month + 2:
            year += 1
    elif rel in ("last", "the past") and anchor.month <= start_month + 2:
        year -= 1
    elif rel in ("next", "the coming") and anchor.month >= start_month:
        year += 1
    return _timex(m, "DATE", f"{year}-{code}", True, mod)


# --- weekdays, days, parts of days ------------------------------------------------------------------------


@_rule(rf"(?:(?P<edge>{_I}early|late)\s+))?(?:(?P<rel>{_I}last|next|this|coming|past)\s+))?(?P<wd>{_WEEKDAY})"
       rf"(?:\s+(?P<part>{_PART}))?(?![\w-])")
def _weekday(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'on Monday' (resolved by tense), 'last Friday', 'next Tuesday', 'Monday night' (TIME)."""
    weekday = WEEKDAYS[m["wd"]]
    rel = (m["rel"] or "").lower().strip()
    if rel in ("last", "past"):
        day = anchor - dt.timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    elif rel == "next":
        day = anchor + dt.timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    elif rel in ("coming", "this") and tense(text, m.start(), m.end()) != "past":
        day = _weekday_date(weekday, anchor, "future")
    else:
        day = _weekday_date(weekday, anchor, tense(text, m.start(), m.end()))
    mod = _edge(m["edge"])
    if m["part"]:
        return _timex(m, "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}", True, mod)
    return _timex(m, "DATE", day.isoformat(), True, mod)


@_rule(rf"\b(?P<plural>{_WEEKDAY})s\b")
def _weekday_set(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'on Mondays' -> SET XXXX-WXX-1."""
    return _timex(m, "SET", f"XXXX-WXX-{WEEKDAYS[m['plural']] + 1}", False)


_DAY_WORDS: Final = {"today": 0, "yesterday": -1, "tomorrow": 1}


@_rule(rf"\b{_I}(?P<edge>(?:early|late)\s+)?(?P<word>today|yesterday|tomorrow)(?:\s+(?P<part>{_PART}))?)\b"
       rf"(?!['’]s\s)")
def _day_word(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'today', 'yesterday', 'tomorrow morning'; a possessive 'today's' is still the same day."""
    day = anchor + dt.timedelta(days=_DAY_WORDS[m["word"].lower()])
    mod = _edge(m["edge"])
    if m["part"]:
        return _timex(m, "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}", True, mod)
    return _timex(m, "DATE", day.isoformat(), True, mod)


@_rule(rf"\b{_I}today)['’]s\b")
def _today_possessive(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'today's meeting': the span stops before the possessive."""
    return Timex(m.start(), m.start() + 5, "DATE", anchor.isoformat(), True)


@_rule(rf"\b{_I}(?:(?P<this>this|last)\s+(?P<part>{_PART})|(?P<tonight>tonight)))\b")
def _part_of_day(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'this morning', 'tonight', 'last night' -> TIME on the anchor (or the day before)."""
    if m["tonight"]:
        return _timex(m, "TIME", f"{anchor.isoformat()}TNI", True)
    day = anchor - dt.timedelta(days=1) if m["this"].lower() == "last" else anchor
    return _timex(m, "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[m['part'].lower()]}", True)


@_rule(r"\b(?i:overnight)\b(?![-\s]+(?:stay|stays|train|trains|flight|flights|shift|shifts|bag|success|"
       r"sensation|rate|rates|trip|trips|visit|visits)\b)")
def _overnight(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'struck overnight' -> the night before the anchor (TNI, dated by the evening it starts); 'will ... overnight'
    -> the anchor's night.  After an article ('an overnight stay') it is an adjective, not a time."""
    if re.search(r"(?i)\b(?:an?|the|its|their|his|her)\s+$", text[max(0, m.start() - 8):m.start()]):
        return None
    future = tense(text, m.start(), m.end()) == "future"
    day = anchor if future else anchor - dt.timedelta(days=1)
    return _timex(m, "TIME", f"{day.isoformat()}TNI", True)


@_rule(rf"\b{_I}the\s+(?:(?P<before>day\s+before|previous\s+day|day\s+after|next\s+day|following\s+day)))"
       rf"(?!\s+(?:yesterday|{_WEEKDAY}|{_MONTH}))")
def _day_before(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the day before' -> anchor - 1, 'the next day' -> anchor + 1 (no other date in the text to use)."""
    delta = -1 if ("before" in m["before"].lower() or "previous" in m["before"].lower()) else 1
    return _timex(m, "DATE", (anchor + dt.timedelta(days=delta)).isoformat(), True)


@_rule(r"(?i:\b(?P<h>1[0-2]|0?[1-9])(?::(?P<min>[0-5][0-9]))?\s*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))"
       r"|(?i:\b(?P<h24>[01][0-9]|2[0-3]):?(?P<min24>[0-5][0-9])(?:\s*(?:GMT|UTC|CET|CEST|EST|EDT|BST)\b|"
       r"(?<=:[0-5][0-9])\b))")
def _clock(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'10 a.m.', '3:30 p.m.', '14:00 GMT' -> TIME on the anchor date."""
    if m["h24"]:
        hour, minute = int(m["h24"]), m["min24"]
    else:
        hour = int(m["h"]) % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        minute = m["min"] or "00"
    return _timex(m, "TIME", f"{anchor.isoformat()}T{hour:02d}:{minute}", True)


@_rule(r"\b(?i:(?P<word>noon|midday|midnight))\b")
def _noon(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'at noon', 'midnight' -> TIME on the anchor date."""
    hour = "24" if m["word"].lower() == "midnight" else "12"
    return _timex(m, "TIME", f"{anchor.isoformat()}T{hour}", True)


# --- relative calendar units -----------------------------------------------------------------------------

_REL_DELTA: Final = {
    "this": 0, "current": 0, "last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1, "following": 1,
    "upcoming": 1,
}


_OF_AFTER: Final = re.compile(r"\s+of\b", re.I)
_THE_BEFORE: Final = re.compile(r"(?i)\bthe\s+$")


@_rule(rf"{_I}(?P<edge>(?:earlier|later|early|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
       rf"the\s+middle\s+of)\s+)?(?P<the>the\s+)?(?P<rel>this|current|last|previous|past|next|coming|following|"
       rf"upcoming)\s+(?P<unit>day|week|weekend|month|quarter|year|decade|century))\b")
def _relative_unit(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'next month' -> 2025-06, 'the previous year' -> 2024, 'Earlier this month', 'late last year' (END).
    'the past year' is a DURATION (P1Y): TimeBank's reading of 'past' with a singular unit."""
    rel, unit = m["rel"].lower(), m["unit"].lower()
    edge = (m["edge"] or "").lower()
    if (rel == "past" or (rel == "last" and m["the"])) and not edge:
        if _OF_AFTER.match(text, m.end()) or unit in ("day", "weekend", "quarter"):
            return None  # "the last week of June", "the last day": an ordinal position, not a length
        return _timex(m, "DURATION", _duration("1", unit), False)
    if rel == "upcoming" and not m["the"]:
        return None
    if rel == "last" and not m["the"] and not edge and _THE_BEFORE.search(text, max(0, m.start() - 4), m.start()):
        return None  # "the last year of the war": the longer reading declined it, "last year" must not take it

    mod = None if edge.startswith(("earlier", "later")) else _edge(edge)
    return _timex(m, "DATE", _unit_value(unit, anchor, _REL_DELTA[rel]), True, mod)


@_rule(rf"{_I}(?P<edge>the\s+(?:end|beginning|start|middle|close)\s+of\s+)the\s+(?P<unit>week|month|quarter|year|"
       rf"decade))\b(?!\s+(?:before|after)\b)")
def _edge_of_current_unit(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'by the end of the year' -> the anchor's year, mod END."""
    return _timex(m, "DATE", _unit_value(m["unit"], anchor, 0), True, _edge(m["edge"]))


@_rule(rf"\b{_I}(?:the|this|last|next)\s+weekend)\b")
def _weekend(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the weekend' / 'last weekend' -> YYYY-Www-WE of the weekend before or after the anchor by tense."""
    phrase = m.group().lower()
    if phrase.startswith("this"):
        return None  # "this weekend": the relative-unit rule
    saturday = _weekday_date(5, anchor, "past" if phrase.startswith("last") else "future" if phrase.startswith(
        "next") else tense(text, m.start(), m.end()))
    return _timex(m, "DATE", _week(saturday) + "-WE", True)



@_rule(rf"{_I}(?P<the>the\s+)?(?P<rel>last|past|next|coming|previous|following|recent|upcoming)\s+"
       rf"(?:(?P<n>{_NUM}|few|several|couple\s+of|many)\s+)?(?P<unit>seconds|minutes|hours|days|weeks|months|"
       rf"years|decades|centuries))\b")
def _relative_span(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the past three years' -> P3Y; 'the coming days' / 'the next few years' -> FUTURE_REF;
    'recent years' -> PXY, a length of unknown count ending at the anchor, like 'the past few years'."""
    rel = m["rel"].lower()
    future = rel in ("next", "coming", "following", "upcoming")
    if m["n"]:
        count = _number_text(m["n"])
        if count is None:
            return None
        if count == "X" and future:
            return _timex(m, "DATE", "FUTURE_REF", True)
        return _timex(m, "DURATION", _duration(count, m["unit"]), False)
    if rel == "recent":
        return _timex(m, "DURATION", _duration("X", m["unit"]), False)
    return _timex(m, "DATE", "FUTURE_REF" if future else "PAST_REF", True)


@_rule(rf"{_I}the\s+(?:days|weeks|months|years|decades)\s+(?:to\s+come|ahead))\b")
def _period_to_come(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'the years to come', 'the months ahead': the coming period written after its unit, FUTURE_REF like
    'the coming months'."""
    return _timex(m, "DATE", "FUTURE_REF", True)


@_rule(rf"{_I}(?:(?P<n>{_NUM}|a|an|a\s+few|several|a\s+couple\s+of|many|some)\s+)?(?P<unit>{_UNIT_ANY})\s+"
       rf"(?P<dir>ago|earlier|later|from\s+now))\b")
def _ago(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'three years ago' -> anchor year - 3, 'two weeks later', 'decades ago' -> PAST_REF."""
    direction = m["dir"].lower()
    if direction in ("earlier", "later") and not m["n"]:
        return None  # "years later" relates two events, not the anchor
    count = _number_text(m["n"]) if m["n"] else "X"
    if count is None:
        return None
    sign = -1 if direction in ("ago", "earlier") else 1
    if count == "X" or "." in count:
        return _timex(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", True)
    if (number := _count(count)) is None:
        return None
    n, unit = number * sign, m["unit"].lower().rstrip("s")
    if unit in ("hour", "minute", "second"):
        return _timex(m, "DATE", anchor.isoformat(), True)
    if unit == "centurie":
        unit = "century"
    if unit == "day":
        return _timex(m, "DATE", (anchor + dt.timedelta(days=n)).isoformat(), True)
    if unit == "week":
        return _timex(m, "DATE", _week(anchor + dt.timedelta(weeks=n)), True)
    if unit == "decade":
        return _timex(m, "DATE", f"{(anchor.year + 10 * n) // 10:03d}X", True)
    return _timex(m, "DATE", _unit_value(unit, anchor, n), True)


@_rule(rf"{_I}(?P<n>{_NUM}|a|an)\s+(?P<unit>{_UNIT_ANY})['’]\s+time)")
def _in_time(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'in two years' time' -> anchor year + 2."""
    count = _number_text(m["n"])
    if count is None or "." in count or (number := _count(count)) is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        return _timex(m, "DATE", (anchor + dt.timedelta(days=number)).isoformat(), True)
    return _timex(m, "DATE", _unit_value(unit, anchor, number) or "FUTURE_REF", True)


# --- vague references ------------------------------------------------------------------------------------


# Matched at a position, never on text[m.end():]: a copy of the rest of the text for every candidate is quadratic.
_NOW_HYPHEN: Final = re.compile(r"\s*[-–](?:\w)")


@_rule(r"\b(?i:(?P<present>right\s+now|now|currently|at\s+present|at\s+the\s+moment|nowadays|these\s+days|"
       r"presently)|(?P<past>recently|lately|in\s+recent\s+times|in\s+the\s+past)|"
       r"(?P<future>in\s+the\s+(?:near\s+|distant\s+|foreseeable\s+)?future))\b")
def _vague(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'right now'/'currently' PRESENT_REF, 'recently' PAST_REF, 'in the near future' FUTURE_REF."""
    start = m.start()
    phrase = m.group().lower()
    if phrase.startswith("in "):  # "in the past", "in recent years": the preposition is a signal
        start = m.start() + 3
    if m["present"] and phrase == "now" and _NOW_HYPHEN.match(text, m.end()):
        return None
    value = "PRESENT_REF" if m["present"] else "PAST_REF" if m["past"] else "FUTURE_REF"
    return Timex(start, m.end(), "DATE", value, True)


# --- durations and sets ----------------------------------------------------------------------------------


_LENGTH_TRIGGER: Final = re.compile(
    r"(?i)\b(?:for|within|in|over|than|about|nearly|almost|after|around|roughly|past|last|lasted|lasting|spent|"
    r"spend|took|takes|take|taken|half|only|just)\s+$")


@_rule(rf"(?<![\w$€£¥.,-])(?P<n>{_NUM})(?P<sep>\s+|-)(?P<unit>{_UNIT_ANY})\b(?P<long>-long|-old)?(?!-(?!long|old))")
def _duration_number(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'seven years' -> P7Y, 'a two-day meeting' -> P2D, '48 hours' -> PT48H, 'a 10-year-old' -> P10Y."""
    if m["n"].lower() in ("a", "an"):
        return None
    count = _number_text(m["n"])
    if count is None:
        return None
    if m["sep"] == "-" and m["unit"].endswith("s"):
        return None
    singular = m["unit"].lower().rstrip("s") == m["unit"].lower()
    if m["sep"] != "-" and singular and count != "1":
        return None  # "two year" without hyphen is not English; avoid odd matches
    if m["sep"] != "-" and singular and not _LENGTH_TRIGGER.search(text[max(0, m.start() - 40):m.start()]):
        return None  # "one day Ukraine will join" is not a length of time
    return _timex(m, "DURATION", _duration(count, m["unit"]), False)


@_rule(rf"{_I}(?P<n>a|an|one|a\s+few|several|a\s+couple\s+of|couple\s+of|many|a\s+full|the\s+first|the\s+last)\s+"
       rf"(?P<unit>{_UNIT_ANY})(?:\s+and\s+a\s+half)?)\b(?!['’]s|\s+(?:after|before|ago|later|earlier|when)\b)")
def _duration_quantifier(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'several years' -> PXY, 'a few weeks' -> PXW, 'for a year' -> P1Y; '$5 billion a year' is a SET."""
    quantifier = m["n"].lower()
    unit = m["unit"].lower()
    before = text[max(0, m.start() - 40):m.start()]
    half = "half" in m.group().lower()
    if quantifier in ("a", "an", "one") and not unit.endswith("s"):
        if unit in ("second", "minute"):
            return None  # "a second term", "at the last minute"
        if re.search(r"(?i)(?:[0-9%]|illion|dollars|euros|pounds|percent|times|twice|once)\s*$", before):
            return _timex(m, "SET", _duration("1", unit), False)
        if _LENGTH_TRIGGER.search(before):
            return _timex(m, "DURATION", _duration("1.5" if half else "1", unit), False)
        return None
    if quantifier in ("the first", "the last"):
        return None
    if unit.endswith("s"):
        return _timex(m, "DURATION", _duration("X", unit), False)
    return None


_NOT_A_LENGTH_AFTER: Final = re.compile(r"\s+(?:ago|later|earlier|of\s+(?:the|a|an|his|her|their|its|our)\b)", re.I)


@_rule(rf"(?<![\w-])(?P<unit>{_I}days|weeks|months|years|decades))\b(?!['’])")
def _bare_plural(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'take weeks or even months' -> PXW, PXM; 'for years' -> PXY: only after a word that makes it a length."""
    if not re.search(r"(?i)\b(?:for|take|takes|took|taken|taking|within|over|last|lasted|lasting|spent|spend|after|"
                     r"or|even|and|in|than|nearly|almost|about|sometimes|often|usually)\s+$|,\s+$",
                     text[max(0, m.start() - 40):m.start()]):
        return None
    if _NOT_A_LENGTH_AFTER.match(text, m.end()):
        return None
    return _timex(m, "DURATION", _duration("X", m["unit"]), False)


@_rule(r"(?<![\w-])(?P<word>(?i:multi-?(?P<unit1>year|month|week|day|decade)|(?P<unit2>year|month|week|day|decade|"
       r"hour)s?-?long))(?![\w-])")
def _adjectival_duration(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'multi-year' -> PXY, 'year-long' -> P1Y, 'months-long' -> PXM."""
    if m["unit1"]:
        return _timex(m, "DURATION", _duration("X", m["unit1"]), False)
    count = "X" if m["word"].lower().split("-")[0].endswith("s") else "1"  # "months-long" vs "year-long"
    return _timex(m, "DURATION", _duration(count, m["unit2"]), False)


_SET_WORDS: Final = {
    "annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W", "daily": "P1D",
    "quarterly": "P3M", "biannual": "P6M", "biennial": "P2Y", "hourly": "PT1H", "nightly": "P1D",
}


_NAME_AFTER: Final = re.compile(r"[ \u00a0]+[A-Z]")


@_rule(r"\b(?i:(?P<word>annual|annually|yearly|monthly|weekly|daily|quarterly|biennial|hourly|nightly))\b(?!-)")
def _set_word(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'annual' / 'annually' -> SET P1Y, 'weekly' -> P1W; not 'the daily Le Monde' (a newspaper)."""
    if _NAME_AFTER.match(text, m.end()) and m["word"].lower() in ("daily", "weekly", "monthly"):
        return None
    return _timex(m, "SET", _SET_WORDS[m["word"].lower()], False)


@_rule(rf"(?<=[\w%)]\s)(?P<rate>{_I}a|per)\s+(?P<unit>year|month|week|day))\b"
       r"(?!\s+(?:earlier|later|ago|before|after|from|and\s+a\s+half|or\s+two|old|on|in|of)\b)(?!['’-])")
def _rate(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'2,000 missiles a year', '€120 million a year', 'shells a month' -> SET P1Y / P1M: a rate after an amount."""
    before = text[max(0, m.start() - 20):m.start()]
    if re.search(r"(?i)\b(?:for|in|within|over|than|about|nearly|almost|under|after|before|of|the|half|once|"
                 r"twice|past|last|next|this|that|whole|full|entire)\s+$", before):
        return None  # "for a year", "in a year", "half a year": a length of time or a date, not a rate
    return _timex(m, "SET", _duration("1", m["unit"]), False)


@_rule(rf"\b{_I}(?:every|each|per)\s+(?:(?P<n>{_NUM}|other)\s+)?(?P<unit>{_UNIT_ANY}))\b")
def _every(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'every year' / 'per year' -> P1Y, 'every two years' -> P2Y, 'every other week' -> P2W."""
    n = m["n"]
    count = "2" if n and n.lower() == "other" else _number_text(n) if n else "1"
    if count is None:
        return None
    return _timex(m, "SET", _duration(count, m["unit"]), False)


@_rule(rf"\b{_I}every\s+(?P<wd>{_WEEKDAY}))\b")
def _every_weekday(m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """'every Monday' -> XXXX-WXX-1."""
    return _timex(m, "SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].capitalize()] + 1}", False)


# --- assembly --------------------------------------------------------------------------------------------

_APPROX_BEFORE = re.compile(r"(?i)\b(?:about|around|approximately|roughly|circa|some)\s+$")
_DURATION_MODS: Final = (
    (re.compile(r"(?i)\b(?:more\s+than|upwards\s+of)\s+$"), "MORE_THAN"),  # "over ten years" is a span
    (re.compile(r"(?i)\b(?:less\s+than|under|fewer\s+than)\s+$"), "LESS_THAN"),
    (re.compile(r"(?i)\bat\s+least\s+$"), "EQUAL_OR_MORE"),
    (re.compile(r"(?i)\b(?:up\s+to|at\s+most|no\s+more\s+than)\s+$"), "EQUAL_OR_LESS"),
    (re.compile(r"(?i)\b(?:nearly|almost|about|around|approximately|roughly|some)\s+$"), "APPROX"),
)
# a trailing "or more" / "or less" is inside the duration's span and gives its mod (guidelines §7.2, B3)
_DURATION_MODS_AFTER: Final = (
    (re.compile(r"(?i)\s+or\s+(?:more|longer)\b"), "EQUAL_OR_MORE"),
    (re.compile(r"(?i)\s+or\s+(?:less|fewer|shorter)\b"), "EQUAL_OR_LESS"),
)


def _with_mod(timex: Timex, text: str) -> Timex:
    """A modifier before the expression ('about three years', 'more than a decade') is part of its TIMEX3 extent
    and gives its mod; a signal ('by 2032', 'within', 'since') is not and gives none (guidelines §7.2)."""
    if timex.mod is not None:
        return timex
    before = text[max(0, timex.start - 30):timex.start]
    if timex.type == "DURATION":
        patterns: tuple[tuple[re.Pattern[str], str], ...] = _DURATION_MODS
    elif timex.type == "DATE" and not timex.value.endswith("_REF"):
        patterns = ((_APPROX_BEFORE, "APPROX"),)
    else:
        return timex
    for pattern, mod in patterns:
        found = pattern.search(before)
        if found is not None:
            start = timex.start - (len(before) - found.start())
            return Timex(start, timex.end, timex.type, timex.value, timex.temporal_function, mod)
    for pattern, mod in _DURATION_MODS_AFTER if timex.type == "DURATION" else ():
        found = pattern.match(text, timex.end)
        if found is not None:
            return Timex(timex.start, found.end(), timex.type, timex.value, timex.temporal_function, mod)
    return timex


_ABBREVIATION_END = re.compile(r"(?:\b[ap]\.m|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\.$", re.I)


def _trim(timex: Timex, text: str) -> Timex | None:
    """No edge whitespace or trailing full stop of an abbreviation at a sentence end ('Dec.')."""
    start, end = timex.start, timex.end
    while start < end and not text[start].isalnum() and text[start] not in "'’":
        start += 1
    # the abbreviation ends at `end`, so a few characters before it suffice (searching from 0 is quadratic)
    while end > start and not text[end - 1].isalnum() and not _ABBREVIATION_END.search(text, max(0, end - 16), end):
        end -= 1
    if start >= end:
        return None
    return Timex(start, end, timex.type, timex.value, timex.temporal_function, timex.mod)


_FIRST_CHARS: Final = [first_chars(pattern) for pattern, _resolver in _RULES]


def find_timexes(text: str, anchor: dt.date) -> list[Timex]:
    """All date expressions of `text`, non-overlapping, longest match first (no zones applied).

    Patterns are tried only where a token starts (every expression starts a token), which is several
    times faster than scanning every character; overlaps are resolved longest-first either way.
    """
    return _chosen(text, (_resolved(resolver, m, text, anchor) for resolver, m in _rule_matches(text)))


def find_timexes_each(text: str, anchors: Sequence[dt.date]) -> list[list[Timex]]:
    """``find_timexes(text, anchor)`` for each anchor (a month anchor resolves the text against every day of the
    month), matching the patterns once: only the resolvers read the anchor.  A day on which every match resolves
    as on the first gets the first day's expressions, which the rest of the layer derives from those alone."""
    matches = list(_rule_matches(text))
    result: list[list[Timex]] = []
    first: list[Timex | None] = []
    memo = _TENSE_MEMO.set({})  # for this text only
    try:
        for anchor in anchors:
            resolved = [_resolved(resolver, m, text, anchor) for resolver, m in matches]
            if result and resolved == first:
                result.append(result[0])
                continue
            first = first or resolved
            result.append(_chosen(text, resolved))
    finally:
        _TENSE_MEMO.reset(memo)
    return result


def _rule_matches(text: str) -> Iterator[tuple[Resolver, re.Match[str]]]:
    """Each rule's matches at the token starts (in rule order) that can be an expression.

    A rule is tried at the token starts whose first character can start it, and, when it has many, only at
    those a few tokens before one of the words every match of it holds (see PatternStarts.near)."""
    present = PatternStarts.of(text)  # shared with the other layers: the token starts are found once
    starts, by_char = present.tokens, present.tokens_by_char
    for (pattern, resolver), first in zip(_RULES, _FIRST_CHARS, strict=True):
        chars = by_char.keys() if first is None else first.intersection(by_char)
        near = None  # a few tries cost less than any scan: they are made without one
        if worth_a_scan(sum(map(len, map(by_char.__getitem__, chars))), text):
            near = present.near(pattern, starts, True)  # where it can start: a few token starts before a word
            if near is None and not present.may_match(pattern):
                continue  # the text lacks a word every match needs ("ago", a month name)
        if near is not None:
            tried = near if first is None else list(compress(near, map(first.__contains__,
                                                                       map(text.__getitem__, near))))
        else:
            tried = starts if first is None else list(chain.from_iterable(map(by_char.__getitem__, chars)))
        # tried by map and filter: no Python step for the thousands of tries per article that fail
        for m in filter(None, map(pattern.match, repeat(text), tried)):
            if m.start() == m.end():
                continue
            if m.start() > 0 and text[m.start() - 1].isalnum() and text[m.start()].isalnum():
                continue  # starts inside a word
            if m.end() < len(text) and text[m.end() - 1].isalnum() and text[m.end()].isalnum():
                continue  # ends inside a word
            if "\n" in m.group():
                continue  # "October.\n\n12:47": an expression never runs across a line break
            yield resolver, m


def _resolved(resolver: Resolver, m: re.Match[str], text: str, anchor: dt.date) -> Timex | None:
    """The expression a match is against `anchor`, trimmed, or None."""
    try:
        found = resolver(m, text, anchor)
    except OverflowError:  # beyond the calendar ("1,000,000 days ago"): no date to give
        return None
    if found is None or not is_valid_value(found.type, found.value):
        return None  # "10000 years ago" is year -7975, which TIMEX3 cannot write
    return _trim(found, text)


def _chosen(text: str, candidates: Iterable[Timex | None]) -> list[Timex]:
    """The candidates without overlaps, longest first, with their modifiers."""
    chosen: list[Timex] = []
    taken = Taken(len(text))  # marks, not a scan of every chosen date: a text of years has thousands
    for cand in sorted((c for c in candidates if c is not None), key=lambda t: (-(t.end - t.start), t.start)):
        if not taken.overlaps(cand.start, cand.end):
            taken.add(cand.start, cand.end)
            chosen.append(cand)
    return sorted((_with_mod(t, text) for t in chosen), key=lambda t: t.start)


def annotate(text: str, context: RuleContext) -> list[Annotation]:
    """Date annotations of `text` outside the skipped zones, resolved against `context.anchor`."""
    result: list[Annotation] = []
    for i, t in enumerate(find_timexes(text, context.anchor), start=1):
        if context.skipped(t.start, t.end) or not fits_schema((t.start, t.end)):
            continue
        result.append(DateAnnotation(
            id=f"d{i}", start=t.start, end=t.end, text=text[t.start:t.end], origin="rule", annotator=ANNOTATOR,
            type=t.type, value=t.value, mod=t.mod, temporal_function=t.temporal_function,  # type: ignore[arg-type]
        ))
    return result


__all__ = ["Timex", "annotate", "find_timexes", "find_timexes_each", "tense"]
