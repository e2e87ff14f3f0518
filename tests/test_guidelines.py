"""The annotation guidelines teach without answering.

Their examples must be invented: if the guidelines quoted the gold spans of the corpus or of a probe corpus,
an annotator (or a system) that followed the examples would reproduce the gold, and agreement or benchmark
scores measured with these guidelines would measure nothing. The guidelines must also say where they depart
from the reference schemes they build on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import REPO_ROOT

GUIDELINES = REPO_ROOT / "ANNOTATION_GUIDELINES.md"

# Spans shorter than this are generic ("said", "2%", "2024", "next year") and may occur in any text.
MIN_CHARS = 12
# Folders under the repository that hold no gold of their own: the environment, git, built outputs.
SKIPPED_PARTS = {".venv", ".git", "hf_dataset", "site", "tmp"}
# Cue spans that are closed-class reporting expressions the rules themselves must name (§6.1 lists
# "according to" as a content type and a cue); they are lexicon, not the text of any article. Only cues may be
# listed here: the test below checks that no quote content, date, figure or speaker has this text.
LEXICAL_CUES = {"according to"}

# Typographic variants an edit could use to dodge the check without changing the text a reader sees.
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def normalise(text: str) -> str:
    """Case-folded, typographic quotes and dashes made plain, every run of whitespace (U+00A0 too) one space."""
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip().casefold()


def gold_files() -> list[Path]:
    return sorted(
        path
        for path in REPO_ROOT.rglob("annotations/human/*.jsonl")
        if not SKIPPED_PARTS.intersection(path.relative_to(REPO_ROOT).parts)
    )


def gold_spans() -> dict[str, tuple[set[str], set[str]]]:
    """Normalised span text -> (the places it comes from, the roles it has there: content, speaker or cue)."""
    spans: dict[str, tuple[set[str], set[str]]] = {}
    for path in gold_files():
        where = path.relative_to(REPO_ROOT).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            layer = record.get("layer")
            if layer not in {"quotes", "dates", "figures"}:
                continue  # the header line and the entities layer
            parts = [("content", record.get("text"))]
            if layer == "quotes":
                parts += [(role, (record.get(role) or {}).get("text")) for role in ("speaker", "cue")]
            for role, text in parts:
                if not isinstance(text, str) or len(normalise(text)) < MIN_CHARS:
                    continue
                sources, roles = spans.setdefault(normalise(text), (set(), set()))
                sources.add(f"{where}:{number} ({layer} {role})")
                roles.add(f"{layer} {role}")
    return spans


def test_the_gold_of_every_corpus_is_found() -> None:
    files = gold_files()
    corpora = {path.parent.parent.parent for path in files}
    assert REPO_ROOT in corpora, "the corpus's own gold (annotations/human/) was not found"
    assert len(corpora) >= 2, f"no probe corpus's gold was found, only {sorted(map(str, corpora))}"
    assert len(gold_spans()) > 100


def test_lexical_cue_exemptions_are_only_cues() -> None:
    spans = gold_spans()
    for cue in LEXICAL_CUES:
        roles = spans.get(cue, (set(), set()))[1]
        assert roles <= {"quotes cue"}, f"{cue!r} is exempted as a cue but is also gold {sorted(roles)}"


def test_guidelines_quote_no_gold_span() -> None:
    guidelines = normalise(GUIDELINES.read_text(encoding="utf-8"))
    offending = {
        text: sources
        for text, (sources, _roles) in gold_spans().items()
        if text not in LEXICAL_CUES and text in guidelines
    }
    listing = "\n".join(f"  {text!r}  <- {sorted(sources)[0]}" for text, sources in sorted(offending.items()))
    assert not offending, (
        f"ANNOTATION_GUIDELINES.md contains {len(offending)} gold span(s) of {MIN_CHARS}+ characters; "
        f"replace the examples with invented ones:\n{listing}"
    )


SCHEMES = ("OntoNotes", "TimeML", "PARC", "MeasEval")


def test_guidelines_name_their_departures_from_each_reference_scheme() -> None:
    guidelines = GUIDELINES.read_text(encoding="utf-8")
    heading = re.search(r"^#+ .*Departures from the reference schemes.*$", guidelines, re.MULTILINE)
    assert heading, "no section 'Departures from the reference schemes'"
    section = guidelines[heading.end() :]
    level = heading.group(0).index(" ")  # the section ends at the next heading of its level or above
    following = re.search(rf"^#{{1,{level}}} ", section, re.MULTILINE)
    section = section[: following.start()] if following else section
    rows = [line for line in section.splitlines() if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line)]
    assert len(rows) > 1, "the departures section has no table"
    header, body = rows[0], rows[1:]
    assert "reason" in header.lower(), f"the departures table has no reason column: {header}"
    for scheme in SCHEMES:
        scheme_rows = [row for row in body if scheme in row.strip().strip("|").split("|")[0]]
        assert scheme_rows, f"the departures table has no row for {scheme}"
    for row in body:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert all(cells), f"a departures row has an empty cell (every departure needs its reason): {row}"
