"""The independent annotation passes are valid and complete, and each agreement report is computed from them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout
from nato_corpus.validate import validate_corpus
from nato_corpus.validate.documents import read_registry

from conftest import REPO_ROOT

# (corpus root, folder of its passes): the corpus, and every probe corpus that has passes (probes/heldout/)
PASS_SETS = [(REPO_ROOT, REPO_ROOT / "agreement" / "passes"),  # the blind passes (agreement/BLIND_PASSES.md)
             *((REPO_ROOT / p.path, REPO_ROOT / p.path / "passes") for p in PROBE_CORPORA
               if (REPO_ROOT / p.path / "passes").is_dir())]
PASSES = [(root, folder) for root, parent in PASS_SETS for folder in sorted(parent.glob("*")) if folder.is_dir()]


@pytest.mark.parametrize(("root", "folder"), PASSES, ids=[str(f.relative_to(REPO_ROOT)) for _, f in PASSES])
def test_every_pass_is_valid_and_annotates_documents_of_its_corpus(root: Path, folder: Path) -> None:
    """A pass may cover part of its corpus (the report says which documents); each of its files validates."""
    report = validate_corpus(CorpusLayout(root), [folder])
    # the blind passes were given one registry merged from every probe set's overlay (BLIND_PASSES.md), so a
    # pass may link a key that only another probe set registers; any other problem fails
    every_key = {key for p in PROBE_CORPORA for key in read_registry(CorpusLayout(REPO_ROOT / p.path))}
    problems = [i.message for i in report.incidents
                if not (i.check == "unknown-entity-id" and i.message.split("'")[1] in every_key)]
    assert not problems
    annotated = sorted(p.stem for p in folder.glob("*.jsonl"))
    assert annotated and set(annotated) <= set(CorpusLayout(root).doc_ids())


@pytest.mark.parametrize(("root", "parent"), PASS_SETS, ids=["corpus", *(r.name for r, _ in PASS_SETS[1:])])
def test_agreement_report_is_fresh(root: Path, parent: Path) -> None:
    """report.md (in the card), report.json and disagreements.md are what the passes give now."""
    folders = sorted(p for p in parent.glob("*") if p.is_dir())
    assert folders  # compared with each other and with the gold layer (--gold)
    result = subprocess.run([sys.executable, "scripts/agreement.py", "--root", str(root), "--check", "--gold",
                             *map(str, folders)], cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_agreement_check_notices_a_stale_report(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "corpus"
    for folder in ("articles", "registry", "agreement", "annotations"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    report = root / "agreement" / "report.json"
    report.write_text(report.read_text(encoding="utf-8").replace("1.0", "0.9", 1), encoding="utf-8")
    passes = sorted(str(p) for p in (root / "agreement" / "passes").glob("*"))
    result = subprocess.run([sys.executable, "scripts/agreement.py", "--root", str(root), "--check", "--gold",
                             *passes],
                            cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "report.json: stale" in result.stderr
