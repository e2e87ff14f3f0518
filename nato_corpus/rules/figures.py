"""Rule-based figures annotator: money, percentages, counts and physical quantities in English news prose.

A figure starts at a number (digits or cardinal words) and grows by what news copy attaches to it: a
currency symbol or code before it, a scale word ("billion", "bn"), a range ("3 to 5", "$1-2 billion"), a
unit ("%", "percent", "euros", "km"). Numbers that the date rules claim ("seven years", "2032",
"December 3") are never figures. Values are exact Decimals written as canonical strings. See
ANNOTATION_GUIDELINES.md §8.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from typing import Final

from nato_corpus.rules import ANNOTATOR, RuleContext, fits_schema
from nato_corpus.rules.dates import find_timexes
from nato_corpus.rules.numbers import (
    DIGIT_NUMBER,
    EXACT,
    SCALE_ABBREVIATIONS,
    SCALES,
    WORD_NUMBER,
    canonical,
    parse_number,
)
from nato_corpus.rules.prefilter import PatternStarts
from nato_corpus.rules.spans import Taken
from nato_corpus.schema import Annotation, FigureAnnotation
from nato_corpus.schema.units import currency_codes

# --- vocabularies ----------------------------------------------------------------------------------------

# Longest first so "US$" wins over "$".
CURRENCY_SYMBOLS: Final = {
    "U.S.$": "USD", "US$": "USD", "USD$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD",
    "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "₽": "RUB", "₴": "UAH", "₩": "KRW", "₺": "TRY", "₪": "ILS", "zł": "PLN", "Fr.": "CHF",
}
_SYMBOL_RE: Final = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
# Currency words after an amount; a national adjective picks the code ("Canadian dollars" -> CAD).
CURRENCY_WORDS: Final = (
    (r"(?:US|U\.S\.|American)\s+dollars?", "USD"), (r"Canadian\s+dollars?", "CAD"),
    (r"Australian\s+dollars?", "AUD"), (r"Hong\s+Kong\s+dollars?", "HKD"), (r"New\s+Zealand\s+dollars?", "NZD"),
    (r"Singapore\s+dollars?", "SGD"), (r"dollars?", "USD"), (r"euros?", "EUR"),
    (r"(?:British\s+)?pounds?(?:\s+sterling)?", "GBP"), (r"sterling", "GBP"), (r"(?:Japanese\s+)?yen", "JPY"),
    (r"(?:Chinese\s+)?(?:yuan|renminbi)", "CNY"), (r"(?:Russian\s+)?(?:roubles?|rubles?)", "RUB"),
    (r"(?:Ukrainian\s+)?(?:hryvnias?|hryvnyas?|hryvnas?)", "UAH"), (r"Swiss\s+francs?", "CHF"),
    (r"(?:Polish\s+)?(?:zlotys?|zloty)", "PLN"), (r"(?:Indian\s+)?rupees?", "INR"),
    (r"Turkish\s+lira|lira", "TRY"), (r"(?:Swedish\s+)?kronor|Swedish\s+crowns?", "SEK"),
    (r"Norwegian\s+(?:kroner|crowns?)", "NOK"), (r"Danish\s+(?:kroner|crowns?)", "DKK"),
    (r"Czech\s+(?:korun[ay]?|crowns?)", "CZK"), (r"(?:Israeli\s+)?(?:new\s+)?shekels?", "ILS"),
    (r"(?:South\s+African\s+)?rand", "ZAR"),
    (r"(?:Brazilian\s+)?reais|real", "BRL"), (r"(?:South\s+Korean\s+)?won", "KRW"),
)
_CURRENCY_WORD_RE: Final = re.compile(
    r"\s+(?:" + "|".join(f"(?P<c{i}>{pattern})" for i, (pattern, _) in enumerate(CURRENCY_WORDS)) + r")\b", re.I)
_NEEDS_SCALE: Final = {"KRW", "BRL", "ZAR"}  # "won", "real", "rand" are also ordinary English words
# Upper-case three-letter words that are ISO 4217 codes but mostly ordinary words in news copy.
_NOT_CODES: Final = frozenset({"ALL", "TOP", "CUP", "MOP", "BOB", "GEL", "MAD", "PEN", "SOS", "VES", "AED"})

# unit regex -> (unit, multiplier) for physical quantities.
QUANTITY_UNITS: Final = (
    (r"square\s+kilomet(?:er|re)s?|sq\.?\s*km|km2|km²", "km2", Decimal(1)),
    (r"square\s+miles?|sq\.?\s*mi", "km2", Decimal("2.589988110336")),
    (r"kilomet(?:er|re)s?|km", "km", Decimal(1)),
    (r"met(?:er|re)s|metre|meter", "m", Decimal(1)),
    # calibres keep the unit they are written in ("155 mm shells"): a calibre is named, not converted
    (r"millimet(?:er|re)s?|mm", "mm", Decimal(1)),
    (r"centimet(?:er|re)s?|cm", "cm", Decimal(1)),
    (r"miles?", "mi", Decimal(1)),
    (r"kilograms?|kilos|kg", "kg", Decimal(1)),
    (r"(?:metric\s+)?(?:tonnes?|tons?)", "t", Decimal(1)),
    (r"lit(?:re|er)s?", "l", Decimal(1)),
    (r"barrels?|bbl", "bbl", Decimal(1)),
    (r"gigawatts?|GW", "W", Decimal(10) ** 9),
    (r"megawatts?|MW", "W", Decimal(10) ** 6),
    (r"kilowatts?|kW", "W", Decimal(10) ** 3),
    (r"watts?", "W", Decimal(1)),
)
_QUANTITY_RE: Final = re.compile(
    r"(?:\s+|-)?(?:" + "|".join(f"(?P<q{i}>{p})" for i, (p, _, _) in enumerate(QUANTITY_UNITS)) + r")(?![\w-])")

_NUM = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"
_NUMBER_RE: Final = re.compile(rf"(?<![\w.,])(?P<num>{DIGIT_NUMBER}(?![\d])|{WORD_NUMBER})")
_SCALE_RE: Final = re.compile(
    r"(?:(?:\s+|-)(?P<word>thousand|million|billion|trillion)\b|(?P<abbr>bn|mn|mln|tn|trn|m|k|b)(?![\w])"
    r"|\s(?P<abbr2>bn|mn|mln|tn|trn)\b)", re.I)
_PERCENT_RE: Final = re.compile(
    r"(?:\s?%|(?:\s+|-)(?:percent|per\s+cent|pct)\b(?!age)|(?P<points>\s+percentage[-\s]points?\b|\s*pp\b|"
    r"\s*ppts?\b))", re.I)
_GDP_RE: Final = re.compile(
    r"\s+of\s+(?:(?:their|its|the|his|her|our|your|a|each|every|that|this)\s+)?(?:(?:country|nation)['’]s\s+|"
    r"countries['’]\s+|(?:annual|national|economic)\s+)?(?:GDP|gross\s+domestic\s+product|economic\s+output)\b")
# Words before a number that bound or approximate it -> (TIMEX3-style bound, approximate).  They are part of the
# figure's span, and the figure's `bound` / `approximate` come only from them (guidelines §8.1).  "over" and
# "under" are left out: before a figure they are as often prepositions ("a row over £6bn").
FIGURE_MODIFIERS: Final[dict[str, tuple[str | None, bool]]] = {
    "at least": ("EQUAL_OR_MORE", False), "a minimum of": ("EQUAL_OR_MORE", False),
    "no less than": ("EQUAL_OR_MORE", False), "no fewer than": ("EQUAL_OR_MORE", False),
    "more than": ("MORE_THAN", False), "above": ("MORE_THAN", False), "in excess of": ("MORE_THAN", False),
    "upwards of": ("MORE_THAN", False),
    "up to": ("EQUAL_OR_LESS", False), "as much as": ("EQUAL_OR_LESS", False), "as many as": ("EQUAL_OR_LESS", False),
    "at most": ("EQUAL_OR_LESS", False), "no more than": ("EQUAL_OR_LESS", False),
    "less than": ("LESS_THAN", False), "fewer than": ("LESS_THAN", False), "below": ("LESS_THAN", False),
    "about": (None, True), "around": (None, True), "nearly": (None, True), "almost": (None, True),
    "roughly": (None, True), "some": (None, True), "approximately": (None, True), "an estimated": (None, True),
    "close to": (None, True), "circa": (None, True),
}
_MODIFIER_RE: Final = re.compile(
    r"(?:(?<=[\s(“\"‘\[])|^)(?P<words>(?i:" + "|".join(
        sorted((w.replace(" ", r"\s+") for w in FIGURE_MODIFIERS), key=len, reverse=True)) + r"))\s+$")
# A rate's period right after the figure or its counted noun: "500 million euros annually", "60,000 shells a year".
# the period of a rate after a figure or its counted noun (guidelines §8.1): "a year", "annually", "each week"
# a few words on; "in annual aid", "annual budget" right after; past the closing bracket of a paired amount
# ("€3 billion ($3.3 billion) a year" gives both figures the period)
_PER_RE: Final = re.compile(
    r"\)?(?:\s*\([^()\n]{1,40}\))?(?:(?:\s+[\w-]+){0,6}?\s+(?:(?:a|per|each|every)\s+(?P<unit>year|month|week|day)\b"
    r"(?!\s+(?:earlier|ago|later|before|after))|(?P<adverb>annually))|\s+(?:in\s+)?(?P<adjective>annual|yearly|"
    r"monthly|weekly|daily)\s+\w)", re.I)
# a rate's period is in the figure's clause, which "2.2" and "1,200" do not end
_CLAUSE_END_RE: Final = re.compile(r"[.,;](?!\d)|\n")
_PERIODS: Final = {"year": "P1Y", "month": "P1M", "week": "P1W", "day": "P1D", "annually": "P1Y", "annual": "P1Y",
                   "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W", "daily": "P1D"}
_RANGE_JOIN_RE: Final = re.compile(r"\s*(?:[-–—]|to)\s*|\s+and\s+", re.I)
# "rose from 2% to 3%", "from about 600 to 2,000" is a change, not a range
_FROM_RE: Final = re.compile(r"(?i)\bfrom\s+(?:(?:about|around|some|roughly|nearly|approximately|just)\s+)?\S*$")
_BETWEEN_RE: Final = re.compile(r"(?i)\bbetween\s+\S*$")
_PERCENT_RANGE_RE: Final = re.compile(
    rf"(?P<join>\s*(?:[-–]|to)\s*|\s+and\s+)(?P<num>{DIGIT_NUMBER})(?:\s?%|\s+(?:percent|per\s+cent)\b)", re.I)
_TIME_UNIT_RE: Final = re.compile(r"(?:\s+|-)(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|"
                                  r"centuries|century)\b", re.I)
_FRACTION_RE: Final = re.compile(r"-(?:thirds?|quarters?|fifths?|halves|tenths?)\b", re.I)
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words after which a number is a name or a reference, not a count ("Article 5", "Leopard 2").
_REFERENCE_WORDS: Final = _words(
    "Article Section Chapter Paragraph Resolution Rule Phase Round Level Stage Part Title Amendment "
    "Protocol Page Flight Route Highway Building Room Game Episode Season Volume Vol No Number Item Point "
    "Clause Platform Gate Block Unit Brigade Division Battalion Regiment Corps"
)
_STOP_WORDS: Final = _words(
    "of in on at to for from with by and or but nor that which who whom whose are is were was be been "
    "being have has had will would could can may might should must do does did said says than as the a an "
    "their its his her our your my these those this that per more less each other times out up down into "
    "over under about after before since while when where there here it they them we he she you i not no "
    "so also only just even still already all both such what"
)
_IRREGULAR_PLURALS: Final = _words(
    "people personnel staff children men women police aircraft cattle infantry militia crew sheep fish "
    "deer offspring data media"
)
_VAGUE_RE: Final = re.compile(
    r"\b(?P<mult>(?i:tens(?=\s+of\b)|hundreds|thousands|millions|billions|trillions|dozens|scores(?=\s+of\b)))"
    r"(?:\s+of\s+(?i:thousands|millions|billions|trillions)\b)?\b"
    r"|\b(?i:(?:several|a\s+few|many|a\s+couple\s+of)\s+(?:hundred|thousand|million|billion|trillion|dozen))\b")


@dataclass(frozen=True)
class Figure:
    """A figure found in the text before it becomes an annotation."""

    start: int
    end: int
    kind: str
    value: Decimal | None
    unit: str
    value_max: Decimal | None = None
    approximate: bool = False
    measures: str | None = None
    bound: str | None = None
    base: str | None = None
    per: str | None = None


# --- pieces ----------------------------------------------------------------------------------------------


_PREFIX_CURRENCY_RE: Final = re.compile(rf"(?:(?<![A-Za-z])(?P<sym>{_SYMBOL_RE})|\b(?P<code>[A-Z]{{3}}))\s?$")


def _prefix_currency(text: str, start: int) -> tuple[int, str] | None:
    """A currency symbol or ISO code right before the number: ('$45', 'USD 45', '€ 40')."""
    m = _PREFIX_CURRENCY_RE.search(text[max(0, start - 8):start])
    if m is None:
        return None
    offset = max(0, start - 8)
    if m["sym"]:
        return offset + m.start(), CURRENCY_SYMBOLS[m["sym"]]
    code = m["code"]
    if code in currency_codes() and code not in _NOT_CODES and m.group().endswith(" "):
        return offset + m.start(), code
    return None


_SUFFIX_CODE_RE: Final = re.compile(r"\s(?P<code>[A-Z]{3})\b")
_SYMBOL_AT_RE: Final = re.compile(rf"(?:{_SYMBOL_RE})\s?")
# Matched at a position, never on text[end:]: a copy of the rest of the text per figure is quadratic.
_OF_RE: Final = re.compile(r"\s+of")
_PERCENT_AFTER_RE: Final = re.compile(r"\s+(?:of\s+)?(?:percent|%)")


def _suffix_currency(text: str, end: int, scaled: bool) -> tuple[int, str] | None:
    """A currency word or ISO code right after the amount: '500 million euros', '20 billion USD'."""
    m = _CURRENCY_WORD_RE.match(text, end)
    if m is not None:
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        code = CURRENCY_WORDS[index][1]
        if code not in _NEEDS_SCALE or scaled:
            return m.end(), code
    m = _SUFFIX_CODE_RE.match(text, end)
    if m is not None and m["code"] in currency_codes() and m["code"] not in _NOT_CODES:
        return m.end(), m["code"]
    return None


def _scale(text: str, end: int, words_only: bool = False) -> tuple[int, Decimal] | None:
    """A scale word after a number: ' billion', '-million', 'bn', 'm' (abbreviations only after digits)."""
    m = _SCALE_RE.match(text, end)
    if m is None or (words_only and not m["word"]):
        return None
    if m["word"]:
        return m.end(), SCALES[m["word"].lower()]
    abbr = (m["abbr"] or m["abbr2"]).lower()
    return m.end(), SCALE_ABBREVIATIONS[abbr]


def _number_at(text: str, pos: int) -> re.Match[str] | None:
    return _NUMBER_RE.match(text, pos)


_OF_COUNTED_RE: Final = re.compile(
    rf"\s+of\s+(?:(?:its|the|their|our|his|her|these|those|all|whose)\s+)?(?:{_NUM}\s+)?", re.I)


def _counted(text: str, end: int) -> str | None:
    """What a count counts: the words after it up to the first plural noun ('32 NATO members' -> 'NATO
    members'); after 'of its/the' the noun phrase that follows ('ten of its 32 members' -> 'members')."""
    rest = text[end:end + 120]
    m = _OF_COUNTED_RE.match(rest)
    if m is not None:
        rest = " " + rest[m.end():]
    words: list[str] = []
    pos = 0
    while len(words) < 4 and (token := _WORD_RE.match(rest, pos)) is not None:
        word = token.group(1)
        if word.lower() in _STOP_WORDS:
            break
        words.append(word)
        if _is_plural(word):
            return " ".join(words)
        pos = token.end()
    return None


_WORD_RE: Final = re.compile(r"\s+([A-Za-z][A-Za-z-]*)(?=[\s.,;:!?)”\"]|$)")


def _is_plural(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "ous")) and len(lower) > 3


