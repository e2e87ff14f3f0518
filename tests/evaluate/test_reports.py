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
    assert "| rules | corpus |" in written.table
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
    assert captured.out.splitlines()[2].startswith("| rules | corpus |")
    assert list(read_leaderboard(corpus) or {}) == ["rules"]



def _submit(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str], keep: int, *extra: str) -> tuple[int, str]:
    """Submit the first `keep` gold annotations of SAMPLE_DOC as predictions named 'mine'."""
    text = read_text(corpus, SAMPLE_DOC)
    path = corpus.root.parent / "mine.jsonl"
    records = [{"doc_id": SAMPLE_DOC, **a.model_dump(mode="json", exclude={"id", "origin", "annotator",
                                                                          "annotator_kind"})}
               for a in sample_annotations(text)[:keep]]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    code = main(["bench", "--root", str(corpus.root), "--predictions", str(path), "--name", "mine",
                 "--write-leaderboard", "--bootstrap", "0", *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_anyone_can_add_and_update_a_row(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "spacy", None)  # only the rules and the submission are scored
    code, out = _submit(corpus, capsys, 2, "--tuned-on-this-text", "no")
    assert code == 0 and "added the mine row" in out
    rows = read_leaderboard(corpus) or {}
    assert list(rows) == ["rules", "mine"]
    assert rows["mine"]["tuned_on_this_text"] is False and len(rows["mine"]["predictions_sha256"]) == 64
    assert rows["mine"]["report"]["system"] == "mine" and rows["mine"]["report"]["split"] == "all"
    assert rows["mine"]["report"]["layers"]["entities"]["schemes"]["strict"]["f1"] == 1.0
    assert list(rows["mine"]["report"]["layers"]) == ["entities"]  # the layers the file covers
    documents = len(corpus.doc_ids())
    assert f"| mine | corpus | {documents} | all | no |" in out
    code, out = _submit(corpus, capsys, 5)  # a better version of the same system replaces its row
    rows = read_leaderboard(corpus) or {}
    assert code == 0 and "updated the mine row" in out and list(rows) == ["rules", "mine"]
    assert rows["mine"]["tuned_on_this_text"] is None and f"| mine | corpus | {documents} | all | not stated |" in out
    assert main(["bench", "--root", str(corpus.root), "--write-leaderboard", "--bootstrap", "0"]) == 0
    assert "keeping the recorded mine row" in capsys.readouterr().err  # a plain rewrite keeps it while fresh
    assert stale_reason(corpus) is None


@pytest.mark.parametrize(("argv", "message"), [
    (["--write-leaderboard", "--split", "test"], "--write-leaderboard scores every document"),
    (["--write-leaderboard", "--predictions", "examples/predictions.jsonl"], "needs --name NAME"),
    (["--write-leaderboard", "--predictions", "examples/predictions.jsonl", "--name", "rules"],
     "'rules' is a built-in system's row"),
    (["--write-leaderboard", "--predictions", "examples/predictions.jsonl", "--name", "a|b"],
     "a system name is 1-60 letters"),
    (["--name", "mine"], "use it with --predictions and --write-leaderboard"),
])
def test_leaderboard_options_are_never_silently_ignored(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str],
                                                        argv: list[str], message: str) -> None:
    from conftest import REPO_ROOT

    argv = [str(REPO_ROOT / a) if a.startswith("examples/") else a for a in argv]
    assert main(["bench", "--root", str(corpus.root), "--bootstrap", "0", *argv]) == 2
    assert message in capsys.readouterr().err
    assert read_leaderboard(corpus) is None  # nothing written


def test_tables_and_chart_show_every_text_and_what_was_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus and each probe set are separate rows with documents, split and tuning; the chart has a title,
    a legend saying the same, and marks the layers a system is not scored on."""
    from conftest import REPO_ROOT, require

    require("matplotlib")
    import matplotlib.axes

    from nato_corpus.evaluate.bench import chart
    from nato_corpus.evaluate.reports import sections_of

    layout = CorpusLayout(REPO_ROOT)
    sections = sections_of(layout, read_leaderboard(layout) or {})
    assert [text for text, _ in sections] == ["corpus", "probes/development", "probes/heldout",
                                              "probes/heldout-fresh"]
    table = recorded_table_of(layout)
    assert "| rules | corpus | 5 | all | yes |" in table and "| rules | probes/heldout | 6 | all | no |" in table
    development = len(CorpusLayout(REPO_ROOT / "probes" / "development").doc_ids())
    assert f"| rules | probes/development | {development} | all | yes |" in table
    texts: list[str] = []
    titles: list[str] = []
    monkeypatch.setattr(matplotlib.axes.Axes, "text", lambda self, x, y, s, **kw: texts.append(s))
    monkeypatch.setattr(matplotlib.axes.Axes, "set_title", lambda self, title, **kw: titles.append(title))
    png = chart(sections)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert titles and "split: all" in titles[0]
    assert texts.count("n/a") == sum(1 for _, rows in sections for entry in rows.values()
                                     for layer in ("entities", "quotes", "dates", "figures")
                                     if entry["report"]["layers"].get(layer) is None)
    assert texts.count("n/a") > 0  # spaCy has no quotes


def recorded_table_of(layout: CorpusLayout) -> str:
    from nato_corpus.evaluate.reports import recorded_table

    table = recorded_table(layout)
    assert table is not None
    return table
