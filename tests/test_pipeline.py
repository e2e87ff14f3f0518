"""The main job (`./dev main`): validate, annotate, build and load back, reading each corpus file once."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from nato_corpus import files
from nato_corpus.corpus import CorpusLayout
from nato_corpus.pipeline import run_main_job

from conftest import REPO_ROOT


def test_the_main_job_reads_each_corpus_file_once(corpus: CorpusLayout, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(REPO_ROOT / "LICENSE.md", corpus.root / "LICENSE.md")
    reads: Counter[str] = Counter()
    real = files.read_bytes

    def counting(root: Path, path: Path, kind: files.FileKind, shown: str | None = None) -> bytes:
        reads[Path(path).resolve().relative_to(corpus.root.resolve()).as_posix()] += 1
        return real(root, path, kind, shown)

    corpus_files = {p.relative_to(corpus.root).as_posix() for folder in ("articles", "annotations", "registry")
                    for p in (corpus.root / folder).rglob("*") if p.is_file()} | {"LICENSE.md", "DATASET_CARD.md"}
    monkeypatch.setattr(files, "read_bytes", counting)
    summary = run_main_job(corpus, tmp_path / "hf", echo=lambda _line: None)
    assert "documents       rows: train 2, validation 1, test 2" in summary
    assert (corpus.root / "annotations" / "rule").is_dir()  # the rule layer was written, and not read back
    assert {name: reads[name] for name in corpus_files if reads[name] != 1} == {}
