"""Upload a built dataset folder to the Hugging Face Hub (``nato-corpus publish``).

The token comes from the environment (``HF_TOKEN``) and is never printed; ``dry_run`` lists what would be
uploaded and touches nothing, so it needs neither a token nor a network.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_REPO_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")


class PublishError(Exception):
    """Publishing cannot proceed; the message says why in one line (and never contains the token)."""


@dataclass(frozen=True)
class UploadPlan:
    repo_id: str
    files: list[tuple[str, int]]  # (path in the repository, size in bytes)


def plan_upload(out_dir: Path, repo_id: str) -> UploadPlan:
    if not _REPO_ID.match(repo_id):
        raise PublishError(f"--repo-id {repo_id!r} is not of the form OWNER/NAME")
    if not (out_dir / "README.md").is_file() or not (out_dir / "data").is_dir():
        raise PublishError(f"{out_dir} is not a built dataset (no README.md and data/); run nato-corpus build")
    files = sorted((p.relative_to(out_dir).as_posix(), p.stat().st_size) for p in out_dir.rglob("*") if p.is_file())
    return UploadPlan(repo_id, files)


def publish(plan: UploadPlan, out_dir: Path) -> str:
    """Create the dataset repository if needed and upload the folder; returns the commit URL."""
    token = os.environ.get("HF_TOKEN")
    if not token:
        raise PublishError("HF_TOKEN is not set; export a write token to publish (or use --dry-run)")
    try:
        from huggingface_hub import HfApi
    except ImportError:
        raise PublishError("huggingface_hub is not installed: pip install 'nato-corpus[hub]'") from None
    api = HfApi(token=token)
    try:
        api.create_repo(plan.repo_id, repo_type="dataset", exist_ok=True)
        info = api.upload_folder(repo_id=plan.repo_id, repo_type="dataset", folder_path=str(out_dir),
                                 commit_message="Upload nato-corpus build")
    except Exception as exc:  # network and Hub errors: one line, token-free
        message = str(exc).replace(token, "***").splitlines()[0] if str(exc) else type(exc).__name__
        raise PublishError(f"upload to {plan.repo_id} failed: {message}") from None
    return str(getattr(info, "commit_url", info))
