"""The package as a user installs it: a wheel (not editable) in a fresh virtual environment, run from a clone of
the corpus outside this checkout, with no --root.

The fresh environment gets only the wheel; its dependencies (datasets, pyarrow, pydantic, ...) are made
importable from this test run's environment through a .pth file, so the test needs no network.  The checkout
itself is never on its path: a command that still read this repository instead of the clone would fail here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SAMPLE_DOC

CORPUS_PARTS = ("articles", "annotations", "registry", "LICENSE.md", "DATASET_CARD.md")


def _run(args: list[str], cwd: Path, env: dict[str, str], code: int = 0) -> subprocess.CompletedProcess[str]:
    finished = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert finished.returncode == code, f"{args}: {finished.returncode}\n{finished.stdout[-3000:]}\n{finished.stderr}"
    return finished


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the fresh environment's nato-corpus executable, the environment to run it in)."""
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    shutil.copytree(REPO_ROOT / "nato_corpus", source / "nato_corpus",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1", PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w",
          str(work / "wheels"), str(source)], work, env)
    wheel = next((work / "wheels").glob("nato_corpus-*.whl"))
    venv = work / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work, env)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
         work, env)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work,
                     env).stdout.strip())
    (site / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    location = _run([str(python), "-c", "import nato_corpus, sys; print(nato_corpus.__file__)"], work, env).stdout
    assert location.startswith(str(site)), location  # the wheel, not this checkout (editable) or a copy of it
    return venv / "bin" / "nato-corpus", env


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A copy of the corpus (what `git clone` gives a user), outside this checkout."""
    root = tmp_path / "clone"
    root.mkdir()
    for name in CORPUS_PARTS:
        (shutil.copytree if (REPO_ROOT / name).is_dir() else shutil.copy)(REPO_ROOT / name, root / name)
    return root


def _plant_error(root: Path) -> str:
    path = root / "annotations" / "human" / f"{SAMPLE_DOC}.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[1])
    record["label"] = "PER"
    lines[1] = json.dumps(record)
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"annotations/human/{SAMPLE_DOC}.jsonl:2: error [literal_error]"


def test_validate_finds_the_clone_it_is_run_in(installed: tuple[Path, dict[str, str]], clone: Path) -> None:
    command, env = installed
    assert _run([str(command), "validate"], clone, env).stdout.splitlines()[-1].startswith("PASSED")
    planted = _plant_error(clone)
    for folder in (clone, clone / "annotations" / "human"):
        out = _run([str(command), "validate"], folder, env, code=1).stdout
        assert planted in out
    outside = clone.parent / "elsewhere"
    outside.mkdir()
    assert planted in _run([str(command), "--root", str(clone), "validate"], outside, env, code=1).stdout
    err = _run([str(command), "validate"], outside, env, code=2).stderr
    assert err.startswith("error: not inside a corpus")


def test_annotate_links_against_the_clones_registry(installed: tuple[Path, dict[str, str]], clone: Path) -> None:
    command, env = installed
    text = clone.parent / "note.txt"
    text.write_text("NATO Secretary General Mark Rutte met Ukrainian officials in Kyiv on Monday.", encoding="utf-8")
    linked = _run([str(command), "annotate", "--text", str(text), "--published", "2025-03-03", "--format", "json"],
                  clone, env).stdout
    entities = {a["text"]: a["entity_id"] for a in json.loads(linked)["annotations"] if a["layer"] == "entities"}
    assert entities.get("Mark Rutte") == "mark-rutte" and entities.get("Kyiv") == "kyiv"
    alone = _run([str(command), "annotate", "--text", str(text), "--published", "2025-03-03", "--format", "json"],
                 clone.parent, env).stdout  # outside any corpus: no registry, nothing linked
    assert all(a.get("entity_id") is None for a in json.loads(alone)["annotations"] if a["layer"] == "entities")


def test_build_and_bench_against_the_built_folder(installed: tuple[Path, dict[str, str]], clone: Path) -> None:
    command, env = installed
    _run([str(command), "annotate"], clone, env)
    _run([str(command), "build", "--out", str(clone.parent / "built")], clone, env)
    assert (clone.parent / "built" / "data" / "documents").is_dir()
    corpus_report = json.loads(_run([str(command), "bench", "--split", "all", "--bootstrap", "0", "--format",
                                     "json"], clone, env).stdout)
    built_report = json.loads(_run([str(command), "bench", "--gold", str(clone.parent / "built"), "--split", "all",
                                    "--bootstrap", "0", "--format", "json"], clone, env).stdout)
    assert built_report["layers"] == corpus_report["layers"]
