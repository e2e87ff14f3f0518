"""Interview in question-and-answer form: speaker labels instead of reporting verbs, headline quotation."""

from probe_dsl import D, Doc, E, F, Q, Z

NBSP = "\u00a0"
HEADLINE = "‘The Baltic is no longer a quiet sea’: an interview with Rear Admiral Liisa Korpela"

DOC = Doc(
    doc_id="2026-04-dev-interview-finnish-navy-commander",
    headline=HEADLINE,
    publication={
        "date": "2026-04-16",
        "precision": "day",
        "basis": "inferred",
        "evidence": "Synthetic interview written as if published on Thursday 16 April 2026: it was conducted 'on "
        "Monday' and the Finnish Defence Forces confirmed the exercise 'on Thursday'. The date was assigned by the "
        "author of the text, not observed on a publication.",
        "date_in_text": None,
        "conflict": None,
        "anchor": "2026-04-16",
        "anchor_note": "The publication day: 'on Monday' (2026-04-13), 'on Thursday' (2026-04-16) and 'next "
        "month' (2026-05) depend on it.",
    },
    zones=(Z(HEADLINE, "headline"),),
    notes="Synthetic development probe (see tests/rules/probes/README.md). Rear Admiral Liisa Korpela, the "
    "interviewer and every answer are invented; they are not statements of the Finnish Navy. Answers after the "
    "label 'Korpela:' are annotated as quotes with a null cue (see the README's judgement calls).",
    entities=(
        E("Baltic", "LOC", "baltic-sea"),
        E("Liisa Korpela", "PERSON", "liisa-korpela"),
        E("Liisa Korpela", "PERSON", "liisa-korpela"),
        E("Finnish Navy", "ORG", "finnish-navy"),
        E("Finland", "GPE", "finland"),
        E("NATO", "ORG", "nato"),
        E("Henrik Aalto", "PERSON", "henrik-aalto"),
        E("Helsinki", "GPE", "helsinki"),
        E("Baltic Sentry", "EVENT", "baltic-sentry"),
        E("Baltic Sea", "LOC", "baltic-sea"),
        E("Finland", "GPE", "finland"),
        E("Sweden", "GPE", "sweden"),
        E("Korpela", "PERSON", "liisa-korpela"),
        E("Baltic", "NORP", ctx="Baltic coast"),
        E("NATO", "ORG", "nato"),
        E("Gulf of Finland", "LOC", "gulf-of-finland"),
        E("Finland", "GPE", "finland"),
        E("Estonia", "GPE", "estonia"),
        E("Korpela", "PERSON", "liisa-korpela"),
        E("Korpela", "PERSON", "liisa-korpela"),
        E("Pohjanmaa", "PRODUCT", "pohjanmaa-class"),
        E("Russia", "GPE", "russia"),
        E("NATO", "ORG", "nato"),
        E("Korpela", "PERSON", "liisa-korpela"),
        E("Korpela", "PERSON", "liisa-korpela"),
        E("Finnish Defence Forces", "ORG", "finnish-defence-forces"),
    ),
    dates=(
        D("August 2024", "DATE", "2024-08", False),
        D("months", "DURATION", "PXM", False),
        D("Monday", "DATE", "2026-04-13", True),
        D("every day", "SET", "P1D", False),
        D("each week", "SET", "P1W", False),
        D("2023", "DATE", "2023", False),
        D("2024", "DATE", "2024", False),
        D("months", "DURATION", "PXM", False),
        D("years", "DURATION", "PXY", False),
        D("2027", "DATE", "2027", False),
        D("the next five years", "DURATION", "P5Y", False),
        D("Every day", "SET", "P1D", False),
        D("2015", "DATE", "2015", False),
        D("next month", "DATE", "2026-05", True),
        D("Thursday", "DATE", "2026-04-16", True),
    ),
    figures=(
        F("Eight", "count", "8", "item", measures="countries"),
        F("nine", "count", "9", "item", measures="countries"),
        F("40 to 60", "count", "40", "item", measures="vessels", value_max="60"),
        F(f"100{NBSP}kilometres", "quantity", "100", "km"),
        F("four", "count", "4", "item", measures="Pohjanmaa-class corvettes"),
        F("€1.3 billion", "money", "1300000000", "EUR", approx=True),
        F("eleven", "count", "11", "item", measures="allied countries"),
    ),
    quotes=(
        Q("The Baltic is no longer a quiet sea", "direct", "Liisa Korpela", "liisa-korpela", None),
        Q("The map has changed, but the threat has not gone away. Eight of the nine countries on the Baltic coast "
          "are now NATO members, and we patrol together every day. At the same time, we track 40 to 60 vessels of "
          "the so-called shadow fleet each week in the Gulf of Finland alone", "indirect", "Korpela",
          "liisa-korpela", None),
        Q(f"Of course. An anchor dragged across the seabed for 100{NBSP}kilometres does not leave much doubt about "
          "intent, but proving it in court takes months, sometimes years", "indirect", "Korpela", "liisa-korpela",
          None),
        Q("Sensors and time. We are buying four Pohjanmaa-class corvettes, the first of which should be "
          "operational in 2027, and unmanned systems that watch the seabed around the clock. The government has "
          "set aside about €1.3 billion for that over the next five years", "indirect", "Korpela",
          "liisa-korpela", None),
        Q("Every day. They want to know how fast we react and whether we react together", "indirect", "Korpela",
          "liisa-korpela", None),
        Q("the navy would hold its largest mine-clearance exercise since 2015 next month, with ships from eleven "
          "allied countries", "indirect", "Korpela", "liisa-korpela", "said"),
    ),
)
