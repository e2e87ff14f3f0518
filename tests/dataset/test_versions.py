"""Dataset versions: `build --record-version` records what the dataset publishes; the card's changelog and
Croissant's version say what changed since, computed from the corpus as built."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text, sha256_bytes, write_annotations
from nato_corpus.dataset.build import build_dataset
from nato_corpus.dataset.versions import VERSIONS_FILE
from nato_corpus.schema import AnnotationFileHeader

from conftest import REPO_ROOT, SAMPLE_DOC, make_corpus, require, sample_annotations


def _corpus(tmp_path: Path) -> CorpusLayout:
    layout = make_corpus(tmp_path / "corpus")
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    return layout


def _changelog(card: str) -> str:
    return card.split("<!-- BEGIN GENERATED: changelog -->\n", 1)[1].split("<!-- END GENERATED: changelog -->")[0]


def _built(layout: CorpusLayout, out: Path) -> tuple[str, dict]:
    build_dataset(layout, out)
    return ((out / "README.md").read_text(encoding="utf-8"),
            json.loads((out / "croissant.json").read_text(encoding="utf-8")))


def test_a_recorded_version_then_an_edit_shows_in_the_changelog_and_croissant(tmp_path: Path) -> None:
    layout = _corpus(tmp_path)
    card, croissant = _built(layout, tmp_path / "out0")
    assert croissant["version"] == "0.0.0+unreleased" and "**0.0.0+unreleased**" in _changelog(card)

    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.0"]) == 0
    card, croissant = _built(layout, tmp_path / "out1")
    assert croissant["version"] == "1.0.0"
    log = _changelog(card)
    assert "Dataset version: **1.0.0**" in log and "+unreleased" not in log
    assert f"documents added ({len(layout.doc_ids())})" in log
    assert "human/entities annotations: +2 added, -0 removed, 0 changed" in log  # the fixture's two entities

    text = read_text(layout, SAMPLE_DOC)  # drop the fixture's date and change its figure's value
    kept = [a for a in sample_annotations(text) if a.layer != "dates"]
    kept = [a.model_copy(update={"value": "33"}) if a.layer == "figures" else a for a in kept]
    header = AnnotationFileHeader(doc_id=SAMPLE_DOC, origin="human", text_sha256=sha256_bytes(text.encode("utf-8")),
                                  layers=("entities", "quotes", "dates", "figures"))
    write_annotations(layout, header, kept)
    card, croissant = _built(layout, tmp_path / "out2")
    assert croissant["version"] == "1.0.0+unreleased"
    pending = _changelog(card).split("- **1.0.0** (", 1)[0]
    assert "human/dates annotations: +0 added, -1 removed, 0 changed" in pending
    assert "human/figures annotations: +0 added, -0 removed, 1 changed" in pending
    assert "entities" not in pending and "documents added" not in pending

    assert main(["build", "--root", str(layout.root), "--record-version", "1.1.0"]) == 0
    log = _changelog((layout.root / "DATASET_CARD.md").read_text(encoding="utf-8"))
    assert log.index("- **1.1.0**") < log.index("- **1.0.0**")  # newest first, each against the one before
    assert "human/dates annotations: +0 added, -1 removed" in log.split("- **1.0.0**")[0]


@pytest.mark.parametrize(("version", "message"), [
    ("v2", "--record-version 'v2': a version is MAJOR.MINOR.PATCH"),
    ("0.9.0", "--record-version 0.9.0: not newer than the last recorded 1.0.0"),
    ("1.0.1", "--record-version 1.0.1: nothing changed since 1.0.0"),
])
def test_a_version_that_cannot_be_recorded_is_refused_in_one_line(tmp_path: Path, version: str, message: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    layout = _corpus(tmp_path)
    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.0"]) == 0
    recorded = (layout.root / VERSIONS_FILE).read_bytes()
    capsys.readouterr()
    assert main(["build", "--root", str(layout.root), "--record-version", version]) == 1
    assert capsys.readouterr().err == f"error: {message}\n"
    assert (layout.root / VERSIONS_FILE).read_bytes() == recorded


def test_a_broken_versions_file_is_one_line_naming_the_file_and_field(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    layout = _corpus(tmp_path)
    (layout.root / VERSIONS_FILE).write_text('{"releases": [{"version": "1.0.0", "date": "today", "documents": {}}]}',
                                             encoding="utf-8")
    assert main(["build", "--root", str(layout.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {VERSIONS_FILE}: releases.0.date: ") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_an_unreleased_version_passes_mlcroissant(tmp_path: Path) -> None:
    mlc = require("mlcroissant")
    layout = _corpus(tmp_path)
    build_dataset(layout, tmp_path / "out")
    issues = mlc.Dataset(jsonld=str(tmp_path / "out" / "croissant.json")).metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())


def test_the_change_since_a_release_counts_documents_texts_and_annotations() -> None:
    """The change is computed a document at a time as the build streams the corpus (versions.PendingChange)."""
    from nato_corpus.dataset.versions import DocumentManifest, compare, read_versions

    old = read_versions(CorpusLayout(REPO_ROOT))[-1].documents
    first, second, third = sorted(old)[:3]
    new = dict(old)
    removed = new.pop(first)
    new["added/doc"] = old[second]
    new[second] = DocumentManifest(text_sha256="0" * 64, annotations=old[second].annotations)
    changed_key = next(iter(old[third].annotations))
    new[third] = DocumentManifest(text_sha256=old[third].text_sha256,
                                  annotations={**old[third].annotations, changed_key: "f" * 16})
    change = compare(old, new)
    assert (change.documents_added, change.documents_removed, change.texts_changed) == (
        ["added/doc"], [first], [second])
    totals = [sum(counts[i] for counts in change.annotations.values()) for i in range(3)]
    assert totals == [len(old[second].annotations), len(removed.annotations), 1]
    assert change.annotations[changed_key.rsplit("/", 1)[0]][2] == 1
    assert compare(old, old).is_empty()


def test_a_document_not_in_the_newest_release_is_counted_as_its_manifest_would_be(tmp_path: Path) -> None:
    """A build fingerprints only the documents of the newest release: the others are added whole, so their
    annotations are counted (NewDocument); the change must be the one of their full manifests."""
    from nato_corpus.dataset.facts import document_facts
    from nato_corpus.dataset.versions import NewDocument, PendingChange, compare, document_manifest, read_versions
    from nato_corpus.validate.documents import iter_documents

    layout = CorpusLayout(REPO_ROOT)
    documents = list(iter_documents(layout))
    old = dict(read_versions(layout)[-1].documents)
    for document in documents[:2]:  # as if these two had never been released
        old.pop(document.doc_id)
    pending = PendingChange(old)
    for document in documents:
        facts = document_facts(document, released=document.doc_id in old)
        assert isinstance(facts.manifest, NewDocument) == (document.doc_id not in old)
        pending.add(document.doc_id, facts.manifest)
    assert pending.change() == compare(old, {document.doc_id: document_manifest(document) for document in documents})
    assert pending.change().documents_added == sorted(document.doc_id for document in documents[:2])
    with pytest.raises(ValueError, match="is in the newest release"):
        PendingChange(old).add(documents[2].doc_id, NewDocument({}))
