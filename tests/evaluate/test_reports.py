"""The committed reports: one writer, rows that record what they scored, staleness found without scoring."""

from __future__ import annotations

import json
import re

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusError, CorpusLayout, read_text, sha256_bytes, write_annotations
from nato_corpus.evaluate.reports import (
    inputs_digest,
    leaderboard_path,
    read_leaderboard,
    stale_message,
    stale_reason,
    write_leaderboard,
)
from nato_corpus.schema import AnnotationFileHeader

from conftest import SAMPLE_DOC, sample_annotations


def _rule_file(layout: CorpusLayout, keep: int) -> None:
    """A rule file for SAMPLE_DOC holding the first `keep` gold annotations."""
    text = read_text(layout, SAMPLE_DOC)
    header = AnnotationFileHeader(doc_id=SAMPLE_DOC, origin="rule", text_sha256=sha256_bytes(text.encode("utf-8")),
                                  layers=("entities", "quotes", "dates", "figures"))
    write_annotations(layout, header, [a.model_copy(update={"origin": "rule", "annotator_kind": "rule"})
                                       for a in sample_annotations(text)[:keep]])


def test_rows_record_the_files_they_scored(corpus: CorpusLayout) -> None:
    _rule_file(corpus, 3)
    written = write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    rows = read_leaderboard(corpus)
    assert rows is not None and list(rows) == ["rules"] == list(written.rows)
    assert rows["rules"]["inputs"] == {"annotations/human": inputs_digest(corpus, "human"),
                                       "annotations/rule": inputs_digest(corpus, "rule")}
    assert rows["rules"]["report"]["layers"]["entities"]["schemes"]["strict"]["f1"] == 1.0
    assert (corpus.root / "reports" / "leaderboard.md").read_text(encoding="utf-8") == written.table
    assert "| rules | all |" in written.table
    assert stale_reason(corpus) is None


def test_a_changed_rule_or_gold_layer_makes_the_report_stale(corpus: CorpusLayout) -> None:
    _rule_file(corpus, 3)
    write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    _rule_file(corpus, 2)  # the rules changed and `annotate` rewrote the rule layer
    assert stale_reason(corpus) == "annotations/rule/ changed since its 'rules' row was scored"
    assert stale_message(corpus) == ("reports/leaderboard.json is stale: run nato-corpus bench --write-leaderboard "
                                     "(annotations/rule/ changed since its 'rules' row was scored)")
    write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    assert stale_reason(corpus) is None
    gold = corpus.annotation_path("human", SAMPLE_DOC)
    gold.write_text(gold.read_text(encoding="utf-8").replace('"fixture"', '"fixture-b"'), encoding="utf-8")
    assert stale_reason(corpus) == "annotations/human/ changed since its 'rules' row was scored"


def test_an_old_report_without_inputs_is_stale(corpus: CorpusLayout) -> None:
    write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    path = leaderboard_path(corpus)
    rows = json.loads(path.read_text(encoding="utf-8"))
    del rows["rules"]["inputs"]
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert stale_reason(corpus) == "its 'rules' row does not record the files it scored"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape("reports/leaderboard.json: not valid JSON; run nato-corpus bench")):
        stale_reason(corpus)


def test_rows_the_writer_does_not_score_are_kept_only_while_fresh(corpus: CorpusLayout) -> None:
    """A peer that cannot run here (or was recorded by other means) keeps its row until its gold changes."""
    write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    path = leaderboard_path(corpus)
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows["peer"] = {"split": "all", "inputs": {"annotations/human": rows["rules"]["inputs"]["annotations/human"]},
                    "report": rows["rules"]["report"]}
    path.write_text(json.dumps(rows), encoding="utf-8")
    written = write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    assert list(written.rows) == ["rules", "peer"]
    assert "keeping the recorded peer row (the files it scored are unchanged)" in written.notes
    gold = corpus.annotation_path("human", SAMPLE_DOC)
    gold.write_text(gold.read_text(encoding="utf-8").replace('"fixture"', '"fixture-b"'), encoding="utf-8")
    written = write_leaderboard(corpus, systems=("rules",), bootstrap=0)
    assert list(written.rows) == ["rules"]
    assert written.notes == ["dropping the recorded peer row: annotations/human/ changed since its 'peer' row was "
                             "scored"]
    assert stale_reason(corpus) is None  # what was written is never stale


def test_cli_writer_skips_a_peer_it_cannot_run(corpus: CorpusLayout, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` raises ImportError
    assert main(["bench", "--root", str(corpus.root), "--write-leaderboard", "--bootstrap", "0"]) == 0
    captured = capsys.readouterr()
    assert "skipping spacy-sm: spaCy is not installed" in captured.err
    assert captured.out.splitlines()[2].startswith("| rules | all |")
    assert list(read_leaderboard(corpus) or {}) == ["rules"]

