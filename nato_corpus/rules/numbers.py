"""Numbers in English news prose: digits with separators, cardinal words and scale words, as exact Decimals.

Shared by the date rules (durations, "three years ago") and the figure rules, so both read numbers alike.
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Final

UNITS: Final = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: Final = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES: Final = {
    "hundred": Decimal(100), "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12,
}
# Abbreviated scales as written in headlines and business copy: "$5bn", "€300m", "$50k".
SCALE_ABBREVIATIONS: Final = {
    "k": SCALES["thousand"], "m": SCALES["million"], "mn": SCALES["million"], "mln": SCALES["million"],
    "bn": SCALES["billion"], "b": SCALES["billion"], "tn": SCALES["trillion"], "trn": SCALES["trillion"],
}

_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN_WORDS = "|".join(TENS)
_SMALL = rf"(?:(?:{_TEN_WORDS})(?:[-\s](?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
# "twenty-five", "two hundred and fifty", "three thousand", "a hundred"; case-insensitive by inline flag.
WORD_NUMBER: Final = (
    rf"(?i:\b(?:{_SMALL}|a(?=\s+(?:hundred|thousand|million|billion|trillion)\b))(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL})?)?"
    rf"(?:\s+thousand(?:\s+(?:and\s+)?{_SMALL}(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL})?)?)?)?\b)"
)
# 1,234,567.89 or 1234.5 or 12; a comma group must have exactly three digits.
DIGIT_NUMBER: Final = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
# The same with at most 12 comma groups (below 10^39), for patterns tried at every token start (the date rules):
# a start after each comma of "1,000,000,..." would rescan all the groups that follow it.
DIGIT_NUMBER_SHORT: Final = r"(?:\d{1,3}(?:,\d{3}){1,12}(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
WORD_NUMBER_RE: Final = re.compile(WORD_NUMBER)
# Arithmetic on figures is exact: the default context keeps 28 digits, so "9999999999999999999999999999999 billion"
# would be rounded, and quantizing a 29-digit integer to units raised InvalidOperation (the CLI's "internal error").
EXACT: Final = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


def parse_digits(token: str) -> Decimal:
    """'1,234.50' -> Decimal('1234.50'); commas are thousands separators in English."""
    return Decimal(token.replace(",", ""))


def parse_words(phrase: str) -> Decimal | None:
    """'two hundred and fifty' -> 250, 'twenty-five' -> 25, 'a hundred' -> 100; None when not a number."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    if not words:
        return None
    total, current, seen = Decimal(0), Decimal(0), False
    for i, word in enumerate(words):
        if word == "a" and i == 0:
            current += 1
        elif word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or Decimal(1)) * 100
        elif word in SCALES:
            total += (current or Decimal(1)) * SCALES[word]
            current = Decimal(0)
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(token: str) -> Decimal | None:
    """A digit or word number as a Decimal, None when `token` is neither."""
    token = token.strip()
    if re.fullmatch(DIGIT_NUMBER, token):
        return parse_digits(token)
    return parse_words(token)


def canonical(value: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing fractional zeros ('45000000000', '3.5'), of any length.

    Formatting is exact without a context; quantize and normalize keep the context's 28 digits, and quantizing a
    29-digit integer raised InvalidOperation."""
    integral = value.to_integral_value()
    if value == integral:
        return format(integral, "f")
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
