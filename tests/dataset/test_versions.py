"""Dataset versions: `build --record-version` records what the dataset publishes; the card's changelog and
Croissant's version say what changed since, computed from the corpus as built."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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
    ("2.0.0\n", "--record-version '2.0.0\\n': a version is MAJOR.MINOR.PATCH"),  # not a folder name either
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


def _index(version: str = "1.0.0", first: str = "a-document") -> dict:
    listed = {"count": 1, "first": [first]}
    nothing = {"count": 0, "first": []}
    return {"version": version, "date": "2026-01-02", "documents": 1, "shards": 1,
            "change": {"documents_added": listed, "documents_removed": nothing, "texts_changed": nothing,
                       "annotations": {"human/entities": [1, 0, 0]}}}


@pytest.mark.parametrize(("text", "expected"), [
    ('{"releases": [{"version": "1.0.0", "date": "today", "documents": {}}]}',
     "field releases.0.date: String should match pattern"),
    ('{"releases": [', "Invalid JSON: EOF while parsing"),
    (json.dumps({"releases": [_index("1" * 5000 + ".0.0")]}), "field releases.0.version: String should match"),
    (json.dumps({"releases": [_index("２.0.0")]}), "field releases.0.version: String should match"),  # not ASCII
    (json.dumps({"releases": [_index("0.1.0"), _index("00.1.0")]}), "field releases.1.version: String should"),
    (json.dumps({"releases": [_index(first="x`\n<!-- END GENERATED: changelog -->\n<script>")]}),
     "field releases.0.change.documents_added.first.0: String should match pattern"),  # never reaches the card
    ('{"releases": [], "releases": []}', "key 'releases' appears twice in one object"),
])
def test_a_broken_versions_file_is_one_line_naming_the_file_and_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str) -> None:
    """A pull request's DATASET_VERSIONS.json is hostile: every string has a pattern, so that nothing but ids
    and numbers reaches the card, and each problem is one line from the build and a finding of validate."""
    layout = _corpus(tmp_path)
    (layout.root / VERSIONS_FILE).write_text(text, encoding="utf-8")
    assert main(["build", "--root", str(layout.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {VERSIONS_FILE}: ") and expected in err and err.count("\n") == 1, err
    assert ": :" not in err  # no empty field when the JSON itself is broken
    assert not (tmp_path / "out").exists()
    assert main(["validate", "--root", str(layout.root)]) == 1
    out = capsys.readouterr().out
    assert f"{VERSIONS_FILE}: " in out and expected in out and "[invalid-versions]" in out, out


def test_an_unreleased_version_passes_mlcroissant(tmp_path: Path) -> None:
    mlc = require("mlcroissant")
    layout = _corpus(tmp_path)
    build_dataset(layout, tmp_path / "out")
    issues = mlc.Dataset(jsonld=str(tmp_path / "out" / "croissant.json")).metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())


def _recorded(layout: CorpusLayout) -> dict:
    """The newest release's manifest, key -> DocumentManifest, in manifest order."""
    from nato_corpus.dataset.versions import iter_manifest, read_versions

    return {entry.key: entry for entry in iter_manifest(layout, read_versions(layout)[-1])}


def test_the_change_since_a_release_counts_documents_texts_and_annotations() -> None:
    """The change is computed a document at a time as the build streams the corpus (versions.PendingChange)."""
    from nato_corpus.dataset.versions import DocumentManifest, compare, manifest_order

    old = _recorded(CorpusLayout(REPO_ROOT))
    first, second, third = list(old)[:3]
    new = dict(old)
    removed = new.pop(first)
    new["zz_added/new-doc"] = old[second]
    new[second] = DocumentManifest(text_sha256="0" * 64, annotations=old[second].annotations)
    changed_key = next(iter(old[third].annotations))
    new[third] = DocumentManifest(text_sha256=old[third].text_sha256,
                                  annotations={**old[third].annotations, changed_key: "f" * 16})
    change = compare(old.items(), sorted(new.items(), key=lambda item: manifest_order(item[0])))
    assert (change.documents_added.first, change.documents_removed.first, change.texts_changed.first) == (
        ("zz_added/new-doc",), (first,), (second,))
    totals = [sum(counts[i] for counts in change.annotations.values()) for i in range(3)]
    assert totals == [len(old[second].annotations), len(removed.annotations), 1]
    assert change.annotations[changed_key.rsplit("/", 1)[0]][2] == 1
    assert compare(old.items(), old.items()).is_empty()
    with pytest.raises(ValueError, match="manifest order"):  # the merge needs both in one order
        compare(old.items(), reversed(old.items()))


