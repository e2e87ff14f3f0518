"""Translated news-agency copy: headline dash attribution, "This was stated by", "According to her", ISO codes."""

from probe_dsl import D, Doc, E, F, Q, Z

HEADLINE = "Ukraine to produce 4.5 million FPV drones in 2026 – deputy minister"

DOC = Doc(
    doc_id="2025-10-dev-translated-agency-drone-production",
    headline=HEADLINE,
    publication={
        "date": "2025-10-14",
        "precision": "day",
        "basis": "inferred",
        "evidence": "Synthetic agency text written as of this day: the dateline reads '14 October', the briefing "
        "was held 'on Tuesday' (14 October 2025 is a Tuesday) and 2026 is 'next year'. The date was assigned by "
        "the author of the text, not observed on a publication.",
        "date_in_text": None,
        "conflict": None,
        "anchor": "2025-10-14",
        "anchor_note": "The dateline day: '14 October', 'on Tuesday', 'this year', 'next year', 'on 2 October', "
        "'in September' and 'the coming weeks' depend on it.",
    },
    zones=(
        Z(HEADLINE, "headline"),
        Z("KYIV, 14 October /Prostir/.", "dateline"),
        Z("Translated by Olena Hrytsenko", "credits", note="translator credit"),
        Z("Photo: Ministry of Defence of Ukraine", "credits", note="photo credit"),
    ),
    attributed_sources=("Prostir",),
    notes="Synthetic development probe (see tests/rules/probes/README.md), written in the style of an English "
    "translation of Ukrainian agency copy. The agency Prostir, Deputy Minister Halyna Moroz, the companies and "
    "every quotation are invented.",
    entities=(
        E("Ukraine", "GPE", "ukraine"),
        E("KYIV", "GPE", "kyiv"),
        E("Prostir", "ORG", "prostir"),
        E("Ukraine", "GPE", "ukraine"),
        E("Ukraine", "GPE", "ukraine"),
        E("Halyna Moroz", "PERSON", "halyna-moroz"),
        E("Kyiv", "GPE", "kyiv"),
        E("Prostir", "ORG", "prostir"),
        E("Moroz", "PERSON", "halyna-moroz"),
        E("Ukrainian", "NORP"),
        E("Moroz", "PERSON", "halyna-moroz"),
        E("Ukraine", "GPE", "ukraine"),
        E("Denmark", "GPE", "denmark"),
        E("Vejle", "GPE", "vejle"),
        E("Danish", "NORP"),
        E("Nordjysk Propulsion ApS", "ORG", "nordjysk-propulsion"),
        E("Prostir", "ORG", "prostir"),
        E("Verkhovna Rada", "ORG", "verkhovna-rada"),
        E("Ministry of Defence of Ukraine", "ORG", "ukraine-ministry-of-defence"),
        E("Shchedryk-2", "PRODUCT", "shchedryk-2"),
        E("Kharkiv", "GPE", "kharkiv"),
        E("Skyfence LLC", "ORG", "skyfence"),
    ),
    dates=(
        D("2026", "DATE", "2026", False),
        D("14 October", "DATE", "2025-10-14", True),
        D("next year", "DATE", "2026", True),
        D("this year", "DATE", "2025", True),
        D("Tuesday", "DATE", "2025-10-14", True),
        D("2026", "DATE", "2026", False),
        D("currently", "DATE", "PRESENT_REF", True),
        D("2026", "DATE", "2026", False),
        D("the coming weeks", "DATE", "FUTURE_REF", True),
        D("2 October", "DATE", "2025-10-02", True),
        D("10 years", "DURATION", "P10Y", False),
        D("September", "DATE", "2025-09", True),
    ),
    figures=(
        F("4.5 million", "count", "4500000", "item", measures="FPV drones"),
        F("4.5 million", "count", "4500000", "item", measures="first-person-view (FPV) drones"),
        F("50%", "percent", "50", "percent"),
        F("4.5 million", "count", "4500000", "item", measures="FPV drones"),
        F("500", "count", "500", "item", approx=True, measures="Ukrainian companies"),
        F("60%", "percent", "60", "percent"),
        F("UAH 150 billion", "money", "150000000000", "UAH"),
        F("DKK 400 million", "money", "400000000", "DKK"),
        F("EUR 54 million", "money", "54000000", "EUR", approx=True),
        F("12", "count", "12", "item", measures="new interceptor drones"),
    ),
    quotes=(
        Q("Ukraine to produce 4.5 million FPV drones in 2026", "indirect", "deputy minister", "halyna-moroz", None),
        Q("This was stated by Deputy Minister of Defence of Ukraine Halyna Moroz during a briefing in Kyiv on "
          "Tuesday", "indirect", "a Prostir correspondent", None, "reports"),
        Q("In 2026, we plan to reach the level of at least 4.5 million FPV drones. In addition, the production of "
          "long-range drones will double", "direct", "Moroz", "halyna-moroz", "said"),
        Q("about 500 Ukrainian companies are currently engaged in the production of drones, and more than 60% of "
          "components are already manufactured domestically", "indirect", "her", "halyna-moroz", "According to",
          speaker_ctx="to her"),
        Q("the state budget for 2026 provides UAH 150 billion for the purchase of drones and electronic warfare "
          "equipment", "indirect", "The deputy minister", "halyna-moroz", "noted"),
        Q("Ukraine and Denmark had agreed to open a joint production line for solid rocket fuel near Vejle in the "
          "coming weeks", "indirect", "Moroz", "halyna-moroz", "said"),
        Q("on 2 October the Verkhovna Rada adopted in the first reading a draft law on the defence industry, which "
          "provides for a special customs regime for weapons manufacturers for a period of 10 years", "indirect",
          "Prostir", "prostir", "reported"),
    ),
)
