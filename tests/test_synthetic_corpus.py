"""scripts/make_synthetic_corpus.py writes a corpus the validator accepts, with varied texts per seed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "make_synthetic_corpus.py"


def _make(out: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "20", str(out), *args], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("synthetic")
    _make(base / "seed0")
    _make(base / "seed1", "--seed", "1")
    return base / "seed0", base / "seed1"


def test_a_synthetic_corpus_validates_clean(corpora: tuple[Path, Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "nato_corpus", "validate", "--root", str(corpora[0])],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert "PASSED" in result.stdout and " 0 warnings" in result.stdout


def test_texts_vary_within_a_corpus_and_between_seeds(corpora: tuple[Path, Path]) -> None:
    texts = [sorted(p.read_text(encoding="utf-8") for p in (c / "articles").glob("*.txt")) for c in corpora]
    assert len(texts[0]) == 20 and len(set(texts[0])) == 20
    assert not set(texts[0]) & set(texts[1])
    assert len({len(text) for text in texts[0]}) > 10  # lengths vary
    assert sorted(p.name for p in (corpora[0] / "annotations" / "human").iterdir()) == \
        sorted(p.with_suffix(".jsonl").name for p in (corpora[0] / "articles").glob("*.txt"))


def test_a_folder_that_holds_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "3", str(tmp_path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 2 and "not an empty folder" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
