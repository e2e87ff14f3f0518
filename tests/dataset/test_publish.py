"""`publish`: only a build that matches its SHA256SUMS goes up, stale Parquet files are deleted, the token never shows.

``huggingface_hub.HfApi`` is monkeypatched: these tests use no network.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from huggingface_hub import HfApi

from nato_corpus.cli import main
from nato_corpus.dataset.build import build_dataset

from conftest import REPO_ROOT, make_corpus

_TOKEN = "hf_NotARealTokenButLongEnoughToLookLikeOne"
_REPO = "someone/nato-corpus"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    layout = make_corpus(tmp_path_factory.mktemp("corpus"))
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    return build_dataset(layout, layout.root / "out").out_dir


@pytest.fixture
def build(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the build, free to tamper with."""
    return Path(shutil.copytree(pristine, tmp_path / "build"))


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Calls to upload_folder (recorded, never sent); create_repo does nothing."""
    calls: list[dict[str, Any]] = []

    def upload_folder(self: HfApi, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return type("CommitInfo", (), {"commit_url": f"https://huggingface.co/datasets/{kwargs['repo_id']}/commit/1"})

    monkeypatch.setattr(HfApi, "create_repo", lambda self, *args, **kwargs: None)
    monkeypatch.setattr(HfApi, "upload_folder", upload_folder)
    monkeypatch.setenv("HF_TOKEN", _TOKEN)
    return calls


def _publish(build: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["publish", "--repo-id", _REPO, "--out", str(build), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_upload_deletes_stale_parquet_and_never_prints_the_token(build: Path, hub: list[dict[str, Any]],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _publish(build, capsys, "--dry-run")
    assert code == 0 and _TOKEN not in out + err
    assert "LICENSE.md" in out and hub == []
    code, out, err = _publish(build, capsys)
    assert code == 0 and _TOKEN not in out + err
    assert out.strip() == f"uploaded: https://huggingface.co/datasets/{_REPO}/commit/1"
    [call] = hub
    assert call["folder_path"] == str(build) and call["repo_type"] == "dataset"
    assert call["delete_patterns"] == ["data/*.parquet"]


def test_a_hub_error_is_one_line_without_the_token(build: Path, hub: list[dict[str, Any]],
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: HfApi, **kwargs: Any) -> None:
        raise RuntimeError(f"401 Unauthorized for token {_TOKEN}\nsecond line {_TOKEN}")

    monkeypatch.setattr(HfApi, "upload_folder", refuse)
    code, out, err = _publish(build, capsys)
    assert code == 1 and _TOKEN not in out + err
    assert err == f"error: upload to {_REPO} failed: 401 Unauthorized for token ***\n"


_CHANGED = "data/documents/train-00000-of-00001.parquet does not match its SHA256SUMS hash"
_UNLISTED = "data/documents/extra-00000-of-00001.parquet is not listed in SHA256SUMS"


@pytest.mark.parametrize(("tamper", "problem"), [
    ("changed", f": {_CHANGED}; rebuild it with nato-corpus build"),
    ("unlisted", f": {_UNLISTED}; rebuild it with nato-corpus build"),
    ("missing", ": croissant.json is listed in SHA256SUMS but missing; rebuild it with nato-corpus build"),
    ("no checksums", " is not a complete build (no SHA256SUMS); run nato-corpus build"),
])
def test_a_tampered_build_is_refused(build: Path, hub: list[dict[str, Any]], capsys: pytest.CaptureFixture[str],
                                     tamper: str, problem: str) -> None:
    parquet = build / "data" / "documents" / "train-00000-of-00001.parquet"
    if tamper == "changed":
        parquet.write_bytes(parquet.read_bytes() + b"\0")
    elif tamper == "unlisted":
        (build / "data" / "documents" / "extra-00000-of-00001.parquet").write_bytes(parquet.read_bytes())
    elif tamper == "missing":
        (build / "croissant.json").unlink()
    else:
        (build / "SHA256SUMS").unlink()
    for extra in ((), ("--dry-run",)):
        assert _publish(build, capsys, *extra) == (1, "", f"error: {build}{problem}\n")
    assert hub == []


def test_a_hand_made_folder_with_its_own_checksums_is_not_a_build(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A pull request can commit hf_dataset/ with a SHA256SUMS of its own; only what build wrote is published."""
    import hashlib

    fake = tmp_path / "hf_dataset"
    (fake / "data").mkdir(parents=True)
    files = {"README.md": b"---\n---\n", "LICENSE.md": b"x", "data/evil.parquet": b"not parquet"}
    for name, data in files.items():
        (fake / name).write_bytes(data)
    (fake / "SHA256SUMS").write_text("".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(
        files.items())), encoding="utf-8")
    assert main(["publish", "--root", str(REPO_ROOT), "--repo-id", "a/b", "--out", str(fake), "--dry-run"]) == 1
    assert capsys.readouterr().err == (f"error: {fake}: was not written by nato-corpus build (no "
                                       ".nato-corpus-output of its own); run nato-corpus build\n")
