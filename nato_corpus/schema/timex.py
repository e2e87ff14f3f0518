"""TIMEX3 value grammar (TimeML 1.2 / ISO-TimeML), shared by the schema, the validator and the date rules.

Only the *value* syntax lives here; which value a phrase gets is decided by the guidelines and the rules.
"""

from __future__ import annotations

import re
from typing import Final

from nato_corpus.schema.vocabulary import TIMEX_MODS, TIMEX_TYPES

__all__ = ["TIMEX_MODS", "TIMEX_TYPES"]  # re-exported beside the value grammar

_YEAR = r"(?:[0-9]{4}|[0-9]{3}X|[0-9]{2}XX|XXXX)"
_MONTH = r"(?:0[1-9]|1[0-2]|XX)"
_DAY = r"(?:0[1-9]|[12][0-9]|3[01]|XX)"
_CALENDAR = rf"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?)?"
_WEEK = rf"{_YEAR}-W(?:0[1-9]|[1-4][0-9]|5[0-3]|XX)(?:-(?:[1-7]|X|WE))?"
_SEASON = rf"{_YEAR}-(?:SP|SU|FA|WI)"
_PART_OF_YEAR = rf"{_YEAR}-(?:H[12X]|Q[1-4X])"
_REF = r"(?:PAST_REF|PRESENT_REF|FUTURE_REF)"
_CLOCK = r"(?:(?:[01][0-9]|2[0-4]|XX)(?::(?:[0-5][0-9]|XX)(?::[0-5][0-9])?)?|MO|MI|AF|EV|NI|DT)"  # XX: unknown
_TIME = rf"(?:{_CALENDAR}|{_WEEK})T{_CLOCK}"
# ISO 8601 periods plus the non-ISO units as TimeML/TIDES practice and HeidelTime write them: DE decade,
# CE century, ML millennium, Q quarter ("P2DE"); TimeBank's one-letter E/C/L are not accepted (issue 17).
_NUM = r"(?:[0-9]+(?:\.[0-9]+)?|X)"
_UNIT = r"(?:DE|CE|ML|[YMWDQ])"
_DURATION = rf"P(?:(?:{_NUM}{_UNIT})+(?:T(?:{_NUM}[HMS])+)?|T(?:{_NUM}[HMS])+)"

# \A...\Z, and fullmatch below: with ^...$ a value with a final newline ("2024-12-03\n") was well-formed.
DATE_VALUE: Final = re.compile(rf"\A(?:{_CALENDAR}|{_WEEK}|{_SEASON}|{_PART_OF_YEAR}|{_REF})\Z")
TIME_VALUE: Final = re.compile(rf"\A(?:{_TIME}|PRESENT_REF)\Z")
DURATION_VALUE: Final = re.compile(rf"\A{_DURATION}\Z")
SET_VALUE: Final = re.compile(rf"\A(?:{_DURATION}|{_CALENDAR}|{_WEEK}|{_TIME})\Z")
_FULL_DATE: Final = re.compile(r"\A[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\Z")

_BY_TYPE: Final = {"DATE": DATE_VALUE, "TIME": TIME_VALUE, "DURATION": DURATION_VALUE, "SET": SET_VALUE}


def is_valid_value(timex_type: str, value: str) -> bool:
    """True when `value` is well-formed for `timex_type` (e.g. DATE "2024-07", DURATION "P7Y")."""
    pattern = _BY_TYPE.get(timex_type)
    return bool(pattern and pattern.fullmatch(value))


def is_full_date(value: str) -> bool:
    """True for a fully specified calendar day such as "2024-12-03" (usable as an anchor)."""
    return bool(_FULL_DATE.fullmatch(value))


_UNKNOWN: Final = re.compile(r"\A[XT:\-]+\Z")


def is_unknown_value(value: str) -> bool:
    """True for a value that says nothing ("XXXX", "XXXX-XX-XX", "XXXX-XX-XXTXX:XX"): every component unknown.

    A system that cannot normalise writes one because the schema requires a value; the scorer treats it as no
    prediction.  "PXY" (some years) and "PRESENT_REF" say something and are not unknown.
    """
    return bool(_UNKNOWN.fullmatch(value))
