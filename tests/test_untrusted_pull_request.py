"""Every command, run as a reviewer would, on a pull request seeded with links, FIFOs and oversized files.

Each scenario plants one hostile change in a corpus copy (a git repository whose base commit is clean), then runs
every command that reads or writes corpus content.  Whatever a command does:

- nothing in the sentinel folder beside the copy (a secret, a FIFO, a folder of notes) is read or changed: its
  checksum tree is the same afterwards and the secret appears in no output and in no file written anywhere;
- the human layer is byte-for-byte unchanged;
- a refusal is one line on stderr, never a traceback, with a non-zero exit; only the commands a scenario
  lists as not touching the hostile file may succeed.

The commands run in one subprocess per scenario with a timeout, so a FIFO that blocked a reader would fail the
test instead of hanging the suite.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SAMPLE_DOC, make_corpus

SECRET = "SENTINEL-SECRET-7f3a2c"
OTHER_DOC = "2025-05-nato-allies-seek-five-percent-deal"

# argv (without --root) of every command; {out} is a folder beside the corpus copy
COMMANDS: dict[str, list[str]] = {
    "validate": ["validate"],
    "annotate": ["annotate"],
    "annotate-check": ["annotate", "--check"],
    "build": ["build", "--out", "{out}/hf"],
    "build-check": ["build", "--check"],
    "build-update-card": ["build", "--update-card"],
    "render": ["render"],
    "render-out": ["render", "--out", "{out}/site"],
    "diff": ["diff", "HEAD"],
    "diff-markdown": ["diff", "HEAD", "--format", "markdown"],
    "export-labelstudio": ["export-labelstudio", "--out", "{out}/tasks.json"],
    "bench": ["bench", "--bootstrap", "0", "--split", "all"],
    "main": ["main", "--out", "{out}/main-hf"],
}

_DRIVER = """
import contextlib, io, json, sys
from nato_corpus.cli import main
results = {}
for name, argv in json.loads(sys.argv[1]).items():
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    results[name] = {"code": code, "out": out.getvalue(), "err": err.getvalue()}
print(json.dumps(results))
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                   check=True, capture_output=True)


