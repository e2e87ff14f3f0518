"""The stand-off config carries no article text; `rehydrate` puts the user's texts back after checking each
sha256 and gives exactly the documents config."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from datasets import Features, List, load_dataset

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.dataset.build import build_dataset
from nato_corpus.dataset.features import STANDOFF_CONFIG

from conftest import REPO_ROOT, SAMPLE_DOC, make_corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Path]:
    layout = make_corpus(tmp_path_factory.mktemp("standoff") / "corpus")
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    out = layout.root.parent / "hf_dataset"
    build_dataset(layout, out)
    return layout, out


def _keys(feature: object) -> set[str]:
    if isinstance(feature, List):
        return _keys(feature.feature)
    if isinstance(feature, dict | Features):
        return set(feature) | {key for value in feature.values() for key in _keys(value)}
    return set()


def test_the_standoff_config_has_offsets_and_hashes_but_no_text(built: tuple[CorpusLayout, Path]) -> None:
    layout, out = built
    loaded = load_dataset(str(out), STANDOFF_CONFIG)
    features = loaded["train"].features
    assert "text" not in _keys(features)
    assert {"text_sha256", "start", "end", "speaker", "cue"} <= _keys(features)
    rows = {row["doc_id"]: row for split in loaded for row in loaded[split]}
    assert set(rows) == set(layout.doc_ids())
    assert rows[SAMPLE_DOC]["quotes"] and rows[SAMPLE_DOC]["quotes"][0]["speaker"]["start"] is not None


def test_rehydrating_with_the_texts_gives_exactly_the_documents_config(built: tuple[CorpusLayout, Path],
                                                                       tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    layout, out = built
    target = tmp_path / "rehydrated"
    assert main(["rehydrate", str(out), "--texts", str(layout.articles_dir), "--out", str(target)]) == 0
    assert "every text matched its text_sha256" in capsys.readouterr().out
    published = sorted(p.name for p in (out / "data" / "documents").glob("*.parquet"))
    assert sorted(p.name for p in (target / "data" / "documents").glob("*.parquet")) == published
    for name in published:
        assert pq.read_table(target / "data" / "documents" / name).equals(pq.read_table(out / "data" / "documents" /
                                                                                       name))
    again = load_dataset("parquet", data_dir=str(target / "data" / "documents"))  # as the card says to read it
    assert {split: len(again[split]) for split in again} == {split: len(rows) for split, rows in
                                                             load_dataset(str(out), "documents").items()}
    assert again["train"].features == load_dataset(str(out), "documents", split="train").features
    # a second run replaces its own output, as build does
    assert main(["rehydrate", str(out), "--texts", str(layout.articles_dir), "--out", str(target)]) == 0


def test_a_text_that_is_not_the_published_one_is_refused_in_one_line(built: tuple[CorpusLayout, Path],
                                                                     tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    layout, out = built
    texts = tmp_path / "texts"
    shutil.copytree(layout.articles_dir, texts)
    changed = texts / f"{SAMPLE_DOC}.txt"
    changed.write_bytes(changed.read_bytes().replace(b"NATO", b"Nato", 1))  # one letter: offsets still fit
    assert main(["rehydrate", str(out), "--texts", str(texts), "--out", str(tmp_path / "re")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {changed}: sha256 ") and f"of document {SAMPLE_DOC}" in err
    assert err.count("\n") == 1 and not (tmp_path / "re").exists()
    changed.unlink()
    assert main(["rehydrate", str(out), "--texts", str(texts), "--out", str(tmp_path / "re")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {changed}: ") and f"needs the text of document {SAMPLE_DOC}" in err


def test_rehydrate_never_replaces_its_inputs(built: tuple[CorpusLayout, Path], tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    layout, out = built
    texts = tmp_path / "texts"
    shutil.copytree(layout.articles_dir, texts)
    before = sorted(p.name for p in texts.iterdir())
    assert main(["rehydrate", str(out), "--texts", str(texts), "--out", str(texts)]) != 0
    assert "error: " in capsys.readouterr().err
    assert sorted(p.name for p in texts.iterdir()) == before


def _hostile(out: Path, tmp_path: Path, change: Callable[[dict], None]) -> Path:
    """A copy of the build whose stand-off row of SAMPLE_DOC `change` edited (a dataset from anywhere)."""
    import pyarrow as pa

    copy = tmp_path / "hostile"
    shutil.copytree(out, copy)
    for path in sorted((copy / "data" / STANDOFF_CONFIG).glob("*.parquet")):
        table = pq.read_table(path)
        rows = table.to_pylist()
        for row in rows:
            if row["doc_id"] == SAMPLE_DOC:
                change(row)
                pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
                return copy
    raise AssertionError(f"no stand-off row of {SAMPLE_DOC}")


def _whole_text_spans(row: dict) -> None:
    span = dict(row["entities"][0])
    row["entities"] = [{**span, "start": 0, "end": 19_000} for _ in range(400)]  # 7.6 million characters


@pytest.mark.parametrize("change, message", [
    (lambda row: row.update(doc_id="../outside/secret"),
     "document id '../outside/secret' of the dataset is not a corpus id (a-z, 0-9 and '-'); no file is read for it"),
    (lambda row: row["entities"][0].update(start=-5), "span -5-"),
    (_whole_text_spans, "would copy more text than an annotation file may hold"),
])
def test_a_hostile_standoff_row_is_refused_in_one_line(built: tuple[CorpusLayout, Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       change: Callable[[dict], None], message: str) -> None:
    """A dataset is anyone's: its ids name files only when they are corpus ids (a '../' read a file outside
    --texts), its spans must lie in the text, and what they copy is bounded as an annotation file is (400 spans
    of a whole text cost a text's memory each)."""
    layout, out = built
    texts = tmp_path / "texts"
    shutil.copytree(layout.articles_dir, texts)
    if change is _whole_text_spans:
        long_text = "NATO " * 4000  # a text of the user's that the hostile row's hash names
        (texts / f"{SAMPLE_DOC}.txt").write_text(long_text, encoding="utf-8")
    hostile = _hostile(out, tmp_path, lambda row: (change(row), _rehash(row, texts)))
    target = tmp_path / "re"
    assert main(["rehydrate", str(hostile), "--texts", str(texts), "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and not target.exists()


def _rehash(row: dict, texts: Path) -> None:
    """Give the row the sha256 of the user's text, so that only the change above can be refused."""
    from nato_corpus.corpus import sha256_bytes

    path = texts / f"{row['doc_id']}.txt"
    if path.resolve().is_relative_to(texts.resolve()) and path.exists():
        row["text_sha256"] = sha256_bytes(path.read_bytes())


def test_an_empty_split_gets_no_file_and_a_refusal_creates_no_folder(built: tuple[CorpusLayout, Path],
                                                                     tmp_path: Path) -> None:
    """As a build writes no Parquet file for an empty split (datasets cannot load one), rehydrate writes none;
    and a text that fails is found before --out's missing parent folders are made."""
    layout, out = built
    hostile = tmp_path / "emptied"
    shutil.copytree(out, hostile)
    emptied = next(p for p in sorted((hostile / "data" / STANDOFF_CONFIG).glob("*.parquet"))
                   if SAMPLE_DOC not in pq.read_table(p).column("doc_id").to_pylist())
    table = pq.read_table(emptied)
    pq.write_table(table.slice(0, 0), emptied)
    assert main(["rehydrate", str(hostile), "--texts", str(layout.articles_dir), "--out", str(tmp_path / "re")]) == 0
    written = sorted(p.name for p in (tmp_path / "re" / "data" / "documents").glob("*.parquet"))
    assert emptied.name not in written and written
    texts = tmp_path / "texts"
    shutil.copytree(layout.articles_dir, texts)
    (texts / f"{SAMPLE_DOC}.txt").write_text("another text\n", encoding="utf-8")
    assert main(["rehydrate", str(out), "--texts", str(texts), "--out", str(tmp_path / "a" / "b" / "re")]) == 1
    assert not (tmp_path / "a").exists()
