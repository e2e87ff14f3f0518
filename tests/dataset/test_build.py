"""The Hugging Face build: loadable with no script, exact on round trip, deterministic, atomic, card fresh."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from datasets import ClassLabel, get_dataset_config_names, load_dataset

from nato_corpus import validate
from nato_corpus.annotate import regenerate_rule_layer
from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.build import BuildError, build_dataset, corpus_sizes
from nato_corpus.dataset.card import CARD_FILE, render_card, stale_card_parts
from nato_corpus.dataset.features import DOCUMENT_CONFIGS, LAYER_FIELDS, METADATA_FIELDS, present_configs
from nato_corpus.dataset.rows import annotation_row, with_label_names
from nato_corpus.files import OUTPUT_MARKER
from nato_corpus.schema import LAYERS, MODEL_BY_LAYER, SPLITS, ArticleMetadata
from nato_corpus.validate.documents import InvalidCorpus, iter_documents

from conftest import REPO_ROOT, SAMPLE_DOC, make_corpus, require


@pytest.fixture
def corpus(corpus: CorpusLayout) -> CorpusLayout:
    """The shared fixture corpus plus the LICENSE.md that every build includes."""
    shutil.copy(REPO_ROOT / "LICENSE.md", corpus.root / "LICENSE.md")
    return corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Path]:
    """A corpus with a human layer for one article and the real rule layer for all, built once."""
    layout = make_corpus(tmp_path_factory.mktemp("corpus"))
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    regenerate_rule_layer(layout)
    (layout.root / CARD_FILE).write_text(
        render_card(layout, (layout.root / CARD_FILE).read_text(encoding="utf-8"), corpus_sizes(layout)),
        encoding="utf-8")
    out = layout.root / "hf_dataset"
    build_dataset(layout, out)
    return layout, out


def _configs(built: tuple[CorpusLayout, Path]) -> list[str]:
    return present_configs(corpus_sizes(built[0]))


def test_every_config_and_split_loads_with_no_script(built: tuple[CorpusLayout, Path]) -> None:
    layout, out = built
    assert not list(out.glob("*.py"))
    assert sorted(get_dataset_config_names(str(out))) == sorted(_configs(built))
    assert {"documents", "documents_rule", "entities", "dates", "figures"} <= set(_configs(built))
    default = load_dataset(str(out))
    assert set(default) == set(SPLITS)
    assert sum(len(default[s]) for s in SPLITS) == len(layout.doc_ids())
    for config in _configs(built):
        loaded = load_dataset(str(out), config)
        for split in loaded:
            streamed = list(load_dataset(str(out), config, split=split, streaming=True))
            assert streamed == list(loaded[split])


def test_class_labels_are_restored(built: tuple[CorpusLayout, Path]) -> None:
    documents = load_dataset(str(built[1]), "documents", split="train")
    label = documents.features["entities"].feature["label"]
    assert isinstance(label, ClassLabel) and "PERSON" in label.names
    entities = load_dataset(str(built[1]), "entities", split="validation")
    assert entities.features["origin"].names == ["human", "rule"]


def test_round_trip_is_exact(built: tuple[CorpusLayout, Path]) -> None:
    layout, out = built
    for config, origin in DOCUMENT_CONFIGS.items():
        loaded = load_dataset(str(out), config)
        rows = {row["doc_id"]: (row, split) for split in loaded for row in loaded[split]}
        features = loaded["train"].features
        for document in iter_documents(layout):
            row, split = rows[document.doc_id]
            assert split == document.metadata.split
            assert row["text"] == document.text  # curly quotes, €, ü, no-break spaces
            assert row["text"].encode("utf-8") == layout.text_path(document.doc_id).read_bytes()
            decoded = with_label_names(features, row)
            metadata = {k: v for k, v in decoded.items() if k in ArticleMetadata.model_fields}
            assert ArticleMetadata.model_validate({**metadata, "split": split}) == document.metadata
            for layer in LAYERS:
                expected = document.layer(origin, layer)
                assert (layer in row["annotated_layers"]) == (expected is not None)
                got = [MODEL_BY_LAYER[layer].model_validate({**a, "layer": layer}) for a in decoded[layer]]
                assert got == list(expected or [])
    with pytest.raises(TypeError, match=r"the features come first, then the row"):
        with_label_names(row, features)
    with pytest.raises(TypeError, match=r"pass one row \(dataset\[i\]\), not a batch"):
        with_label_names(features, loaded["train"][:2])


def test_flat_configs_hold_gold_and_the_rule_layer_its_own(built: tuple[CorpusLayout, Path]) -> None:
    layout, out = built
    document = next(d for d in iter_documents(layout) if d.doc_id == SAMPLE_DOC)
    for config, origin in (("entities", "human"), ("entities_rule", "rule")):
        loaded = load_dataset(str(out), config, split="validation")
        rows = [with_label_names(loaded.features, r) for r in loaded]
        expected = [{"doc_id": SAMPLE_DOC, **annotation_row(a)} for a in document.layer(origin, "entities")]
        assert rows == expected and {r["origin"] for r in rows} == {origin}


def test_features_mirror_the_pydantic_models() -> None:
    for layer, fields in LAYER_FIELDS.items():
        assert set(fields) == set(MODEL_BY_LAYER[layer].model_fields) - {"layer"}
    assert set(METADATA_FIELDS) == (set(ArticleMetadata.model_fields) - {"split"}) | {"text"}


def test_two_builds_are_byte_identical(built: tuple[CorpusLayout, Path], tmp_path: Path) -> None:
    layout, out = built
    build_dataset(layout, tmp_path / "again")
    assert (tmp_path / "again" / "SHA256SUMS").read_bytes() == (out / "SHA256SUMS").read_bytes()
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*") if p.is_file())
    for relative in files:
        assert (out / relative).read_bytes() == (tmp_path / "again" / relative).read_bytes(), relative


def test_checksums_cover_every_file(built: tuple[CorpusLayout, Path]) -> None:
    import hashlib

    out = built[1]
    listed = {}
    for line in (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == files - {OUTPUT_MARKER}  # the marker says who wrote the folder; it is not uploaded
    for name, digest in listed.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


def test_card_yaml_parses_and_declares_every_config(built: tuple[CorpusLayout, Path]) -> None:
    from datasets.info import DatasetInfosDict
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCard

    out = built[1]
    card = DatasetCard.load(out / "README.md")
    configs = MetadataConfigs.from_dataset_card_data(card.data)
    on_disk = {p.name for p in (out / "data").iterdir()}
    assert set(configs) == on_disk
    assert configs.get_default_config_name() == "documents"
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    assert set(infos) == on_disk
    for name, info in infos.items():
        parquet_features = load_dataset(str(out), name, split=next(iter(info.splits))).features
        assert info.features == parquet_features


def test_invalid_corpus_is_refused_and_leaves_no_output(corpus: CorpusLayout) -> None:
    path = corpus.annotation_path("human", SAMPLE_DOC)
    path.write_text(path.read_text(encoding="utf-8").replace('"ORG"', '"ORGANISATION"'), encoding="utf-8")
    with pytest.raises(InvalidCorpus, match=r"\[literal_error\] Input should be 'PERSON'"):
        build_dataset(corpus, corpus.root / "out")
    assert not (corpus.root / "out").exists()
    assert [p.name for p in corpus.root.iterdir() if p.name.startswith(".out")] == []


def test_failed_build_keeps_the_previous_one(corpus: CorpusLayout, monkeypatch: pytest.MonkeyPatch) -> None:
    out = corpus.root / "out"
    build_dataset(corpus, out)
    before = (out / "SHA256SUMS").read_bytes()

    def explode(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr("nato_corpus.dataset.build.croissant_metadata", explode)
    with pytest.raises(BuildError, match=f"^{re.escape(str(out))}: build failed: disk full$"):
        build_dataset(corpus, out)
    assert (out / "SHA256SUMS").read_bytes() == before
    assert [p.name for p in corpus.root.iterdir() if p.name.startswith(".out")] == []


def test_build_check_detects_a_stale_card(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--root", str(corpus.root), "--update-card"]) == 0
    assert main(["build", "--root", str(corpus.root), "--check"]) == 0
    regenerate_rule_layer(corpus)  # new annotations: the card's counts are now stale
    assert stale_card_parts(corpus, corpus_sizes(corpus))
    capsys.readouterr()
    assert main(["build", "--root", str(corpus.root), "--check"]) == 1
    assert "is stale; run nato-corpus build --update-card" in capsys.readouterr().out


def test_repository_card_is_fresh() -> None:
    assert main(["build", "--check"]) == 0


def test_croissant_validates_with_mlcroissant(built: tuple[CorpusLayout, Path]) -> None:
    mlc = require("mlcroissant")
    out = built[1]
    dataset = mlc.Dataset(jsonld=str(out / "croissant.json"))
    records = list(dataset.records("dates"))
    assert len(records) == sum(len(split) for split in load_dataset(str(out), "dates").values())
    metadata = json.loads((out / "croissant.json").read_text(encoding="utf-8"))
    descriptions = [f["description"] for rs in metadata["recordSet"] for f in rs["field"]]
    assert any("PERSON" in d for d in descriptions)  # ClassLabel names survive in descriptions


def test_main_job_prints_a_summary(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["main", "--root", str(corpus.root)]) == 0
    out = capsys.readouterr().out
    assert "read back with datasets.load_dataset" in out
    assert "documents       rows: train 2, validation 1, test 2" in out


def test_publish_dry_run_lists_files_without_a_token(built: tuple[CorpusLayout, Path],
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    out = built[1]
    assert main(["publish", "--repo-id", "someone/nato-corpus", "--out", str(out), "--dry-run"]) == 0
    printed = capsys.readouterr().out
    for name in ("README.md", "croissant.json", "SHA256SUMS", "data/documents/train-00000-of-00001.parquet"):
        assert name in printed
    assert printed.strip().endswith("files would be uploaded to datasets/someone/nato-corpus")


def test_publish_without_token_fails_cleanly(built: tuple[CorpusLayout, Path], capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    assert main(["publish", "--repo-id", "someone/nato-corpus", "--out", str(built[1])]) == 1
    assert capsys.readouterr().err.strip() == (
        "error: HF_TOKEN is not set; export a write token to publish (or use --dry-run)")


def test_publish_rejects_a_bad_repo_id(built: tuple[CorpusLayout, Path]) -> None:
    assert main(["publish", "--repo-id", "no-slash", "--out", str(built[1]), "--dry-run"]) == 1


def test_summary_lists_splits_beyond_train_validation_test() -> None:
    """The probes configs' splits are the probe sets; the summary must not print them as empty."""
    from nato_corpus.dataset.build import _summary_line

    assert _summary_line({"heldout": [1, 2], "train": [1]}, "probes").endswith("rows: train 1, heldout 2")


