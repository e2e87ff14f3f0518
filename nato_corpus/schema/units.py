"""Units of the figures layer: ISO 4217 for money (via pycountry), a small closed vocabulary otherwise."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

import pycountry

from nato_corpus.schema.vocabulary import FIGURE_KINDS

__all__ = ["FIGURE_KINDS", "UNIT_VOCABULARY", "currency_codes", "kind_of_unit"]

# unit -> the figure kind it belongs to.  Money units are ISO 4217 codes and are not listed here.
UNIT_VOCABULARY: Final[dict[str, str]] = {
    "percent": "percent",  # "3.5%", "5 percent"
    "percentage_point": "percent",  # "two percentage points"
    "item": "count",  # a dimensionless count: "32 members", "ten of its allies"; `measures` says of what
    "m": "quantity",
    "mm": "quantity",  # calibres: "155 mm", "155mm" (kept as written, not converted to m)
    "cm": "quantity",
    "km": "quantity",
    "km2": "quantity",
    "kg": "quantity",
    "t": "quantity",  # metric tonne
    "l": "quantity",
    "bbl": "quantity",  # barrel of oil
    "mi": "quantity",
    "W": "quantity",
}


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    """Active ISO 4217 alphabetic codes, from pycountry's maintained copy of the standard."""
    return frozenset(c.alpha_3 for c in pycountry.currencies)


def kind_of_unit(unit: str) -> str | None:
    """The figure kind a unit belongs to, or None for an unknown unit."""
    if unit in currency_codes():
        return "money"
    return UNIT_VOCABULARY.get(unit)
