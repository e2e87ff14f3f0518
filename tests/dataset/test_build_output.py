"""`build --out`: only a missing path, an empty folder or a previous build is ever replaced; every failure is one
line, exit 1.  (The mechanism is nato_corpus.files.replace_output_folder; tests/test_files.py covers it for every
command that writes a folder.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.files import OUTPUT_MARKER

from conftest import REPO_ROOT, make_corpus

_NOT_A_BUILD = ("exists and was not written by nato-corpus build (no .nato-corpus-output of its own); remove it or "
                "choose another folder")
_NOT_A_FOLDER = "exists and is not a folder"


@pytest.fixture
def corpus(corpus: CorpusLayout) -> CorpusLayout:
    """The shared fixture corpus plus the LICENSE.md that every build includes."""
    shutil.copy(REPO_ROOT / "LICENSE.md", corpus.root / "LICENSE.md")
    return corpus


def _build(corpus: CorpusLayout, out: Path | str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["build", "--root", str(corpus.root), "--out", str(out)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.strip()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_unrelated_folder_is_refused_and_kept(corpus: CorpusLayout, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    important = tmp_path / "space" / "important"
    important.mkdir(parents=True)
    (important / "keep.txt").write_text("mine\n", encoding="utf-8")
    assert _build(corpus, important, capsys) == (1, f"error: --out {important}: {_NOT_A_BUILD}")
    assert _snapshot(important) == {"keep.txt": b"mine\n"}
    assert [p.name for p in important.parent.iterdir()] == ["important"]  # no staging folder left beside it


def test_a_file_is_refused_and_kept(corpus: CorpusLayout, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    somefile = tmp_path / "somefile.txt"
    somefile.write_text("data\n", encoding="utf-8")
    assert _build(corpus, somefile, capsys) == (1, f"error: --out {somefile}: {_NOT_A_FOLDER}")
    assert somefile.read_text(encoding="utf-8") == "data\n"


def test_the_corpus_and_its_data_folders_are_refused(corpus: CorpusLayout, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(corpus.root)
    monkeypatch.chdir(corpus.root)
    assert _build(corpus, ".", capsys) == (1, "error: --out .: is a corpus folder or contains one; choose another "
                                                 "folder")
    code, err = _build(corpus, corpus.root.parent, capsys)
    assert (code, err) == (1, f"error: --out {corpus.root.parent}: is a corpus folder or contains one; "
                              "choose another folder")
    for name in ("articles", "annotations", "registry"):
        for out in (f"{name}/new", name):
            assert _build(corpus, out, capsys) == (
                1, f"error: --out {out}: lies inside the corpus's {name}/ folder; choose another folder")
    assert _snapshot(corpus.root) == before


def test_a_previous_build_is_replaced_but_not_one_with_a_foreign_file(corpus: CorpusLayout, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert _build(corpus, out, capsys) == (0, "")
    assert (out / OUTPUT_MARKER).is_file()  # recognised by the marker the build wrote
    first = _snapshot(out)
    assert _build(corpus, out, capsys) == (0, "")
    assert _snapshot(out) == first  # byte-identical rebuild, marker included
    (out / "data" / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert _build(corpus, out, capsys) == (
        1, f"error: --out {out}: holds data/notes.txt, which nato-corpus build did not write; remove it or choose "
           "another folder")
    assert (out / "data" / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_folder_with_a_forged_or_foreign_marker_is_not_a_build(corpus: CorpusLayout, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n", encoding="utf-8")
    (out / OUTPUT_MARKER).write_text('{"tool": "nato-corpus", "command": "render", "files": ["keep.txt"]}\n',
                                     encoding="utf-8")
    assert _build(corpus, out, capsys) == (1, f"error: --out {out}: {_NOT_A_BUILD}")
    (out / OUTPUT_MARKER).write_text("not json", encoding="utf-8")
    assert _build(corpus, out, capsys) == (1, f"error: --out {out}: {_NOT_A_BUILD}")
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine\n"


def test_an_empty_folder_is_used(corpus: CorpusLayout, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert _build(corpus, out, capsys) == (0, "")
    assert (out / "README.md").is_file()


def test_os_errors_are_one_line(corpus: CorpusLayout, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    somefile = tmp_path / "file"
    somefile.write_text("data\n", encoding="utf-8")
    sub = somefile / "sub"
    assert _build(corpus, sub, capsys) == (1, f"error: --out {sub}: {somefile} is not a folder")
    if Path("/proc/self").is_dir():  # a pseudo file system where nothing can be created
        code, err = _build(corpus, "/proc/nato-corpus-build", capsys)
        assert code == 1 and err.startswith("error: --out /proc/nato-corpus-build: build failed: ")
        assert "\n" not in err


def test_a_failed_write_is_one_line_and_keeps_the_previous_build(corpus: CorpusLayout, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "space" / "out"
    assert _build(corpus, out, capsys) == (0, "")
    before = _snapshot(out)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "partial.parquet"))

    monkeypatch.setattr("pyarrow.parquet.ParquetWriter.write_table", full)
    assert _build(corpus, out, capsys) == (
        1, f"error: --out {out}: build failed: No space left on device ({tmp_path / 'partial.parquet'})")
    assert _snapshot(out) == before
    assert [p.name for p in out.parent.iterdir()] == ["out"]  # the staging folder is gone


def test_a_corpus_without_licence_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layout = make_corpus(tmp_path / "corpus")  # no LICENSE.md
    code, err = _build(layout, tmp_path / "out", capsys)
    assert code == 1 and err == ("error: LICENSE.md: missing; the card's license_link points at "
                                 "it, so the build includes it")
    assert not (tmp_path / "out").exists()


def test_the_main_job_refuses_in_one_line_too(corpus: CorpusLayout, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    somefile = tmp_path / "somefile.txt"
    somefile.write_text("data\n", encoding="utf-8")
    assert main(["main", "--root", str(corpus.root), "--out", str(somefile)]) == 1
    assert capsys.readouterr().err == f"error: {somefile}: {_NOT_A_FOLDER}\n"
    assert somefile.read_text(encoding="utf-8") == "data\n"


def test_a_rebuild_into_the_same_folder_is_summarised_from_the_new_files(corpus: CorpusLayout,
                                                                         tmp_path: Path) -> None:
    """`datasets` caches a folder's configs by file pattern; the summary must not read the previous build."""
    from nato_corpus.annotate import regenerate_rule_layer
    from nato_corpus.dataset.build import build_dataset, summarize_dataset

    out = tmp_path / "hf_dataset"
    build_dataset(corpus, out)
    before = summarize_dataset(out)
    regenerate_rule_layer(corpus)  # the rule layer appears: documents_rule gets annotations
    build_dataset(corpus, out)
    after = summarize_dataset(out)
    assert before != after
    assert "documents_rule  rows: train 2, validation 1, test 2; annotations: entities 229" in after


def test_a_build_of_an_older_version_is_named_and_kept(corpus: CorpusLayout, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "old"
    (out / "data").mkdir(parents=True)
    (out / "data" / "x.parquet").write_bytes(b"PAR1")
    (out / "SHA256SUMS").write_text("0" * 64 + "  data/x.parquet\n", encoding="utf-8")
    assert _build(corpus, out, capsys) == (
        1, f"error: --out {out}: looks like a build by nato-corpus 0.2 or older, which wrote no .nato-corpus-output; "
           "delete it once yourself (later builds replace their own output)")
    assert (out / "data" / "x.parquet").read_bytes() == b"PAR1"