# --- the scanner -----------------------------------------------------------------------------------------


def _figure_at(text: str, m: re.Match[str], blocked: Taken) -> Figure | None:
    """The figure that starts with the number matched by `m`, or None when the number is not a figure."""
    start, end = m.start(), m.end()
    token = m["num"]
    value = parse_number(token)
    if value is None:
        return None
    is_word = not token[0].isdigit() and token[0] != "."
    prev = text[start - 1] if start else ""
    if prev and (prev.isalnum() or (prev in "-/:#" and start > 1 and text[start - 2].isalnum())):
        return None  # "F-16", "G7", "24/7", "#3"
    nxt = text[end] if end < len(text) else ""
    if nxt in ":/" and end + 1 < len(text) and text[end + 1].isdigit():
        return None  # clock times, scores, fractions

    unit: str | None = None
    fig_start = start
    prefix = _prefix_currency(text, start) if not is_word else None
    if prefix is not None:
        fig_start, unit = prefix
    scaled = False
    scale = _scale(text, end, words_only=is_word)
    if scale is not None:
        end, factor = scale
        value *= factor
        scaled = True
    elif end < len(text) and text[end].isalpha() and not _PERCENT_RE.match(text, end) \
            and not _QUANTITY_RE.match(text, end):
        return None  # "5G", "3rd", "2nd"; a unit written solid is a quantity ("155mm", "30km")

    # ranges: "3 to 5 percent", "$1-2 billion", "between 10 and 20"
    value_max: Decimal | None = None
    join = _RANGE_JOIN_RE.match(text, end)
    before = text[max(0, fig_start - 12):fig_start]
    if join is not None and not _FROM_RE.search(before) and (
            join.group().strip().lower() != "and" or _BETWEEN_RE.search(before)):
        pos = join.end()
        symbol = _SYMBOL_AT_RE.match(text, pos) if unit else None
        if symbol is not None:
            pos = symbol.end()
        second = _number_at(text, pos)
        if second is not None and (second_value := parse_number(second["num"])) is not None \
                and not blocked.covers(second.start()):
            second_end = second.end()
            second_scale = _scale(text, second_end)
            if second_scale is not None:
                second_end, factor = second_scale
                second_value *= factor
                if not scaled:
                    value *= factor
            if second_value > value and (join.group().strip() not in "-–—" or second_end > second.end()
                                         or not is_word):
                value_max, end = second_value, second_end

    kind: str | None = None
    approximate = False
    measures: str | None = None
    base: str | None = None
    if unit is not None:
        kind = "money"
        suffix = _suffix_currency(text, end, True)
        if suffix is not None and suffix[1] == unit:
            end = suffix[0]  # "$45 billion USD"
    elif (percent := _PERCENT_RE.match(text, end)) is not None:
        kind, unit, end = "percent", "percentage_point" if percent["points"] else "percent", percent.end()
        if value_max is None and not _FROM_RE.search(before):  # "2% to 3%", "between 2% and 3%"
            upper = _PERCENT_RANGE_RE.match(text, end)
            if upper is not None and (upper["join"].strip().lower() != "and" or _BETWEEN_RE.search(before)) \
                    and (upper_value := parse_number(upper["num"])) is not None and upper_value > value:
                value_max, end = upper_value, upper.end()
        base = share_base(text, end)
    elif (suffix := _suffix_currency(text, end, scaled)) is not None:
        kind, (end, unit) = "money", suffix
    elif (quantity := _QUANTITY_RE.match(text, end)) is not None:
        index = next(int(k[1:]) for k, v in quantity.groupdict().items() if v is not None)
        _, unit, factor = QUANTITY_UNITS[index]
        kind, end = "quantity", quantity.end()
        value *= factor
        value_max = value_max * factor if value_max is not None else None
    else:
        if _TIME_UNIT_RE.match(text, end) or _FRACTION_RE.match(text, end):
            return None  # durations belong to the dates layer; "two-thirds" is a fraction
        if is_word and token.lower() in ("one", "zero") and not scaled:
            return None  # "one" is a determiner in news prose far more often than a count
        if _is_reference(text, start) or _is_age(text, start, end):
            return None
        kind, unit = "count", "item"
        measures = _counted(text, end) if text[end:end + 1] != "-" else None
    return Figure(fig_start, end, kind, value, unit, value_max, approximate, measures, base=base)


