"""What the card, LICENSE.md and Croissant say about the published documents, gathered one document at a time.

A build streams the corpus and never holds it, so these are all it keeps of a document once its rows are
written: a few counts, its annotators, its licence statement and anchor day.  Its manifest (versions.py) is
compared with the newest release as it arrives and then dropped.  :func:`document_facts` is what a ``--jobs``
process computes beside a document's rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final

from nato_corpus.corpus import CorpusLayout, Document
from nato_corpus.dataset.provenance import statement_lines, text_statement
from nato_corpus.dataset.versions import (
    DocumentManifest,
    NewDocument,
    PendingChange,
    document_manifest,
    pending_change,
    read_versions,
)
from nato_corpus.schema import LABEL_FIELD, LAYERS, ORIGINS

# (origin, layer) -> annotations, None when the document does not annotate that layer
LayerCounts = dict[tuple[str, str], int | None]
COUNTED: Final = tuple((origin, layer) for layer in LAYERS for origin in ORIGINS)


@dataclass(frozen=True)
class DocumentFacts:
    """One published document as the card and Croissant describe it."""

    doc_id: str
    split: str
    characters: int
    counts: LayerCounts
    gold_labels: Counter[tuple[str, str]]  # (layer, label) -> gold annotations
    makers: frozenset[tuple[str, str, str]]  # (origin, annotator kind, annotator handle)
    licence: str  # provenance.text_statement
    anchor: str | None
    manifest: DocumentManifest | NewDocument


def document_facts(document: Document, origins: Iterable[str] = ORIGINS, *, released: bool = True) -> DocumentFacts:
    """The facts of a corpus document (`origins` ORIGINS), or of a probe text (gold only, as its manifest).

    A document that is not `released` (not in the newest release) is only counted (NewDocument): all of it is
    new, so its annotations need no fingerprints."""
    counts: LayerCounts = {}
    gold: Counter[tuple[str, str]] = Counter()
    makers = set()
    for layer in LAYERS:
        for origin in ORIGINS:
            items = document.layer(origin, layer)
            counts[origin, layer] = None if items is None else len(items)
            for annotation in items or []:
                makers.add((origin, str(annotation.annotator_kind), annotation.annotator))
                if origin == "human":
                    gold[layer, getattr(annotation, LABEL_FIELD[layer])] += 1
    metadata = document.metadata
    origins = tuple(origins)
    manifest = document_manifest(document, origins) if released else NewDocument(
        {f"{origin}/{layer}": len({(a.start, a.end) for a in document.layer(origin, layer) or []})
         for origin in origins for layer in LAYERS})
    return DocumentFacts(document.doc_id, metadata.split, len(document.text), counts, gold, frozenset(makers),
                         text_statement(document), metadata.publication.anchor, manifest)


# A card lists each article (its row of counts, its licence line) up to this many; a larger corpus is
# summarised per split and per licence statement (every article's counts and licence are columns of the
# `documents` config), so neither the card nor what a build keeps of the articles grows with the corpus.
LISTED_ARTICLES: Final = 100


@dataclass
class CorpusFacts:
    """The facts of every published document, in the order they are added (the corpus in id order)."""

    pending: PendingChange  # the current manifest against the newest release
    # doc_id, split, characters, the counts in COUNTED order, of the first LISTED_ARTICLES articles only
    counted: list[tuple[str, str, int, tuple[int | None, ...]]] = field(default_factory=list)
    per_label: dict[str, Counter[tuple[str, str]]] = field(  # layer -> (label, split) -> gold annotations
        default_factory=lambda: {layer: Counter() for layer in LAYERS})
    makers: dict[str, dict[str, set[str]]] = field(  # origin -> annotator kind -> handles
        default_factory=lambda: {origin: {} for origin in ORIGINS})
    # doc_id, licence statement, of the first LISTED_ARTICLES articles only
    licences: list[tuple[str, str]] = field(default_factory=list)
    published: str | None = None  # the latest anchor day
    documents: int = 0  # corpus documents added (probe texts are not articles of the corpus)
    per_layer: Counter[tuple[str, str]] = field(default_factory=Counter)  # (origin, layer) -> annotations
    per_statement: Counter[str] = field(default_factory=Counter)  # licence statement -> articles

    @classmethod
    def for_corpus(cls, layout: CorpusLayout) -> CorpusFacts:
        return cls(pending_change(layout, read_versions(layout)))

    _statements: dict[str, str] = field(default_factory=dict)  # one copy of each distinct licence statement

    @property
    def listed(self) -> bool:
        """Whether the card lists every article (LISTED_ARTICLES)."""
        return self.documents <= LISTED_ARTICLES

    def articles(self) -> Iterator[tuple[str, str, int, LayerCounts]]:
        """doc_id, split, characters and counts of every corpus document, in doc_id order (when listed)."""
        assert self.listed, "articles are listed only up to LISTED_ARTICLES"
        for doc_id, split, characters, counts in sorted(self.counted):
            yield doc_id, split, characters, dict(zip(COUNTED, counts, strict=True))

    def licence_lines(self) -> list[str]:
        """LICENSE.md's statements: every component, then every article text, or for a corpus of more than
        LISTED_ARTICLES each distinct statement with the number of texts it covers."""
        if self.listed:
            return statement_lines(self.licences)
        return statement_lines(()) + [f"- **{count:,} article texts** (the `licence` column of the `documents` "
                                      f"config says which): {statement}"
                                      for statement, count in sorted(self.per_statement.items())]

    def add(self, facts: DocumentFacts) -> None:
        """A document of the corpus itself."""
        self.documents += 1
        statement = self._statements.setdefault(facts.licence, facts.licence)
        self.per_statement[statement] += 1
        for key in COUNTED:
            self.per_layer[key] += facts.counts[key] or 0
        if self.documents <= LISTED_ARTICLES:  # beyond that the card lists none of them
            self.counted.append((facts.doc_id, facts.split, facts.characters,
                                 tuple(facts.counts[key] for key in COUNTED)))
            self.licences.append((facts.doc_id, statement))
        for (layer, label), n in facts.gold_labels.items():
            self.per_label[layer][label, facts.split] += n
        for origin, kind, handle in facts.makers:
            self.makers[origin].setdefault(kind, set()).add(handle)
        if facts.anchor is not None and (self.published is None or facts.anchor > self.published):
            self.published = facts.anchor
        self.pending.add(facts.doc_id, facts.manifest)

    def add_probe(self, split: str, facts: DocumentFacts) -> None:
        """A text of a probe corpus: part of the manifest only."""
        self.pending.add(f"{split}/{facts.doc_id}", facts.manifest)


def corpus_facts(layout: CorpusLayout) -> CorpusFacts:
    """The facts of `layout` and its probe corpora, read through the validator one document at a time."""
    from nato_corpus.dataset.features import probe_split
    from nato_corpus.validate.documents import iter_documents

    facts = CorpusFacts.for_corpus(layout)
    for document in iter_documents(layout):
        facts.add(document_facts(document))
    for probe in layout.probe_corpora():
        split = probe_split(layout.relative(probe.root))
        for document in iter_documents(probe):
            facts.add_probe(split, document_facts(document, ("human",)))
    return facts
