"""Gold annotations, docs 1-3 (entities, dates, figures, quotes), written by reading the texts."""

from spec import Doc

PL = "2025-11-probe-poland-record-defence-budget"
UK = "2026-02-probe-uk-missile-order-healey"
EU = "2025-10-probe-eu-air-defence-roadmap"


def poland(d: Doc) -> None:
    # anchor 2025-11-13 (Thursday)
    # --- entities
    d.E("Poland", "GPE", "poland", ctx="Poland to lift")
    d.E("WARSAW", "GPE", "warsaw")
    d.E("Reuters", "ORG", "reuters")
    d.E("Poland", "GPE", "poland", ctx="- Poland will")
    d.E("Wladyslaw Kosiniak-Kamysz", "PERSON", "wladyslaw-kosiniak-kamysz")
    d.E("NATO", "ORG", "nato", ctx="NATO's eastern")
    d.E("Kosiniak-Kamysz", "PERSON", "wladyslaw-kosiniak-kamysz", ctx="Kosiniak-Kamysz, who")
    d.E("Sejm", "ORG", "sejm")
    d.E("Armed Forces Support Fund", "ORG", "armed-forces-support-fund")
    d.E("BGK", "ORG", "bgk")
    d.E("Poland", "GPE", "poland", ctx="Poland has spent")
    d.E("NATO", "ORG", "nato", ctx="other NATO member")
    d.E("Russia", "GPE", "russia", ctx="Russia's full-scale")
    d.E("Ukraine", "GPE", "ukraine")
    d.E("United States", "GPE", "united-states")
    d.E("Turkey", "GPE", "turkiye")
    d.E("Donald Tusk", "PERSON", "donald-tusk")
    d.E("South Korean", "NORP")
    d.E("K2", "PRODUCT", "k2-black-panther", ctx="Korean K2 tanks")
    d.E("K9", "PRODUCT", "k9-thunder")
    d.E("Hyundai Rotem", "ORG", "hyundai-rotem")
    d.E("Hanwha Aerospace", "ORG", "hanwha-aerospace")
    d.E("U.S.", "GPE", "united-states")
    d.E("Apache", "PRODUCT", "ah-64-apache")
    d.E("Patriot", "PRODUCT", "patriot-air-defence-system")
    d.E("K2", "PRODUCT", "k2-black-panther", ctx="180 K2 tanks")
    d.E("Warsaw", "GPE", "warsaw", ctx="Warsaw-based")
    d.E("Polityka Insight", "ORG", "polityka-insight")
    d.E("Finance Ministry", "ORG", "polish-finance-ministry")
    d.E("Andrzej Domanski", "PERSON", "andrzej-domanski")
    d.E("Warsaw", "GPE", "warsaw", ctx="Warsaw is also")
    d.E("NATO", "ORG", "nato", ctx="target NATO leaders")
    d.E("The Hague", "GPE", "the-hague")
    d.E("Washington", "GPE", "washington-dc")
    d.E("Russia", "GPE", "russia", ctx="with Russia and Belarus")
    d.E("Belarus", "GPE", "belarus")
    d.E("Kosiniak-Kamysz", "PERSON", "wladyslaw-kosiniak-kamysz", ctx='Kosiniak-Kamysz said. "Every')
    # --- dates
    d.D("next year", "DATE", "2026", tf=True, ctx="GDP next year")
    d.D("next year", "DATE", "2026", tf=True, ctx="on defence next year")
    d.D("Thursday", "DATE", "2025-11-13", tf=True)
    d.D("February 2022", "DATE", "2022-02")
    d.D("now", "DATE", "PRESENT_REF", tf=True, ctx="and now fields")
    d.D("2035", "DATE", "2035", mod="ON_OR_BEFORE", ctx="soldiers by 2035")
    d.D("now", "DATE", "PRESENT_REF", tf=True, ctx="troops now")
    d.D("August", "DATE", "2025-08", tf=True)
    d.D("2026", "DATE", "2026", ctx="arrive in 2026")
    d.D("this year", "DATE", "2025", tf=True)
    d.D("September", "DATE", "2025-09", tf=True)
    d.D("2026", "DATE", "2026", ctx="6.3% in 2026")
    d.D("June", "DATE", "2025-06", tf=True)
    d.D("2035", "DATE", "2035", mod="ON_OR_BEFORE", ctx="infrastructure by 2035")
    d.D("now", "DATE", "PRESENT_REF", tf=True, ctx="spent now is")
    # --- figures
    d.F("4.8%", "percent", "4.8", "percent", measures="GDP", ctx="record 4.8% of GDP")
    d.F("200 billion zlotys", "money", "200000000000", "PLN")
    d.F("$55 billion", "money", "55000000000", "USD")
    d.F("4.8%", "percent", "4.8", "percent", measures="GDP", ctx="or 4.8% of gross")
    d.F("47 billion zlotys", "money", "47000000000", "PLN")
    d.F("300,000", "count", "300000", "item", measures="soldiers")
    d.F("216,000", "count", "216000", "item", approx=True, measures="troops")
    d.F("180", "count", "180", "item", measures="K2 tanks")
    d.F("$6.5 billion", "money", "6500000000", "USD", approx=True)
    d.F("6.5%", "percent", "6.5", "percent", measures="GDP")
    d.F("6.3%", "percent", "6.3", "percent")
    d.F("3.5%", "percent", "3.5", "percent", measures="GDP")
    d.F("1.5%", "percent", "1.5", "percent")
    # --- quotes
    d.Q("Poland will spend a record 200 billion zlotys ($55 billion) on defence next year, or 4.8% of gross "
        "domestic product", "indirect", ("Wladyslaw Kosiniak-Kamysz", None), "wladyslaw-kosiniak-kamysz",
        ("said", "Kosiniak-Kamysz said on Thursday"))
    d.Q("Security does not come cheap, and we will not economise on it", "direct",
        ("Kosiniak-Kamysz", "Kosiniak-Kamysz, who"), "wladyslaw-kosiniak-kamysz", ("told reporters", None))
    d.Q("the country wants an army of 300,000 soldiers by 2035, up from roughly 216,000 troops now", "indirect",
        ("Donald Tusk", None), "donald-tusk", ("said", "has said the country"))
    d.Q("the money would pay for South Korean K2 tanks and K9 howitzers from Hyundai Rotem and Hanwha Aerospace, "
        "as well as U.S.-made Apache helicopters and Patriot air defence batteries", "indirect",
        ("Officials", None), None, ("said", "Officials said"))
    d.Q("A second contract for 180 K2 tanks, worth about $6.5 billion, was signed in August", "indirect",
        ("a ministry spokesman", None), None, ("said", "spokesman said"))
    d.Q("the first of them would arrive in 2026", "indirect", ("a ministry spokesman", None), None,
        ("adding", None))
    d.Q("the spending is widening a budget deficit that the Finance Ministry expects to reach 6.5% of GDP this year",
        "indirect", ("Critics", None), None, ("warned", None))
    d.Q("the shortfall would narrow to 6.3% in 2026", "indirect", ("Andrzej Domanski", None), "andrzej-domanski",
        ("said", "Domanski said in"))
    d.Q("We are not doing this to please Washington. We are doing it because we share a border with Russia and "
        "Belarus", "direct", ("Kosiniak-Kamysz", 'Kosiniak-Kamysz said. "Every'), "wladyslaw-kosiniak-kamysz",
        ("said", 'Kosiniak-Kamysz said. "Every'))
    d.Q("Every zloty spent now is a zloty we will not have to spend on rebuilding", "direct",
        ("Kosiniak-Kamysz", 'Kosiniak-Kamysz said. "Every'), "wladyslaw-kosiniak-kamysz",
        ("said", 'Kosiniak-Kamysz said. "Every'))