def test_a_document_not_in_the_newest_release_is_counted_as_its_manifest_would_be(tmp_path: Path) -> None:
    """A build fingerprints only the documents of the newest release: the others are added whole, so their
    annotations are counted (NewDocument); the change must be the one of their full manifests."""
    from nato_corpus.dataset.facts import document_facts
    from nato_corpus.dataset.versions import NewDocument, PendingChange, compare, document_manifest
    from nato_corpus.validate.documents import iter_documents

    layout = CorpusLayout(REPO_ROOT)
    documents = list(iter_documents(layout))
    old = _recorded(layout)
    for document in documents[:2]:  # as if these two had never been released
        old.pop(document.doc_id)
    pending = PendingChange(old.items(), frozenset(old))
    for document in documents:
        facts = document_facts(document, released=document.doc_id in pending.released)
        assert isinstance(facts.manifest, NewDocument) == (document.doc_id not in old)
        pending.add(document.doc_id, facts.manifest)
    full = [(document.doc_id, document_manifest(document)) for document in documents]
    # the probe texts of the release, not fed here, are removed in both
    assert pending.change() == compare(old.items(), full)
    assert pending.change().documents_added.first == tuple(document.doc_id for document in documents[:2])
    with pytest.raises(ValueError, match="is in the newest release"):
        PendingChange(old.items()).add(documents[2].doc_id, NewDocument({}))


def test_a_release_with_probe_texts_is_what_the_next_build_publishes(tmp_path: Path) -> None:
    """The build streams the corpus, then the probe corpora, and merges that stream with the recorded manifest
    (corpus keys, then "<split>/<doc_id>"): in any other order the merge would refuse (ValueError) or count
    every probe text as removed and added again.  In one process and in two."""
    from nato_corpus.dataset.versions import iter_manifest, read_versions

    root = tmp_path / "corpus"
    for folder in ("articles", "annotations", "registry", "probes"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    for name in ("DATASET_CARD.md", "LICENSE.md"):
        shutil.copy(REPO_ROOT / name, root / name)
    assert main(["build", "--root", str(root), "--record-version", "1.0.0"]) == 0
    keys = [entry.key for entry in iter_manifest(CorpusLayout(root), read_versions(CorpusLayout(root))[-1])]
    assert any("/" in key for key in keys) and not any("/" in key for key in keys[:len(CorpusLayout(root).doc_ids())])
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["build", "--root", str(root), "--out", str(out), "--jobs", jobs]) == 0
        croissant = json.loads((out / "croissant.json").read_text(encoding="utf-8"))
        assert croissant["version"] == "1.0.0", jobs


