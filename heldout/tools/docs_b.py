"""Gold annotations, docs 4-6 (entities, dates, figures, quotes), written by reading the texts."""

from spec import Doc

UA = "2025-09-probe-ukraine-zaporizhzhia-troop-buildup"
FI = "2026-01-probe-finland-leaves-ottawa-convention"
MU = "2026-02-probe-munich-conference-spending-pledges"


def ukraine(d: Doc) -> None:
    # anchor 2025-09-15 (Monday)
    # --- entities
    d.E("Ukraine", "GPE", "ukraine", ctx="Ukraine says")
    d.E("Russia", "GPE", "russia", ctx="says Russia has")
    d.E("Zaporizhzhia", "GPE", "zaporizhzhia", ctx="near Zaporizhzhia")
    d.E("KYIV", "GPE", "kyiv")
    d.E("Ukraine", "GPE", "ukraine", ctx="KYIV, Ukraine (AP)")
    d.E("AP", "ORG", "associated-press")
    d.E("Russia", "GPE", "russia", ctx="— Russia has moved")
    d.E("Zaporizhzhia", "GPE", "zaporizhzhia", ctx="city of Zaporizhzhia")
    d.E("Kyrylo Budanov", "PERSON", "kyrylo-budanov")
    d.E("Ukraine", "GPE", "ukraine", ctx="of Ukraine’s military")
    d.E("Moscow", "GPE", "moscow")
    d.E("Budanov", "PERSON", "kyrylo-budanov", ctx="Budanov told")
    d.E("Kyiv", "GPE", "kyiv", ctx="reporters in Kyiv")
    d.E("Russian Defense Ministry", "ORG", "russian-defence-ministry")
    d.E("Russian", "NORP", ctx="Russian military bloggers")
    d.E("Huliaipole", "GPE", "huliaipole")
    d.E("Ukraine", "GPE", "ukraine", ctx="Ukraine’s top commander")
    d.E("Oleksandr Syrskyi", "PERSON", "oleksandr-syrskyi")
    d.E("Russian", "NORP", ctx="Russian armored")
    d.E("Pokrovsk", "GPE", "pokrovsk")
    d.E("Donetsk", "GPE", "donetsk-oblast")
    d.E("Russia", "GPE", "russia", ctx="Russia launched")
    d.E("Ukraine", "GPE", "ukraine", ctx="missiles at Ukraine")
    d.E("Kyiv", "GPE", "kyiv", ctx="Kyiv has asked")
    d.E("Patriot", "PRODUCT", "patriot-air-defence-system")
    d.E("Russian", "NORP", ctx="Russian missile and drone")
    d.E("Kharkiv", "GPE", "kharkiv")
    d.E("Odesa", "GPE", "odesa")
    d.E("Dutch", "NORP")
    d.E("Ruben Brekelmans", "PERSON", "ruben-brekelmans")
    d.E("Ukraine Defense Contact Group", "ORG", "ukraine-defense-contact-group")
    d.E("Netherlands", "GPE", "netherlands", ctx="the Netherlands would")
    d.E("U.S.", "GPE", "united-states", ctx="U.S. Defense Secretary")
    d.E("Pete Hegseth", "PERSON", "pete-hegseth")
    d.E("Britain", "GPE", "united-kingdom")
    d.E("Germany", "GPE", "germany")
    d.E("Netherlands", "GPE", "netherlands", ctx="The Netherlands, Denmark")
    d.E("Denmark", "GPE", "denmark", ctx="Netherlands, Denmark")
    d.E("Norway", "GPE", "norway", ctx="Denmark, Norway")
    d.E("Sweden", "GPE", "sweden")
    d.E("U.S.", "GPE", "united-states", ctx="of U.S. weapons")
    d.E("NATO", "ORG", "nato")
    d.E("Europeans", "NORP")
    d.E("American", "NORP")
    d.E("Ukraine", "GPE", "ukraine", ctx="arms for Ukraine")
    d.E("Denmark", "GPE", "denmark", ctx="Denmark said Friday")
    d.E("Ukraine", "GPE", "ukraine", ctx="its Ukraine fund")
    d.E("Norway", "GPE", "norway", ctx="Norway has set")
    d.E("Ukraine", "GPE", "ukraine", ctx="inside Ukraine")
    d.E("Danish", "NORP")
    d.E("Ukraine", "GPE", "ukraine", ctx="aid to Ukraine has")
    d.E("Defense Ministry", "ORG", "danish-defence-ministry", ctx="the Defense Ministry in Copenhagen")
    d.E("Copenhagen", "GPE", "copenhagen")
    # --- dates
    d.D("Monday", "DATE", "2025-09-15", tf=True)
    d.D("weeks", "DURATION", "PXW")
    d.D("the weekend", "DATE", "2025-W37-WE", tf=True)
    d.D("Friday", "DATE", "2025-09-12", tf=True, ctx="since Friday")
    d.D("Sunday", "DATE", "2025-09-14", tf=True)
    d.D("the past two years", "DURATION", "P2Y")
    d.D("this month", "DATE", "2025-09", tf=True)
    d.D("Friday", "DATE", "2025-09-12", tf=True, ctx="said Friday")
    d.D("2022", "DATE", "2022")
    # --- figures
    d.F("12,000", "count", "12000", "item", approx=True, measures="troops")
    d.F("three", "count", "3", "item", measures="reserve brigades")
    d.F("dozens", "count", None, "item", approx=True, measures="Russian armored vehicles")
    d.F("810", "count", "810", "item", measures="drones")
    d.F("13", "count", "13", "item", measures="missiles")
    d.F("747", "count", "747", "item", measures="drones")
    d.F("a dozen", "count", "12", "item", measures="Patriot systems")
    d.F("90 million euros", "money", "90000000", "EUR")
    d.F("$500 million", "money", "500000000", "USD", approx=True)
    d.F("1.3 billion kroner", "money", "1300000000", "DKK")
    d.F("$203 million", "money", "203000000", "USD")
    d.F("NOK 3 billion", "money", "3000000000", "NOK")
    d.F("70 billion kroner", "money", "70000000000", "DKK")
    # --- quotes
    d.Q("Russia has massed troops near Zaporizhzhia", "indirect", ("Ukraine", "Ukraine says"), "ukraine",
        ("says", None))
    d.Q("Russia has moved about 12,000 troops and three reserve brigades toward the southern city of Zaporizhzhia",
        "indirect", ("Kyrylo Budanov", None), "kyrylo-budanov", ("said", "said Monday"))
    d.Q("Moscow could try to launch a new offensive within weeks", "indirect", ("Kyrylo Budanov", None),
        "kyrylo-budanov", ("warning", None))
    d.Q("They are not hiding it. They are bringing up ammunition, fuel and bridging equipment", "direct",
        ("Budanov", "Budanov told"), "kyrylo-budanov", ("told reporters", None))
    d.Q("The question is not whether, but when", "direct", ("Budanov", "Budanov told"), "kyrylo-budanov",
        ("told reporters", None))
    d.Q("fighting had intensified near Huliaipole, east of the city, over the weekend", "indirect",
        ("Russian military bloggers", None), None, ("said", "bloggers said"))
    d.Q("his forces had destroyed dozens of Russian armored vehicles near Pokrovsk in the eastern Donetsk region "
        "since Friday", "indirect", ("Oleksandr Syrskyi", None), "oleksandr-syrskyi", ("said", "Syrskyi, said"))
    d.Q("Russia launched 810 drones and 13 missiles at Ukraine on Sunday", "indirect",
        ("the country’s air force", None), None, ("said", "air force said"))
    d.Q("747 of the drones were shot down or jammed", "indirect", ("It", "It said 747"), None,
        ("said", "It said 747"))
    d.Q("Russian missile and drone attacks have worn down its air defenses over the past two years", "indirect",
        ("Kyiv", "Kyiv has asked"), "kyiv", ("arguing", None))
    d.Q("Every interceptor we deliver this month saves lives in Kharkiv and Odesa", "direct",
        ("Ruben Brekelmans", None), "ruben-brekelmans", ("said", "Brekelmans said"))
    d.Q("the Netherlands would send a further 90 million euros for drones", "indirect", ("Ruben Brekelmans", None),
        "ruben-brekelmans", ("adding", None))
    d.Q("it would add a further 1.3 billion kroner ($203 million) to its Ukraine fund", "indirect",
        ("Denmark", "Denmark said Friday"), "denmark", ("said", "Denmark said Friday"))
    d.Q("Since 2022, Danish military aid to Ukraine has topped 70 billion kroner", "indirect",
        ("Defense Ministry", "the Defense Ministry in Copenhagen"), "danish-defence-ministry",
        ("according to", None))


