"""The probe corpora are valid, and their build scripts reproduce the committed files from the span lists."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nato_corpus.corpus import CorpusLayout
from nato_corpus.validate import validate_corpus

from conftest import REPO_ROOT

PROBES = REPO_ROOT / "tests" / "rules" / "probes"


def test_development_probes_validate() -> None:
    report = validate_corpus(CorpusLayout(PROBES))
    assert report.valid, [f"{i.address()}: {i.message}" for i in report.incidents]
    assert report.documents == 8


@pytest.mark.parametrize(("probes", "copy_to"), [
    (PROBES, ("tests", "rules", "probes")),  # each script finds the repository's registry above its folder
    (REPO_ROOT / "heldout", ("heldout",)),
    (REPO_ROOT / "heldout-fresh", ("heldout-fresh",)),
], ids=["development", "held-out", "fresh held-out"])
def test_build_script_reproduces_the_committed_files(probes: Path, copy_to: tuple[str, ...], tmp_path: Path) -> None:
    copy = tmp_path.joinpath(*copy_to)
    shutil.copytree(probes, copy, ignore=shutil.ignore_patterns("rule", "__pycache__"))
    shutil.copytree(REPO_ROOT / "registry", tmp_path / "registry")
    subprocess.run([sys.executable, "tools/build.py"], cwd=copy, check=True, capture_output=True)
    for folder in ("articles", "annotations/human", "registry"):
        committed = sorted(p.name for p in (probes / folder).glob("*.*"))
        assert sorted(p.name for p in (copy / folder).glob("*.*")) == committed, folder  # nothing extra
        for name in committed:
            assert (copy / folder / name).read_bytes() == (probes / folder / name).read_bytes(), name
