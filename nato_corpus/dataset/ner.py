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

import pyarrow as pa

from nato_corpus.corpus import Document
from nato_corpus.files import CorpusError
from nato_corpus.schema import ENTITY_LABELS, UNANNOTATED_ZONES, ZONE_KINDS

TOKEN: Final = re.compile(r"\w+|[^\w\s]")
_TOKEN_SPLIT: Final = re.compile(f"({TOKEN.pattern})")  # re.split keeps what a group matched
_VISIBLE: Final = re.compile(r"\S")
SENTENCE_END: Final = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?=\s+[\"'“‘(]?[A-Z0-9])")
ABBREVIATIONS: Final = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Sgt", "Gov", "Sen", "Rep",
                                  "St", "Jr", "Sr", "No", "vs", "etc", "Inc", "Ltd", "Corp", "Co", "Jan", "Feb", "Aug",
                                  "Sept", "Sep", "Oct", "Nov", "Dec", "U.S", "U.K", "U.N", "E.U"})
# the word before a full stop ("U.S", "Mr"), matched on the reversed text from the stop: the reversed word
_ABBREVIATED_BACKWARDS: Final = re.compile(r"\.(\w+(?:\.\w+)*)")
BODY_ZONE: Final = "body"  # the zone of a token outside every zone
NER_TAGS: Final = ("O", *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")))


class AlignmentError(CorpusError):
    """A gold entity does not fall on token and sentence boundaries; the ner view would lose or change it."""


def _edges(text: str, zone_edges: set[int]) -> list[int]:
    """The offsets where sentences may begin or end, in order: text ends, zone edges, line breaks, sentence ends.

    The word before a full stop is read backwards from it (a match on the reversed text, as long as the word
    is): searching forwards for a word that ends at the stop tries every start before it."""
    edges = {0, len(text), *zone_edges}
    edges.update(m.end() for m in re.finditer(r"\n", text))
    backwards = text[::-1]
    for match in SENTENCE_END.finditer(text):
        stop = match.start()  # just after the . ! or ?
        before = _ABBREVIATED_BACKWARDS.match(backwards, len(text) - stop) if text[stop - 1] == "." else None
        if before is None or (len(before[1]) > 1 and before[1][::-1] not in ABBREVIATIONS):
            edges.add(match.end())
    return sorted(edges)


# ids of the ClassLabels of the ner features (features.ner_features names them in this order)
ZONE_NAMES: Final = (BODY_ZONE, *(z for z in ZONE_KINDS if z != BODY_ZONE))
_BEGIN: Final = {label: NER_TAGS.index(f"B-{label}") for label in ENTITY_LABELS}
_INSIDE: Final = {label: NER_TAGS.index(f"I-{label}") for label in ENTITY_LABELS}
_SKIPPED_ZONES: Final = frozenset(ZONE_NAMES.index(kind) for kind in UNANNOTATED_ZONES)


def sentence_batch(document: Document, schema: pa.Schema, origin: str = "human") -> pa.RecordBatch | None:
    """The document's sentences with BIO tags from the `origin` entity layer, as a record batch of the ner
    features' `schema` (tags and zones as ClassLabel ids), made a column at a time; None when it has no such layer.

    AlignmentError names the document and the entity when an entity boundary falls inside a token or an
    entity spans two sentences.
    """
    entities = document.layer(origin, "entities")
    if entities is None:
        return None
    text = document.text
    pieces = _TOKEN_SPLIT.split(text)  # gap, token, gap, ..., token, gap: offsets are their running lengths
    running = list(itertools.accumulate(map(len, pieces)))
    tokens, token_starts, token_ends = pieces[1::2], running[0:-1:2], running[1::2]
    tags = [0] * len(tokens)  # "O"
    bounds = []  # (first, last) token of each entity
    for entity in entities:
        first, last = bisect.bisect_left(token_starts, entity.start), bisect.bisect_left(token_ends, entity.end)
        if token_starts[first:first + 1] != [entity.start] or token_ends[last:last + 1] != [entity.end]:
            raise AlignmentError(f"{document.doc_id}: entity {entity.id} ({entity.text!r}, {entity.start}-"
                                 f"{entity.end}) has a boundary inside a token of the ner tokenizer")
        bounds.append((first, last))
        tags[first] = _BEGIN[entity.label]
        tags[first + 1:last + 1] = [_INSIDE[entity.label]] * (last - first)
    zones = document.metadata.zones
    kinds = [0] * len(tokens)  # the body zone; a token in two zones is in the first one listed
    for zone in reversed(zones):
        first, stop = bisect.bisect_left(token_starts, zone.start), bisect.bisect_left(token_starts, zone.end)
        kinds[first:stop] = [ZONE_NAMES.index(zone.kind)] * (stop - first)
    numbers, runs, lengths = [], [], []  # kept sentences; runs: (first, stop) of consecutive kept ones
    first_tokens = []  # the first token of each sentence, for the entity check below
    # A sentence is the text between two edges that is not all white space, and its tokens those that start in
    # it (none starts in white space, so trimming it changes none); a piece in which no token starts (the end
    # of a word that a zone edge cuts) is still a sentence, and numbered, but has no row.
    edges = _edges(text, {edge for zone in zones for edge in (zone.start, zone.end)})
    cuts = [bisect.bisect_left(token_starts, edge) for edge in edges]
    sentences = [(first, stop) for (start, first), (end, stop) in itertools.pairwise(zip(edges, cuts, strict=True))
                 if first < stop or _VISIBLE.search(text, start, end)]
    for number, (first, stop) in enumerate(sentences):
        first_tokens.append(first)
        if first == stop or (zones and not _SKIPPED_ZONES.isdisjoint(kinds[first:stop])):
            continue
        numbers.append(number)
        lengths.append(stop - first)
        if runs and runs[-1][1] == first:
            runs[-1][1] = stop
        else:
            runs.append([first, stop])
    for entity, (first, last) in zip(entities, bounds, strict=True):  # a token's sentence: the last one
        if bisect.bisect_right(first_tokens, first) != bisect.bisect_right(first_tokens, last):  # starting before it
            raise AlignmentError(f"{document.doc_id}: entity {entity.id} ({entity.text!r}) spans two sentences "
                                 "of the ner sentence splitter")

    def tokens_of(values: list[Any]) -> list[Any]:
        if len(runs) == 1:
            return values[runs[0][0]:runs[0][1]]
        return list(itertools.chain.from_iterable(values[first:stop] for first, stop in runs))

    offsets = pa.array(itertools.accumulate(lengths, initial=0), pa.int32())
    columns = {"doc_id": pa.array([document.doc_id] * len(numbers), pa.string()),
               "sentence": pa.array(numbers, pa.int32()),
               "tokens": tokens_of(tokens),
               "ner_tags": tokens_of(tags), "token_starts": tokens_of(token_starts),
               "token_ends": tokens_of(token_ends), "zones": tokens_of(kinds)}
    arrays = [columns[field.name] if not pa.types.is_list(field.type) else
              pa.ListArray.from_arrays(offsets, pa.array(columns[field.name], field.type.value_type), type=field.type)
              for field in schema]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def sentence_rows(document: Document, origin: str = "human") -> Iterator[dict[str, Any]]:
    """:func:`sentence_batch` as rows, tags and zones by name (what the tests and readers of the view see)."""
    from nato_corpus.dataset.features import ner_features

    batch = sentence_batch(document, ner_features().arrow_schema, origin)
    for row in batch.to_pylist() if batch is not None else []:
        row["ner_tags"] = [NER_TAGS[tag] for tag in row["ner_tags"]]
        row["zones"] = [ZONE_NAMES[kind] for kind in row["zones"]]
        yield row


def spans_from_tags(row: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start, end, label) of every entity a row's BIO tags (names) mark, in character offsets of the article."""
    spans: list[tuple[int, int, str]] = []
    for tag, start, end in zip(row["ner_tags"], row["token_starts"], row["token_ends"], strict=True):
        if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][2] != tag[2:])):
            spans.append((start, end, tag[2:]))
        elif tag.startswith("I-"):
            spans[-1] = (spans[-1][0], end, spans[-1][2])
    return spans
