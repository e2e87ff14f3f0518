"""The independent annotation passes are valid, and the agreement report is computed from them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from nato_corpus.corpus import REPO_ROOT, CorpusLayout
from nato_corpus.validate import validate_corpus

PASSES = sorted(p for p in (REPO_ROOT / "agreement" / "passes").glob("*") if p.is_dir())


@pytest.mark.parametrize("folder", PASSES, ids=[p.name for p in PASSES])
def test_every_pass_is_valid_and_complete(folder) -> None:
    report = validate_corpus(CorpusLayout(), [folder])
    assert report.valid, [i.message for i in report.incidents]
    assert sorted(p.stem for p in folder.glob("*.jsonl")) == CorpusLayout().doc_ids()


def test_agreement_report_is_fresh() -> None:
    result = subprocess.run([sys.executable, "scripts/agreement.py", *(str(p.relative_to(REPO_ROOT)) for p in PASSES)],
                            cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    table = result.stdout.split("\n\n# Disagreements")[0].strip()
    assert table == (REPO_ROOT / "agreement" / "report.md").read_text(encoding="utf-8").strip()
