"""nato-corpus diff on a temporary git repository: added, removed and changed annotations, with context."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.cli import main
from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout, write_annotations
from nato_corpus.schema import EntityAnnotation
from nato_corpus.validate.documents import read_annotations

from conftest import REPO_ROOT, SAMPLE_DOC

ANN = f"annotations/human/{SAMPLE_DOC}.jsonl"
RULE = f"annotations/rule/{SAMPLE_DOC}.jsonl"
PROBE = PROBE_CORPORA[0].path  # any probe corpus folder


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(corpus: CorpusLayout) -> CorpusLayout:
    """The fixture corpus, plus this repository's rule layer of SAMPLE_DOC, committed as the base revision."""
    rule = corpus.annotations_dir("rule")
    rule.mkdir(parents=True, exist_ok=True)
    (rule / f"{SAMPLE_DOC}.jsonl").write_bytes((REPO_ROOT / RULE).read_bytes())
    _git(corpus.root, "init", "-q")
    _git(corpus.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(corpus.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    return corpus


def _edit(layout: CorpusLayout, line: int, **changes: object) -> None:
    path = layout.root / ANN
    lines = path.read_text(encoding="utf-8").split("\n")
    if changes.pop("delete", False):
        del lines[line - 1]
    else:
        record = json.loads(lines[line - 1])
        record.update(changes)
        lines[line - 1] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_diff_lists_changed_and_removed_annotations_with_context(repo: CorpusLayout,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo, 2, label="GPE", entity_id=None)  # e1 NATO: label changed
    _edit(repo, 6, delete=True)  # f1 removed
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert f"human/{SAMPLE_DOC} (changed)" in out
    assert "entities: +0 -0 ~1" in out and "figures: +0 -1 ~0" in out
    assert "changed e1 (label: 'ORG' -> 'GPE'; entity_id: 'nato' -> None): …[NATO] ministerial meeting" in out
    assert "removed f1 [" in out and "[32] NATO members" in out


def test_markdown_format_for_a_pr_comment(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo, 5, value="2024-12-04")
    assert main(["diff", "HEAD", "--root", str(repo.root), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Annotation changes since <code>HEAD</code>")
    assert "- changed d1 (value: '2024\\-12\\-03' -> '2024\\-12\\-04')" in out  # renders as 2024-12-03


HOSTILE = "\x1b[2K\b\u202e<!-- `x` @user"  # erase the line, back up, reverse the rest, hide the comment's rest
RAW = ("\x1b", "\r", "\b", "\u202e", "<!--", "@user")


def test_hostile_text_and_context_are_escaped_in_text_and_markdown(repo: CorpusLayout,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    article = repo.root / "articles" / f"{SAMPLE_DOC}.txt"
    text = article.read_text(encoding="utf-8")
    end = text.index("Tuesday, December 3") + len("Tuesday, December 3")
    article.write_text(text[:end] + HOSTILE + text[end:], encoding="utf-8")  # shows in d1's context
    _edit(repo, 5, value="2024-12-04", text="Tuesday\r\x1b]8;;https://evil.example\x1b\\ <!-- ")
    _edit(repo, 2, label="GPE", entity_id=None)  # e1, a layer before
    _edit(repo, 6, delete=True)  # f1, a layer after: must still show
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert not any(raw in out for raw in RAW[:4])
    changed = next(line for line in out.splitlines() if line.startswith("  changed d1"))
    assert "text: 'Tuesday, December 3' -> 'Tuesday\\r\\x1b]8;;https://evil.example\\x1b\\\\ <!-- '; " in changed
    assert changed.endswith("[Tuesday, December 3]\\x1b[2K\\x08\\u202e<!-- `x` @user. Such a m…")
    assert "  removed f1 [" in out

    assert main(["diff", "HEAD", "--root", str(repo.root), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert not any(raw in out for raw in RAW) and re.search(r"(?<!\\)`", out) is None
    lines = out.splitlines()
    changed = next(line for line in lines if line.startswith("- changed d1"))
    assert "\\\\x1b\\[2K\\\\x08\\\\u202e&lt;\\!\\-\\- \\`x\\` @&#8203;user" in changed
    assert "&lt;\\!\\-\\- '" in changed  # the annotation text's comment opener too
    assert lines.index("**figures** +0 -1 ~0") == lines.index(changed) + 2  # a blank line, then the next layer
    assert any(line.startswith("- removed f1 ") for line in lines)
    assert lines[0] == "## Annotation changes since <code>HEAD</code>"
    assert lines.count("**entities** +0 -0 ~1") == 1


def test_no_changes(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    assert capsys.readouterr().out.strip() == "No annotation changes since HEAD."


def test_unknown_revision_is_a_usage_error(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-rev", "--root", str(repo.root)]) == 2
    assert capsys.readouterr().err.strip() == f"error: 'no-such-rev' is not a git revision of {repo.root}"


def test_github_annotation_points_at_the_broken_line(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(corpus, 3, start=200, end=205)  # e2 Rutte: offsets broken, text no longer matches
    assert main(["validate", "--root", str(corpus.root), "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"::error file={ANN},line=3,title=span-text-mismatch::annotation e2, field text:")


def test_dropping_one_renumbered_rule_entity_is_one_removal(repo: CorpusLayout,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    rule = read_annotations(repo, "rule", SAMPLE_DOC)
    assert rule is not None
    entities = sorted(rule.by_layer("entities"), key=lambda a: (a.start, a.end))
    dropped, kept = entities[1], entities[:1] + entities[2:]
    renumbered = [a.model_copy(update={"id": f"e{i}"}) for i, a in enumerate(kept, start=1)]  # as the rules do
    write_annotations(repo, rule.header, [a for a in rule.annotations if a.layer != "entities"] + renumbered)
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert f"rule/{SAMPLE_DOC} (changed)" in out
    assert f" entities: +0 -1 ~0 ({len(entities) - 2} renumbered)" in out
    items = [line for line in out.splitlines() if line.startswith(("  removed", "  added", "  changed"))]
    assert len(items) == 1
    assert items[0].startswith(f"  removed {dropped.id} [{dropped.start}, {dropped.end}) label={dropped.label}")
    assert f"[{dropped.text}]" in items[0]


def test_edited_offsets_pair_by_id_and_name_the_fields(repo: CorpusLayout,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = (repo.root / "articles" / f"{SAMPLE_DOC}.txt").read_text(encoding="utf-8")
    old, start = text.index("Rutte"), text.index("Mark Rutte")
    _edit(repo, 3, start=start, end=start + len("Mark Rutte"), text="Mark Rutte")  # e2 moved to a longer mention
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert "entities: +0 -0 ~1" in out
    assert (f"changed e2 (start: {old} -> {start}; end: {old + 5} -> {start + 10}; text: 'Rutte' -> 'Mark Rutte'): "
            "…sition NATO Secretary General [Mark Rutte] made") in out


def test_an_added_annotation_is_listed_with_its_context(repo: CorpusLayout,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    human = read_annotations(repo, "human", SAMPLE_DOC)
    assert human is not None
    text = (repo.root / "articles" / f"{SAMPLE_DOC}.txt").read_text(encoding="utf-8")
    start = text.index("Ukraine")
    new = EntityAnnotation(id="e3", start=start, end=start + 7, text="Ukraine", label="GPE", entity_id="ukraine",
                           origin="human", annotator="fixture", annotator_kind="human")
    write_annotations(repo, human.header, [*human.annotations, new])
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert "entities: +1 -0 ~0" in out
    assert f"  added e3 [{start}, {start + 7}) label=GPE, entity_id=ukraine: …" in out
    assert "[Ukraine]" in out and "removed" not in out and "changed e" not in out


def test_an_unreadable_file_is_reported_not_diffed(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo, 4, extra="field")  # q1 gets a field the schema does not know
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert f"human/{SAMPLE_DOC} (unreadable)" in out
    assert ("  unreadable at the working tree: line 4: annotation q1, field extra: Extra inputs are not permitted "
            "(run nato-corpus validate)") in out
    assert "removed" not in out and "added" not in out
    assert main(["diff", "HEAD", "--root", str(repo.root), "--format", "markdown"]) == 0
    assert "- unreadable at the working tree: line 4:" in capsys.readouterr().out


def test_a_file_unreadable_at_the_base_is_reported_at_that_revision(repo: CorpusLayout,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _edit(repo, 2, label="PER")
    _git(repo.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qam", "broken")
    _edit(repo, 2, label="ORG")
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert "  unreadable at HEAD: line 2: annotation e1, field label: Input should be" in out
    assert "(run nato-corpus validate)" in out


def test_probe_corpus_gold_changes_are_shown(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    """A deleted gold annotation in a probe corpus is a gold change too, with the probe's folder named."""
    import shutil

    probe = repo.root / PROBE
    for folder in ("articles", "registry"):
        shutil.copytree(repo.root / folder, probe / folder)
    (probe / "annotations" / "human").mkdir(parents=True)
    shutil.copy(repo.root / ANN, probe / ANN)
    _git(repo.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(repo.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "probe")
    lines = (probe / ANN).read_text(encoding="utf-8").split("\n")
    (probe / ANN).write_text("\n".join(lines[:2] + lines[3:]), encoding="utf-8")  # drop e2
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert f"{PROBE}/human/{SAMPLE_DOC} (changed)" in out and "removed e2" in out


def test_a_dropped_layer_in_the_header_is_shown(repo: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo.root / ANN
    lines = path.read_text(encoding="utf-8").split("\n")
    header = json.loads(lines[0])
    header["layers"] = ["entities", "quotes", "dates"]
    lines[0] = json.dumps(header)
    lines = [line for line in lines if '"layer": "figures"' not in line]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    out = capsys.readouterr().out
    assert "header layers: ['entities', 'quotes', 'dates', 'figures'] -> ['entities', 'quotes', 'dates']" in out


def test_a_bare_repository_committed_into_a_probe_corpus_is_not_used(repo: CorpusLayout,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """git must not take a pull request's own HEAD/config/objects/refs in a probe corpus folder for the
    repository (it would compare the PR with its own history); the checkout's repository is the base."""
    import shutil

    probe = repo.root / PROBE
    for folder in ("articles", "registry"):
        shutil.copytree(repo.root / folder, probe / folder)
    (probe / "annotations" / "human").mkdir(parents=True)
    shutil.copy(repo.root / ANN, probe / ANN)
    subprocess.run(["git", "init", "-q", "--bare", str(repo.root.parent / "fake.git")], check=True)
    for name in ("HEAD", "config", "objects", "refs"):
        source = repo.root.parent / "fake.git" / name
        if source.is_dir():
            shutil.copytree(source, probe / name)
        else:
            shutil.copy(source, probe / name)
    _git(repo.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(repo.root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "probe")
    lines = (probe / ANN).read_text(encoding="utf-8").split("\n")
    (probe / ANN).write_text("\n".join(lines[:2] + lines[3:]), encoding="utf-8")  # drop e2
    assert main(["diff", "HEAD", "--root", str(repo.root)]) == 0
    assert "removed e2" in capsys.readouterr().out


def _pair_reference(before: list[dict], after: list[dict]) -> tuple[list[tuple[int, int]], set[int], set[int]]:
    """The pairing rule read off its definition, each pass looking at every record (quadratic)."""
    pairs, free_before, free_after = [], set(range(len(before))), set(range(len(after)))
    for same_id in (True, False):
        for i in sorted(free_before) if not same_id else range(len(before)):
            j = next((j for j in range(len(after)) if j in free_after
                      and (after[j]["start"], after[j]["end"]) == (before[i]["start"], before[i]["end"])
                      and (not same_id or after[j]["id"] == before[i]["id"])), None)
            if j is not None:
                pairs.append((i, j))
                free_before.discard(i)
                free_after.discard(j)
    left = sorted(free_after)  # same id, other span: the last record of that id still free after the span passes
    for i in sorted(free_before):
        j = max((j for j in left if after[j]["id"] == before[i]["id"]), default=None)
        if j in free_after:
            pairs.append((i, j))
            free_before.discard(i)
            free_after.discard(j)
    return pairs, free_before, free_after


_RECORDS = st.lists(st.fixed_dictionaries({"start": st.integers(0, 3), "end": st.integers(4, 5),
                                           "id": st.sampled_from(["e1", "e2", "e3"])}), max_size=10)


@settings(max_examples=300, deadline=None)
@given(before=_RECORDS, after=_RECORDS)
def test_annotations_are_paired_as_the_rule_says(before: list[dict], after: list[dict]) -> None:
    """The pairing behind every diff (same span and id, then same span, then same id) takes each record from a
    queue; it must pair exactly as the definition does, with repeated spans and ids (a pull request's file may
    hold thousands of records on one span: the definition's scans made diff quadratic)."""
    from nato_corpus.review.diff import _pair

    assert _pair(before, after) == _pair_reference(before, after)
