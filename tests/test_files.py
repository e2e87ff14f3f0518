"""The file-access layer: what it refuses to read, where it refuses to write, and which folders it replaces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nato_corpus import files
from nato_corpus.files import OUTPUT_MARKER, FileRefused, OutputRefused


@pytest.fixture
def root(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "articles").mkdir(parents=True)
    (corpus / "articles" / "a.txt").write_text("NATO met.", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET", encoding="utf-8")
    return corpus


def _refusal(root: Path, rel: str, kind: files.FileKind = "text") -> tuple[str, str]:
    with pytest.raises(FileRefused) as caught:
        files.read_bytes(root, root / rel, kind)
    return caught.value.check, str(caught.value)


def test_a_regular_file_inside_the_root_is_read(root: Path) -> None:
    assert files.read_bytes(root, root / "articles" / "a.txt", "text") == b"NATO met."


def test_a_linked_file_is_refused(root: Path) -> None:
    (root / "articles" / "b.txt").symlink_to(root.parent / "outside" / "secret.txt")
    assert _refusal(root, "articles/b.txt") == (
        "unsafe-file", "articles/b.txt: file is a symbolic link; only regular files are read")


def test_a_file_reached_through_a_linked_folder_is_refused(root: Path) -> None:
    (root / "registry").symlink_to(root.parent / "outside", target_is_directory=True)
    assert _refusal(root, "registry/secret.txt") == (
        "unsafe-file", "registry/secret.txt: reached through the symbolic link registry; only regular files inside "
                       "the corpus are read")


def test_a_path_climbing_out_of_the_root_is_refused(root: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        files.read_bytes(root, root / ".." / "outside" / "secret.txt", "text", shown="../outside/secret.txt")
    assert str(caught.value) == ("../outside/secret.txt: lies outside the corpus root; only files inside it are "
                                 "read")


def test_a_fifo_is_refused_without_blocking(root: Path) -> None:
    os.mkfifo(root / "articles" / "c.txt")  # nobody writes to it: a blocking open would hang forever
    assert _refusal(root, "articles/c.txt") == (
        "unsafe-file", "articles/c.txt: file is not a regular file; only regular files are read")


def test_an_oversized_file_is_refused_unread(root: Path) -> None:
    (root / "articles" / "big.txt").write_bytes(b"a" * (files.LIMITS["metadata"] + 1))
    assert _refusal(root, "articles/big.txt", "metadata") == (
        "file-too-large", f"articles/big.txt: file is {files.LIMITS['metadata'] + 1} bytes; the limit is "
                          f"{files.LIMITS['metadata']}")


def test_a_file_larger_than_every_limit_is_hashed_in_blocks_through_the_same_checks(root: Path) -> None:
    """Build checksums and `publish`'s check hash dataset shards of up to 256 MB: without a size limit, without
    holding the file in memory, and refusing what read_bytes refuses."""
    import hashlib
    import tracemalloc

    big = root / "articles" / "shard.parquet"
    with big.open("wb") as handle:  # sparse: larger than every limit, written in no time
        handle.truncate(max(files.LIMITS.values()) + 1)
        handle.write(b"end")
    tracemalloc.start()
    digest = files.file_sha256(root, big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    expected = hashlib.sha256()
    with big.open("rb") as handle:
        while block := handle.read(2**20):
            expected.update(block)
    assert digest == expected.hexdigest()
    assert peak < 4 * 2**20, peak  # blocks, not the file
    (root / "articles" / "b.txt").symlink_to(root.parent / "outside" / "secret.txt")
    with pytest.raises(FileRefused, match="file is a symbolic link"):
        files.file_sha256(root, root / "articles" / "b.txt")
    with pytest.raises(FileRefused, match="lies outside the corpus root"):
        files.file_sha256(root, root.parent / "outside" / "secret.txt")


def test_user_files_must_be_regular(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="not a regular file"):
        files.read_user_file(Path("/dev/zero"), "labelstudio")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused, match="not a regular file"):
        files.read_user_file(fifo, "labelstudio")
    with pytest.raises(FileRefused, match="No such file"):
        files.read_user_file(tmp_path / "missing.json", "labelstudio")


def test_listing_never_enters_a_link(root: Path) -> None:
    (root / "annotations").mkdir()
    (root / "annotations" / "rule").symlink_to(root / "articles", target_is_directory=True)
    entries = files.list_folder(root, root / "annotations")
    assert [(e.path.name, e.kind) for e in entries] == [("rule", "link")]
    with pytest.raises(FileRefused, match="reached through the symbolic link annotations/rule"):
        files.list_folder(root, root / "annotations" / "rule")
    assert files.kind_of(root, root / "annotations" / "rule" / "a.txt") == "link"


def test_writes_never_go_through_a_link(root: Path) -> None:
    (root / "annotations").mkdir()
    (root / "annotations" / "rule").symlink_to(root / "articles", target_is_directory=True)
    with pytest.raises(OutputRefused, match="is a symbolic link or not a folder"):
        files.write_bytes(root, root / "annotations" / "rule" / "a.txt", b"overwritten")
    (root / "articles" / "link.txt").symlink_to(root.parent / "outside" / "secret.txt")
    with pytest.raises(OutputRefused, match="exists and is not a regular file"):
        files.write_bytes(root, root / "articles" / "link.txt", b"overwritten")
    assert (root / "articles" / "a.txt").read_bytes() == b"NATO met."
    assert (root.parent / "outside" / "secret.txt").read_bytes() == b"SECRET"


def test_write_all_or_none_rolls_back(root: Path) -> None:
    (root / "articles" / "b.txt").write_bytes(b"old b")
    (root / "articles" / "c.txt").mkdir()  # the third target cannot be replaced: nothing may change
    with pytest.raises(OutputRefused):
        files.write_all_or_none(root, {root / "articles" / "a.txt": b"new a", root / "articles" / "b.txt": b"new b",
                                       root / "articles" / "c.txt": b"new c"})
    assert (root / "articles" / "a.txt").read_bytes() == b"NATO met."
    assert (root / "articles" / "b.txt").read_bytes() == b"old b"
    assert sorted(p.name for p in (root / "articles").iterdir()) == ["a.txt", "b.txt", "c.txt"]  # no temporaries
    files.write_all_or_none(root, {root / "articles" / "a.txt": b"new a", root / "articles" / "b.txt": b"new b"})
    assert (root / "articles" / "a.txt").read_bytes() == b"new a"
    assert sorted(p.name for p in (root / "articles").iterdir()) == ["a.txt", "b.txt", "c.txt"]


def _fill(staging: Path) -> None:
    (staging / "index.html").write_text("<p>site</p>", encoding="utf-8")


def test_an_output_folder_is_created_and_then_replaced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    files.replace_output_folder(out, "render", _fill)
    marker = json.loads((out / OUTPUT_MARKER).read_text(encoding="utf-8"))
    assert marker["command"] == "render" and marker["files"] == ["index.html"]
    files.replace_output_folder(out, "render", _fill)  # its own output: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging or retired folder left


@pytest.mark.parametrize("prepare, problem", [
    (lambda out: out.symlink_to(out.parent / "elsewhere", target_is_directory=True),
     "is a symbolic link; outputs are never written through a link (remove it or choose another folder)"),
    (lambda out: (out.mkdir(), (out / "notes.txt").write_text("mine", encoding="utf-8")),
     "exists and was not written by nato-corpus render (no .nato-corpus-output of its own); remove it or choose "
     "another folder"),
    (lambda out: (out.mkdir(), (out / OUTPUT_MARKER).write_text(
        '{"tool": "nato-corpus", "command": "build", "files": []}', encoding="utf-8"),
        (out / "x").write_text("x", encoding="utf-8")),
     "exists and was not written by nato-corpus render (no .nato-corpus-output of its own); remove it or choose "
     "another folder"),
    (lambda out: (out.mkdir(), (out / OUTPUT_MARKER).write_text(
        '{"tool": "nato-corpus", "command": "render", "files": ["index.html"]}', encoding="utf-8"),
        (out / "notes.txt").write_text("mine", encoding="utf-8")),
     "holds notes.txt, which nato-corpus render did not write; remove it or choose another folder"),
    (lambda out: out.write_text("a file", encoding="utf-8"), "exists and is not a folder"),
], ids=["link", "foreign-folder", "other-command", "extra-file", "file"])
def test_an_output_folder_that_is_not_ours_is_refused_and_kept(tmp_path: Path, prepare, problem: str) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("keep", encoding="utf-8")
    out = tmp_path / "site"
    prepare(out)
    before = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(OutputRefused) as caught:
        files.replace_output_folder(out, "render", _fill)
    assert str(caught.value) == f"{out}: {problem}"
    after = {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_corpus_folders_and_the_home_folder_are_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "work" / "corpus"
    (corpus / "articles").mkdir(parents=True)
    for out, problem in ((corpus, "is a corpus folder or contains one"), (tmp_path / "work", "is a corpus folder or "
                         "contains one"), (corpus / "articles" / "x", "lies inside the corpus's articles/ folder")):
        with pytest.raises(OutputRefused, match=problem):
            files.replace_output_folder(out, "render", _fill, protected=[corpus])
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    with pytest.raises(OutputRefused, match="is your home folder or contains it"):
        files.replace_output_folder(tmp_path / "home", "render", _fill)


def test_leftovers_of_killed_runs_are_removed_but_not_those_of_running_ones(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    for name, pid in ((".site.abc.building", int(dead.stdout)), (".site.def.old", int(dead.stdout)),
                      (".site.ghi.building", os.getpid())):
        folder = tmp_path / name
        folder.mkdir()
        (folder / OUTPUT_MARKER).write_text(json.dumps({"tool": "nato-corpus", "command": "render", "pid": pid,
                                                        "files": []}), encoding="utf-8")
    (tmp_path / ".site.jkl.building").mkdir()  # no marker: not ours, kept
    files.replace_output_folder(tmp_path / "site", "render", _fill)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.ghi.building", ".site.jkl.building", "site"]


def test_staging_folders_are_ignored_by_git() -> None:
    from conftest import REPO_ROOT

    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".*.building/" in ignored and ".*.old/" in ignored


def test_a_hard_link_to_a_file_outside_is_refused(root: Path) -> None:
    os.link(root.parent / "outside" / "secret.txt", root / "articles" / "b.txt")
    assert _refusal(root, "articles/b.txt") == (
        "unsafe-file", "articles/b.txt: file has 2 hard links; only files with one name are read")


def test_remove_written_removes_only_regular_files_it_names_and_never_through_a_link(tmp_path: Path) -> None:
    """The undo of an unfinished recording: named regular files in a real folder inside the root, then the
    folder once empty; a linked folder, the root itself or a path outside it is refused, a link inside is kept."""
    root, outside = tmp_path / "corpus", tmp_path / "outside"
    (root / "versions" / "1.0.0").mkdir(parents=True)
    outside.mkdir()
    (outside / "00000.jsonl").write_text("keep")
    (root / "versions" / "1.0.0" / "00000.jsonl").write_text("mine")
    (root / "versions" / "1.0.0" / "00001.jsonl").symlink_to(outside / "00000.jsonl")
    (root / "versions" / "2.0.0").symlink_to(outside, target_is_directory=True)
    for folder in (root / "versions" / "2.0.0", root, tmp_path):
        with pytest.raises(OutputRefused):
            files.remove_written(root, folder, ["00000.jsonl"])
    assert (outside / "00000.jsonl").read_text() == "keep" and (root / "versions").is_dir()
    files.remove_written(root, root / "versions" / "1.0.0", ["00000.jsonl", "00001.jsonl"])
    assert not (root / "versions" / "1.0.0" / "00000.jsonl").exists()
    assert (root / "versions" / "1.0.0" / "00001.jsonl").is_symlink()  # not ours to remove: the folder stays
    assert (outside / "00000.jsonl").read_text() == "keep"


def test_files_written_together_are_put_back_when_a_later_one_fails(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """write_user_files replaces an export and its config together: when the second write fails, the first file
    gets its previous bytes back, and a file that was not there before is removed (through its folder's
    descriptor, never through a link)."""
    kept, new, failing = tmp_path / "tasks.json", tmp_path / "extra.json", tmp_path / "tasks.config.xml"
    kept.write_bytes(b"older\n")
    real = files._write_in_folder
    calls = 0

    def third_fails(folder: int, name: str, data: bytes, shown: str) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError(28, "No space left on device")
        real(folder, name, data, shown)

    monkeypatch.setattr(files, "_write_in_folder", third_fails)
    with pytest.raises(OSError, match="No space left"):
        files.write_user_files({kept: b"new\n", new: b"new\n", failing: b"<View/>\n"})
    monkeypatch.setattr(files, "_write_in_folder", real)
    assert kept.read_bytes() == b"older\n" and not new.exists() and not failing.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tasks.json"]  # no temporary file left either
