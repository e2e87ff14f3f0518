"""Closed-set fields are ClassLabels named by the schema, and a null in one survives Parquet and load_dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from datasets import ClassLabel, load_dataset
from pydantic import BaseModel

from nato_corpus.annotate import regenerate_rule_layer
from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.features import features_for
from nato_corpus.dataset.rows import annotation_row, with_label_names
from nato_corpus.schema import ArticleMetadata, DateAnnotation, Licence, PublicationDate
from nato_corpus.validate.documents import iter_documents

from conftest import REPO_ROOT, SAMPLE_DOC, make_corpus


def _enum(model: type[BaseModel], field: str) -> list[str]:
    """The field's allowed values as pydantic's JSON schema states them (independent of the features code)."""
    schema: dict[str, Any] = model.model_json_schema()["properties"][field]
    return next(option["enum"] for option in schema.get("anyOf", [schema]) if "enum" in option)


@pytest.mark.parametrize(("config", "path", "model", "field"), [
    ("documents", ("publication", "precision"), PublicationDate, "precision"),
    ("documents", ("publication", "basis"), PublicationDate, "basis"),
    ("documents", ("licence", "status"), Licence, "status"),
    ("documents", ("dates", "mod"), DateAnnotation, "mod"),
    ("dates", ("mod",), DateAnnotation, "mod"),
])
def test_closed_fields_are_class_labels_named_by_the_schema(config: str, path: tuple[str, ...],
                                                            model: type[BaseModel], field: str) -> None:
    feature: Any = features_for(config)
    for key in path:
        feature = feature[key] if isinstance(feature, dict) else feature.feature[key]
    assert isinstance(feature, ClassLabel)
    assert feature.names == _enum(model, field)


@pytest.fixture(scope="module")
def null_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Path]:
    """A corpus whose sample article has no known publication date (precision and basis null), built by the CLI."""
    layout = make_corpus(tmp_path_factory.mktemp("corpus"))
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    path = layout.metadata_path(SAMPLE_DOC)
    metadata = json.loads(path.read_text(encoding="utf-8"))
    metadata["publication"].update(date=None, precision=None, basis=None)
    path.write_text(json.dumps(metadata, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    regenerate_rule_layer(layout)
    out = layout.root / "out"
    assert main(["build", "--root", str(layout.root), "--out", str(out)]) == 0
    return layout, out


@pytest.mark.parametrize("streaming", [False, True])
def test_null_class_labels_round_trip(null_build: tuple[CorpusLayout, Path], streaming: bool) -> None:
    layout, out = null_build
    documents = {d.doc_id: d for d in iter_documents(layout)}
    loaded = load_dataset(str(out), "documents_rule", streaming=streaming)
    features = features_for("documents_rule")
    mods = set()
    for split in loaded:
        for row in loaded[split]:
            document = documents[row["doc_id"]]
            if row["doc_id"] == SAMPLE_DOC:
                assert row["publication"]["precision"] is None and row["publication"]["basis"] is None
            else:
                assert isinstance(row["publication"]["precision"], int)
            decoded = with_label_names(features, row)
            metadata = {k: v for k, v in decoded.items() if k in ArticleMetadata.model_fields}
            assert ArticleMetadata.model_validate({**metadata, "split": split}) == document.metadata
            assert decoded["dates"] == [annotation_row(a) for a in document.layer("rule", "dates") or []]
            assert decoded["figures"] == [annotation_row(a) for a in document.layer("rule", "figures") or []]
            mods |= {date["mod"] for date in decoded["dates"]} | {figure["bound"] for figure in decoded["figures"]}
    assert None in mods and mods - {None}  # both a null and a named mod or bound went through the ClassLabel
