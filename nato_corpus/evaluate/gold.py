"""Where the gold layer comes from: a corpus folder, a built dataset folder, or a Hugging Face dataset id.

``nato-corpus bench`` scores against a :class:`GoldSet`, so that a system is scored the same way whether the
reference is a checkout of the corpus, the output of ``nato-corpus build`` (Parquet configs ``documents``,
``documents_rule``, ...) or the published dataset.  :func:`load_gold` tells the three apart:

- a folder with ``articles/`` and ``registry/`` is a corpus, read through its :class:`CorpusLayout`;
- a folder with ``data/documents/`` is a built dataset, read with ``datasets.load_dataset(folder, "documents")``
  through a private cache (``datasets`` keys a local folder's cache by file patterns, not contents, so a
  shared cache could hand back an earlier build);
- anything else shaped like ``owner/name`` is a dataset id, read with ``datasets.load_dataset(id, "documents")``.

Dataset rows are decoded with the dataset's own ``Features`` (ClassLabel ids to names through ``int2str``, in
:func:`nato_corpus.dataset.rows.with_label_names`), never with a copy of the label lists, and validated with
the corpus schema, so both routes give the same :class:`~nato_corpus.schema.Annotation` objects.
"""

from __future__ import annotations

import re
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError

from nato_corpus.corpus import CorpusLayout, is_corpus_root, read_text
from nato_corpus.files import CorpusError
from nato_corpus.schema import ANNOTATION_ADAPTER, LAYERS, UNANNOTATED_ZONES, Annotation, Zone
from nato_corpus.validate.annotations import Zones
from nato_corpus.validate.documents import load_document, read_annotations, read_metadata

GOLD_CONFIG: Final = "documents"  # the human layers, one row per article
RULE_CONFIG: Final = "documents_rule"  # the rule layers, same rows
NOT_A_SOURCE: Final = "not a corpus folder, a built dataset folder or a dataset id"
# Hub repository ids: an optional owner, then a name (letters, digits, '.', '_', '-'; at most 96 each)
_DATASET_ID: Final = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}")
_REQUIRED_COLUMNS: Final = ("doc_id", "text", "publication", "zones", "annotated_layers", *LAYERS)


class GoldError(CorpusError):
    """``--gold`` cannot be scored against; the message is one line.  `usage` marks a source that is not one
    of the three kinds at all (exit 2), as opposed to one that is but cannot be read (exit 1)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message, option="--gold", exit_code=2 if usage else 1)
        self.usage = usage


@dataclass(frozen=True)
class GoldDocument:
    """One article as the scorer needs it, whatever the source: text, split, zones and its gold layers."""

    doc_id: str
    text: str
    split: str
    anchor: str  # the day relative dates resolve against, for systems that need it
    zones: tuple[Zone, ...]
    annotations: Mapping[str, tuple[Annotation, ...]]  # annotated layers only: a missing key is not annotated

    @property
    def layers(self) -> tuple[str, ...]:
        """The layers the gold layer annotates, in the corpus's layer order."""
        return tuple(layer for layer in LAYERS if layer in self.annotations)

    def layer(self, layer: str) -> list[Annotation] | None:
        """Gold annotations of one layer, [] when annotated with no spans, None when not annotated."""
        found = self.annotations.get(layer)
        return None if found is None else list(found)

    def unannotated_zone(self, start: int, end: int) -> Zone | None:
        """A boilerplate, credits or artifact zone that [start, end) overlaps, if any (no layer annotates
        there, so a prediction there is neither right nor wrong).  A binary search: a built dataset may hold
        any number of zones, and every prediction is looked up."""
        zones, by_place = self._unannotated
        touched = zones.touched(start, end)
        return None if touched is None else by_place[touched]

    @cached_property
    def _unannotated(self) -> tuple[Zones, dict[tuple[int, int, str], Zone]]:
        by_place = {(z.start, z.end, z.kind): z for z in self.zones if z.kind in UNANNOTATED_ZONES}
        return Zones(list(by_place)), by_place