def test_a_recording_that_cannot_be_written_says_so_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A full disk while a shard or the index is written: the recording fails in one line about the recording
    (not the card), and neither the new manifest folder nor a changed DATASET_VERSIONS.json is left."""
    import errno

    from nato_corpus import files

    layout = _corpus(tmp_path)
    real = files._write_in_folder

    def full(folder: int, name: str, data: bytes, shown: str) -> None:
        if name == VERSIONS_FILE:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(folder, name, data, shown)

    monkeypatch.setattr(files, "_write_in_folder", full)
    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.0"]) == 1
    err = capsys.readouterr().err
    assert err == ("error: --record-version 1.0.0: cannot write versions/1.0.0/ or DATASET_VERSIONS.json: No space "
                   "left on device; nothing was recorded\n")
    assert not (layout.root / "versions").exists() and not (layout.root / VERSIONS_FILE).exists()


def _shards(layout: CorpusLayout, version: str) -> list[Path]:
    return sorted((layout.root / "versions" / version).iterdir())


def test_a_large_release_is_sharded_and_read_back_a_shard_at_a_time(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A manifest is split into shards of about SHARD_BYTES (here a few hundred bytes, so that the fixture
    makes several); the build after it merges them with the corpus: same version, nothing pending."""
    from nato_corpus.dataset import versions
    from nato_corpus.dataset.versions import iter_manifest, read_versions

    monkeypatch.setattr(versions, "SHARD_BYTES", 300)
    layout = _corpus(tmp_path)
    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.0"]) == 0
    release = read_versions(layout)[-1]
    shards = _shards(layout, "1.0.0")
    assert release.shards == len(shards) > 1 and [p.name for p in shards][:2] == ["00000.jsonl", "00001.jsonl"]
    assert release.documents == len(list(iter_manifest(layout, release))) == len(layout.doc_ids())
    _, croissant = _built(layout, tmp_path / "out")
    assert croissant["version"] == "1.0.0"


@pytest.mark.parametrize(("damage", "message"), [
    (lambda shard: shard.write_bytes(shard.read_bytes() + b'{"key": "a", "text_sha256": 1}\n'),
     ":6: field text_sha256: Input should be a valid string"),
    (lambda shard: shard.write_bytes(b"\n".join(reversed(shard.read_bytes().strip().split(b"\n"))) + b"\n"),
     ":2: field key: "),
    (lambda shard: shard.unlink(), "cannot read file: No such file or directory"),
    (lambda shard: shard.write_bytes(shard.read_bytes().replace(b'"key": "', b'"key": "# <script>', 1)),
     ":1: field key: String should match pattern"),  # markup never reaches the changelog
    (lambda shard: shard.write_bytes(shard.read_bytes().replace(b'"key": "', b'"key": "a-doc", "key": "', 1)),
     ":1: key 'key' appears twice in one object"),  # pydantic would keep the last silently
    (lambda shard: shard.write_bytes(shard.read_bytes().split(b"\n")[0] + b"\n"),
     "versions/1.0.0: the manifest lists 1 documents, DATASET_VERSIONS.json says 5"),
])
def test_a_damaged_manifest_is_one_line_naming_the_shard_line_and_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], damage, message: str) -> None:
    layout = _corpus(tmp_path)  # five articles: a shard of five lines
    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.0"]) == 0
    shard, = _shards(layout, "1.0.0")
    damage(shard)
    capsys.readouterr()
    assert main(["build", "--root", str(layout.root), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: versions/1.0.0") and message in err and err.count("\n") == 1, err
    assert not (tmp_path / "out").exists()


def test_a_refused_or_failed_recording_leaves_no_manifest_behind(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    layout = _corpus(tmp_path)
    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.0"]) == 0
    assert main(["build", "--root", str(layout.root), "--record-version", "1.0.1"]) == 1  # nothing changed
    assert not (layout.root / "versions" / "1.0.1").exists()
    (layout.root / "versions" / "2.0.0").mkdir()  # a leftover: refused, not overwritten
    capsys.readouterr()
    assert main(["build", "--root", str(layout.root), "--record-version", "2.0.0"]) == 1
    assert "versions/2.0.0 exists but is not a recorded release" in capsys.readouterr().err


def test_a_release_of_thousands_of_documents_records_and_builds(tmp_path: Path) -> None:
    """Recorded whole in one file, the manifest of about 450 synthetic articles outgrew the limit its reader
    sets, and every later build failed; sharded, a release of 600 records and the next build reads it."""
    from nato_corpus.dataset.versions import read_versions

    root = tmp_path / "corpus"
    made = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_synthetic_corpus.py"), "600", str(root)],
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    layout = CorpusLayout(root)
    assert main(["build", "--root", str(root), "--record-version", "1.0.0"]) == 0
    release = read_versions(layout)[-1]
    assert release.documents == 600 and (root / "DATASET_VERSIONS.json").stat().st_size < 10_000
    _, croissant = _built(layout, tmp_path / "out")
    assert croissant["version"] == "1.0.0"
