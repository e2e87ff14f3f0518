"""Corpus discovery like git: with no --root, every command uses the nearest corpus at or above the current folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, find_corpus_root

from conftest import SAMPLE_DOC

ANN = f"annotations/human/{SAMPLE_DOC}.jsonl"


def test_the_nearest_corpus_at_or_above_a_folder_is_found(corpus: CorpusLayout, tmp_path: Path) -> None:
    assert find_corpus_root(corpus.root) == corpus.root
    assert find_corpus_root(corpus.root / "annotations" / "human") == corpus.root
    assert find_corpus_root(tmp_path) is None  # above the corpus: no corpus


def _plant_error(layout: CorpusLayout) -> None:
    path = layout.root / ANN
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[1])
    record["label"] = "PER"
    lines[1] = json.dumps(record)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_validate_checks_the_clone_it_is_run_in(corpus: CorpusLayout, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import make_corpus

    other = make_corpus(tmp_path / "second-clone")
    _plant_error(other)
    for folder in (other.root, other.root / "annotations" / "human"):
        monkeypatch.chdir(folder)
        assert main(["validate"]) == 1
        out = capsys.readouterr().out
        assert f"{ANN}:2: error [literal_error]" in out
    monkeypatch.chdir(corpus.root / "articles")  # the first clone is valid
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.startswith("PASSED")


def test_outside_any_corpus_the_user_is_told(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert main(["validate"]) == 2
    assert capsys.readouterr().err == (f"error: not inside a corpus: neither {empty} nor a folder above it has "
                                       "articles/ and registry/ folders (pass --root DIR)\n")
    assert main(["validate", "--root", str(empty)]) == 2
    assert capsys.readouterr().err == (f"error: --root {empty}: not a corpus folder (it has no articles/ and "
                                       "registry/ folders)\n")
    source = empty / "note.txt"
    source.write_text("NATO met in Brussels on Monday.", encoding="utf-8")
    assert main(["annotate", "--text", str(source), "--published", "2025-01-01"]) == 0  # needs no corpus


def test_main_stays_a_function_after_the_parser_is_built() -> None:
    import nato_corpus.cli as cli

    cli.build_parser()
    assert callable(cli.main) and cli.main.__module__ == "nato_corpus.cli"
