"""Write a synthetic corpus of N articles in the repository's own layout, for scale tests and benchmarks only.

    python scripts/make_synthetic_corpus.py N OUT [--seed S]

OUT gets articles/<doc_id>.txt|.json, annotations/human/<doc_id>.jsonl (a gold layer whose offsets are computed
while the text is assembled, so they are exact), registry/entities.jsonl, and the LICENSE.md and DATASET_CARD.md
a build needs (copied from this checkout).  The texts are generated from sentence templates with varied names,
places, dates, figures, quotes and lengths, so that no two articles are copies and caches or string interning do
not flatter the measurements.  Never published: every article is marked as synthetic in its metadata.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
ANNOTATOR = "synthetic"
FIRST = ("Anna", "Boris", "Carla", "Dmitri", "Elena", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kasia", "Lars",
         "Maria", "Nikolai", "Olga", "Piotr", "Quinn", "Rasa", "Sven", "Tomas", "Ursula", "Viktor", "Wanda", "Yusuf")
LAST = ("Adamski", "Berg", "Costa", "Dahl", "Eriksen", "Fischer", "Gallo", "Horvat", "Ilves", "Jansen", "Kovacs",
        "Lindqvist", "Moreau", "Novak", "Ortega", "Petrov", "Quist", "Rossi", "Silva", "Tamm", "Urban", "Varga",
        "Weber", "Zielinski", "Okafor", "Haddad", "Nakamura", "Brennan")
ROLES = ("Defence Minister", "Foreign Minister", "Prime Minister", "General", "spokesperson", "ambassador",
         "President", "Admiral", "Secretary General")
COUNTRIES = ("Estonia", "Latvia", "Lithuania", "Poland", "Finland", "Sweden", "Norway", "Denmark", "Germany",
             "France", "Italy", "Spain", "Portugal", "Romania", "Bulgaria", "Greece", "Turkey", "Canada", "Ukraine",
             "Hungary", "Slovakia", "Czechia", "Croatia", "Slovenia", "Albania", "Montenegro", "Iceland")
CITIES = ("Brussels", "Vilnius", "Warsaw", "Riga", "Tallinn", "Helsinki", "Madrid", "Oslo", "Prague", "Bucharest")
ORGS = (("NATO", "North Atlantic Treaty Organization"), ("EU", "European Union"),
        ("OSCE", "Organization for Security and Co-operation in Europe"), ("UN", "United Nations"))
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
TOPICS = ("air defence", "ammunition production", "the eastern flank", "cyber security", "military mobility",
          "the defence budget", "naval patrols", "joint exercises", "drone procurement", "energy security",
          "border surveillance", "training missions")
VERBS = ("discussed", "reviewed", "debated", "examined", "questioned", "backed", "criticised", "welcomed")
FILLER = ("Officials gave few details.", "The talks continued late into the evening.",
          "Diplomats described the mood as tense but constructive.", "Several delegations asked for more time.",
          "No final decision was expected before the next meeting.", "Analysts were divided on the outcome.",
          "The proposal still needs approval from national parliaments.",
          "Critics argued that the plan lacked a clear timetable.")
QUOTE_BODIES = ("we will not be divided on {topic}", "this is a turning point for {topic}",
                "our commitment to {topic} is unwavering", "we need to move faster on {topic}",
                "nobody should doubt our resolve on {topic}", "the work on {topic} has only begun")
SPLITS = (("2024-07-01", "train"), ("2025-01-01", "validation"))


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


@dataclass
class Registry:
    """The entities the generator links to: countries, organisations, cities, and a pool of invented people."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, label: str, aliases: tuple[str, ...] = ()) -> str:
        key = slug(name)
        self.entries.setdefault(key, {"id": key, "name": name, "label": label, "aliases": list(aliases),
                                      "wikidata": None})
        return key