def figure_modifiers(text: str, start: int, end: int) -> tuple[int, str | None, bool | None, str | None]:
    """For the figure text[start:end]: where its span starts once the bound or approximation words before it are
    inside (guidelines §8.1), its bound, whether those words approximate it (None when there are none), and the
    period of the rate that follows it.  The one mechanism of the rules and of the schema 1.1 migration."""
    bound: str | None = None
    approximate: bool | None = None
    found = _MODIFIER_RE.search(text, max(0, start - 20), start)
    if found is not None:
        start = found.start("words")
        bound, approximate = FIGURE_MODIFIERS[" ".join(found["words"].lower().split())]
    boundary = _CLAUSE_END_RE.search(text, end, end + 60)
    clause_end = boundary.start() if boundary is not None else end + 60
    per = _PER_RE.match(text, end, clause_end)  # endpos, not a slice: a copy per figure is quadratic
    period = None if per is None else _PERIODS[(per["unit"] or per["adverb"] or per["adjective"]).lower()]
    return start, bound, approximate, period


def share_base(text: str, end: int) -> str | None:
    """The base of the percentage ending at `end`: "GDP" when "of GDP" (or a variant) follows it."""
    return "GDP" if _GDP_RE.match(text, end) is not None else None


def _with_modifiers(text: str, figure: Figure) -> Figure:
    """The figure with its bound or approximation words inside its span, and its rate period (§8.1)."""
    start, bound, approximate, per = figure_modifiers(text, figure.start, figure.end)
    if approximate is None:
        return replace(figure, start=start, per=per)
    return replace(figure, start=start, bound=bound, approximate=approximate or figure.value is None, per=per)


