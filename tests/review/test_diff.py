"""nato-corpus diff on a temporary git repository: added, removed and changed annotations, with context."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout

from conftest import SAMPLE_DOC

ANN = f"annotations/human/{SAMPLE_DOC}.jsonl"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(corpus: CorpusLayout) -> CorpusLayout:
    _git(corpus.root, "init", "-q")
    _git(corpus.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(corpus.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    return corpus


def _edit(layout: CorpusLayout, line: int, **changes: object) -> None:
    path = layout.root / ANN
    lines = path.read_text(encoding="utf-8").split("\n")
    if changes.pop("delete", False):
        del lines[line - 1]
    else:
        record = json.loads(lines[line - 1])
        record.update(changes)
        lines[line - 1] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_diff_lists_changed_and_removed_annotations_with_context(repo: CorpusLayout,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo, 2, label="GPE", entity_id=None)  # e1 NATO: label changed
    _edit(repo, 6, delete=True)  # f1 removed
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert f"human/{SAMPLE_DOC} (changed)" in out
    assert "entities: +0 -0 ~1" in out and "figures: +0 -1 ~0" in out
    assert "changed e1 (label: 'ORG' -> 'GPE'; entity_id: 'nato' -> None): …[NATO] ministerial meeting" in out
    assert "removed f1 [" in out and "[32] NATO members" in out


def test_markdown_format_for_a_pr_comment(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo, 5, value="2024-12-04")
    assert main(["diff", "HEAD", "--root", str(repo.root), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Annotation changes since `HEAD`")
    assert "- changed d1 (value: '2024-12-03' -> '2024-12-04')" in out


def test_no_changes(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    assert capsys.readouterr().out.strip() == "No annotation changes since HEAD."


def test_unknown_revision_is_a_usage_error(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-rev", "--root", str(repo.root)]) == 2
    assert capsys.readouterr().err.strip() == f"error: 'no-such-rev' is not a git revision of {repo.root}"


def test_github_annotation_points_at_the_broken_line(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(corpus, 3, start=200, end=205)  # e2 Rutte: offsets broken, text no longer matches
    assert main(["validate", "--root", str(corpus.root), "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"::error file={ANN},line=3,title=span-text-mismatch::annotation e2, field text:")
