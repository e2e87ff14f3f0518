"""Pydantic v2 schemas of the corpus: articles, the entity registry and the four annotation layers."""

from nato_corpus.schema.annotations import (
    ANNOTATION_ADAPTER,
    ENTITY_LABELS,
    LABEL_FIELD,
    MODEL_BY_LAYER,
    QUOTE_KINDS,
    SCHEMA_VERSION,
    Annotation,
    AnnotationBase,
    AnnotationFileHeader,
    DateAnnotation,
    EntityAnnotation,
    FigureAnnotation,
    QuoteAnnotation,
    SpanRef,
)
from nato_corpus.schema.article import (
    UNANNOTATED_ZONES,
    ZONE_KINDS,
    ArticleMetadata,
    Licence,
    PublicationDate,
    RegistryEntity,
    Upstream,
    Zone,
)
from nato_corpus.schema.base import ANNOTATION_ID_PATTERN, ID_PREFIX, PlainText, StrictModel
from nato_corpus.schema.vocabulary import LAYERS, ORIGINS, SPLITS

__all__ = [
    "ANNOTATION_ADAPTER", "ANNOTATION_ID_PATTERN", "ENTITY_LABELS", "ID_PREFIX", "LABEL_FIELD", "LAYERS",
    "MODEL_BY_LAYER",
    "ORIGINS", "QUOTE_KINDS", "SCHEMA_VERSION",
    "SPLITS", "UNANNOTATED_ZONES", "ZONE_KINDS", "Annotation", "AnnotationBase", "AnnotationFileHeader",
    "ArticleMetadata", "DateAnnotation", "EntityAnnotation", "FigureAnnotation", "Licence", "PlainText",
    "PublicationDate", "QuoteAnnotation", "RegistryEntity", "SpanRef", "StrictModel", "Upstream", "Zone",
]
