"""General world knowledge for the entity rules: places, demonyms, institutions, outlets and titles.

Countries come from pycountry (ISO 3166); the lists below are general news vocabulary (all capitals and
large cities, common country short forms, demonyms, international institutions, major news organisations,
titles and roles).  None of it is derived from the corpus articles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

import pycountry

COUNTRY_SHORT_FORMS: Final = (
    "US", "U.S.", "USA", "U.S.A.", "United States", "United States of America", "America", "UK", "U.K.",
    "Britain", "Great Britain", "United Kingdom", "Russia", "Turkey", "Türkiye", "South Korea", "North Korea",
    "Iran", "Syria", "Vietnam", "Laos", "Moldova", "Bolivia", "Venezuela", "Tanzania", "Czech Republic", "Czechia",
    "Taiwan", "Palestine", "Kosovo", "Vatican", "the Netherlands", "Holland", "Ivory Coast", "Congo", "DR Congo",
    "Macedonia", "North Macedonia", "Brunei", "Micronesia", "Cape Verde", "Swaziland", "Burma", "Myanmar",
)

CAPITALS_AND_CITIES: Final = (
    # capitals
    "Kabul", "Tirana", "Algiers", "Andorra la Vella", "Luanda", "Buenos Aires", "Yerevan", "Canberra", "Vienna",
    "Baku", "Nassau", "Manama", "Dhaka", "Bridgetown", "Minsk", "Brussels", "Belmopan", "Porto-Novo", "Thimphu",
    "La Paz", "Sarajevo", "Gaborone", "Brasília", "Brasilia", "Sofia", "Ouagadougou", "Phnom Penh", "Yaoundé",
    "Ottawa", "Bangui", "N'Djamena", "Santiago", "Beijing", "Bogotá", "Bogota", "Kinshasa", "San José", "Zagreb",
    "Havana", "Nicosia", "Prague", "Copenhagen", "Djibouti", "Santo Domingo", "Quito", "Cairo", "San Salvador",
    "Asmara", "Tallinn", "Addis Ababa", "Suva", "Helsinki", "Paris", "Libreville", "Tbilisi", "Berlin", "Accra",
    "Athens", "Guatemala City", "Conakry", "Georgetown", "Port-au-Prince", "Tegucigalpa", "Budapest", "Reykjavik",
    "New Delhi", "Delhi", "Jakarta", "Tehran", "Baghdad", "Dublin", "Jerusalem", "Tel Aviv", "Rome", "Kingston",
    "Tokyo", "Amman", "Astana", "Nairobi", "Pristina", "Kuwait City", "Bishkek", "Vientiane", "Riga", "Beirut",
    "Maseru", "Monrovia", "Tripoli", "Vaduz", "Vilnius", "Luxembourg", "Antananarivo", "Lilongwe", "Kuala Lumpur",
    "Malé", "Bamako", "Valletta", "Nouakchott", "Port Louis", "Mexico City", "Chișinău", "Chisinau", "Monaco",
    "Ulaanbaatar", "Podgorica", "Rabat", "Maputo", "Naypyidaw", "Windhoek", "Kathmandu", "Amsterdam", "The Hague",
    "Wellington", "Managua", "Niamey", "Abuja", "Pyongyang", "Skopje", "Oslo", "Muscat", "Islamabad", "Panama City",
    "Port Moresby", "Asunción", "Lima", "Manila", "Warsaw", "Lisbon", "Doha", "Bucharest", "Moscow", "Kigali",
    "Riyadh", "Dakar", "Belgrade", "Freetown", "Singapore", "Bratislava", "Ljubljana", "Mogadishu", "Pretoria",
    "Cape Town", "Seoul", "Juba", "Madrid", "Colombo", "Khartoum", "Paramaribo", "Stockholm", "Bern", "Damascus",
    "Taipei", "Dushanbe", "Dodoma", "Bangkok", "Lomé", "Tunis", "Ankara", "Ashgabat", "Kampala", "Kyiv", "Kiev",
    "Abu Dhabi", "London", "Washington", "Washington, D.C.", "Montevideo", "Tashkent", "Caracas", "Hanoi",
    "Sanaa", "Lusaka", "Harare",
    # large or newsworthy cities
    "New York", "Los Angeles", "Chicago", "Houston", "San Francisco", "Boston", "Miami", "Toronto", "Montreal",
    "Vancouver", "Sydney", "Melbourne", "Shanghai", "Hong Kong", "Shenzhen", "Mumbai", "Bangalore", "Karachi",
    "Lahore", "Istanbul", "Antalya", "Izmir", "St. Petersburg", "Saint Petersburg", "Kharkiv", "Odesa", "Odessa",
    "Lviv", "Dnipro", "Zaporizhzhia", "Kherson", "Mariupol", "Donetsk", "Luhansk", "Bakhmut", "Sevastopol",
    "Crimea", "Munich", "Hamburg", "Frankfurt", "Cologne", "Milan", "Naples", "Barcelona", "Geneva", "Zurich",
    "Davos", "Strasbourg", "Rotterdam", "Antwerp", "Gdansk", "Krakow", "Kraków", "Rzeszów", "Rzeszow", "Kaliningrad",
    "Dubai", "Jeddah", "Gaza", "Ramallah", "Aleppo", "Mosul", "Osaka", "Busan", "Johannesburg", "Lagos",
    "Rio de Janeiro",
    "São Paulo", "Sao Paulo", "Madrid", "Marseille", "Lyon", "Manchester", "Birmingham", "Glasgow", "Edinburgh",
)

REGIONS: Final = (
    "Europe", "Eastern Europe", "Western Europe", "Central Europe", "Northern Europe", "Southern Europe", "Asia",
    "Central Asia", "East Asia", "South Asia", "Southeast Asia", "Africa", "North Africa", "Middle East",
    "Near East", "Balkans", "the Balkans", "Baltics", "Caucasus", "Scandinavia", "Arctic", "Antarctica",
    "North America", "South America", "Latin America", "Black Sea", "Baltic Sea", "Mediterranean", "Pacific",
    "Atlantic", "Indo-Pacific", "Donbas", "Donbass", "Sahel",
)

DEMONYMS: Final = (
    "American", "British", "English", "Scottish", "Welsh", "Irish", "French", "German", "Italian", "Spanish",
    "Portuguese", "Dutch", "Belgian", "Luxembourgish", "Swiss", "Austrian", "Danish", "Swedish", "Norwegian",
    "Finnish", "Icelandic", "Estonian", "Latvian", "Lithuanian", "Polish", "Czech", "Slovak", "Hungarian",
    "Romanian", "Bulgarian", "Greek", "Turkish", "Cypriot", "Maltese", "Slovenian", "Croatian", "Serbian",
    "Bosnian", "Montenegrin", "Albanian", "Macedonian", "Moldovan", "Ukrainian", "Belarusian", "Russian",
    "Georgian", "Armenian", "Azerbaijani", "Kazakh", "Uzbek", "Chinese", "Japanese", "Korean", "North Korean",
    "South Korean", "Indian", "Pakistani", "Afghan", "Iranian", "Iraqi", "Syrian", "Israeli", "Palestinian",
    "Lebanese", "Jordanian", "Saudi", "Emirati", "Qatari", "Egyptian", "Libyan", "Tunisian", "Algerian",
    "Moroccan", "Nigerian", "Kenyan", "Ethiopian", "South African", "Canadian", "Mexican", "Brazilian",
    "Argentine", "Chilean", "Colombian", "Venezuelan", "Cuban", "Australian", "New Zealand", "Taiwanese",
    "Vietnamese", "Thai", "Indonesian", "Filipino", "Malaysian", "Singaporean",
    # regional, political and religious group adjectives
    "European", "Eastern European", "Western European", "Central European", "Northern European",
    "Southern European", "Baltic", "Nordic", "Scandinavian", "Balkan", "Asian", "African", "Arab",
    "Latin American", "Middle Eastern", "Transatlantic", "Euro-Atlantic", "Soviet", "Kremlin-backed",
    "Muslim", "Christian", "Jewish", "Catholic", "Orthodox", "Republican", "Democratic", "Democrat",
    "Americans", "Europeans", "Russians", "Ukrainians", "Germans", "Britons", "Republicans", "Democrats",
)

INSTITUTIONS: Final = (
    "NATO", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "EU", "European Union",
    "UN", "U.N.", "United Nations", "UN Security Council", "Security Council", "European Commission",
    "European Parliament", "European Council", "Council of Europe", "OSCE", "IMF", "International Monetary Fund",
    "World Bank", "WTO", "WHO", "G7", "G-7", "G20", "G-20", "OPEC", "ASEAN", "African Union", "BRICS", "IAEA",
    "Pentagon", "Kremlin", "Bundestag", "Congress", "Senate", "Duma", "State Duma", "Verkhovna Rada", "Rada",
    "European Central Bank", "ECB", "Federal Reserve", "NATO-Russia Council", "Ukraine Defense Contact Group",
    "Warsaw Pact", "Red Cross", "International Criminal Court", "ICC",
    "Nato",  # British house style
    # national institutions named by a short form in news
    "Treasury", "MoD", "Foreign Office", "Home Office", "Cabinet Office", "State Department", "Defense Department",
    "Department of Defense", "Bundeswehr", "Élysée", "Quai d'Orsay", "House of Commons", "House of Lords",
    "House of Representatives", "Knesset", "Sejm", "Storting", "Riksdag", "Eduskunta", "Folketing", "Saeima",
    "Seimas", "Riigikogu",
    # parties and platforms that act and publish in the news
    "Labour", "Labour Party", "Conservative Party", "Tories", "Liberal Democrats", "Democratic Party",
    "Republican Party", "CDU", "CSU", "SPD", "AfD", "FDP", "PiS", "Fidesz", "United Russia",
    "Telegram", "Facebook", "Twitter", "YouTube", "TikTok", "Instagram", "WhatsApp", "LinkedIn", "Truth Social",
)

NEWS_ORGANISATIONS: Final = (
    "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "Agence France Presse", "Bloomberg",
    "Bloomberg News", "TASS", "RIA Novosti", "Interfax", "Sputnik", "RT", "Xinhua", "dpa", "DPA", "ANSA", "EFE",
    "Ukrinform", "Kyiv Independent", "Ukrainska Pravda", "European Pravda", "Kyiv Post", "BBC", "CNN", "Fox News",
    "NBC", "CBS", "ABC News", "Politico", "Axios", "Financial Times", "Wall Street Journal", "New York Times",
    "Washington Post", "The Guardian", "Guardian", "The Economist", "Economist", "Le Monde", "Der Spiegel",
    "Spiegel", "Die Welt", "Bild", "Al Jazeera", "Euronews", "Deutsche Welle", "DW", "Radio Free Europe",
    "RFE/RL", "Kommersant", "Izvestia", "Anadolu", "Yonhap", "Kyodo", "NHK",
)

FACILITIES: Final = ("White House", "Élysée Palace", "Elysee Palace", "Downing Street", "Bankova",
                     "Capitol Hill", "Ramstein")

# Titles and roles that introduce a person's name: "Secretary General Mark Rutte", "spokeswoman Zakharova".
TITLES: Final = (
    "President", "Vice President", "Prime Minister", "prime minister", "foreign minister", "defence minister",
    "defense minister", "foreign policy chief", "Deputy Prime Minister", "Chancellor", "King", "Queen",
    "Prince", "Princess", "Pope", "Emperor", "Minister", "Defense Minister", "Defence Minister",
    "Foreign Minister", "Finance Minister", "Interior Minister", "Economy Minister", "Deputy Minister",
    "Secretary General", "Secretary-General", "Deputy Secretary General", "Secretary of State",
    "Defense Secretary", "Defence Secretary", "Foreign Secretary", "Secretary of Defense", "Secretary",
    "Ambassador", "Envoy", "Special Envoy", "Commissioner", "High Representative", "Speaker", "Senator", "Sen.",
    "Representative", "Rep.", "Governor", "Gov.", "Mayor", "General", "Gen.", "Lt. Gen.", "Admiral", "Adm.",
    "Colonel", "Col.", "Commander", "Chief of Staff", "chief of staff", "Chairman", "Chairwoman", "Chair",
    "spokesman", "spokeswoman", "spokesperson", "Spokesman", "Spokeswoman", "leader", "Leader", "adviser",
    "advisor", "Dr.", "Mr.", "Mrs.", "Ms.", "Sir", "Lord", "Lady", "Premier", "Director", "CEO", "chief",
    "head", "Head", "aide", "envoy", "ambassador", "minister", "president", "Patriarch", "Metropolitan",
    # courtesy titles without the full stop (British style), honours and ranks
    "Mr", "Mrs", "Ms", "Dr", "Prof.", "Professor", "Dame", "Baroness", "Baron", "Field Marshal", "Marshal",
    "Major General", "Lieutenant General", "Brigadier General", "Brigadier", "Lt. Gen.", "Maj. Gen.",
    "Brig. Gen.", "Vice Admiral", "Rear Admiral", "Captain", "Capt.", "Sgt.", "Sergeant", "Major", "Lt.",
    "Lieutenant", "Judge", "Justice", "Bishop", "Rabbi", "Imam", "Sheikh", "Crown Prince", "Chief Executive",
    "Deputy Foreign Minister", "Deputy Defence Minister", "Deputy Defense Minister", "Vice Chancellor",
    "Chief of Defence", "commander", "lawmaker", "Congressman", "Congresswoman", "MP", "MEP",
)

ORG_HEADS: Final = (
    "Ministry", "Council", "Organization", "Organisation", "Agency", "Commission", "Parliament", "Bank", "Fund",
    "Union", "Party", "Army", "Forces", "Force", "Navy", "Court", "Committee", "Institute", "University",
    "Group", "Alliance", "Association", "Federation", "Corporation", "Corp.", "Inc.", "Ltd.", "Company",
    "Service", "Office", "Department", "Assembly", "Cabinet", "Guard", "Command", "Foundation", "Authority",
    "Bureau", "Coalition", "Network", "Times", "Post", "News", "Press",
)
# Legal forms that end company names: "Saab AB", "Rheinmetall AG", "Thales S.A.", "Skyfence LLC".
COMPANY_SUFFIXES: Final = (
    "AB", "AG", "ASA", "AS", "A/S", "ApS", "GmbH", "KGaA", "Ltd", "Ltd.", "Limited", "plc", "PLC", "Inc", "Inc.",
    "LLC", "L.L.C.", "S.A.", "SA", "S.p.A.", "SpA", "NV", "N.V.", "BV", "B.V.", "Oy", "Oyj", "SE", "Corp",
    "Corp.", "Co.", "S.A.S.", "SAS", "sp. z o.o.", "a.s.", "JSC", "PJSC",
)
# Nouns of things named by a product or weapon name right before them: "Patriot batteries", "CV90 vehicles".
PRODUCT_NOUNS: Final = (
    "tank", "tanks", "vehicle", "vehicles", "jet", "jets", "fighter", "fighters", "aircraft", "helicopter",
    "helicopters", "missile", "missiles", "interceptor", "interceptors", "launcher", "launchers", "system",
    "systems", "battery", "batteries", "howitzer", "howitzers", "drone", "drones", "corvette", "corvettes",
    "frigate", "frigates", "destroyer", "destroyers", "submarine", "submarines", "rifle", "rifles", "rocket",
    "rockets", "carrier", "carriers", "warship", "warships", "radar", "radars", "bomber", "bombers",
)
# Modifiers between a product name and its noun: "Boxer armoured vehicle", "Taurus cruise missiles".
PRODUCT_MODIFIERS: Final = (
    "armoured", "armored", "infantry", "fighting", "main", "battle", "air", "defence", "defense", "cruise",
    "ballistic", "anti-tank", "anti-aircraft", "anti-ship", "surface-to-air", "air-to-air", "fighter",
    "attack", "transport", "combat", "self-propelled", "unmanned", "long-range", "short-range", "medium-range",
    "guided", "naval", "missile", "rocket", "artillery", "interceptor", "patrol", "multirole", "stealth",
)
# Geographic names built on a feature noun: "Gulf of Finland", "Sea of Azov", "Kerch Strait".
LOC_OF_HEADS: Final = ("Gulf", "Bay", "Sea", "Strait", "Straits", "Isle", "Lake", "Cape", "Mouth")
LOC_HEADS: Final = ("Sea", "Ocean", "Strait", "Gulf", "Bay", "River", "Mountains", "Peninsula", "Islands",
                    "Island", "Basin", "Valley", "Desert", "Corridor", "Lowlands", "Highlands")
EVENT_HEADS: Final = ("Summit", "Conference", "Forum", "Olympics", "Games", "Cup", "War", "Revolution",
                      "Uprising", "Agreement", "Accords", "Talks", "Dialogue", "Congress")

# Acronyms that are common nouns in news, never names.
NON_ENTITY_ACRONYMS: Final = frozenset({
    "GDP", "GNP", "CEO", "CFO", "AI", "TV", "PR", "ID", "OK", "AM", "PM", "FM", "HQ", "VIP", "LNG", "GMT", "UTC",
    "COVID", "PDF", "FAQ", "IT", "US$", "DIY", "ASAP", "NB", "PS", "Q", "UAV", "ICBM", "HIMARS", "ATACMS", "MP",
    "MPs", "MEP", "MEPs", "NGO", "NGOs", "PhD", "EV", "EVs", "IPO", "R&D", "SUV", "ETA", "RSVP", "II", "III", "IV",
})


@lru_cache(maxsize=1 << 16)  # the linker asks it of every mention, and the mentions of a corpus repeat
def normalise(name: str) -> str:
    """Case- and accent-insensitive key: 'Türkiye' and 'Turkiye' meet."""
    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"\s+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).casefold().strip()


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    names = set(COUNTRY_SHORT_FORMS)
    # US states and Canadian provinces (ISO 3166-2 via pycountry): "an Idaho Republican", "Ontario's premier"
    for code, kinds in (("US", ("State", "District")), ("CA", ("Province", "Territory"))):
        names.update(s.name for s in pycountry.subdivisions.get(country_code=code) or ()
                     if s.type in kinds and "," not in s.name and "(" not in s.name)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value and "(" not in value:
                names.add(value)
    return frozenset(names)


@lru_cache(maxsize=1)
def currency_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@lru_cache(maxsize=1)
def phrase_labels() -> dict[str, str]:
    """Surface phrase -> entity label, for the fixed-phrase pass (longest phrases are tried first)."""
    table: dict[str, str] = {}
    for label, names in (("NORP", DEMONYMS), ("LOC", REGIONS), ("GPE", CAPITALS_AND_CITIES),
                         ("GPE", tuple(country_names())), ("ORG", INSTITUTIONS), ("ORG", NEWS_ORGANISATIONS),
                         ("FAC", FACILITIES)):
        for name in names:
            table[name] = label
    return table
