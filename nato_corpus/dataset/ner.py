"""The ``ner`` view: one row per sentence, tokens with BIO tags over the gold entity labels (conll2003 shape).

Tokenizer and sentence splitter are two documented regular expressions, not spaCy: the dataset build must run
with the core dependencies only (spaCy is the optional ``peers`` extra, and its tokenizer's exceptions change
between releases, which would break the byte-identical builds).  The regexes are deliberately simple, and the
alignment is proved rather than assumed: :func:`sentence_rows` raises :class:`AlignmentError` when a gold entity
boundary falls inside a token or an entity crosses a sentence, and the tests convert every row's tags back to
spans and compare them with the gold layer of the corpus and of every probe corpus.

- **Tokens** (``TOKEN``): a run of letters/digits/underscore (``\\w+``), or any other single non-space character.
  "NATO's" is ``NATO ' s``, "NATO-led" is ``NATO - led``, "€40" is ``€ 40``.
- **Sentences**: a text is first cut at every zone boundary and at every line break (paragraphs, headline,
  dateline), then after ``.``, ``!`` or ``?`` (and any closing quotes or brackets) followed by white space and
  an upper-case letter, digit or opening quote (``SENTENCE_END``) unless the word before the stop is a single
  letter or a listed abbreviation (``ABBREVIATIONS``: "Mr.", "U.S.", ...).
- Sentences inside a zone that no layer annotates (``UNANNOTATED_ZONES``: boilerplate, credits, artifact) are
  left out, so that names there never become ``O`` tags.  Every row carries the zone of each token
  (``body`` outside any zone).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from typing import Any, Final

from nato_corpus.corpus import Document
from nato_corpus.files import CorpusError
from nato_corpus.schema import ENTITY_LABELS, UNANNOTATED_ZONES

TOKEN: Final = re.compile(r"\w+|[^\w\s]")
SENTENCE_END: Final = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?=\s+[\"'“‘(]?[A-Z0-9])")
ABBREVIATIONS: Final = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Gov", "Sen", "Rep",
                                  "St", "Jr", "Sr", "No", "vs", "etc", "Inc", "Ltd", "Corp", "Co", "Jan", "Feb", "Aug",
                                  "Sept", "Sep", "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "E.U"})
_ABBREVIATED: Final = re.compile(r"(\w+(?:\.\w+)*)\.$")  # the word before a full stop ending the searched range
BODY_ZONE: Final = "body"  # the zone of a token outside every zone
NER_TAGS: Final = ("O", *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")))


class AlignmentError(CorpusError):
    """A gold entity does not fall on token and sentence boundaries; the ner view would lose or change it."""


def _cuts(text: str, zone_edges: set[int]) -> list[tuple[int, int]]:
    """(start, end) of every sentence, white space trimmed, empty ones dropped."""
    edges = {0, len(text), *zone_edges}
    edges.update(m.end() for m in re.finditer(r"\n", text))
    for match in SENTENCE_END.finditer(text):
        before = _ABBREVIATED.search(text, max(0, match.start() - 40), match.start())
        if before is None or (len(before[1]) > 1 and before[1] not in ABBREVIATIONS):
            edges.add(match.end())
    ordered = sorted(edges)
    sentences = []
    for start, end in itertools.pairwise(ordered):
        piece = text[start:end]
        left = start + len(piece) - len(piece.lstrip())
        right = end - (len(piece) - len(piece.rstrip()))
        if left < right:
            sentences.append((left, right))
    return sentences


def _zone_of(document: Document) -> Any:
    zones = [(z.start, z.end, z.kind) for z in document.metadata.zones]

    def zone(offset: int) -> str:
        return next((kind for start, end, kind in zones if start <= offset < end), BODY_ZONE)

    return zone


def sentence_rows(document: Document, origin: str = "human") -> Iterator[dict[str, Any]]:
    """The document's sentences with BIO tags from the `origin` entity layer; nothing when it has none.

    AlignmentError names the document and the entity when an entity boundary falls inside a token or an
    entity spans two sentences.
    """
    entities = document.layer(origin, "entities")
    if entities is None:
        return
    text = document.text
    zone = _zone_of(document)
    zones = document.metadata.zones
    zone_edges = {edge for z in document.metadata.zones for edge in (z.start, z.end)}
    tokens = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
    starts = {start: i for i, (start, _) in enumerate(tokens)}
    ends = {end: i for i, (_, end) in enumerate(tokens)}
    tags = ["O"] * len(tokens)
    for entity in entities:
        first, last = starts.get(entity.start), ends.get(entity.end)
        if first is None or last is None:
            raise AlignmentError(f"{document.doc_id}: entity {entity.id} ({entity.text!r}, {entity.start}-"
                                 f"{entity.end}) has a boundary inside a token of the ner tokenizer")
        tags[first] = f"B-{entity.label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{entity.label}"
    rows = []
    token_starts = [start for start, _ in tokens]
    token_ends = [end for _, end in tokens]
    first_tokens = []  # the first token of each sentence, for the entity check below
    for number, (start, end) in enumerate(_cuts(text, zone_edges)):
        first, stop = bisect.bisect_left(token_starts, start), bisect.bisect_left(token_starts, end)
        first_tokens.append(first)
        if any(z.start < end and start < z.end for z in zones):
            kinds = [zone(token_starts[i]) for i in range(first, stop)]
        else:  # no zone touches the sentence (most of them)
            kinds = [BODY_ZONE] * (stop - first)
        if first == stop or any(kind in UNANNOTATED_ZONES for kind in kinds):
            continue
        rows.append({"doc_id": document.doc_id, "sentence": number,
                     "tokens": [text[a:b] for a, b in tokens[first:stop]],
                     "ner_tags": tags[first:stop], "token_starts": token_starts[first:stop],
                     "token_ends": token_ends[first:stop], "zones": kinds})
    for entity in entities:  # the sentence of a token: the last sentence starting at or before it
        if (bisect.bisect_right(first_tokens, starts[entity.start])
                != bisect.bisect_right(first_tokens, ends[entity.end])):
            raise AlignmentError(f"{document.doc_id}: entity {entity.id} ({entity.text!r}) spans two sentences "
                                 "of the ner sentence splitter")
    yield from rows


def spans_from_tags(row: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start, end, label) of every entity a row's BIO tags (names) mark, in character offsets of the article."""
    spans: list[tuple[int, int, str]] = []
    for tag, start, end in zip(row["ner_tags"], row["token_starts"], row["token_ends"], strict=True):
        if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][2] != tag[2:])):
            spans.append((start, end, tag[2:]))
        elif tag.startswith("I-"):
            spans[-1] = (spans[-1][0], end, spans[-1][2])
    return spans
