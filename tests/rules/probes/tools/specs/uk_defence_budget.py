"""British broadsheet style: "Mr", "Dame", "per cent", "£bn", single curly quotation marks, "Nato"."""

from probe_dsl import D, Doc, E, F, Q, Z

HEADLINE = "Treasury rebuffs MoD over £6.2bn hole in defence plans"

DOC = Doc(
    doc_id="2025-11-dev-uk-defence-budget-treasury",
    headline=HEADLINE,
    publication={
        "date": "2025-11-19",
        "precision": "day",
        "basis": "inferred",
        "evidence": "Synthetic text written as if published on Wednesday 19 November 2025: 'told MPs on Tuesday' "
        "and 'last month' were written against that day, and the June 2025 summit in The Hague is in the past. "
        "The date was assigned by the author of the text, not observed on a publication.",
        "date_in_text": None,
        "conflict": None,
        "anchor": "2025-11-19",
        "anchor_note": "The publication day: 'on Tuesday' (2025-11-18), 'in June' (2025-06) and 'last month' "
        "(2025-10) depend on it.",
    },
    zones=(
        Z(HEADLINE, "headline"),
        Z("Ministers clash as Britain’s Nato pledge comes under strain", "dek"),
    ),
    notes="Synthetic development probe (see tests/rules/probes/README.md). All people, the Institute for "
    "Strategic Readiness and every quotation are invented; real bodies (Treasury, Ministry of Defence, Commons "
    "Defence Committee, Labour) are named but nothing here was said by them.",
    entities=(
        E("Treasury", "ORG", "hm-treasury"),
        E("MoD", "ORG", "uk-ministry-of-defence"),
        E("Britain", "GPE", "united-kingdom"),
        E("Nato", "ORG", "nato"),
        E("Treasury", "ORG", "hm-treasury"),
        E("Ministry of Defence", "ORG", "uk-ministry-of-defence"),
        E("Boxer", "PRODUCT", "boxer"),
        E("Challenger 3", "PRODUCT", "challenger-3"),
        E("Graham Ashworth", "PERSON", "graham-ashworth"),
        E("Britain", "GPE", "united-kingdom"),
        E("Poland", "GPE", "poland"),
        E("Germany", "GPE", "germany"),
        E("Ashworth", "PERSON", "graham-ashworth"),
        E("Treasury", "ORG", "hm-treasury"),
        E("UK", "GPE", "united-kingdom"),
        E("The Hague", "GPE", "the-hague"),
        E("Nato", "ORG", "nato"),
        E("Treasury", "ORG", "hm-treasury"),
        E("MoD", "ORG", "uk-ministry-of-defence"),
        E("Priya Hollingsworth", "PERSON", "priya-hollingsworth"),
        E("Commons Defence Committee", "ORG", "commons-defence-committee"),
        E("Treasury", "ORG", "hm-treasury"),
        E("Tobias Marlowe", "PERSON", "tobias-marlowe"),
        E("Labour", "ORG", "labour-party"),
        E("US", "GPE", "united-states"),
        E("F-35", "PRODUCT", "f-35"),
        E("Institute for Strategic Readiness", "ORG", "institute-for-strategic-readiness"),
        E("Owen Pritchard", "PERSON", "owen-pritchard"),
    ),
    dates=(
        D("the next three years", "DURATION", "P3Y", False),
        D("Tuesday", "DATE", "2025-11-18", True),
        D("2024", "DATE", "2024", False),
        D("April 2027", "DATE", "2027-04", False, mod="ON_OR_BEFORE"),
        D("June", "DATE", "2025-06", True),
        D("2035", "DATE", "2035", False, mod="ON_OR_BEFORE"),
        D("annual", "SET", "P1Y", False),
        D("last month", "DATE", "2025-10", True),
        D("ten years", "DURATION", "P10Y", False),
        D("2021", "DATE", "2021", False),
    ),
    figures=(
        F("£6.2bn", "money", "6200000000", "GBP"),
        F("£6.2bn", "money", "6200000000", "GBP"),
        F("148", "count", "148", "item", measures="Challenger 3 tanks"),
        F("2.3 per cent", "percent", "2.3", "percent", approx=True, measures="GDP"),
        F("2.1 per cent", "percent", "2.1", "percent"),
        F("2.5 per cent", "percent", "2.5", "percent"),
        F("3 per cent", "percent", "3", "percent", ctx="and 3 per cent"),
        F("3.5 per cent", "percent", "3.5", "percent", measures="GDP"),
        F("1.5 per cent", "percent", "1.5", "percent"),
        F("£62bn", "money", "62000000000", "GBP"),
        F("£8bn", "money", "8000000000", "GBP"),
        F("£4bn to £7bn", "money", "4000000000", "GBP", value_max="7000000000"),
    ),
    quotes=(
        Q("the department would ‘not be able to square the circle’ without new money", "mixed",
          "Graham Ashworth", "graham-ashworth", "told MPs"),  # guidelines H4: a bare plural addressee is in the cue
        Q("Britain risked falling behind Poland and Germany in the race to rearm", "indirect",
          "Graham Ashworth", "graham-ashworth", "warned"),
        Q("I have been very clear with the chancellor", "direct", "Ashworth", "graham-ashworth", "said"),
        Q("We can have the army the country expects, or we can have the budget the Treasury has set. We cannot "
          "have both", "direct", same=True),
        Q("the MoD had ‘already received the largest cash increase since the end of the cold war’", "mixed",
          "A Treasury source", None, "insisted"),
        Q("any further money would have to come from savings within its £62bn annual budget", "indirect",
          "A Treasury source", None, "said"),
        Q("the row showed that the spending review had been ‘built on sand’", "mixed", "Priya Hollingsworth",
          "priya-hollingsworth", "said"),
        Q("If the Treasury will not fund the plan, ministers must tell the public which capabilities they are "
          "prepared to lose", "direct", "She", "priya-hollingsworth", "added"),
        Q("the government of ‘balancing the books on the backs of our soldiers’", "mixed", "Tobias Marlowe",
          "tobias-marlowe", "accused"),
        Q("the gap could widen to as much as £8bn if sterling weakened, because several large contracts with US "
          "suppliers, including for F-35 jets, are priced in dollars", "indirect", "Labour sources", None,
          "conceded"),
        Q("the equipment plan was underfunded by £4bn to £7bn over ten years", "indirect", "Analysts", None,
          "said"),
        Q("The numbers have not added up since 2021, and it’s getting worse", "direct", "Owen Pritchard",
          "owen-pritchard", "said"),
    ),
)
