"""The blind annotators' kit holds the texts and what the guidelines need, no gold, and its checker works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nato_corpus.corpus import CorpusLayout
from nato_corpus.validate.documents import read_registry

from conftest import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "make_blind_kit.py"
HELDOUT = REPO_ROOT / "probes" / "heldout"
DOC = "2025-10-probe-eu-air-defence-roadmap"


def _run(*args: str | Path, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kits") / "kit"
    result = _run(SCRIPT, out, DOC, "--annotator", "blind-test")
    assert result.returncode == 0, result.stderr
    return out


def test_kit_holds_the_text_anchor_zones_and_only_its_corpus_registry(kit: Path) -> None:
    layout = CorpusLayout(HELDOUT)
    assert (kit / "texts" / f"{DOC}.txt").read_bytes() == layout.text_path(DOC).read_bytes()
    entry = json.loads((kit / "documents.json").read_text(encoding="utf-8"))["documents"][DOC]
    assert set(entry) == {"anchor", "text_sha256", "registry", "unannotated_zones"}  # no metadata notes
    keys = [json.loads(line)["id"] for line in (kit / "registry" / "heldout.jsonl").read_text().splitlines()]
    assert keys == list(read_registry(layout))
    manifest = json.loads((kit / "MANIFEST.json").read_text(encoding="utf-8"))
    assert not any(name.endswith(".jsonl") and not name.startswith("registry/") for name in manifest)
    gold = layout.annotation_path("human", DOC).read_text(encoding="utf-8")
    every_file = "".join(p.read_text(encoding="utf-8") for p in kit.rglob("*") if p.is_file())
    quote = next(json.loads(line)["text"] for line in gold.splitlines()[1:] if '"quotes"' in line)
    assert quote in every_file  # the quote's words are in the text, of course ...
    assert f'"text": "{quote}"' not in every_file  # ... but no annotation record carries them


def test_kit_checker_turns_a_span_list_into_the_annotation_file(kit: Path) -> None:
    """Given the gold's own span list, the checker writes the gold file (annotator aside): the converter is exact."""
    spans = kit / "spans" / f"{DOC}.txt"
    spans.write_text((HELDOUT / "spec" / "spans" / f"{DOC}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    try:
        result = _run(kit / "kit.py", DOC, cwd=kit)
        assert result.returncode == 0, result.stdout
        written = (kit / "out" / f"{DOC}.jsonl").read_text(encoding="utf-8")
        gold = CorpusLayout(HELDOUT).annotation_path("human", DOC).read_text(encoding="utf-8")
        assert written.replace('"annotator": "blind-test"', '"annotator": "probe-a"') == gold
        spans.write_text("E | the [Atlantis] summit | GPE | atlantis\n", encoding="utf-8")
        result = _run(kit / "kit.py", DOC, cwd=kit)
        assert result.returncode == 1
        assert result.stdout.strip().splitlines() == [
            f"spans/{DOC}.txt:1: 'the Atlantis summit' occurs 0 times in the text (a locator must occur once)"]
    finally:
        spans.unlink()


def test_kit_is_written_only_into_a_new_folder(kit: Path) -> None:
    result = _run(SCRIPT, kit, DOC)
    assert result.returncode != 0 and "exists" in result.stderr
    assert (kit / "MANIFEST.json").exists()