# Compiled once: these run for every number, and re's cache look-up per call is a good part of the cost.
_NAME_BEFORE_RE: Final = re.compile(r"([A-Z][A-Za-z]*)\.?\s+$")
_NAME_COMMA_RE: Final = re.compile(r"[A-Z][\w’'-]*,\s*$")
_COMMA_RE: Final = re.compile(r"\s*,")


def _is_reference(text: str, start: int) -> bool:
    """'Article 5', 'Leopard 2', 'No. 3': a number after a capitalised name word is part of a name."""
    m = _NAME_BEFORE_RE.search(text[max(0, start - 30):start])
    if m is None:
        return False
    word = m.group(1)
    if word in _REFERENCE_WORDS:
        return True
    word_start = start - len(m.group())
    before = text[max(0, word_start - 5):word_start].rstrip(" \t")
    sentence_initial = not before or before[-1] in ".!?\n“\"‘'(—–-:"
    return not sentence_initial and not word.isupper()


def _is_age(text: str, start: int, end: int) -> bool:
    """'Putin, 71, said': a bare number between commas after a name is an age, not a count."""
    # compared as a Decimal: int() of more than 4,300 digits raises
    return bool(_NAME_COMMA_RE.search(text[max(0, start - 30):start])
                and _COMMA_RE.match(text[end:end + 3]) and 0 < Decimal(text[start:end]) < 120) \
        if text[start:end].isdigit() else False