def finland(d: Doc) -> None:
    # anchor 2026-01-09 (Friday)
    # --- entities
    d.E("Finland", "GPE", "finland", ctx="Finland quits")
    d.E("Baltic", "NORP", ctx="Baltic neighbours")
    d.E("HELSINKI", "GPE", "helsinki")
    d.E("Finland", "GPE", "finland", ctx="— Finland will")
    d.E("Ottawa Convention", "LAW", "ottawa-convention")
    d.E("United Nations", "ORG", "united-nations")
    d.E("NATO", "ORG", "nato", ctx="fourth NATO")
    d.E("Russia", "GPE", "russia")
    d.E("Estonia", "GPE", "estonia", ctx="Estonia, Latvia")
    d.E("Latvia", "GPE", "latvia", ctx="Estonia, Latvia")
    d.E("Lithuania", "GPE", "lithuania", ctx="Latvia and Lithuania")
    d.E("Poland", "GPE", "poland")
    d.E("Antti Häkkänen", "PERSON", "antti-hakkanen")
    d.E("Yle", "ORG", "yle")
    d.E("Finnish", "NORP")
    d.E("Alexander Stubb", "PERSON", "alexander-stubb")
    d.E("Estonian", "NORP")
    d.E("Hanno Pevkur", "PERSON", "hanno-pevkur")
    d.E("Tallinn", "GPE", "tallinn")
    d.E("Mary Wareham", "PERSON", "mary-wareham")
    d.E("Human Rights Watch", "ORG", "human-rights-watch")
    d.E("Finland", "GPE", "finland", ctx="Finland plans")
    d.E("Lithuania", "GPE", "lithuania", ctx="Lithuania has pledged")
    d.E("Latvia", "GPE", "latvia", ctx="Latvia’s defence")
    d.E("Riga", "GPE", "riga")
    d.E("NATO", "ORG", "nato", ctx="NATO has also")
    d.E("Baltic Sea", "LOC", "baltic-sea")
    # --- dates
    d.D("January 9, 2026", "DATE", "2026-01-09")
    d.D("Saturday", "DATE", "2026-01-10", tf=True)
    d.D("six months", "DURATION", "P6M")
    d.D("1997", "DATE", "1997")
    d.D("December 27", "DATE", "2025-12-27", tf=True)
    d.D("next month", "DATE", "2026-02", tf=True)
    d.D("this year", "DATE", "2026", tf=True, ctx="as early as this year")
    d.D("last month", "DATE", "2025-12", tf=True)
    d.D("December", "DATE", "2025-12", tf=True, ctx="in December that")
    d.D("days", "DURATION", "PXD", ctx="within days")
    d.D("a quarter of a century", "DURATION", "P25Y")
    d.D("this year", "DATE", "2026", tf=True, ctx="defence this year")
    d.D("2026", "DATE", "2026", ctx="from 2026 to")
    d.D("2030", "DATE", "2030")
    d.D("October", "DATE", "2025-10", tf=True)
    d.D("2024", "DATE", "2024")
    d.D("2025", "DATE", "2025", ctx="2024 and 2025")
    # --- figures
    d.F("1,340-kilometre", "quantity", "1340", "km")
    d.F("160", "count", "160", "item", measures="countries")
    d.F("2.5%", "percent", "2.5", "percent", measures="GDP")
    d.F("5% and 6%", "percent", "5", "percent", vmax="6")
    d.F("1.3 percentage points", "percent", "1.3", "percentage_point")
    d.F("4.9%", "percent", "4.9", "percent", measures="GDP")
    # --- quotes
    d.Q("it was withdrawing from the 1997 treaty banning anti-personnel mines", "indirect",
        ("Finland", "— Finland will"), "finland", ("notifying", None))
    d.Q("We have a 1,340-kilometre border with a country that has shown it is willing to use every weapon it has",
        "direct", ("Antti Häkkänen", None), "antti-hakkanen", ("told", "Häkkänen told"))
    d.Q("Mines are part of a credible deterrent, and we will use them responsibly", "direct",
        ("Antti Häkkänen", None), "antti-hakkanen", ("told", "Häkkänen told"))
    d.Q("the country could begin producing anti-personnel mines again as early as this year", "indirect",
        ("Finnish officials", None), None, ("said", "have said that"))
    d.Q("the decision was “painful but unavoidable.”", "mixed", ("Alexander Stubb", None), "alexander-stubb",
        ("wrote", None))
    d.Q("Tallinn would not stockpile mines in peacetime but wanted to be able to lay them “within days” of a "
        "crisis", "mixed", ("Hanno Pevkur", None), "hanno-pevkur", ("said", "Pevkur said"))
    d.Q("the withdrawals risked “undoing a quarter of a century of progress” and would encourage other states to "
        "follow", "mixed", ("Mary Wareham", None), "mary-wareham", ("said", "Watch said"))
    d.Q("more than 160 countries remained parties to the convention", "indirect", ("She", "She added"),
        "mary-wareham", ("added", None))
    d.Q("Latvia’s defence budget will rise by 1.3 percentage points to 4.9% of GDP", "indirect",
        ("the government", "the government in Riga"), None, ("said", "Riga said"))