def uk(d: Doc) -> None:
    # anchor 2026-02-24 (Tuesday)
    # --- entities
    d.E("Healey", "PERSON", "john-healey", ctx="Healey: ‘We")
    d.E("UK", "GPE", "united-kingdom")
    d.E("Britain", "GPE", "united-kingdom", ctx="Britain will buy")
    d.E("MBDA", "ORG", "mbda")
    d.E("Thales", "ORG", "thales")
    d.E("John Healey", "PERSON", "john-healey")
    d.E("Storm Shadow", "PRODUCT", "storm-shadow")
    d.E("Sky Sabre", "PRODUCT", "sky-sabre")
    d.E("Downing Street", "FAC", "downing-street")
    d.E("Stevenage", "GPE", "stevenage")
    d.E("Bolton", "GPE", "bolton")
    d.E("Belfast", "GPE", "belfast")
    d.E("Healey", "PERSON", "john-healey", ctx="Mr Healey told")
    d.E("House of Commons", "ORG", "house-of-commons")
    d.E("Ukraine", "GPE", "ukraine")
    d.E("Kyiv", "GPE", "kyiv")
    d.E("Treasury", "ORG", "hm-treasury")
    d.E("Institute for Fiscal Studies", "ORG", "institute-for-fiscal-studies")
    d.E("James Cartlidge", "PERSON", "james-cartlidge")
    d.E("Conservative", "NORP")
    d.E("Royal United Services Institute", "ORG", "rusi")
    d.E("Rusi", "ORG", "rusi")
    d.E("Britain", "GPE", "united-kingdom", ctx="Britain still had")
    d.E("F-35A", "PRODUCT", "f-35")
    d.E("US", "GPE", "united-states", ctx="carry US nuclear")
    d.E("Keir Starmer", "PERSON", "keir-starmer")
    d.E("Nato", "ORG", "nato")
    d.E("Ankara", "GPE", "ankara")
    # --- dates
    d.D("the past decade", "DURATION", "P1E", ctx="hollowed out’ over the past decade and")
    d.D("2029", "DATE", "2029", mod="ON_OR_BEFORE", ctx="GDP by 2029")
    d.D("the next five years", "DURATION", "P5Y")
    d.D("Monday", "DATE", "2026-02-23", tf=True)
    d.D("the past decade", "DURATION", "P1E", ctx="the past decade, with")
    d.D("2022", "DATE", "2022")
    d.D("this year", "DATE", "2026", tf=True)
    d.D("2029", "DATE", "2029", mod="ON_OR_BEFORE", ctx="cent by 2029")
    d.D("a year", "SET", "P1Y")
    d.D("2030", "DATE", "2030", mod="ON_OR_BEFORE")
    d.D("last June", "DATE", "2025-06", tf=True)
    d.D("July", "DATE", "2026-07", tf=True)
    # --- figures
    d.F("£2.5bn", "money", "2500000000", "GBP", ctx="orders £2.5bn")
    d.F("3 per cent", "percent", "3", "percent", measures="GDP", ctx="promises 3 per cent of GDP")
    d.F("£2.5bn", "money", "2500000000", "GBP", ctx="buy £2.5bn")
    d.F("4,000", "count", "4000", "item", approx=True, measures="jobs")
    d.F("2.6%", "percent", "2.6", "percent", measures="GDP")
    d.F("3 per cent", "percent", "3", "percent", ctx="to 3 per cent by")
    d.F("£17bn", "money", "17000000000", "GBP", approx=True)
    # adjudicated (H2): "a handful" has no number word, like "a bunch of": not a figure
    d.F("12", "count", "12", "item", measures="F-35A jets")
    # --- quotes
    d.Q("We won’t be caught short again", "direct", ("Healey", "Healey: ‘We"), "john-healey", None,
        ctx="Healey: ‘We won’t be caught short again’")
    d.Q("the armed forces were ‘hollowed out’ over the past decade", "mixed", ("Defence secretary", None),
        "john-healey", ("tells MPs", None))
    d.Q("Britain will buy £2.5bn of long-range missiles and air defence interceptors from MBDA and Thales over the "
        "next five years", "indirect", ("John Healey", None), "john-healey", ("announced", None))
    d.Q("the deal as the largest munitions order since the end of the cold war", "indirect", ("Ministers", None),
        None, ("described", None))
    d.Q("the order would support about 4,000 jobs in Stevenage, Bolton and Belfast", "indirect",
        ("Downing Street", None), "downing-street", ("said", "Downing Street said"))
    d.Q("the armed forces had been ‘hollowed out’ over the past decade, with stockpiles sent to Ukraine since 2022 "
        "not replaced quickly enough", "mixed", ("Healey", "Mr Healey told"), "john-healey",
        ("told", "Mr Healey told"))
    d.Q("We won’t be caught short again", "direct", ("he", "he said. ‘Every"), "john-healey",
        ("said", "he said. ‘Every"), ctx="‘We won’t be caught short again,’ he said")
    d.Q("Every shell we sent to Kyiv was the right call, but for too long the shelves were left empty", "direct",
        ("he", "he said. ‘Every"), "john-healey", ("said", "he said. ‘Every"))
    d.Q("defence spending would rise from 2.6% of GDP this year to 3 per cent by 2029", "indirect",
        ("Treasury", None), "hm-treasury", ("confirmed", None))
    d.Q("that will cost roughly £17bn a year more than current plans by 2030", "indirect",
        ("Institute for Fiscal Studies", None), "institute-for-fiscal-studies", ("According to", None))
    d.Q("the announcement was ‘welcome but late’", "mixed", ("James Cartlidge", None), "james-cartlidge",
        ("said", "secretary, said the"))
    d.Q("ministers of ‘raiding the aid budget to pay for it’", "mixed", ("James Cartlidge", None),
        "james-cartlidge", ("accused", None))
    d.Q("the order was significant", "indirect", ("Analysts", None), None, ("said", "(Rusi) said"))
    d.Q("Britain still had enough ground-based air defence to protect only ‘a handful of sites’", "mixed",
        ("Analysts", None), None, ("warned", None))


