"""Article metadata and the entity registry.

The article text itself is a separate UTF-8 file kept byte-for-byte as received; this record describes it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Final, Self

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from nato_corpus.schema.annotations import EntityLabel
from nato_corpus.schema.base import (
    HEADLINE_MAX,
    LINE_MAX,
    NOTE_MAX,
    DocId,
    EntityKey,
    Line,
    Note,
    Offset,
    PlainText,
    Sha256,
    StrictModel,
    WikidataId,
)
from nato_corpus.schema.vocabulary import (
    UNANNOTATED_ZONES,
    ZONE_KINDS,
    Confidence,
    DateBasis,
    DatePrecision,
    Language,
    LicenceStatus,
    Split,
    UpstreamRelation,
    ZoneKind,
)

__all__ = ["UNANNOTATED_ZONES", "ZONE_KINDS"]  # and the models below


# \A...\Z and fullmatch: "2024-12-02\n" is not a date ($ would match before the newline).
_PARTIAL_DATE = re.compile(r"\A[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?\Z")
FILE_NAME_MAX: Final = 255
# How the field descriptions state the limits of PlainText fields.
_LINE = f"one line, at most {LINE_MAX} characters"
_NOTE = f"at most {NOTE_MAX} characters"


def _check_partial_date(value: str | None) -> str | None:
    if value is None:
        return value
    if not _PARTIAL_DATE.fullmatch(value):
        raise PydanticCustomError("malformed-date", "{value} is not YYYY, YYYY-MM or YYYY-MM-DD",
                                  {"value": repr(value)})
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("malformed-date", "{value} is not a calendar date",
                                      {"value": repr(value)}) from None
    return value


class Zone(StrictModel):
    """A stretch of the text with a role; boilerplate, credits and artifacts are never annotated."""

    start: Offset
    end: Offset
    kind: ZoneKind
    note: Note | None = Field(default=None, description=f"Why the zone has this kind ({_NOTE})")

    @model_validator(mode="after")
    def _order(self) -> Self:
        if self.start >= self.end:
            raise PydanticCustomError(
                "span-empty-or-reversed", "zone [{start}, {end}) is empty or reversed",
                {"start": self.start, "end": self.end},
            )
        return self


class PublicationDate(StrictModel):
    """When the article was published, how precisely that is known, and on what evidence."""

    date: str | None = Field(description="YYYY, YYYY-MM or YYYY-MM-DD; null when it cannot be established")
    precision: DatePrecision | None
    basis: DateBasis | None = Field(
        description="stated: printed in the text or its copyright line; inferred: from events it describes; "
        "external: the date of another, dated copy of the same text, named in the evidence"
    )
    evidence: Note = Field(description=f"What the date rests on ({_NOTE})")
    confidence: Confidence = Field(
        description="How sure the date is at its precision: high (printed in the text or on a dated copy of it), "
        "medium (inferred from dated events), low (a working assumption)"
    )
    date_in_text: str | None = Field(
        default=None, description="A publication date printed in the text, even when it conflicts with the content"
    )
    conflict: Note | None = Field(default=None, description=f"Why date_in_text is not used, when it is not ({_NOTE})")
    anchor: str = Field(description="Full day used as the TIMEX3 document creation time for relative expressions")
    anchor_note: Note = Field(description=f"Why this day was chosen as the anchor ({_NOTE})")
    anchor_confidence: Confidence = Field(
        description="How sure the anchor day is: high (the publication day itself is known), medium (inferred "
        "from dated events the text reports), low (a working assumption); values that depend on it say so in "
        "anchor_note"
    )

    _dates = field_validator("date", "date_in_text")(_check_partial_date)

    @field_validator("anchor")
    @classmethod
    def _full_anchor(cls, value: str) -> str:
        if _check_partial_date(value) is None or len(value) != 10:
            raise PydanticCustomError("malformed-date", "anchor {value} must be YYYY-MM-DD", {"value": repr(value)})
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        expected = {None: None, "year": 4, "month": 7, "day": 10}[self.precision]
        actual = None if self.date is None else len(self.date)
        if expected != actual:
            raise PydanticCustomError(
                "date-precision-mismatch",
                "date '{date}' does not have precision {precision}",
                {"date": self.date, "precision": self.precision},
            )
        if self.date is not None and not self.anchor.startswith(self.date):
            raise PydanticCustomError(
                "anchor-outside-date", "anchor {anchor} is not within date {date}",
                {"anchor": self.anchor, "date": self.date},
            )
        return self


class Licence(StrictModel):
    status: LicenceStatus
    holder: Line | None = Field(default=None, description=f"Copyright holder, when known ({_LINE})")
    note: Note = Field(description=f"What is known of the licence and how ({_NOTE})")


class Upstream(StrictModel):
    """Another outlet's text that this one reproduces, so that a reader can weigh the reporting it carries."""

    outlet: Line | None = Field(description=f"The outlet whose text is reproduced; null where unknown ({_LINE})")
    relation: UpstreamRelation = Field(description="copy: verbatim; rewrite: the same reporting, reworded")
    evidence: Note = Field(description=f"Which copies show the relation, and how they were found ({_NOTE})")
    confidence: Confidence = Field(description="How sure the relation and the outlet are")


