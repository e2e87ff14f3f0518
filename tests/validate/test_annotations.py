"""The span checks' index of unannotated zones (nato_corpus.validate.annotations.Zones)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.validate.annotations import Zones

_ZONE = st.tuples(st.integers(0, 30), st.integers(1, 8), st.sampled_from(["boilerplate", "credits"])).map(
    lambda t: (t[0], t[0] + t[1], t[2]))


def _shares_a_character(zone: tuple[int, int, str], start: int, end: int) -> bool:
    return zone[0] < end and start < zone[1]


@settings(max_examples=400)
@given(st.lists(_ZONE, max_size=8), st.integers(0, 40), st.integers(1, 8))
def test_a_span_touches_a_zone_exactly_when_some_zone_shares_a_character(zones, start, length):
    """Checked against every zone in turn (what the index replaces), also for overlapping zones, which the
    metadata check reports but the span checks still see."""
    end = start + length
    found = Zones(zones).touched(start, end)
    assert (found is not None) == any(_shares_a_character(zone, start, end) for zone in zones)
    if found is not None:
        assert found in zones and _shares_a_character(found, start, end)


def test_the_zone_touched_is_named_and_neighbours_are_not_touched():
    zones = Zones([(50, 60, "credits"), (10, 20, "boilerplate"), (30, 40, "boilerplate")])
    assert zones.touched(35, 36) == (30, 40, "boilerplate")
    assert zones.touched(20, 30) is None  # half-open: ends meet, nothing shared
    assert zones.touched(59, 70) == (50, 60, "credits")
    assert zones.touched(0, 10) is None and zones.touched(60, 61) is None
    assert not Zones([]).any and Zones([]).touched(0, 5) is None
