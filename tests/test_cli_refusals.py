"""A catalogue of hostile pull-request content, one case per command that meets it: the exact one-line message,
the exit code, and nothing changed in the human layer or outside the corpus copy.

(tests/test_untrusted_pull_request.py runs every command against each planted change; this file pins what
each command says.  The validator's own findings are catalogued in tests/validate/test_catalogue.py.)
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.files import OutputRefused, replace_output_folder, write_user_file

from conftest import REPO_ROOT, SAMPLE_DOC

TEXT = f"articles/{SAMPLE_DOC}.txt"
GOLD = f"annotations/human/{SAMPLE_DOC}.jsonl"
RULE = f"annotations/rule/{SAMPLE_DOC}.jsonl"


@dataclass(frozen=True)
class Case:
    name: str
    plant: Callable[[Path, Path], None]  # (corpus root, a folder outside it)
    argv: list[str]  # {root} and {outside} are filled in; --root is added
    code: int
    message: str  # the exact stderr line, or (validate) a line of stdout; {root} and {outside} filled in
    stream: str = "err"


def link(rel: str, target: str) -> Callable[[Path, Path], None]:
    def plant(root: Path, outside: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target.format(root=root, outside=outside))

    return plant


def fifo(rel: str) -> Callable[[Path, Path], None]:
    def plant(root: Path, outside: Path) -> None:
        (root / rel).unlink()
        os.mkfifo(root / rel)

    return plant


def write(rel: str, data: bytes) -> Callable[[Path, Path], None]:
    def plant(root: Path, outside: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)

    return plant


def nothing(root: Path, outside: Path) -> None:
    return None


LINKED_TEXT = f"error: {TEXT}: file is a symbolic link; only regular files are read"
CASES = [
    # render: never deletes through a link, the corpus, or a folder it did not write
    Case("render: committed site link to the parent", link("site", ".."), ["render"], 1,
         "error: --out {root}/site: is a symbolic link; outputs are never written through a link (remove it or "
         "choose another folder)"),
    Case("render: --out the corpus root", nothing, ["render", "--out", "{root}"], 1,
         "error: --out {root}: is a corpus folder or contains one; choose another folder"),
    Case("render: --out a folder holding the corpus", nothing, ["render", "--out", "{root}/.."], 1,
         "error: --out {root}/..: is a corpus folder or contains one; choose another folder"),
    Case("render: --out a user's folder", write("../outside/mine/notes.txt", b"mine"),
         ["render", "--out", "{outside}/mine"], 1,
         "error: --out {outside}/mine: exists and was not written by nato-corpus render (no .nato-corpus-output of "
         "its own); remove it or choose another folder"),
    Case("render: --out inside the gold folder", nothing, ["render", "--out", "{root}/annotations/human/site"], 1,
         "error: --out {root}/annotations/human/site: lies inside the corpus's annotations/ folder; choose another "
         "folder"),
    Case("render: article linked to a secret", link(TEXT, "{outside}/secret.txt"), ["render"], 1, LINKED_TEXT),
    # build
    Case("build: --out a link", link("../outside/hf", "{root}"), ["build", "--out", "{outside}/hf"], 1,
         "error: --out {outside}/hf: is a symbolic link; outputs are never written through a link (remove it or "
         "choose another folder)"),
    Case("build: licence linked to a secret", link("LICENSE.md", "{outside}/secret.txt"),
         ["build", "--out", "{outside}/hf"], 1,
         "error: LICENSE.md: file is a symbolic link; only regular files are read"),
    Case("build --check: article linked to /dev/zero", link(TEXT, "/dev/zero"), ["build", "--check"], 1,
         LINKED_TEXT),
    # annotate: writes only annotations/rule/, through real folders
    Case("annotate: article linked to /dev/zero", link(TEXT, "/dev/zero"), ["annotate"], 1, LINKED_TEXT),
    Case("annotate: rule folder linked to the gold folder", link("annotations/rule", "human"), ["annotate"], 1,
         "error: annotations/rule: folder is a symbolic link; nothing is read through it"),
    Case("annotate --check: rule file is a FIFO", fifo(RULE), ["annotate", "--check"], 1,
         f"error: {RULE}: file is not a regular file; only regular files are read"),
    Case("annotate --check: rule file linked to a secret", link(RULE, "{outside}/secret.txt"),
         ["annotate", "--check"], 1, f"error: {RULE}: file is a symbolic link; only regular files are read"),
    Case("annotate: probe corpus linked outside", link("probes/heldout", "{outside}"), ["annotate"], 1,
         "error: probes/heldout: probe corpus folder is a link, not a real folder; only regular files inside the "
         "corpus are read"),
    Case("annotate: registry linked outside", link("registry", "{outside}"), ["annotate"], 1,
         "error: registry/entities.jsonl: reached through the symbolic link registry; only regular files inside "
         "the corpus are read"),
    Case("annotate --text: a device", nothing, ["annotate", "--text", "/dev/zero", "--published", "2025-01-01"], 1,
         "error: /dev/zero: not a regular file; only regular files are read"),
    # the review commands
    Case("diff: rule folder linked to the gold folder", link("annotations/rule", "human"), ["diff", "HEAD"], 1,
         "error: annotations/rule: folder is a symbolic link; nothing is read through it"),
    Case("diff: article linked to a secret", link(TEXT, "{outside}/secret.txt"), ["diff", "HEAD"], 1, LINKED_TEXT),
    Case("export-labelstudio: gold file is a FIFO", fifo(GOLD),
         ["export-labelstudio", "--out", "{outside}/tasks.json"], 1,
         f"error: {GOLD}: file is not a regular file; only regular files are read"),
    Case("export-labelstudio: --out a link", link("../outside/tasks.json", "{outside}/secret.txt"),
         ["export-labelstudio", "--out", "{outside}/tasks.json"], 1,
         "error: {outside}/tasks.json: exists and is not a regular file (a link, folder or special file); it is left "
         "as it is"),
    Case("bench: article linked to a secret", link(TEXT, "{outside}/secret.txt"), ["bench", "--split", "all"], 1,
         LINKED_TEXT),
    # validate names every one of them as a finding
    Case("validate: site link at the root", link("site", ".."), ["validate"], 1,
         "site: error [unsafe-file] a symbolic link at the corpus root; no command follows it, remove it", "out"),
    Case("validate: probe corpus linked outside", link("probes/heldout", "{outside}"), ["validate"], 1,
         "probes/heldout: error [unsafe-file] probe corpus folder is a link, not a real folder; only regular files "
         "inside the corpus are read", "out"),
    Case("validate: folder of the probe corpora linked outside", link("probes", "{outside}"), ["validate"], 1,
         "probes: error [unsafe-file] probe corpus folder is a link, not a real folder; only regular files inside "
         "the corpus are read", "out"),
    Case("validate: licence is a FIFO", fifo("LICENSE.md"), ["validate"], 1,
         "LICENSE.md: error [unsafe-file] file is not a regular file; only regular files are read", "out"),
    Case("validate: oversized card", write("DATASET_CARD.md", b"#" * 2_000_001), ["validate"], 1,
         "DATASET_CARD.md: error [file-too-large] file is 2000001 bytes; the limit is 2000000", "out"),
]


@pytest.fixture
def corpus_copy(corpus: CorpusLayout, tmp_path: Path) -> tuple[Path, Path]:
    """The fixture corpus with a licence, its rule layer and a git base commit; a folder outside with a secret."""
    import subprocess

    root = corpus.root
    shutil.copy(REPO_ROOT / "LICENSE.md", root / "LICENSE.md")
    shutil.copytree(REPO_ROOT / "annotations" / "rule", root / "annotations" / "rule")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                       check=True, capture_output=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    return root, outside


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    found: dict[str, bytes | str] = {}
    for current, _, names in os.walk(folder):
        for name in names:
            path = Path(current) / name
            found[str(path)] = f"link {os.readlink(path)}" if path.is_symlink() else (
                path.read_bytes() if path.is_file() else "special")
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_content_is_refused_in_one_line(corpus_copy: tuple[Path, Path], case: Case,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root, outside = corpus_copy
    case.plant(root, outside)
    gold, elsewhere = _snapshot(root / "annotations" / "human"), _snapshot(outside)
    monkeypatch.chdir(root)
    capsys.readouterr()
    argv = [part.format(root=root, outside=outside) for part in case.argv]
    assert main([*argv, "--root", str(root)]) == case.code
    captured = capsys.readouterr()
    expected = case.message.format(root=root, outside=outside)
    if case.stream == "err":
        assert captured.err.splitlines() == [expected]
    else:
        assert expected in captured.out.splitlines()
    assert _snapshot(root / "annotations" / "human") == gold
    assert _snapshot(outside) == elsewhere


def test_a_broken_registry_is_one_finding_not_one_per_reference(corpus_copy: tuple[Path, Path],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = corpus_copy
    for content, reason in ((b"", "the file is empty"),
                            (b"\xff\n", "byte 0xff at byte offset 0 is not valid UTF-8")):
        (root / "registry" / "entities.jsonl").write_bytes(content)
        assert main(["validate", "--root", str(root)]) == 1
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == (f"registry/entities.jsonl: error [registry-unreadable] the entity registry cannot be used "
                            f"({reason}); entity ids were not checked against it")
        assert not any("unknown-entity-id" in line for line in lines)
    (root / "registry" / "entities.jsonl").unlink()
    assert main(["validate", "--root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("registry/entities.jsonl: error [registry-unreadable] the entity registry cannot be "
                               "used (cannot read file: No such file or directory)")
    assert not any("unknown-entity-id" in line for line in lines)


def test_a_broken_registry_line_hides_only_the_references_to_its_own_id(corpus_copy: tuple[Path, Path],
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = corpus_copy
    path = root / "registry" / "entities.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    nato = next(i for i, line in enumerate(lines) if '"id": "nato"' in line)
    lines[nato] = lines[nato].replace('"label": "ORG"', '"label": "ORGANISATION"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["validate", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "registry/entities.jsonl:" in out and "literal_error" in out
    assert "entity_id 'nato' is not in the registry" not in out  # the consequence of the broken line
    assert main(["validate", "--root", str(root), GOLD]) == 1  # a gold file named alone still shows the root cause
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        f"registry/entities.jsonl: error [registry-unreadable] the entity registry has invalid lines (first: line "
        f"{nato + 1}); entity ids defined there were not checked (nato-corpus validate registry/entities.jsonl says "
        "why)")
    assert "unknown-entity-id" not in out


@pytest.mark.parametrize("argv, shown", [
    (["annotate", "--root", "linked"], "--root linked"),
    (["export-labelstudio", "--root", ".", "--out", "linked/tasks.json"], "linked/tasks.json"),
    (["render", "--root", ".", "--out", "linked/site"], "--out linked/site"),
])
def test_a_link_in_the_checkout_never_leads_a_named_path_out_of_it(corpus_copy: tuple[Path, Path], argv: list[str],
                                                                   shown: str, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """--root and --out are typed by the reviewer, but a link committed in the checkout (the current folder)
    was chosen by the pull request: following it would write outside the checkout."""
    root, outside = corpus_copy
    shutil.copytree(root / "articles", outside / "articles")
    shutil.copytree(root / "registry", outside / "registry")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    before = _snapshot(outside)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"error: {shown}: goes through the symbolic link linked in the current folder; name the real folder"]
    assert _snapshot(outside) == before


@pytest.mark.parametrize("out", [GOLD, "registry/entities.jsonl", f"articles/{SAMPLE_DOC}.json"])
def test_an_export_never_replaces_a_corpus_file(corpus_copy: tuple[Path, Path], out: str,
                                                capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = corpus_copy
    before = (root / out).read_bytes()
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["export-labelstudio", "--root", ".", "--out", out]) == 1
    folder = out.split("/")[0]
    assert capsys.readouterr().err.splitlines() == [
        f"error: {out}: lies inside the corpus's {folder}/ folder; choose another file"]
    assert (root / out).read_bytes() == before


def test_a_linked_registry_is_one_line_also_with_probe_corpora(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The probe corpora's overlays add to the linked registry: their finding is its consequence, reported only
    when a probe corpus is validated alone; the link itself is said once, by the registry's finding."""
    root = tmp_path / "corpus"
    for folder in ("articles", "registry", "annotations", "probes"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    (root / "registry" / "entities.jsonl").unlink()
    (root / "registry" / "entities.jsonl").symlink_to(tmp_path / "elsewhere.jsonl")
    assert main(["validate", "--root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == ["registry/entities.jsonl: error [registry-unreadable] the entity registry cannot be used "
                          "(file is a symbolic link; only regular files are read); entity ids were not checked "
                          "against it"]
    assert main(["validate", "--root", str(root / "probes" / "heldout")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[0].startswith("registry/overlay.jsonl: error [registry-unreadable] the registry "
                                                   "this overlay adds to cannot be used (")


def test_links_and_special_files_no_command_reads_are_errors(corpus_copy: tuple[Path, Path],
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A dangling link among the articles, a FIFO among the gold files and a link named like a gold file of no
    article: never read, so only the selection can say what they are (an unexpected file was a warning)."""
    root, outside = corpus_copy
    (root / "articles" / "evil").symlink_to("../../nonexistent")
    os.mkfifo(root / "annotations" / "human" / "queue.txt")
    (root / "annotations" / "human" / "zz-secret.jsonl").symlink_to(outside / "secret.txt")
    assert main(["validate", "--root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == [
        "annotations/human/queue.txt: error [unsafe-file] not a regular file, and not part of the corpus layout; no "
        "command follows it, remove it",
        "annotations/human/zz-secret.jsonl: error [unknown-document] no article 'zz-secret' in articles/",
        "annotations/human/zz-secret.jsonl: error [unsafe-file] a symbolic link; only regular files are read",
        "articles/evil: error [unsafe-file] a symbolic link, and not part of the corpus layout; no command follows "
        "it, remove it"]


def test_a_link_anywhere_in_the_checkout_fails_and_no_output_goes_through_it(
        corpus_copy: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request commits tools/out -> ../annotations/human: validate fails on it, and an export named by an
    absolute path through it (no link below the current folder) is refused instead of replacing a gold file."""
    root, _ = corpus_copy
    (root / "tools").mkdir()
    (root / "tools" / "out").symlink_to(Path("..") / "annotations" / "human")
    (root / "venv" / "bin").mkdir(parents=True)  # a reviewer's own virtual environment, links and all
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (root / "venv" / "bin" / "python").symlink_to("/usr/bin/python3")
    gold = {p.name: p.read_bytes() for p in (root / "annotations" / "human").iterdir()}
    assert main(["validate", "--root", str(root)]) == 1
    assert [line for line in capsys.readouterr().out.splitlines() if "unsafe-file" in line] == [
        "tools/out: error [unsafe-file] a symbolic link; no command follows it, remove it"]
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # not above the link: it is not "a link below the current folder"
    target = root / "tools" / "out" / f"{SAMPLE_DOC}.jsonl"
    for argv in (["export-labelstudio", "--out", str(target)], ["render", "--out", str(target.parent / "site")]):
        assert main([*argv, "--root", str(root)]) != 0  # the corpus does not validate
        assert capsys.readouterr().err.startswith("error: ")
    with pytest.raises(OutputRefused, match="lies inside the corpus's annotations/ folder"):  # nor would it write
        write_user_file(target, b"{}", protected=[root])
    with pytest.raises(OutputRefused, match="lies inside the corpus's annotations/ folder"):
        replace_output_folder(target.parent / "site", "render", lambda staging: None, [root])
    assert {p.name: p.read_bytes() for p in (root / "annotations" / "human").iterdir()} == gold