class GoldSet(ABC):
    """The documents to score against, by id in sorted order (the bootstrap resamples in this order)."""

    name: str  # as the user gave it, for messages

    @abstractmethod
    def doc_ids(self, split: str = "all") -> list[str]:
        """Sorted ids of the documents of `split` ("all": every document)."""

    @abstractmethod
    def document(self, doc_id: str) -> GoldDocument:
        """The document with its gold layers; KeyError for an unknown id."""

    def text(self, doc_id: str) -> str:
        return self.document(doc_id).text

    @property
    @abstractmethod
    def has_rule_layer(self) -> bool:
        """Whether the source carries the committed rule layer (the ``rules`` baseline)."""

    @abstractmethod
    def rule_annotations(self, doc_id: str) -> list[Annotation]:
        """The document's rule annotations ([] when it has none)."""


class CorpusGold(GoldSet):
    """The gold layer of a corpus folder (``annotations/human/``), read one document at a time."""

    def __init__(self, layout: CorpusLayout) -> None:
        self.layout = layout
        self.name = str(layout.root)
        self._splits: dict[str, str] = {}

    def doc_ids(self, split: str = "all") -> list[str]:
        ids = self.layout.doc_ids()
        if split == "all":
            return ids
        for doc_id in ids:
            if doc_id not in self._splits:  # metadata only: the texts and annotations are not needed here
                self._splits[doc_id] = read_metadata(self.layout, doc_id).split
        return [doc_id for doc_id in ids if self._splits[doc_id] == split]

    def document(self, doc_id: str) -> GoldDocument:
        document = load_document(self.layout, doc_id, ("human",))
        file = document.annotations.get("human")
        layers = {} if file is None else {layer: tuple(file.by_layer(layer)) for layer in file.header.layers}
        metadata = document.metadata
        return GoldDocument(document.doc_id, document.text, metadata.split, metadata.publication.anchor,
                            metadata.zones, layers)

    def text(self, doc_id: str) -> str:
        return read_text(self.layout, doc_id)

    @property
    def has_rule_layer(self) -> bool:
        return True  # a document without a rule file simply has no rule annotations

    def rule_annotations(self, doc_id: str) -> list[Annotation]:
        file = read_annotations(self.layout, "rule", doc_id)
        return list(file.annotations) if file else []