@dataclass
class Article:
    """Text assembled piece by piece; each annotated piece records its exact offsets as it is appended."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    annotations: list[dict[str, Any]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def span(self, text: str, layer: str, **fields: Any) -> tuple[int, int]:
        start, end = self.add(text)
        self.record(layer, start, end, text, **fields)
        return start, end

    def record(self, layer: str, start: int, end: int, text: str, **fields: Any) -> None:
        prefix = layer[0]
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        self.annotations.append({"id": f"{prefix}{self.counters[prefix]}", "layer": layer, "start": start,
                                 "end": end, "text": text, **fields, "origin": "human", "annotator": ANNOTATOR,
                                 "annotator_kind": "ai"})

    @property
    def text(self) -> str:
        return "".join(self.parts)


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.registry = Registry()
        for short, name in ORGS:
            self.registry.add(name, "ORG", (short,))
        for country in COUNTRIES:
            self.registry.add(country, "GPE")
        for city in CITIES:
            self.registry.add(city, "GPE")
        self.people = [f"{first} {last}" for first in FIRST for last in LAST]
        self.random.shuffle(self.people)

    # --- pieces ---------------------------------------------------------------------------------------------

    def entity(self, article: Article, text: str, label: str, key: str | None) -> None:
        article.span(text, "entities", label=label, entity_id=key)

    def person(self, article: Article) -> tuple[str, str, tuple[int, int]]:
        name = self.random.choice(self.people)
        key = self.registry.add(name, "PERSON")
        start, end = article.span(name, "entities", label="PERSON", entity_id=key)
        return name, key, (start, end)

    def country(self, article: Article) -> None:
        name = self.random.choice(COUNTRIES)
        self.entity(article, name, "GPE", slug(name))

    def org(self, article: Article) -> None:
        short, name = self.random.choice(ORGS)
        self.entity(article, short, "ORG", slug(name))

    def date(self, article: Article, anchor: dt.date) -> None:
        choice = self.random.random()
        if choice < 0.4:
            day = anchor - dt.timedelta(days=self.random.randint(0, 400))
            article.add("on ")
            article.span(f"{day.day} {MONTHS[day.month - 1]} {day.year}", "dates", type="DATE",
                         value=day.isoformat(), mod=None, temporal_function=False)
        elif choice < 0.65:
            year = anchor.year - self.random.randint(0, 15)
            article.add("in ")
            article.span(str(year), "dates", type="DATE", value=str(year), mod=None, temporal_function=False)
        elif choice < 0.85:
            month = self.random.randint(1, 12)
            year = anchor.year - self.random.randint(0, 3)
            article.add("in ")
            article.span(f"{MONTHS[month - 1]} {year}", "dates", type="DATE", value=f"{year}-{month:02d}", mod=None,
                         temporal_function=False)
        else:
            count = self.random.randrange(len(NUMBER_WORDS))
            unit, code = self.random.choice((("year", "Y"), ("month", "M"), ("week", "W"), ("day", "D")))
            article.add("for ")
            article.span(f"{NUMBER_WORDS[count]} {unit}s", "dates", type="DURATION", value=f"P{count + 2}{code}",
                         mod=None, temporal_function=False)

    def figure(self, article: Article, money: bool = False) -> None:
        choice = 0.0 if money else self.random.random()
        common = {"value_max": None, "bound": None, "approximate": False, "measures": None, "base": None, "per": None}
        if choice < 0.35:
            whole, tenth = self.random.randint(1, 900), self.random.randint(1, 9)
            scale, zeros = self.random.choice((("million", 6), ("billion", 9)))
            value = str(whole * 10 ** zeros + tenth * 10 ** (zeros - 1))
            article.span(f"${whole}.{tenth} {scale}", "figures", kind="money",
                         **{**common, "value": value, "unit": "USD"})
        elif choice < 0.65:
            whole, tenth = self.random.randint(1, 5), self.random.randint(1, 9)
            article.span(f"{whole}.{tenth}%", "figures", kind="percent",
                         **{**common, "value": f"{whole}.{tenth}", "unit": "percent", "base": "GDP"})
            article.add(" of GDP")
        else:
            count = self.random.randint(20, 20000)
            article.span(f"{count:,}", "figures", kind="count", **{**common, "value": str(count), "unit": "item",
                                                                   "measures": "troops"})
            article.add(" troops")

    def quote(self, article: Article) -> None:
        body = self.random.choice(QUOTE_BODIES).format(topic=self.random.choice(TOPICS))
        body = body[0].upper() + body[1:]
        article.add("“")
        start, end = article.add(body)
        article.add(",” ")
        role = self.random.choice(ROLES)
        article.add(f"{role} ")
        name, key, speaker = self.person(article)
        article.add(" ")
        cue = article.add("said")
        article.add(".")
        article.record("quotes", start, end, body, kind="direct",
                       speaker={"start": speaker[0], "end": speaker[1], "text": name}, speaker_entity_id=key,
                       cue={"start": cue[0], "end": cue[1], "text": "said"})

    def sentence(self, article: Article, anchor: dt.date) -> None:
        shape = self.random.random()
        if shape < 0.25:
            self.quote(article)
        elif shape < 0.5:
            self.org(article)
            article.add(f" members {self.random.choice(VERBS)} {self.random.choice(TOPICS)} ")
            self.date(article, anchor)
            article.add(", with ")
            self.country(article)
            article.add(" pledging ")
            self.figure(article)
            article.add(".")
        elif shape < 0.7:
            self.country(article)
            article.add(f" {self.random.choice(VERBS)} a plan on {self.random.choice(TOPICS)} worth ")
            self.figure(article, money=True)
            article.add(".")
        elif shape < 0.85:
            article.add("Ministers met in ")
            city = self.random.choice(CITIES)
            self.entity(article, city, "GPE", slug(city))
            article.add(" ")
            self.date(article, anchor)
            article.add(".")
        else:
            article.add(self.random.choice(FILLER))

    # --- articles -------------------------------------------------------------------------------------------

    def article(self, number: int) -> tuple[str, str, dict[str, Any], list[dict[str, Any]]]:
        anchor = dt.date(2022, 1, 1) + dt.timedelta(days=self.random.randint(0, 1460))
        doc_id = f"{anchor.year}-{anchor.month:02d}-synthetic-{number:07d}"
        article = Article()
        topic = self.random.choice(TOPICS)
        headline = f"Allies weigh {topic} as talks resume ({number})"
        zones = [{"start": 0, "end": len(headline), "kind": "headline"}]
        article.add(headline + "\n\n")
        # a long tail of lengths: most articles are short, a few are long
        paragraphs = min(60, max(1, int(self.random.lognormvariate(2.4, 0.6))))
        for _ in range(paragraphs):
            for sentence in range(self.random.randint(1, 5)):
                if sentence:
                    article.add(" ")
                self.sentence(article, anchor)
            article.add("\n\n")
        credit = f"© {anchor.year} Synthetic Wire. Not for publication."
        start, end = article.add(credit)
        zones.append({"start": start, "end": end, "kind": "boilerplate", "note": "copyright line"})
        article.add("\n")
        text = article.text
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        split = next((name for cutoff, name in SPLITS if anchor.isoformat() < cutoff), "test")
        metadata = {
            "doc_id": doc_id, "text_sha256": digest, "source_file": f"synthetic-{number:07d}.txt",
            "headline": headline, "outlet": None, "outlet_note": "Synthetic text for scale tests; no outlet.",
            "outlet_confidence": None, "attributed_sources": [],
            "publication": {"date": anchor.isoformat(), "precision": "day", "basis": "stated",
                            "evidence": "Generated with the text.", "confidence": "high", "date_in_text": None,
                            "conflict": None, "anchor": anchor.isoformat(),
                            "anchor_note": "The generated publication day.", "anchor_confidence": "high"},
            "language": "en",
            "licence": {"status": "open", "holder": None, "note": "Synthetic text for scale tests, never published."},
            "split": split, "zones": zones, "defects": [], "notes": "Synthetic: scripts/make_synthetic_corpus.py.",
        }
        return doc_id, text, metadata, article.annotations


def header(doc_id: str, digest: str) -> dict[str, Any]:
    return {"doc_id": doc_id, "origin": "human", "text_sha256": digest,
            "layers": ["entities", "quotes", "dates", "figures"], "schema_version": "1.1"}


def sort_key(annotation: dict[str, Any]) -> tuple:
    layers = ("entities", "quotes", "dates", "figures")
    return annotation["start"], annotation["end"], layers.index(annotation["layer"]), annotation["id"]


def write_corpus(count: int, out: Path, seed: int) -> Iterator[str]:
    """Write the corpus; yields each doc_id written."""
    generator = Generator(seed)
    for folder in ("articles", "annotations/human", "registry"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for number in range(count):
        doc_id, text, metadata, annotations = generator.article(number)
        (out / "articles" / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (out / "articles" / f"{doc_id}.json").write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n",
                                                         encoding="utf-8")
        lines = [header(doc_id, metadata["text_sha256"]), *sorted(annotations, key=sort_key)]
        (out / "annotations" / "human" / f"{doc_id}.jsonl").write_text(
            "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
        yield doc_id
    registry = sorted(generator.registry.entries.values(), key=lambda entry: entry["id"])
    (out / "registry" / "entities.jsonl").write_text(
        "".join(json.dumps(entry, ensure_ascii=False) + "\n" for entry in registry), encoding="utf-8")
    for name in ("LICENSE.md", "DATASET_CARD.md"):
        shutil.copyfile(REPO / name, out / name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, metavar="N", help="number of articles")
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to write (must not exist or be empty)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        print(f"error: {args.out}: exists and is not an empty folder", file=sys.stderr)
        return 2
    written = sum(1 for _ in write_corpus(args.count, args.out, args.seed))
    print(f"{args.out}: {written} synthetic articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
