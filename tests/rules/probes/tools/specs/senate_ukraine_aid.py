"""American newspaper style: "Sen.", "Rep.", "percent", "$", straight quotation marks, punctuation inside."""

from probe_dsl import D, Doc, E, F, Q, Z

HEADLINE = "Senate Panel Advances $14.2 Billion Ukraine Aid Bill, Setting Up Clash With House"

DOC = Doc(
    doc_id="2026-02-dev-senate-ukraine-aid-package",
    headline=HEADLINE,
    publication={
        "date": "2026-02-11",
        "precision": "day",
        "basis": "inferred",
        "evidence": "Synthetic text written as if published on Wednesday 11 February 2026: the committee vote 'on "
        "Tuesday', 'on Wednesday', 'last year' (2025) and 'next week's Munich Security Conference' (mid-February "
        "2026) were written against that day. The date was assigned by the author of the text, not observed on a "
        "publication.",
        "date_in_text": None,
        "conflict": None,
        "anchor": "2026-02-11",
        "anchor_note": "The publication day: 'on Tuesday' (2026-02-10), 'on Wednesday' (2026-02-11), 'in January', "
        "'in November', 'last year' and 'next week' (2026-W08) depend on it.",
    },
    zones=(
        Z(HEADLINE, "headline"),
        Z("WASHINGTON —", "dateline"),
    ),
    notes="Synthetic development probe (see tests/rules/probes/README.md). The senators, the representative, "
    "the Polish deputy minister, the Ukraine Security Partnership Act and every quotation are invented; real "
    "institutions (Senate, House, Pentagon, White House) are named but nothing here was said by them.",
    entities=(
        E("Senate", "ORG", "us-senate"),
        E("Ukraine", "GPE", "ukraine"),
        E("House", "ORG", "us-house-of-representatives"),
        E("WASHINGTON", "GPE", "washington-dc"),
        E("Senate Foreign Relations Committee", "ORG", "senate-foreign-relations-committee"),
        E("Ukraine", "GPE", "ukraine"),
        E("House", "ORG", "us-house-of-representatives"),
        E("Republicans", "NORP"),
        E("Ukraine Security Partnership Act", "LAW", "ukraine-security-partnership-act"),
        E("Patriot", "PRODUCT", "patriot"),
        E("HIMARS", "PRODUCT", "himars"),
        E("U.S.", "GPE", "united-states"),
        E("Pentagon", "FAC", "pentagon"),
        E("European", "NORP"),
        E("American", "NORP"),
        E("Kyiv", "GPE", "kyiv"),
        E("American", "NORP"),
        E("American", "NORP"),
        E("Margaret Ellery", "PERSON", "margaret-ellery"),
        E("Delaware", "GPE", "delaware"),
        E("Democrat", "NORP"),
        E("Dale Pruett", "PERSON", "dale-pruett"),
        E("Idaho", "GPE", "idaho"),
        E("Republican", "NORP"),
        E("Kyiv", "GPE", "kyiv"),
        E("Europe", "LOC", "europe"),
        E("House", "ORG", "us-house-of-representatives"),
        E("Ukraine", "GPE", "ukraine"),
        E("American", "NORP"),
        E("Carl Whitcombe", "PERSON", "carl-whitcombe"),
        E("Texas", "GPE", "texas"),
        E("Republican", "NORP"),
        E("Armed Services Committee", "ORG", "house-armed-services-committee"),
        E("Pentagon", "FAC", "pentagon"),
        E("U.S.", "GPE", "united-states"),
        E("White House", "FAC", "white-house"),
        E("NATO", "ORG", "nato"),
        E("Europe", "LOC", "europe"),
        E("Canada", "GPE", "canada"),
        E("United States", "GPE", "united-states"),
        E("Poland", "GPE", "poland"),
        E("Tomasz Wierzbicki", "PERSON", "tomasz-wierzbicki"),
        E("X", "ORG", "x-platform", ctx="on X"),
        E("Moscow", "GPE", "moscow"),
        E("Munich Security Conference", "EVENT", "munich-security-conference-2026"),
        E("Kyiv", "GPE", "kyiv"),
    ),
    dates=(
        D("Tuesday", "DATE", "2026-02-10", True),
        D("November", "DATE", "2026-11", True),
        D("2022", "DATE", "2022", False),
        D("January", "DATE", "2026-01", True),
        D("a month", "SET", "P1M", False),
        D("early 2023", "DATE", "2023", False, mod="START"),
        D("Wednesday", "DATE", "2026-02-11", True),
        D("last year", "DATE", "2025", True),
        D("next week", "DATE", "2026-W08", True),
        D("six weeks", "DURATION", "P6W", False),
    ),
    figures=(
        F("$14.2 Billion", "money", "14200000000", "USD"),
        F("$14.2 billion", "money", "14200000000", "USD"),
        F("$9.5 billion", "money", "9500000000", "USD"),
        F("$4.7 billion", "money", "4700000000", "USD"),
        F("30 percent", "percent", "30", "percent"),
        F("40", "count", "40", "item", measures="staff"),
        F("$180 billion", "money", "180000000000", "USD"),
        F("70,000", "count", "70000", "item", approx=True, measures="artillery shells"),
        F("14,000", "count", "14000", "item", measures="shells"),
        F("2.4 percent", "percent", "2.4", "percent", measures="GDP"),
        F("3.2 percent", "percent", "3.2", "percent"),
    ),
    quotes=(
        Q("This is not charity. Every dollar we spend here is a dollar invested in American factories and "
          "American security", "direct", "Margaret Ellery", "margaret-ellery", "said"),
        Q('the package included "real guardrails," among them an inspector general\'s office with 40 staff in '
          "Kyiv", "mixed", "Dale Pruett", "dale-pruett", "said"),
        Q('Europe, he argued, is finally "carrying its share of the load."', "mixed", "he", "dale-pruett",
          "argued", speaker_ctx=" he argued", inside=True),
        Q("We've sent Ukraine more than $180 billion since 2022. At some point the American taxpayer gets to ask "
          "when this ends", "direct", "Carl Whitcombe", "carl-whitcombe", "told reporters"),
        Q('the bill was "dead on arrival."', "mixed", "He", "carl-whitcombe", "tweeted"),
        Q("it had delivered the last equipment from the previous package in January and that U.S. production had "
          "reached about 70,000 artillery shells a month, up from 14,000 shells in early 2023", "indirect",
          "Pentagon", "pentagon", "said"),
        Q("NATO allies in Europe and Canada spent an estimated 2.4 percent of gross domestic product on defense "
          "last year, compared with 3.2 percent for the United States", "indirect", "alliance figures", "nato",
          "According to"),
        Q('the vote was "a signal Moscow will understand" and that he would press allies for more at next '
          "week's Munich Security Conference", "mixed", "Tomasz Wierzbicki", "tomasz-wierzbicki", "wrote"),
        Q("the first deliveries could arrive within six weeks of the bill becoming law", "indirect", "Officials",
          None, "said"),
    ),
)
