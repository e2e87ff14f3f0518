"""Upload a built dataset folder to the Hugging Face Hub (``nato-corpus publish``).

The token comes from the environment (``HF_TOKEN``) and is never printed; ``dry_run`` lists what would be
uploaded and touches nothing, so it needs neither a token nor a network.  Both first check the folder against its
SHA256SUMS (every listed file present with that hash, nothing unlisted), so only an untouched build is published.
Each upload deletes the Hub's other Parquet files under data/, so a split or config that a newer build no longer
has does not linger on the Hub next to the fresh ones.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from nato_corpus.files import OUTPUT_MARKER, CorpusError, own_output_problem

# huggingface_hub matches these with fnmatch, whose "*" crosses "/": every Parquet file at any depth under data/.
DELETE_PATTERNS: Final = ["data/*.parquet"]
_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


class PublishError(CorpusError):
    """Publishing cannot proceed; the message says why in one line (and never contains the token)."""


@dataclass(frozen=True)
class UploadPlan:
    repo_id: str
    files: list[tuple[str, int]]  # (path in the repository, size in bytes)


def plan_upload(out_dir: Path, repo_id: str) -> UploadPlan:
    """What would be uploaded; refuses a bad repo id, a folder that is not a build, or one that fails SHA256SUMS."""
    from nato_corpus.dataset.build import CHECKSUMS_FILE, LICENSE_FILE, folder_files

    if not _REPO_ID.match(repo_id):
        raise PublishError(f"--repo-id {repo_id!r} is not of the form OWNER/NAME")
    required = {"README.md": out_dir / "README.md", LICENSE_FILE: out_dir / LICENSE_FILE,
                CHECKSUMS_FILE: out_dir / CHECKSUMS_FILE, "data/": out_dir / "data"}
    missing = [name for name, path in required.items() if not (path.is_dir() if name == "data/" else path.is_file())]
    if missing:
        raise PublishError(f"{out_dir} is not a complete build (no {', '.join(missing)}); run nato-corpus build")
    _verify(out_dir)
    problem = own_output_problem(out_dir, "build")  # a folder a pull request committed is not a build
    if problem is not None:
        raise PublishError(f"{out_dir}: {problem}; run nato-corpus build")
    try:
        files = sorted((name, (out_dir / name).stat().st_size) for name in folder_files(out_dir))
    except OSError as exc:
        raise PublishError(f"{out_dir}: cannot read {exc.filename}: {exc.strerror or exc}") from None
    return UploadPlan(repo_id, files)


def _verify(out_dir: Path) -> None:
    from nato_corpus.dataset.build import checksum_problem

    problem = checksum_problem(out_dir)
    if problem is not None:
        raise PublishError(f"{out_dir}: {problem}; rebuild it with nato-corpus build")


def publish(plan: UploadPlan, out_dir: Path) -> str:
    """Create the dataset repository if needed and upload the folder; returns the commit URL."""
    token = os.environ.get("HF_TOKEN")
    if not token:
        raise PublishError("HF_TOKEN is not set; export a write token to publish (or use --dry-run)")
    try:
        from huggingface_hub import HfApi
    except ImportError:
        raise PublishError("huggingface_hub is not installed: pip install 'nato-corpus[hub]'") from None
    _verify(out_dir)  # again: the folder may have changed since it was planned
    api = HfApi(token=token)
    try:
        api.create_repo(plan.repo_id, repo_type="dataset", exist_ok=True)
        info = api.upload_folder(repo_id=plan.repo_id, repo_type="dataset", folder_path=str(out_dir),
                                 ignore_patterns=[OUTPUT_MARKER],
                                 commit_message="Upload nato-corpus build", delete_patterns=DELETE_PATTERNS)
    except Exception as exc:  # network and Hub errors: one line, token-free
        message = str(exc).replace(token, "***").splitlines()[0] if str(exc) else type(exc).__name__
        raise PublishError(f"upload to {plan.repo_id} failed: {message}") from None
    return str(getattr(info, "commit_url", info)).replace(token, "***")
