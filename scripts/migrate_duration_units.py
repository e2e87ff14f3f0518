"""One-off convention migration (issue 17, kept as a record): decade and century duration units as TimeML/TIDES
practice and HeidelTime write them, ``DE`` and ``CE`` (``P2DE``, ``P1CE``), instead of TimeBank's one-letter
``E`` and ``C``; the value grammar (nato_corpus/schema/timex.py) now accepts only the two-letter units.

Usage: ``python scripts/migrate_duration_units.py [--dry-run] FILE_OR_FOLDER...`` over ``.jsonl`` annotation
files (date ``value`` fields) and probe ``spec/spans/*.txt`` (value cells).  Prints a count per changed file,
never the annotated text.  Idempotent: ``P1DE`` is not matched again.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_JSONL_VALUE = re.compile(r'("value": "P)([0-9]+(?:\.[0-9]+)?|X)([EC])(")')
_TWO_LETTER = {"E": "DE", "C": "CE"}
_SPEC_CELL = re.compile(r"(\|\s*P)([0-9]+(?:\.[0-9]+)?|X)([EC])(\s*\|)")


def migrated(path: Path, text: str) -> tuple[str, int]:
    """The file's text with every one-letter decade/century unit made two-letter, and how many were."""
    pattern = _JSONL_VALUE if path.suffix == ".jsonl" else _SPEC_CELL
    return pattern.subn(lambda m: f"{m[1]}{m[2]}{_TWO_LETTER[m[3]]}{m[4]}", text)


def main(argv: list[str]) -> int:
    dry = "--dry-run" in argv
    for arg in (a for a in argv if a != "--dry-run"):
        root = Path(arg)
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if not path.is_file() or path.suffix not in (".jsonl", ".txt"):
                continue
            text = path.read_text(encoding="utf-8")
            new, count = migrated(path, text)
            if count:
                print(f"{path}: {count} value(s)")
                if not dry:
                    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
