"""The documentation stays in step with the code it describes."""

from __future__ import annotations

import re

from nato_corpus.validate.catalogue import CHECKS

from conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands() -> None:
    block = README.split("```")[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["./dev main", "./dev test"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec \./dev test$", ci, re.MULTILINE)


def test_every_check_is_documented_in_the_readme() -> None:
    table = README.split("| check | meaning |")[1].split("\n\n", 1)[0]  # that table only, not the next one
    documented = set(re.findall(r"^\| `([a-z0-9_-]+)` \|", table, re.MULTILINE))
    assert documented == set(CHECKS)