def _vague_figures(text: str, blocked: Taken) -> list[Figure]:
    """'tens of billions of dollars' (money, value null), 'dozens of drones', 'hundreds' (count, null)."""
    found: list[Figure] = []
    for m in PatternStarts.of(text).finditer(_VAGUE_RE):  # tried only where it can start
        if blocked.overlaps(m.start(), m.end()):
            continue
        end = m.end()
        tail = _OF_RE.match(text, end)
        suffix = _suffix_currency(text, tail.end() if tail else end, True)
        if suffix is not None and (tail or not m.group().lower().startswith(("dozens", "scores"))):
            found.append(Figure(m.start(), suffix[0], "money", None, suffix[1], approximate=True))
            continue
        if _PERCENT_AFTER_RE.match(text, end):
            continue
        found.append(Figure(m.start(), end, "count", None, "item", approximate=True, measures=_counted(text, end)))
    return found


def _dozen_figures(text: str, blocked: Taken) -> list[Figure]:
    """'a dozen drones' -> 12, 'two dozen' -> 24 (count)."""
    found: list[Figure] = []
    if "dozen" not in text.lower():
        return found  # the pattern below is costly to try at every word
    for m in re.finditer(rf"\b(?i:(?P<n>a|half\s+a|{WORD_NUMBER}|[0-9]+)\s+dozen)\b(?!\s+of\b|s)", text):
        factor = Decimal("0.5") if m["n"].lower().startswith("half") else parse_number(m["n"])
        if factor is None or blocked.overlaps(m.start(), m.end()):
            continue
        found.append(Figure(m.start(), m.end(), "count", factor * 12, "item", measures=_counted(text, m.end())))
    return found