def munich(d: Doc) -> None:
    # anchor 2026-02-14 (Saturday)
    # --- entities
    d.E("Europe", "LOC", "europe", ctx="Europe’s leaders")
    d.E("Munich", "GPE", "munich", ctx="tell Munich")
    d.E("MUNICH", "GPE", "munich")
    d.E("European", "NORP", ctx="European leaders used")
    d.E("Munich Security Conference", "EVENT", "munich-security-conference-2026")
    d.E("Nato", "ORG", "nato", ctx="reach Nato’s")
    d.E("Friedrich Merz", "PERSON", "friedrich-merz")
    d.E("German", "NORP", ctx="the German chancellor")
    d.E("Germany", "GPE", "germany")
    d.E("Europe", "LOC", "europe", ctx="army in Europe")
    d.E("Merz", "PERSON", "friedrich-merz", ctx="Mr Merz said")
    d.E("Poland", "GPE", "poland")
    d.E("Baltic", "NORP")
    d.E("Mark Rutte", "PERSON", "mark-rutte")
    d.E("Nato", "ORG", "nato", ctx="Rutte, Nato’s")
    d.E("Nato", "ORG", "nato", ctx="compiled by Nato")
    d.E("Spain", "GPE", "spain")
    d.E("Belgium", "GPE", "belgium")
    d.E("Canada", "GPE", "canada", ctx="Belgium and Canada")
    d.E("European", "NORP", ctx="European allies and")
    d.E("Canada", "GPE", "canada", ctx="allies and Canada")
    d.E("Spanish", "NORP")
    d.E("Pedro Sánchez", "PERSON", "pedro-sanchez")
    d.E("Madrid", "GPE", "madrid")
    d.E("Mark Carney", "PERSON", "mark-carney")
    d.E("Canada", "GPE", "canada", ctx="Canada’s prime")
    d.E("Ottawa", "GPE", "ottawa")
    d.E("European Union", "ORG", "european-union")
    d.E("Ukraine", "GPE", "ukraine", ctx="Ukraine’s arms")
    d.E("Kaja Kallas", "PERSON", "kaja-kallas")
    d.E("EU", "ORG", "european-union", ctx="the EU’s foreign")
    d.E("Russia", "GPE", "russia")
    d.E("Ukraine", "GPE", "ukraine", ctx="Ukraine’s president")
    d.E("Volodymyr Zelensky", "PERSON", "volodymyr-zelenskyy")
    # --- dates
    d.D("14 February 2026", "DATE", "2026-02-14")
    d.D("Saturday", "DATE", "2026-02-14", tf=True)
    d.D("2035", "DATE", "2035")
    d.D("2029", "DATE", "2029", mod="ON_OR_BEFORE")
    d.D("this year", "DATE", "2026", tf=True)
    d.D("2024", "DATE", "2024")
    d.D("2025", "DATE", "2025")
    d.D("last year", "DATE", "2025", tf=True)
    d.D("the summer", "DATE", "2026-SU", mod="ON_OR_BEFORE", tf=True)
    d.D("2030", "DATE", "2030", mod="ON_OR_BEFORE")
    d.D("two weeks", "DURATION", "P2W")
    d.D("Sunday morning", "TIME", "2026-02-15TMO", tf=True)
    # --- figures
    d.F("€108 billion", "money", "108000000000", "EUR")
    d.F("5%", "percent", "5", "percent", ctx="is 5% realistic")
    d.F("2% and 3%", "percent", "2", "percent", vmax="3", measures="GDP")
    d.F("$1.2 trillion", "money", "1200000000000", "USD", approx=True)
    d.F("3.5%", "percent", "3.5", "percent")
    d.F("2.1%", "percent", "2.1", "percent")
    d.F("12", "count", "12", "item", measures="new submarines")
    d.F("€40 billion", "money", "40000000000", "EUR")
    d.F("$47 billion", "money", "47000000000", "USD")
    d.F("hundreds of billions of euros", "money", None, "EUR", approx=True)
    d.F("A dozen", "count", "12", "item", measures="heads of government")
    # --- quotes
    d.Q("they will pay more, but not all at once", "indirect", ("Europe’s leaders", None), None,
        ("tell", "leaders tell Munich"))
    d.Q("they were serious about spending more on defence", "indirect", ("European leaders", None), None,
        ("insist", None))
    d.Q("they would struggle to reach Nato’s new target before 2035", "indirect", ("several allies", None), None,
        ("signalled", None))
    d.Q("Germany would have “the strongest conventional army in Europe” by 2029 and would spend €108 billion on "
        "defence this year", "mixed", ("Friedrich Merz", None), "friedrich-merz", ("told", None))
    d.Q("For too long we treated security as something others would provide. That time is over", "direct",
        ("Merz", "Mr Merz said"), "friedrich-merz", ("said", "Mr Merz said"))
    d.Q("When people ask me ‘is 5% realistic?’, I tell them to look at Poland and the Baltic states", "direct",
        ("Mark Rutte", None), "mark-rutte", ("said", "secretary-general, said"))
    d.Q("Spain, Belgium and Canada still spend between 2% and 3% of GDP on defence", "indirect",
        ("Figures", None), "nato", ("show", None))
    d.Q("Together, European allies and Canada spent about $1.2 trillion on defence in 2024 and 2025", "indirect",
        ("the same figures", None), "nato", ("according to", None))
    d.Q("Madrid would reach 2.1% “and not a cent more than we need”", "mixed", ("Pedro Sánchez", None),
        "pedro-sanchez", ("said", "year, said"))
    d.Q("Ottawa would choose a supplier for up to 12 new submarines by the summer", "indirect",
        ("Mark Carney", None), "mark-carney", ("said", "minister, said Ottawa"))
    d.Q("“hundreds of billions of euros” more would be needed by 2030", "mixed", ("officials", None), None,
        ("said", "officials said"))
    d.Q("Russia was “not interested in peace”", "mixed", ("Kaja Kallas", None), "kaja-kallas",
        ("said", "chief, said"))
    d.Q("the bloc would propose new sanctions within two weeks", "indirect", ("She", None), "kaja-kallas",
        ("said", "She said"))
