"""The probe corpora: declared once, valid, rebuilt byte for byte from their span specs by the one builder, and
registered as overlays on the main registry."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout
from nato_corpus.validate import validate_corpus
from nato_corpus.validate.documents import check_registry, read_registry

from conftest import REPO_ROOT

REPO = CorpusLayout(REPO_ROOT)
BUILDER = REPO_ROOT / "probes" / "build.py"
DOCUMENTS = {"development": 11, "heldout": 6, "heldout-fresh": 6}
IDS = [probe.name for probe in PROBE_CORPORA]


def _probe(name: str) -> CorpusLayout:
    probe = REPO.probe_corpus(name)
    assert probe is not None, name
    return probe


def test_the_probe_corpora_are_declared_once_and_found() -> None:
    assert sorted(IDS) == sorted(DOCUMENTS)
    assert [p.root for p in REPO.probe_corpora()] == [REPO_ROOT / probe.path for probe in PROBE_CORPORA]
    assert [p.root.name for p in REPO.probe_corpora("held-out")] == ["heldout", "heldout-fresh"]
    assert REPO.corpora() == [REPO, *REPO.probe_corpora()]  # validated and rule-annotated with the corpus


@pytest.mark.parametrize("name", IDS)
def test_each_probe_corpus_validates(name: str) -> None:
    report = validate_corpus(_probe(name))
    assert report.valid, [f"{i.address()}: {i.message}" for i in report.incidents]
    assert report.documents == DOCUMENTS[name]


def _inputs_only(tmp_path: Path) -> Path:
    """A corpus folder holding the main registry and, per probe corpus, only what its files are built from."""
    root = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "registry", root / "registry")
    (root / "articles").mkdir()
    for probe in PROBE_CORPORA:
        source, copy = REPO_ROOT / probe.path, root / probe.path
        (copy / "articles").mkdir(parents=True)
        (copy / "annotations" / "human").mkdir(parents=True)
        for text in (source / "articles").glob("*.txt"):
            shutil.copy(text, copy / "articles" / text.name)
        shutil.copytree(source / "spec", copy / "spec")
        shutil.copytree(source / "registry", copy / "registry")
    return root


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _inputs_only(tmp_path_factory.mktemp("probes"))
    result = subprocess.run([sys.executable, str(BUILDER), "--root", str(root)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning either (an overlay entry nobody links, a registry label mismatch)
    return root


@pytest.mark.parametrize("name", IDS)
def test_the_builder_reproduces_the_committed_files_byte_for_byte(rebuilt: Path, name: str) -> None:
    """From the texts, spec/ and the registry overlay alone: every metadata and gold file, and nothing else."""
    probe = next(p for p in PROBE_CORPORA if p.name == name)
    for folder in ("articles", "annotations/human", "registry", "spec"):
        built, committed = _files(rebuilt / probe.path / folder), _files(REPO_ROOT / probe.path / folder)
        assert sorted(built) == sorted(committed), folder
        for file, data in committed.items():
            assert built[file] == data, f"{probe.path}/{folder}/{file}"


def test_the_committed_files_are_fresh() -> None:
    result = subprocess.run([sys.executable, str(BUILDER), "--check"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_check_names_a_file_its_spec_no_longer_gives(tmp_path: Path) -> None:
    root = _inputs_only(tmp_path)
    assert subprocess.run([sys.executable, str(BUILDER), "--root", str(root)], capture_output=True,
                          check=False).returncode == 0
    spans = sorted((root / "probes" / "heldout" / "spec" / "spans").glob("*.txt"))[0]
    spans.write_text(spans.read_text(encoding="utf-8").replace("| GPE |", "| LOC |", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, str(BUILDER), "--root", str(root), "--check", "heldout"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"stale: probes/heldout/annotations/human/{spans.stem}.jsonl"]


def test_a_locator_that_is_not_unique_is_an_error(tmp_path: Path) -> None:
    root = _inputs_only(tmp_path)
    spans = sorted((root / "probes" / "heldout-fresh" / "spec" / "spans").glob("*.txt"))[0]
    spans.write_text(spans.read_text(encoding="utf-8") + "E | [the] | ORG | -\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(BUILDER), "--root", str(root), "heldout-fresh"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert re.search(r"^error: .*spans/.*\.txt:\d+: 'the' occurs \d+ times in the text", result.stderr)
    assert not list((root / "probes" / "heldout-fresh" / "articles").glob("*.json"))  # nothing was written


# --- the registry overlays ---------------------------------------------------------------------------------


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", IDS)
def test_a_probe_corpus_registry_is_the_main_registry_then_its_overlay(name: str) -> None:
    probe = _probe(name)
    assert not probe.registry_path.exists()  # no copy of the main registry
    expected = [e["id"] for e in _lines(REPO.registry_path) + _lines(probe.root / "registry" / "overlay.jsonl")]
    assert list(read_registry(probe)) == expected
    alone = CorpusLayout(probe.root)  # opened on its own (--root probes/NAME): the enclosing corpus is found
    assert list(read_registry(alone)) == expected


def _corpus_with_probe(tmp_path: Path, overlay: str) -> CorpusLayout:
    root = tmp_path / "corpus"
    (root / "articles").mkdir(parents=True)
    (root / "registry").mkdir()
    (root / "registry" / "entities.jsonl").write_text(
        '{"id": "nato", "name": "NATO", "label": "ORG", "aliases": [], "wikidata": null}\n', encoding="utf-8")
    probe = root / "probes" / "heldout"
    (probe / "articles").mkdir(parents=True)
    (probe / "registry").mkdir()
    (probe / "registry" / "overlay.jsonl").write_text(overlay, encoding="utf-8")
    return CorpusLayout(root)


def _findings(layout: CorpusLayout) -> list[str]:
    return [f"{i.address()}: {i.check}: {i.message}" for i in validate_corpus(layout).incidents]


def test_an_overlay_entry_that_redefines_a_main_id_is_a_duplicate(tmp_path: Path) -> None:
    layout = _corpus_with_probe(tmp_path, '{"id": "kyiv", "name": "Kyiv", "label": "GPE"}\n'
                                          '{"id": "nato", "name": "Nato", "label": "ORG"}\n')
    assert _findings(layout) == [
        "probes/heldout/registry/overlay.jsonl:2: duplicate-registry-id: registry id 'nato' is already defined in "
        "registry/entities.jsonl; an overlay only adds entries"]
    assert list(check_registry(layout.probe_corpora()[0]).entities) == ["nato", "kyiv"]


def test_an_overlay_without_an_enclosing_corpus_or_beside_a_registry_is_unusable(tmp_path: Path) -> None:
    layout = _corpus_with_probe(tmp_path, '{"id": "kyiv", "name": "Kyiv", "label": "GPE"}\n')
    probe = layout.root / "probes" / "heldout"
    shutil.copy(layout.registry_path, probe / "registry" / "entities.jsonl")
    assert _findings(layout) == [
        "probes/heldout/registry/overlay.jsonl: registry-unreadable: the entity registry cannot be used (registry/ "
        "holds both entities.jsonl (a whole registry) and overlay.jsonl (additions to the enclosing corpus's "
        "registry); keep one); entity ids were not checked against it"]
    (probe / "registry" / "entities.jsonl").unlink()
    shutil.rmtree(layout.root / "registry")  # no corpus above the probe any more
    found = validate_corpus(CorpusLayout(probe)).incidents
    assert [(i.check, i.path) for i in found] == [("registry-unreadable", "registry/overlay.jsonl")]
    assert "no folder above" in found[0].message


def test_a_broken_main_registry_is_named_once_and_by_a_probe_corpus_checked_alone(tmp_path: Path) -> None:
    layout = _corpus_with_probe(tmp_path, '{"id": "kyiv", "name": "Kyiv", "label": "GPE"}\n')
    layout.registry_path.write_text("{not json\n", encoding="utf-8")
    assert _findings(layout) == [  # the cause; the probe corpus's overlay is its consequence, not repeated
        "registry/entities.jsonl:1:2: json-syntax: Expecting property name enclosed in double quotes"]
    alone = [f for f in _findings(CorpusLayout(layout.root / "probes" / "heldout")) if "registry-unreadable" in f]
    assert alone == [
        "registry/overlay.jsonl: registry-unreadable: the registry this overlay adds to cannot be used "
        f"({layout.registry_path}: the entity registry has invalid lines (first: line 1); entity ids defined there "
        f"were not checked (nato-corpus validate {layout.registry_path} says why))"]


# --- everything else derives its probe paths from PROBE_CORPORA -------------------------------------------


def test_hooks_and_ignores_cover_every_probe_corpus() -> None:
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    patterns = {hook["id"]: hook.get("files", "") for repo in config["repos"] for hook in repo["hooks"]}
    for probe in PROBE_CORPORA:
        assert re.search(patterns["nato-corpus-validate"], f"{probe.path}/registry/overlay.jsonl"), probe.path
        assert re.search(patterns["nato-corpus-annotate-check"], f"{probe.path}/annotations/rule/x.jsonl")
        assert re.search(patterns["probe-corpora-build-check"], f"{probe.path}/spec/spans/x.txt")
    assert "probes/build.py --check" in (REPO_ROOT / ".github" / "workflows" / "pull-request.yml").read_text("utf-8")
    ignored = subprocess.run(["git", "check-ignore", "--no-index", *(f"{p.path}/annotations/rule/x.jsonl"
                                                                     for p in PROBE_CORPORA)],
                             cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert ignored.stdout == ""  # every probe corpus's rule layer is committed (annotate --check needs it)