def eu(d: Doc) -> None:
    # anchor 2025-10-16 (Thursday)
    # --- entities
    d.E("EU", "ORG", "european-union", ctx="EU unveils")
    d.E("Europe", "LOC", "europe", ctx="Europe's \"air")
    d.E("BRUSSELS", "GPE", "brussels")
    d.E("European Commission", "ORG", "european-commission")
    d.E("EU", "ORG", "european-union", ctx="which EU countries")
    d.E("Brussels", "GPE", "brussels")
    d.E("Europe", "LOC", "europe", ctx="\"Europe spent")
    d.E("Andrius Kubilius", "PERSON", "andrius-kubilius")
    d.E("EU", "ORG", "european-union", ctx="the EU's defence")
    d.E("Kubilius", "PERSON", "andrius-kubilius", ctx="Kubilius, a former")
    d.E("Lithuanian", "NORP")
    d.E("Rheinmetall", "ORG", "rheinmetall")
    d.E("Armin Papperger", "PERSON", "armin-papperger")
    d.E("Germany", "GPE", "germany")
    d.E("Lars Klingbeil", "PERSON", "lars-klingbeil")
    d.E("Bundestag", "ORG", "bundestag")
    d.E("EU", "ORG", "european-union", ctx="EU foreign policy")
    d.E("Kaja Kallas", "PERSON", "kaja-kallas")
    d.E("Luxembourg", "GPE", "luxembourg-city")
    d.E("Poland", "GPE", "poland")
    d.E("Denmark", "GPE", "denmark")
    d.E("Camille Grand", "PERSON", "camille-grand")
    d.E("NATO", "ORG", "nato")
    d.E("European Council on Foreign Relations", "ORG", "ecfr")
    d.E("Kremlin", "ORG", "kremlin")
    d.E("Dmitry Peskov", "PERSON", "dmitry-peskov")
    d.E("Europe", "LOC", "europe", ctx="Europe was")
    # --- dates
    d.D("2030", "DATE", "2030", mod="ON_OR_BEFORE")
    d.D("Oct. 16, 2025", "DATE", "2025-10-16")
    d.D("Thursday", "DATE", "2025-10-16", tf=True)
    d.D("the next four years", "DURATION", "P4Y")
    d.D("the 1990s", "DATE", "199X")
    d.D("the 2000s", "DATE", "200X")
    d.D("Now", "DATE", "PRESENT_REF", tf=True)
    d.D("this year", "DATE", "2025", tf=True)
    d.D("a decade ago", "DATE", "2015", tf=True)
    d.D("2027", "DATE", "2027", mod="ON_OR_BEFORE", ctx="jointly by 2027")
    d.D("today", "DATE", "PRESENT_REF", tf=True)
    d.D("May", "DATE", "2025-05", tf=True)
    d.D("last week", "DATE", "2025-W41", tf=True)
    d.D("a year", "SET", "P1Y")
    d.D("2027", "DATE", "2027", mod="ON_OR_BEFORE", ctx="a year by 2027")
    d.D("March", "DATE", "2025-03", tf=True)
    d.D("2026", "DATE", "2026")
    d.D("Monday", "DATE", "2025-10-13", tf=True)
    d.D("November", "DATE", "2025-11", tf=True)
    d.D("September", "DATE", "2025-09", tf=True)
    d.D("every year", "SET", "P1Y", ctx="every year since")
    d.D("2017", "DATE", "2017")
    d.D("now", "DATE", "PRESENT_REF", tf=True, ctx="general now at")
    d.D("every year", "SET", "P1Y", ctx="every year the national")
    # --- figures
    d.F("27", "count", "27", "item", measures="members", ctx="bloc's 27")
    d.F("€380 billion", "money", "380000000000", "EUR", approx=True)
    d.F("2.1%", "percent", "2.1", "percent", approx=True, measures="GDP")
    d.F("60%", "percent", "60", "percent")
    d.F("40%", "percent", "40", "percent")
    d.F("a fifth", "percent", "20", "percent")
    d.F("150 billion euro", "money", "150000000000", "EUR")
    d.F("1.5 million", "count", "1500000", "item", measures="artillery shells")
    d.F("1%", "percent", "1", "percent", measures="GDP", ctx="above 1% of")
    d.F("108 billion euros", "money", "108000000000", "EUR")
    # --- quotes
    d.Q("Europe spent the 1990s and much of the 2000s cashing in a peace dividend. Now we are paying the bill",
        "direct", ("Andrius Kubilius", None), "andrius-kubilius", ("told reporters", None))
    d.Q("the bloc's 27 members would spend about €380 billion on defence this year, roughly 2.1% of their combined "
        "GDP and more than 60% above the level of a decade ago", "indirect", ("Kubilius", "Kubilius, a former"),
        "andrius-kubilius", ("said", "minister, said the"))
    d.Q("But money on its own does not produce missiles", "direct", ("he", "he added"), "andrius-kubilius",
        ("added", None))
    d.Q("the company could produce 1.5 million artillery shells a year by 2027 if governments signed long-term "
        "contracts", "indirect", ("Armin Papperger", None), "armin-papperger", ("said", "Papperger said"))
    d.Q("Germany, which in March exempted defence spending above 1% of GDP from its constitutional debt brake, plans "
        "to spend 108 billion euros on its military in 2026", "indirect", ("Lars Klingbeil", None), "lars-klingbeil",
        ("said", "Klingbeil said"))
    d.Q("the drone incursions over Poland and Denmark in September were \"not accidents.\"", "mixed",
        ("Kaja Kallas", None), "kaja-kallas", ("said", "Luxembourg, said"))
    d.Q("We have heard promises of joint procurement every year since 2017, and every year the national champions "
        "win", "direct", ("Camille Grand", None), "camille-grand", ("said", "said Camille"))
    d.Q("the plan showed that Europe was \"preparing for war, not for peace.\"", "mixed", ("Dmitry Peskov", None),
        "dmitry-peskov", ("said", "Peskov said"))