# "six-fold", "threefold", "2.5-fold": a multiplier written as one word; parse_number decides what the letters are
# ("manifold" is not "mani" times).
_MULTIPLIER_RE: Final = re.compile(r"(?<![\w.,-])(?P<n>\d+(?:\.\d+)?|[A-Za-z]+(?:-[A-Za-z]+)?)-?(?i:fold)\b")


def _multiplier_figures(text: str, blocked: Taken) -> list[Figure]:
    """'a six-fold rise' -> count 6 of `times`, the whole word the span, as 'six times' counts times."""
    found: list[Figure] = []
    if "fold" not in text.lower():
        return found
    for m in _MULTIPLIER_RE.finditer(text):
        value = parse_number(m["n"])
        if value is None or value <= 1 or blocked.overlaps(m.start(), m.end()):
            continue
        found.append(Figure(m.start(), m.end(), "count", value, "item", measures="times"))
    return found


# Fractions with an exact percentage ("a third" has none), of something or as the size of a change ("fell by half").
_FRACTION_PERCENT: Final = {"half": 50, "quarter": 25, "fifth": 20, "tenth": 10}
_FRACTION_WORD_RE: Final = re.compile(r"\b(?i:half|(?:a|one)\s+(?:quarter|fifth|tenth))\b")
_FRACTION_OF_RE: Final = re.compile(r"\s+of\s+(?!an?\s+(?:hour|day|week|month|year|decade|century))")
_CHANGE_BY_RE: Final = re.compile(r"(?i)\bby\s+(?:(?:more|less|fewer)\s+than\s+|almost\s+|nearly\s+|about\s+)?$")


