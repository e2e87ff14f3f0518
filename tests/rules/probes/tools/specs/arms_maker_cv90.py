"""Corporate press release: company suffixes (AB, S.A.), product names, boilerplate "About" and contact blocks."""

from probe_dsl import D, Doc, E, F, Q, Z

HEADLINE = "Nordhavn Defence Group and Vistula Armaments sign €1.4 billion CV90 framework agreement"

DOC = Doc(
    doc_id="2025-09-dev-arms-maker-cv90-framework",
    headline=HEADLINE,
    publication={
        "date": "2025-09-23",
        "precision": "day",
        "basis": "stated",
        "evidence": "The dateline prints '23 September 2025' and the release says the companies 'today announced' "
        "the agreement. Synthetic text: the date was chosen by the author of the text.",
        "date_in_text": "2025-09-23",
        "conflict": None,
        "anchor": "2025-09-23",
        "anchor_note": "The stated day: 'today', 'on Monday' (2025-09-22) and 'the end of the year' (2025) depend "
        "on it.",
    },
    zones=(
        Z("PRESS RELEASE", "boilerplate", note="document-type label"),
        Z(HEADLINE, "headline"),
        Z("Stockholm/Warsaw, 23 September 2025 –", "dateline"),
        Z("About Nordhavn Defence Group\nNordhavn Defence Group is a Swedish defence and security company with 7,400 "
          "employees in six countries. Its order backlog stood at SEK 88 billion on 30 June 2025.", "boilerplate",
          note="standard company description"),
        Z("Media contact: Elin Strand, +46 8 555 019 24, press@nordhavn.example", "boilerplate",
          note="contact block"),
    ),
    notes="Synthetic development probe (see tests/rules/probes/README.md). Nordhavn Defence Group, Vistula "
    "Armaments, their executives and every quotation are invented; CV90 is a real vehicle family named here only "
    "as a product. The 'About' and contact blocks are boilerplate zones and are not annotated.",
    entities=(
        E("Nordhavn Defence Group", "ORG", "nordhavn-defence-group"),
        E("Vistula Armaments", "ORG", "vistula-armaments"),
        E("CV90", "PRODUCT", "cv90"),
        E("Stockholm", "GPE", "stockholm"),
        E("Warsaw", "GPE", "warsaw"),
        E("Nordhavn Defence Group AB", "ORG", "nordhavn-defence-group"),
        E("Vistula Armaments S.A.", "ORG", "vistula-armaments"),
        E("CV90", "PRODUCT", "cv90"),
        E("Poland", "GPE", "poland"),
        E("Vistula Armaments", "ORG", "vistula-armaments"),
        E("CV90", "PRODUCT", "cv90"),
        E("Stalowa Wola", "GPE", "stalowa-wola"),
        E("Polish Armed Forces", "ORG", "polish-armed-forces"),
        E("Ingrid Vesterlund", "PERSON", "ingrid-vesterlund"),
        E("Nordhavn Defence Group", "ORG", "nordhavn-defence-group"),
        E("Poland", "GPE", "poland"),
        E("European", "NORP"),
        E("Piotr Zawadzki", "PERSON", "piotr-zawadzki"),
        E("Vistula Armaments", "ORG", "vistula-armaments"),
        E("Podkarpackie", "GPE", "podkarpackie"),
        E("Polish", "NORP"),
        E("Polish Ministry of National Defence", "ORG", "poland-ministry-of-national-defence"),
    ),
    dates=(
        D("23 September 2025", "DATE", "2025-09-23", False),
        D("today", "DATE", "2025-09-23", True),
        D("2026", "DATE", "2026", False),
        D("2030", "DATE", "2030", False),
        D("the second half of 2027", "DATE", "2027-H2", False),
        D("per year", "SET", "P1Y", False),
        D("2028", "DATE", "2028", False, mod="ON_OR_BEFORE"),
        D("the next four years", "DURATION", "P4Y", False),
        D("Monday", "DATE", "2025-09-22", True),
        D("the end of the year", "DATE", "2025", True, mod="END"),
    ),
    figures=(
        F("€1.4 billion", "money", "1400000000", "EUR"),
        F("€1.4 billion", "money", "1400000000", "EUR"),
        F("PLN 6 billion", "money", "6000000000", "PLN", approx=True),
        F("96", "count", "96", "item", measures="CV90 vehicles"),
        F("1,800 tonnes", "quantity", "1800", "t"),
        F("5%", "percent", "5", "percent", approx=True, measures="GDP"),
        F("1,100", "count", "1100", "item", approx=True, measures="jobs"),
        F("48", "count", "48", "item", measures="vehicles"),
    ),
    quotes=(
        Q("This agreement brings production closer to the soldiers who depend on it", "direct",
          "Ingrid Vesterlund", "ingrid-vesterlund", "said"),
        Q("Poland is investing nearly 5% of its GDP in defence. Our customers there expect European industry to "
          "deliver on time, every time", "direct", same=True),
        Q("the partnership would create around 1,100 jobs in the Podkarpackie region and transfer “key competences "
          "in turret integration” to Polish engineers over the next four years", "mixed", "Piotr Zawadzki",
          "piotr-zawadzki", "added"),
        Q("it intends to place a first firm order for 48 vehicles before the end of the year, subject to "
          "parliamentary approval", "indirect", "Polish Ministry of National Defence",
          "poland-ministry-of-national-defence", "confirmed"),
    ),
)
