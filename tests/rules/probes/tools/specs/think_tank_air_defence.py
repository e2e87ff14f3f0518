"""Think-tank report summary: the document as a source ("this report argues"), ranges, bullets, "per cent"."""

from probe_dsl import D, Doc, E, F, Q, Z

HEADLINE = "Closing Europe’s air defence gap: executive summary"

DOC = Doc(
    doc_id="2026-01-dev-think-tank-air-defence-gap",
    headline=HEADLINE,
    publication={
        "date": "2026-01",
        "precision": "month",
        "basis": "stated",
        "evidence": "The report's header line prints 'January 2026'. Synthetic text: the month was chosen by the "
        "author of the text.",
        "date_in_text": "2026-01",
        "conflict": None,
        "anchor": "2026-01-27",
        "anchor_note": "An arbitrary working day in the stated month; no expression in the text depends on the day "
        "(its dates are absolute or durations).",
    },
    zones=(
        Z(HEADLINE, "headline"),
        Z("Centre for Euro-Atlantic Resilience (CEAR) · Policy report · January 2026", "dateline",
          note="publisher, document type and date line of the report"),
    ),
    notes="Synthetic development probe (see tests/rules/probes/README.md). The Centre for Euro-Atlantic "
    "Resilience, its report, Dr Helena Marchetti and every quotation are invented; the European Defence Agency "
    "is real but said nothing here.",
    entities=(
        E("Europe", "LOC", "europe"),
        E("Centre for Euro-Atlantic Resilience", "ORG", "centre-for-euro-atlantic-resilience"),
        E("CEAR", "ORG", "centre-for-euro-atlantic-resilience"),
        E("European", "NORP"),
        E("NATO", "ORG", "nato"),
        E("European", "NORP"),
        E("European", "NORP"),
        E("NATO", "ORG", "nato"),
        E("North Atlantic Treaty", "LAW", "north-atlantic-treaty"),
        E("Poland", "GPE", "poland"),
        E("Romania", "GPE", "romania"),
        E("Baltic", "NORP"),
        E("Patriot", "PRODUCT", "patriot"),
        E("Russian", "NORP"),
        E("Ukraine", "GPE", "ukraine"),
        E("European", "NORP"),
        E("EU", "ORG", "european-union"),
        E("Norway", "GPE", "norway"),
        E("Türkiye", "GPE", "turkiye"),
        E("Europe", "LOC", "europe"),
        E("Helena Marchetti", "PERSON", "helena-marchetti"),
        E("CEAR", "ORG", "centre-for-euro-atlantic-resilience"),
        E("Marchetti", "PERSON", "helena-marchetti"),
        E("European Defence Agency", "ORG", "european-defence-agency"),
        E("CEAR", "ORG", "centre-for-euro-atlantic-resilience"),
    ),
    dates=(
        D("January 2026", "DATE", "2026-01", False),
        D("the next ten years", "DURATION", "P10Y", False),
        D("2020", "DATE", "2020", False),
        D("2025", "DATE", "2025", False),
        D("December 2025", "DATE", "2025-12", False, mod="ON_OR_BEFORE"),
        D("the early 2030s", "DATE", "203X", False, mod="START"),
        D("2025", "DATE", "2025", False),
        D("February 2022", "DATE", "2022-02", False),
        D("2030", "DATE", "2030", False, mod="ON_OR_BEFORE"),
        D("36 months", "DURATION", "P36M", False),
        D("a year", "SET", "P1Y", False),
        D("2022", "DATE", "2022", False),
        D("the first quarter of 2026", "DATE", "2026-Q1", False),
    ),
    figures=(
        F("€90-110 billion", "money", "90000000000", "EUR", value_max="110000000000"),
        F("half", "percent", "50", "percent", approx=True),
        F("41", "count", "41", "item", measures="long-range surface-to-air systems"),
        F("17", "count", "17", "item", measures="systems"),
        F("0.6 percentage points", "percent", "0.6", "percentage_point", measures="GDP"),
        F("three", "count", "3", "item", measures="Baltic states"),
        F("ten", "count", "10", "item", measures="Patriot batteries"),
        F("9,000", "count", "9000", "item", measures="cruise and ballistic missiles"),
        F("three", "count", "3", "item", measures="steps"),
        F("20", "count", "20", "item", measures="additional long-range batteries"),
        F("€150 billion", "money", "150000000000", "EUR"),
        F("600", "count", "600", "item", approx=True, measures="missiles"),
        F("2,000", "count", "2000", "item", measures="missiles"),
        F("25 to 40 per cent", "percent", "25", "percent", value_max="40"),
        F("20 per cent", "percent", "20", "percent"),
    ),
    quotes=(
        Q("European NATO members would need to invest €90-110 billion over the next ten years to build an "
          "integrated air and missile defence network able to protect their major cities, ports and bases",
          "indirect", "this report", "centre-for-euro-atlantic-resilience", "argues"),
        Q("European allies ordered 41 long-range surface-to-air systems, but only 17 systems had been delivered by "
          "December 2025", "indirect", "Our analysis", "centre-for-euro-atlantic-resilience", "indicates"),
        Q("Poland, Romania and the three Baltic states together operate fewer than ten Patriot batteries",
          "indirect", "open-source estimates", None, "according to"),
        Q("Europe has the money and the industrial base. What it lacks is a plan that treats air defence as a "
          "shared good rather than a national prestige project", "direct", "Helena Marchetti",
          "helena-marchetti", "said"),
        Q("the estimates carry “considerable uncertainty”", "mixed", "Marchetti", "helena-marchetti",
          "acknowledged"),
        Q("prices for interceptors have risen by 25 to 40 per cent since 2022", "indirect", "Marchetti",
          "helena-marchetti", "noting"),
        Q("joint stockpiles could cut unit costs by up to 20 per cent", "indirect", "She", "helena-marchetti",
          "suggested"),
        Q("talks on a pilot project would begin in the first quarter of 2026", "indirect", "officials", None,
          "told"),
    ),
)
