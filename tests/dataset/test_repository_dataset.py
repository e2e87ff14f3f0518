"""The build of the real repository (not the fixture corpus): every gold and rule annotation survives load_dataset.

tests/dataset/test_build.py checks the build on a copy of the articles with a small hand-made human layer; this
module builds the repository itself once, so the committed annotation files, whatever they hold, are covered too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from datasets import get_dataset_config_names, load_dataset

from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.build import BuildResult, build_dataset, summarize_dataset
from nato_corpus.dataset.features import DOCUMENT_CONFIGS, FLAT_CONFIGS, config_splits
from nato_corpus.dataset.rows import annotation_row, with_label_names
from nato_corpus.schema import LAYERS, SPLITS
from nato_corpus.validate.documents import iter_documents

from conftest import REPO_ROOT, require

# Characters whose code-point and UTF-8 offsets differ; the round trip must carry them unchanged.
_SPECIAL = ("\u201c", "\u201d", "\u2019", "\u20ac", "\u00fc", "\u00a0", "\u2014")


@pytest.fixture(scope="module")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, BuildResult]:
    """The repository's corpus built once into a temporary folder (the repo's hf_dataset/ is left alone)."""
    layout = CorpusLayout(REPO_ROOT)
    return layout, build_dataset(layout, tmp_path_factory.mktemp("repo-build") / "hf_dataset")


def test_corpus_exercises_the_awkward_characters(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    texts = "".join(document.text for document in iter_documents(repo_build[0]))
    assert [c for c in _SPECIAL if c not in texts] == []  # else the round trip below proves less than it claims


def test_document_configs_round_trip_every_annotation(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    layout, result = repo_build
    documents = {d.doc_id: d for d in iter_documents(layout)}
    for config, origin in DOCUMENT_CONFIGS.items():
        loaded = load_dataset(str(result.out_dir), config)
        seen = set()
        for split in loaded:
            features = loaded[split].features
            for row in loaded[split]:
                document = documents[row["doc_id"]]
                seen.add(document.doc_id)
                assert split == document.metadata.split
                assert row["text"].encode("utf-8") == layout.text_path(document.doc_id).read_bytes()
                decoded = with_label_names(features, row)
                for layer in LAYERS:
                    expected = document.layer(origin, layer)
                    assert (layer in row["annotated_layers"]) == (expected is not None), (document.doc_id, layer)
                    assert decoded[layer] == [annotation_row(a) for a in expected or []], (config, layer)
        assert seen == set(documents)


def test_flat_tables_round_trip_and_spans_match_the_text(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    layout, result = repo_build
    documents = {d.doc_id: d for d in iter_documents(layout)}
    configs = set(get_dataset_config_names(str(result.out_dir)))
    for config, (layer, origin) in FLAT_CONFIGS.items():  # gold in `<layer>`, rule in `<layer>_rule`, never mixed
        expected = sorted(
            json.dumps({"doc_id": doc_id, **annotation_row(a)}, sort_keys=True, ensure_ascii=False)
            for doc_id, document in documents.items() for a in document.layer(origin, layer) or [])
        if not expected:
            assert config not in configs  # no rows, no config: an empty Parquet file would not load
            continue
        loaded = load_dataset(str(result.out_dir), config)
        got = []
        for split in loaded:
            for row in loaded[split]:
                decoded = with_label_names(loaded[split].features, row)
                text = documents[decoded["doc_id"]].text
                assert text[decoded["start"]:decoded["end"]] == decoded["text"]
                got.append(json.dumps(decoded, sort_keys=True, ensure_ascii=False))
        assert sorted(got) == expected, config


def test_streaming_equals_the_prepared_dataset(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    out = str(repo_build[1].out_dir)
    for config in get_dataset_config_names(out):
        prepared = load_dataset(out, config)
        assert set(prepared) == {s for s in config_splits(config) if repo_build[1].sizes[config][s]["num_examples"]}
        for split in prepared:
            streamed = list(load_dataset(out, config, split=split, streaming=True))
            assert streamed == list(prepared[split]), (config, split)


def test_rebuild_is_byte_identical(repo_build: tuple[CorpusLayout, BuildResult], tmp_path: Path) -> None:
    layout, result = repo_build
    again = build_dataset(layout, tmp_path / "again")
    assert (again.out_dir / "SHA256SUMS").read_bytes() == (result.out_dir / "SHA256SUMS").read_bytes()


def test_croissant_validates_and_keeps_its_rai_fields(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    """mlcroissant ignores misspelt rai: keys silently, so read them back rather than trust validation alone."""
    mlc = require("mlcroissant")
    path = repo_build[1].out_dir / "croissant.json"
    dataset = mlc.Dataset(jsonld=str(path))  # raises ValidationError on an invalid file
    written = {k for k in json.loads(path.read_text(encoding="utf-8")) if k.startswith("rai:")}
    assert written
    read_back = {k for k, v in dataset.metadata.to_json().items() if k.startswith("rai:") and v}
    assert read_back == written
    for layer in LAYERS:
        if repo_build[1].sizes[layer]["train"]["num_examples"]:
            records = list(mlc.Dataset(jsonld=str(path)).records(layer))
            assert len(records) == sum(s["num_examples"] for s in repo_build[1].sizes[layer].values())


def test_summary_reports_every_config(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    summary = summarize_dataset(repo_build[1].out_dir)
    for config in get_dataset_config_names(str(repo_build[1].out_dir)):
        assert f"  {config} " in summary
    total = sum(repo_build[1].sizes["documents"][s]["num_examples"] for s in SPLITS)
    assert total == len(repo_build[0].doc_ids())