class ArticleMetadata(StrictModel):
    """Everything known about one article; unknown values are null with a note, never guessed."""

    doc_id: DocId
    text_sha256: Sha256 = Field(description="sha256 of the article's .txt file, bytes as received")
    source_file: Annotated[str, PlainText(FILE_NAME_MAX)] = Field(
        description=f"File name under which the text was received (one line, at most {FILE_NAME_MAX} characters)"
    )
    headline: Annotated[str, PlainText(HEADLINE_MAX)] | None = Field(
        description="Headline as printed in the text; null where the text has none "
        f"(one line, at most {HEADLINE_MAX} characters)"
    )
    outlet: Line | None = Field(description=f"Publisher of this copy of the text; null where unknown ({_LINE})")
    outlet_note: Note | None = Field(default=None, description=f"How the outlet was established ({_NOTE})")
    outlet_confidence: Confidence | None = Field(
        description="How sure the outlet is; null exactly when the outlet is null"
    )
    attributed_sources: tuple[Line, ...] = Field(
        description="Agencies and outlets the text itself attributes its reporting to; the text is their "
        f"evidence ({_LINE} each)"
    )
    upstream: tuple[Upstream, ...] = Field(
        default=(), description="Other outlets' texts that this text copies or rewrites, with evidence"
    )
    publication: PublicationDate
    language: Language = "en"
    licence: Licence
    split: Split
    zones: tuple[Zone, ...] = ()
    defects: tuple[Note, ...] = Field(
        default=(), description=f"Known defects of the text, left unfixed ({_NOTE} each)"
    )
    notes: Note | None = Field(default=None, description=f"Anything else a reader should know ({_NOTE})")

    @model_validator(mode="after")
    def _outlet_confidence_with_outlet(self) -> Self:
        if (self.outlet is None) != (self.outlet_confidence is None):
            raise PydanticCustomError(
                "outlet-confidence-mismatch", "outlet_confidence is {confidence} but outlet is {outlet}",
                {"confidence": repr(self.outlet_confidence), "outlet": repr(self.outlet)},
            )
        return self


class RegistryEntity(StrictModel):
    """One real-world entity; mentions link to it so that 'Kiev' and 'Kyiv' resolve to one key."""

    id: EntityKey
    name: Line = Field(description=f"Canonical English name ({_LINE})")
    label: EntityLabel
    aliases: tuple[Line, ...] = Field(default=(), description=f"Spelling variants seen in news ({_LINE} each)")
    wikidata: WikidataId | None = Field(default=None, description="Wikidata item id, e.g. Q7184")