def _fraction_figures(text: str, blocked: Taken) -> list[Figure]:
    """'half of the members', 'a tenth of the shells', 'shrank by more than half' -> percent 50 / 10 / 50."""
    found = []
    for m in PatternStarts.of(text).finditer(_FRACTION_WORD_RE):  # tried only where it can start
        if blocked.overlaps(m.start(), m.end()) or not (
                _FRACTION_OF_RE.match(text, m.end()) or _CHANGE_BY_RE.search(text, max(0, m.start() - 24),
                                                                             m.start())):
            continue
        value = _FRACTION_PERCENT[m.group().split()[-1].lower()]
        found.append(Figure(m.start(), m.end(), "percent", Decimal(value), "percent"))
    return found


def find_figures(text: str, anchor: dt.date, date_spans: list[tuple[int, int]] | None = None) -> list[Figure]:
    """All figures of `text`, non-overlapping and outside every date expression (no zones applied).

    `date_spans` are the date expressions when the caller already found them (annotate_text does).  Overlaps
    are tested on marked characters (asking every span taken so far is quadratic in a text of numbers), and the
    arithmetic is exact (see numbers.EXACT).
    """
    spans = date_spans if date_spans is not None else [(t.start, t.end) for t in find_timexes(text, anchor)]
    blocked, taken = Taken(len(text)), Taken(len(text))
    for start, end in spans:
        blocked.add(start, end)
        taken.add(start, end)
    with localcontext(EXACT):
        figures: list[Figure] = []
        figures += _vague_figures(text, blocked)
        figures += _fraction_figures(text, blocked)
        figures += _multiplier_figures(text, blocked)
        earlier = Taken(len(text))
        for f in figures:
            earlier.add(f.start, f.end)
        figures += [f for f in _dozen_figures(text, blocked) if not earlier.overlaps(f.start, f.end)]
        for f in figures:
            taken.add(f.start, f.end)
        pos = 0
        for m in _NUMBER_RE.finditer(text):
            if m.start() < pos or taken.overlaps(m.start(), m.end()):
                continue
            figure = _figure_at(text, m, blocked)
            if figure is None or taken.overlaps(figure.start, figure.end):
                continue
            figures.append(figure)
            taken.add(figure.start, figure.end)
            pos = figure.end
    return sorted((_with_modifiers(text, f) for f in figures), key=lambda f: f.start)


def annotate(text: str, context: RuleContext) -> list[Annotation]:
    """Figure annotations of `text` outside the skipped zones."""
    result: list[Annotation] = []
    date_spans = None if context.dates is None else [(d.start, d.end) for d in context.dates]
    for i, f in enumerate(find_figures(text, context.anchor, date_spans), start=1):
        if context.skipped(f.start, f.end) or not fits_schema((f.start, f.end)):
            continue
        result.append(FigureAnnotation(
            id=f"f{i}", start=f.start, end=f.end, text=text[f.start:f.end], origin="rule", annotator=ANNOTATOR,
            kind=f.kind,  # type: ignore[arg-type]
            value=None if f.value is None else canonical(f.value),
            value_max=None if f.value_max is None else canonical(f.value_max),
            unit=f.unit, bound=f.bound, approximate=f.approximate,  # type: ignore[arg-type]
            measures=f.measures, base=f.base, per=f.per,
        ))
    return result


__all__ = ["FIGURE_MODIFIERS", "Figure", "annotate", "figure_modifiers", "find_figures", "share_base"]