def _link(path: Path, target: str | Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


# scenario -> (plant the hostile change, commands that may succeed because they never touch it)
SCENARIOS = {
    "article text linked to a secret": (
        lambda root, sentinel: _link(root / "articles" / f"{SAMPLE_DOC}.txt", sentinel / "secret.txt"), set()),
    "article text linked to /dev/zero": (
        lambda root, sentinel: _link(root / "articles" / f"{SAMPLE_DOC}.txt", "/dev/zero"), set()),
    "metadata is a FIFO": (
        lambda root, sentinel: _fifo(root / "articles" / f"{OTHER_DOC}.json"), {"diff", "diff-markdown"}),
    "gold file is a FIFO": (
        lambda root, sentinel: _fifo(root / "annotations" / "human" / f"{SAMPLE_DOC}.jsonl"),
        {"annotate", "annotate-check"}),
    "oversized metadata": (
        lambda root, sentinel: (root / "articles" / f"{OTHER_DOC}.json").write_bytes(b" " * 300_000),
        {"diff", "diff-markdown"}),
    "rule folder linked to the gold folder": (
        lambda root, sentinel: _link(root / "annotations" / "rule", "human"), {"export-labelstudio", "bench"}),
    "probe corpus linked to a folder outside": (
        lambda root, sentinel: ((root / "probes").mkdir(), _link(root / "probes" / "heldout", sentinel / "probe")),
        {"diff", "diff-markdown", "export-labelstudio", "bench"}),
    "registry folder linked outside": (
        lambda root, sentinel: _link(root / "registry", sentinel / "registry"),
        {"diff", "diff-markdown", "export-labelstudio", "render", "render-out", "build-check", "build-update-card",
         "bench"}),
    "licence linked to a secret": (
        lambda root, sentinel: _link(root / "LICENSE.md", sentinel / "secret.txt"),
        {"annotate", "annotate-check", "build-update-card", "render", "render-out", "diff", "diff-markdown",
         "export-labelstudio", "bench"}),
    "site linked to the parent folder": (
        lambda root, sentinel: (_link(root / "site", ".."), _link(root / "hf_dataset", "..")),
        {"annotate", "annotate-check", "build-check", "build-update-card", "render-out", "diff", "diff-markdown",
         "export-labelstudio", "bench"}),
}


def _tree(folder: Path) -> dict[str, str]:
    """Checksum tree without following links or opening special files: name -> kind and content hash."""
    found = {}
    for current, dirs, names in os.walk(folder, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(current) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[str(path.relative_to(folder))] = f"link {os.readlink(path)}"
            elif stat.S_ISREG(mode):
                found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif not stat.S_ISDIR(mode):
                found[str(path.relative_to(folder))] = f"special {stat.S_IFMT(mode)}"
    return found


def _regular_files(folder: Path) -> list[Path]:
    return [Path(current) / name for current, _, names in os.walk(folder, followlinks=False) for name in names
            if stat.S_ISREG((Path(current) / name).lstat().st_mode)]


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(corpus copy committed as the base revision, sentinel folder, output folder), side by side."""
    sentinel = tmp_path / "sentinel"
    (sentinel / "notes").mkdir(parents=True)
    (sentinel / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (sentinel / "notes" / "keep.md").write_text(f"{SECRET} notes\n", encoding="utf-8")
    os.mkfifo(sentinel / "pipe")
    shutil.copytree(REPO_ROOT / "registry", sentinel / "registry")
    with (sentinel / "registry" / "entities.jsonl").open("a", encoding="utf-8") as registry:
        registry.write(json.dumps({"id": "secret-entity", "label": "ORG", "name": SECRET}) + "\n")
    probe = make_corpus(sentinel / "probe")
    (probe.root / "annotations" / "human" / f"{SAMPLE_DOC}.jsonl").unlink()
    root = make_corpus(tmp_path / "pr").root
    shutil.copy(REPO_ROOT / "LICENSE.md", root / "LICENSE.md")
    shutil.copytree(REPO_ROOT / "annotations" / "rule", root / "annotations" / "rule")  # fresh: same texts
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    out = tmp_path / "out"
    out.mkdir()
    return root, sentinel, out


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_no_command_reads_or_changes_anything_outside_the_corpus(pull_request: tuple[Path, Path, Path],
                                                                  scenario: str) -> None:
    root, sentinel, out = pull_request
    plant, may_succeed = SCENARIOS[scenario]
    plant(root, sentinel)
    sentinel_before = _tree(sentinel)
    human_before = _tree(root / "annotations" / "human")
    commands = {name: [part.format(out=out) for part in argv] + ["--root", str(root)]
                for name, argv in COMMANDS.items()}
    finished = subprocess.run([sys.executable, "-c", _DRIVER, json.dumps(commands)], capture_output=True, text=True,
                              timeout=600, cwd=root, env={**os.environ, "HF_DATASETS_OFFLINE": "1",
                                                          "HF_HUB_OFFLINE": "1"})
    assert finished.returncode == 0, finished.stderr[-2000:]
    results = json.loads(finished.stdout)

    assert _tree(sentinel) == sentinel_before
    assert _tree(root / "annotations" / "human") == human_before
    for name, result in results.items():
        shown = f"{scenario} / {name}: {result}"
        assert "Traceback" not in result["err"] and "internal error" not in result["err"], shown
        assert SECRET not in result["out"] + result["err"], shown
        if name not in may_succeed:
            assert result["code"] != 0, shown
        if result["code"] != 0 and result["err"]:
            assert result["err"].count("\n") == 1, shown
    for folder in (root, out):
        for path in _regular_files(folder):
            if ".git" not in path.relative_to(folder).parts:
                assert SECRET.encode() not in path.read_bytes(), f"{scenario}: the secret reached {path}"
    assert sorted(p.name for p in root.parent.iterdir()) == ["out", "pr", "sentinel"]  # nothing left beside them