class DatasetGold(GoldSet):
    """The ``documents`` config of a built dataset folder or a Hub dataset, decoded row by row on demand."""

    def __init__(self, name: str, source: str, *, local: bool) -> None:
        self.name = name
        self._source = source
        self._local = local
        # a private cache for a local folder (see the module docstring); the data is kept in memory, so the
        # cache is only needed while loading, and goes when this object does
        self._cache = tempfile.TemporaryDirectory(prefix="nato-corpus-gold-") if local else None
        self._gold = self._index(self._load(GOLD_CONFIG))
        self._rule: dict[str, tuple[str, Any, int]] | None = None
        self._rule_loaded = False

    def _load(self, config: str) -> Any:
        from datasets import disable_progress_bars, load_dataset

        disable_progress_bars()  # the report is the output; per-split progress bars would drown it
        options: dict[str, Any] = {"cache_dir": self._cache.name, "keep_in_memory": True} if self._cache else {}
        try:
            return load_dataset(self._source, config, **options)
        except Exception as exc:  # datasets raises many types (ValueError, ConnectionError, FileNotFoundError, ...)
            reason = (str(exc).splitlines() or [type(exc).__name__])[0]
            if self._local:
                raise GoldError(f"{self.name}: cannot load config {config!r} with datasets.load_dataset: "
                                f"{reason}") from None
            raise GoldError(f"{self.name}: {NOT_A_SOURCE} (datasets.load_dataset: {reason})", usage=True) from None

    def _index(self, loaded: Any) -> dict[str, tuple[str, Any, int]]:
        """doc_id -> (split, dataset, row), checking the columns once rather than failing on some row later."""
        index: dict[str, tuple[str, Any, int]] = {}
        for split, dataset in loaded.items():
            missing = [c for c in _REQUIRED_COLUMNS if c not in dataset.column_names]
            if missing:
                raise GoldError(f"{self.name}: not a nato-corpus dataset: its {GOLD_CONFIG!r} config has no "
                                f"column {missing[0]!r}")
            for row, doc_id in enumerate(dataset["doc_id"]):
                if doc_id in index:
                    raise GoldError(f"{self.name}: document {doc_id!r} occurs twice (splits {index[doc_id][0]} "
                                    f"and {split})")
                index[doc_id] = (split, dataset, row)
        return dict(sorted(index.items()))

    def doc_ids(self, split: str = "all") -> list[str]:
        return [doc_id for doc_id, (found, _, _) in self._gold.items() if split in ("all", found)]

    def _row(self, where: tuple[str, Any, int]) -> dict[str, Any]:
        from nato_corpus.dataset.rows import with_label_names

        _, dataset, row = where
        return with_label_names(dataset.features, dataset[row])

    def _layers(self, row: dict[str, Any], doc_id: str) -> dict[str, tuple[Annotation, ...]]:
        layers = {}
        for layer in row["annotated_layers"]:
            if layer not in LAYERS:
                raise GoldError(f"{self.name}: document {doc_id!r}: unknown layer {layer!r} in annotated_layers")
            try:
                layers[layer] = tuple(ANNOTATION_ADAPTER.validate_python({**item, "layer": layer})
                                      for item in row[layer])
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                field = ".".join(str(p) for p in first["loc"][1:]) or "record"
                raise GoldError(f"{self.name}: document {doc_id!r}: {layer} field {field}: {first['msg']}") from None
            reach: Annotation | None = None  # layers are flat, as the validator keeps them (scoring relies on it)
            for annotation in sorted(layers[layer], key=lambda a: (a.start, a.end)):
                if reach is not None and annotation.start < reach.end:
                    raise GoldError(f"{self.name}: document {doc_id!r}: {layer} {annotation.id} "
                                    f"[{annotation.start}, {annotation.end}) overlaps {reach.id} [{reach.start}, "
                                    f"{reach.end}); a nato-corpus build has no overlapping spans in a layer")
                if reach is None or annotation.end > reach.end:
                    reach = annotation
        return layers

    def document(self, doc_id: str) -> GoldDocument:
        where = self._gold[doc_id]
        row = self._row(where)
        try:
            zones = tuple(Zone.model_validate(zone) for zone in row["zones"] or ())
        except ValidationError as exc:
            raise GoldError(f"{self.name}: document {doc_id!r}: zones: "
                            f"{exc.errors(include_url=False)[0]['msg']}") from None
        return GoldDocument(doc_id, row["text"], where[0], str((row["publication"] or {}).get("anchor")), zones,
                            self._layers(row, doc_id))

    def text(self, doc_id: str) -> str:
        _, dataset, row = self._gold[doc_id]
        return str(dataset[row]["text"])

    def _rule_index(self) -> dict[str, tuple[str, Any, int]] | None:
        if not self._rule_loaded:
            self._rule_loaded = True
            if self._local and not (Path(self._source) / "data" / RULE_CONFIG).is_dir():
                return None
            try:
                self._rule = self._index(self._load(RULE_CONFIG))
            except GoldError:
                self._rule = None
        return self._rule

    @property
    def has_rule_layer(self) -> bool:
        return self._rule_index() is not None

    def rule_annotations(self, doc_id: str) -> list[Annotation]:
        index = self._rule_index()
        if index is None or doc_id not in index:
            return []
        annotations = self._layers(self._row(index[doc_id]), doc_id)
        return [a for layer in LAYERS for a in annotations.get(layer, ())]


def is_built_dataset(folder: Path) -> bool:
    """A folder written by ``nato-corpus build`` (or a clone of the published repository)."""
    return (folder / "data" / GOLD_CONFIG).is_dir()


def load_gold(spec: str | Path | CorpusLayout) -> GoldSet:
    """The gold set a ``--gold`` value names (see the module docstring); GoldError when it names none."""
    if isinstance(spec, CorpusLayout):
        return CorpusGold(spec)
    shown = str(spec)
    path = Path(spec)
    if path.is_dir():
        if is_corpus_root(path):
            return CorpusGold(CorpusLayout(path.resolve()))
        if is_built_dataset(path):
            return DatasetGold(shown, str(path.resolve()), local=True)
        raise GoldError(f"{shown}: {NOT_A_SOURCE}", usage=True)
    if path.exists() or path.is_symlink() or not _DATASET_ID.fullmatch(shown):
        raise GoldError(f"{shown}: {NOT_A_SOURCE}", usage=True)
    return DatasetGold(shown, shown, local=False)


def as_gold(source: GoldSet | CorpusLayout) -> GoldSet:
    """A gold set from either a gold set or a corpus layout (the scorer's functions accept both)."""
    return source if isinstance(source, GoldSet) else CorpusGold(source)


__all__ = ["GOLD_CONFIG", "NOT_A_SOURCE", "RULE_CONFIG", "CorpusGold", "DatasetGold", "GoldDocument", "GoldError",
           "GoldSet", "as_gold", "is_built_dataset", "load_gold"]
