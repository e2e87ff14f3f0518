"""Property tests: any valid annotation survives serialisation, the file format and re-validation unchanged."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from nato_corpus.corpus import format_annotation_file
from nato_corpus.schema import (
    ANNOTATION_ADAPTER,
    ENTITY_LABELS,
    AnnotationFileHeader,
    DateAnnotation,
    EntityAnnotation,
    FigureAnnotation,
    QuoteAnnotation,
    SpanRef,
)
from nato_corpus.schema.annotations import quote_edges
from nato_corpus.schema.units import UNIT_VOCABULARY, currency_codes
from nato_corpus.validate.documents import parse_annotation_file

# Span texts copy the article text, so any character; free text (annotator, measures) is PlainText: no control,
# bidi or separator character (zero-width and other format characters stay allowed).
_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
_plain = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"),
                                        exclude_characters="\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                                           "\u2066\u2067\u2068\u2069"),
                 min_size=1, max_size=30)
_keys = st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?\Z")


@st.composite
def _span(draw: st.DrawFn) -> tuple[int, int]:
    start = draw(st.integers(0, 10_000))
    return start, start + draw(st.integers(1, 300))


@st.composite
def _common(draw: st.DrawFn, prefix: str) -> dict:
    start, end = draw(_span())
    origin = draw(st.sampled_from(["human", "rule"]))
    kind = draw(st.sampled_from(["human", "ai"])) if origin == "human" else "rule"
    return {"id": f"{prefix}{draw(st.integers(1, 999))}", "start": start, "end": end, "text": draw(_text),
            "origin": origin, "annotator": draw(_plain), "annotator_kind": kind}


def _ref(draw: st.DrawFn) -> SpanRef:
    start, end = draw(_span())
    return SpanRef(start=start, end=end, text=draw(_text))


_decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=3, allow_nan=False,
                        allow_infinity=False).map(lambda d: format(d.normalize(), "f"))


@st.composite
def annotations(draw: st.DrawFn):
    layer = draw(st.sampled_from(["entities", "quotes", "dates", "figures"]))
    if layer == "entities":
        return EntityAnnotation(**draw(_common("e")), label=draw(st.sampled_from(ENTITY_LABELS)),
                                entity_id=draw(st.none() | _keys))
    if layer == "quotes":
        speaker = draw(st.none() | st.builds(lambda: None).map(lambda _: _ref(draw)))
        common = draw(_common("q").filter(lambda c: quote_edges(c["text"], 0, len(c["text"])) == (0, len(c["text"]))))
        return QuoteAnnotation(**common, kind=draw(st.sampled_from(["direct", "indirect", "mixed"])),
                               speaker=speaker, speaker_entity_id=draw(_keys) if speaker else None,
                               cue=draw(st.none() | st.just(None).map(lambda _: _ref(draw))))
    if layer == "dates":
        timex_type, value = draw(st.sampled_from([
            ("DATE", "2024-07"), ("DATE", "2024-12-03"), ("DATE", "2025-W23-1"), ("DATE", "PAST_REF"),
            ("DATE", "2024-Q3"), ("DURATION", "P7Y"), ("DURATION", "PXM"), ("DURATION", "PT2H"),
            ("TIME", "2024-12-03T14:30"), ("SET", "P1Y"), ("SET", "XXXX-WXX-1")]))
        return DateAnnotation(**draw(_common("d")), type=timex_type, value=value,
                              mod=draw(st.none() | st.sampled_from(["ON_OR_BEFORE", "APPROX", "START"])),
                              temporal_function=draw(st.booleans()))
    unit = draw(st.sampled_from(sorted(currency_codes())[:40] + sorted(UNIT_VOCABULARY)))
    kind = "money" if unit in currency_codes() else UNIT_VOCABULARY[unit]
    value = draw(st.none() | _decimals)
    return FigureAnnotation(**draw(_common("f")), kind=kind, value=value, unit=unit,
                            approximate=draw(st.booleans()), measures=draw(st.none() | _plain))


@given(annotations())
def test_annotation_json_round_trip(annotation) -> None:
    assert ANNOTATION_ADAPTER.validate_json(annotation.model_dump_json()) == annotation
    assert ANNOTATION_ADAPTER.validate_python(json.loads(annotation.model_dump_json())) == annotation


def _unique_ids(items: list) -> list:
    """Ids made unique per file, as the validator requires (duplicate-id)."""
    return [item.model_copy(update={"id": re.match(r"[a-z]+", item.id)[0] + str(n)})  # type: ignore[index]
            for n, item in enumerate(items, start=1)]


@given(st.lists(annotations(), max_size=8))
def test_annotation_file_round_trip(items) -> None:
    # one file, one origin
    items = _unique_ids([item.model_copy(update={"origin": "human", "annotator_kind": "ai"}) for item in items])
    header = AnnotationFileHeader(doc_id="2024-some-article", origin="human", text_sha256="a" * 64,
                                  layers=("entities", "quotes", "dates", "figures"))
    content = format_annotation_file(header, items)
    parsed = parse_annotation_file(content, "test.jsonl", "2024-some-article")
    assert parsed.header == header
    assert sorted(parsed.annotations, key=repr) == sorted(items, key=repr)
    assert format_annotation_file(parsed.header, parsed.annotations) == content  # canonical: idempotent