def test_a_large_split_is_written_in_shards_and_row_groups(corpus: CorpusLayout, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    from nato_corpus.dataset import build

    whole = build_dataset(corpus, tmp_path / "whole").out_dir
    monkeypatch.setattr(build, "SHARD_BYTES", 4_000)  # some registry rows per shard, fewer per row group
    monkeypatch.setattr(build, "ROW_GROUP_BYTES", 1_000)
    outputs = [build_dataset(corpus, tmp_path / name).out_dir for name in ("sharded", "again")]
    shards = sorted((outputs[0] / "data" / "registry").glob("train-*.parquet"))
    assert len(shards) > 1 and shards[0].name == f"train-00000-of-{len(shards):05d}.parquet"
    assert pq.ParquetFile(shards[0]).num_row_groups > 1
    assert pq.read_table(shards).equals(pq.read_table(whole / "data" / "registry" / "train-00000-of-00001.parquet"))
    assert [p.read_bytes() for p in shards] == \
        [p.read_bytes() for p in sorted((outputs[1] / "data" / "registry").glob("train-*.parquet"))]
    loaded = load_dataset(str(outputs[0]), "registry", split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.num_rows == pq.read_table(shards).num_rows


def _published(out: Path) -> dict[str, bytes]:
    """Every file of a build but its output marker (which names the process that wrote it)."""
    from nato_corpus.dataset.build import folder_files

    return {name: (out / name).read_bytes() for name in sorted(folder_files(out))}


def test_jobs_2_writes_the_bytes_of_jobs_1(tmp_path: Path) -> None:
    layout = CorpusLayout(REPO_ROOT)  # articles with both layers, and probe corpora
    one = build_dataset(layout, tmp_path / "one", jobs=1).out_dir
    assert main(["build", "--root", str(REPO_ROOT), "--jobs", "2", "--out", str(tmp_path / "two")]) == 0
    assert _published(tmp_path / "two") == _published(one)


def test_split_sizes_are_the_nbytes_of_the_whole_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build counts a split's size from its rows as they stream past; the shard cuts and the card's num_bytes
    are defined on the size of the whole table, so both must agree, however the rows were batched."""
    from collections import defaultdict

    import pyarrow as pa

    from nato_corpus.dataset import build
    from nato_corpus.dataset.features import features_for

    layout = CorpusLayout(REPO_ROOT)
    rows: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for document in iter_documents(layout):
        for config, found in build.document_rows(document).items():
            rows[config, document.metadata.split] += found
    monkeypatch.setattr(validate, "DOCUMENTS_PER_GROUP", 1)  # a batch per document
    monkeypatch.setattr(build, "SPILL_BATCHES", 1)  # each counted as it arrives
    sizes = build.scan_corpus(layout).sizes
    for (config, split), found in rows.items():
        features = features_for(config)
        table = pa.Table.from_pylist([features.encode_example(row) for row in found], schema=features.arrow_schema)
        assert sizes[config][split] == {"num_examples": table.num_rows, "num_bytes": table.nbytes}, (config, split)


def test_rows_are_encoded_as_datasets_encodes_them() -> None:
    """The build turns ClassLabel names into ids in Arrow, a column at a time (BatchEncoder); the batch must be
    what ``Features.encode_example`` makes of each row, for every config, nested labels and nulls included."""
    from collections import defaultdict

    import pyarrow as pa

    from nato_corpus.dataset import build
    from nato_corpus.dataset.features import features_for

    rows: dict[str, list[dict[str, object]]] = defaultdict(list)
    for document in iter_documents(CorpusLayout(REPO_ROOT)):
        for config, found in build.document_rows(document).items():
            rows[config] += found
    for config, found in rows.items():
        features = features_for(config)
        expected = pa.Table.from_pylist([features.encode_example(row) for row in found], schema=features.arrow_schema)
        got = pa.Table.from_batches([build.BatchEncoder(features)(found)])
        assert got.equals(expected), config


def test_the_views_the_build_makes_in_arrow_are_the_rows_datasets_would_encode() -> None:
    """The build makes the documents configs' layers from the annotations' attributes and the flat, stand-off
    and ner configs in Arrow (BatchEncoder.documents, flat_batch, project, ner.sentence_batch); each must equal
    ``Features.encode_example`` of the reference rows (build.document_rows; the ner rows are held to the plain
    sentence rule by test_sentences_are_cut_as_the_rule_says), sizes included, for the corpus plus documents
    with a layer not annotated, a layer annotated with no spans and quotes without speaker or cue, in a group
    that mixes splits."""
    from collections import defaultdict

    import pyarrow as pa

    from nato_corpus.corpus import AnnotationFile, Document
    from nato_corpus.dataset import build
    from nato_corpus.dataset.features import features_for

    layout = CorpusLayout(REPO_ROOT)
    documents = list(iter_documents(layout))
    assert len({document.metadata.split for document in documents}) > 1
    first = documents[0]
    human = first.annotations["human"]
    bare = [a.model_copy(update={"speaker": None, "cue": None, "speaker_entity_id": None}) if a.layer == "quotes"
            else a for a in human.annotations if a.layer != "dates"]
    assert any(a.layer == "quotes" for a in bare)
    documents.append(Document(first.metadata, first.text, {  # dates annotated with no spans, figures not at all
        "human": AnnotationFile(human.header.model_copy(update={"layers": ("entities", "quotes", "dates")}),
                                tuple(a for a in bare if a.layer != "figures")),
        "rule": first.annotations["rule"]}))
    expected: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for document in documents:
        for config, found in build.document_rows(document).items():
            expected[config, document.metadata.split] += found
    piece = build._Pieces({layout.root: None}, frozenset())(layout, documents)
    made: dict[tuple[str, str], list[pa.RecordBatch]] = defaultdict(list)
    for config, split, batch in piece.batches:
        made[config, split].append(batch)
    assert set(made) == {key for key, rows in expected.items() if rows}
    for (config, split), batches in made.items():
        features = features_for(config)
        want = pa.Table.from_pylist([features.encode_example(row) for row in expected[config, split]],
                                    schema=features.arrow_schema)
        assert pa.Table.from_batches(batches).equals(want), (config, split)
        sizes = [build.ArrowSize(field.type) for field in want.schema]  # what the card and the shard cuts use
        for batch in batches:
            for size, column in zip(sizes, batch.columns, strict=True):
                size.add(column)
        assert sum(size.nbytes for size in sizes) == want.nbytes, (config, split)


def test_a_piece_sent_from_a_process_arrives_unchanged() -> None:
    """A --jobs process sends its batches as Arrow IPC messages (Piece.__reduce__), not pickled batches."""
    import pickle

    from nato_corpus.dataset import build

    layout = CorpusLayout(REPO_ROOT)
    piece = build._Pieces({layout.root: None}, frozenset())(layout, list(iter_documents(layout)))
    received = pickle.loads(pickle.dumps(piece))
    assert (received.probe, received.facts) == (piece.probe, piece.facts)
    assert [(c, s) for c, s, _ in received.batches] == [(c, s) for c, s, _ in piece.batches]
    for (_, _, sent), (_, _, got) in zip(piece.batches, received.batches, strict=True):
        assert got.schema == sent.schema and got.equals(sent)


def test_an_unknown_label_name_is_a_value_error_naming_it() -> None:
    from nato_corpus.dataset import build
    from nato_corpus.dataset.features import features_for

    encode = build.BatchEncoder(features_for("entities"))
    row = {"doc_id": "d", "id": "e1", "start": 0, "end": 4, "text": "NATO", "label": "ORG", "entity_id": "nato",
           "origin": "human", "annotator": "lead", "annotator_kind": "human"}
    assert encode([row]).column("label").to_pylist() == [features_for("entities")["label"].str2int("ORG")]
    with pytest.raises(ValueError, match="Invalid string class label PLANET"):
        encode([row, {**row, "label": "PLANET"}])
    nested = build.BatchEncoder(features_for("documents_standoff"))
    document = next(iter(build.document_rows(next(iter_documents(CorpusLayout(REPO_ROOT))))["documents_standoff"]))
    document["entities"][-1] = {**document["entities"][-1], "origin": "martian"}
    with pytest.raises(ValueError, match="Invalid string class label martian"):
        nested([document])


def test_a_build_reads_each_corpus_file_once(corpus: CorpusLayout, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation and the rows are one pass: no article, metadata or annotation file is read twice."""
    from collections import Counter

    from nato_corpus import files

    reads: Counter[str] = Counter()
    original = files.read_bytes

    def counting(root: Path, path: Path, *args: object, **kwargs: object) -> bytes:
        reads[str(path)] += 1
        return original(root, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "read_bytes", counting)
    build_dataset(corpus, tmp_path / "out")
    corpus_files = {str(p) for folder in ("articles", "annotations", "registry")
                    for p in (corpus.root / folder).rglob("*") if p.is_file()}
    assert corpus_files & set(reads)  # the counter sees the reads
    twice = {path: count for path, count in reads.items() if path in corpus_files and count > 1}
    assert not twice


def test_a_build_streamed_a_document_at_a_time_writes_the_same_bytes(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows reach the Parquet writer in record batches of a few documents; the files are those of writing each
    split as one table, and a split cut into many shards and row groups reads back as that table."""
    import pyarrow.parquet as pq

    from nato_corpus.dataset import build

    layout = CorpusLayout(REPO_ROOT)
    whole = build_dataset(layout, tmp_path / "whole").out_dir  # every split in one batch: fewer documents
    assert len(layout.doc_ids()) <= validate.DOCUMENTS_PER_GROUP
    monkeypatch.setattr(validate, "DOCUMENTS_PER_GROUP", 1)
    monkeypatch.setattr(build, "SPILL_BATCHES", 1)
    assert _published(build_dataset(layout, tmp_path / "streamed").out_dir) == _published(whole)
    monkeypatch.setattr(build, "SHARD_BYTES", 12_000)
    monkeypatch.setattr(build, "ROW_GROUP_BYTES", 3_000)
    sharded = build_dataset(layout, tmp_path / "sharded").out_dir
    for config in ("entities", "documents_standoff", "ner"):
        split = max(SPLITS, key=lambda s: len(list((whole / "data" / config).glob(f"{s}-*.parquet"))) and
                    pq.read_metadata(whole / "data" / config / f"{s}-00000-of-00001.parquet").num_rows)
        shards = sorted((sharded / "data" / config).glob(f"{split}-*.parquet"))
        assert len(shards) > 1, config
        assert config == "documents_standoff" or pq.ParquetFile(shards[0]).num_row_groups > 1, config  # rows < 3 KB
        assert pq.read_table(shards).equals(pq.read_table(whole / "data" / config / f"{split}-00000-of-00001.parquet"))


def test_an_invalid_document_is_one_line_with_any_number_of_processes(corpus: CorpusLayout,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`build --check` reads the corpus without validating it first: the document's error, raised in a --jobs
    process, is the line one process prints."""
    path = corpus.annotation_path("human", SAMPLE_DOC)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = re.sub(r'"start": \d+', '"start": 99999', lines[1], count=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = []
    for jobs in ("1", "2"):
        assert main(["build", "--root", str(corpus.root), "--check", "--jobs", jobs]) == 1
        printed.append(capsys.readouterr().err)
    assert printed[0] == printed[1] and printed[0].count("\n") == 1 and "[span-empty-or-reversed]" in printed[0]


@pytest.mark.parametrize(("chosen", "expected"), [(None, "system"), ("mimalloc", "mimalloc")])
def test_commands_use_the_system_allocator_unless_the_user_chose_one(chosen: str | None, expected: str) -> None:
    """mimalloc kept the pages a streaming build freed (its peak memory grew with the row groups written)."""
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen is not None:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    probe = "import nato_corpus.cli, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    found = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == expected


def test_a_large_corpus_is_summarised_not_listed_article_by_article(corpus: CorpusLayout, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The card lists each article's counts and licence up to LISTED_ARTICLES; beyond that it gives totals and
    one licence line per distinct statement, so card, Croissant and LICENSE.md do not grow with the corpus."""
    from nato_corpus.dataset import card, facts
    from nato_corpus.dataset.build import scan_corpus

    listed = scan_corpus(corpus).facts
    assert listed.listed and len(listed.licence_lines()) > len(corpus.doc_ids())
    monkeypatch.setattr(facts, "LISTED_ARTICLES", 2)
    monkeypatch.setattr(card, "LISTED_ARTICLES", 2)
    out = build_dataset(corpus, tmp_path / "out").out_dir
    summarised = scan_corpus(corpus).facts
    assert not summarised.listed and summarised.documents == len(corpus.doc_ids())
    assert len(summarised.counted) == 2 and len(summarised.licences) == 2  # what a build keeps of the articles
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "Per article (human" not in readme
    assert f"not listed for a corpus of more than 2 articles (this one has {len(corpus.doc_ids())})" in readme
    assert all(f"article text `{doc_id}`" not in readme for doc_id in corpus.doc_ids())
    grouped = [line for line in summarised.licence_lines() if "article texts**" in line]
    assert sum(int(line.split("**")[1].split()[0]) for line in grouped) == len(corpus.doc_ids())
    assert sum(summarised.per_layer[key] for key in summarised.per_layer) == \
        sum(listed.per_layer[key] for key in listed.per_layer) > 0
    croissant = json.loads((out / "croissant.json").read_text(encoding="utf-8"))
    assert all(doc_id not in croissant["usageInfo"] for doc_id in corpus.doc_ids())
