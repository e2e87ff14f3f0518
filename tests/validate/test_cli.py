"""The validate command through the CLI: formats, exit codes, and robustness against arbitrary input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nato_corpus.cli import BROKEN_PIPE, main
from nato_corpus.corpus import CorpusLayout
from nato_corpus.validate import validate_corpus
from nato_corpus.validate.incidents import Incident, render_github, render_text

from conftest import SAMPLE_DOC

ANN = f"annotations/human/{SAMPLE_DOC}.jsonl"


def _break_label(layout: CorpusLayout) -> None:
    path = layout.root / ANN
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace('"ORG"', '"ORGANISATION"')
    path.write_text("\n".join(lines), encoding="utf-8")


def test_valid_corpus_exits_zero(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(corpus.root)]) == 0
    assert capsys.readouterr().out.strip().startswith("PASSED")


def test_repository_itself_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0, capsys.readouterr().out


def test_text_format_names_file_line_id_and_field(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _break_label(corpus)
    assert main(["validate", "--root", str(corpus.root)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{ANN}:2: error [literal_error] annotation e1, field label: Input should be")


def test_github_format_is_a_workflow_annotation(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _break_label(corpus)
    assert main(["--root", str(corpus.root), "validate", "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"::error file={ANN},line=2,title=literal_error::annotation e1, field label: ")


def test_json_format(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _break_label(corpus)
    assert main(["validate", "--root", str(corpus.root), "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["valid"] is False and payload["errors"] == 1
    assert payload["incidents"][0] | {"message": ""} == {
        "check": "literal_error", "message": "", "path": ANN, "line": 2, "column": None, "doc_id": SAMPLE_DOC,
        "ann_id": "e1", "field": "label", "severity": "error"}


def test_missing_path_is_a_usage_error(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(corpus.root), str(corpus.root / "nope.jsonl")]) == 2
    assert capsys.readouterr().err.strip().endswith("no such file or folder")


def test_root_that_is_not_a_corpus_is_a_usage_error(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(tmp_path)]) == 2
    assert "not a corpus folder" in capsys.readouterr().err


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml"])
    assert exc.value.code == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_arbitrary_annotation_file_never_crashes(corpus: CorpusLayout, content: bytes) -> None:
    (corpus.root / ANN).write_bytes(content)
    report = validate_corpus(corpus)
    assert all(i.path and i.check for i in report.incidents)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=st.dictionaries(st.sampled_from(["id", "layer", "start", "end", "text", "label", "kind", "unit",
                                               "value", "speaker", "origin", "annotator", "type"]),
                              st.none() | st.integers(-5, 10**6) | st.text(max_size=12) | st.booleans()
                              | st.lists(st.integers(), max_size=3) | st.dictionaries(st.text(max_size=3),
                                                                                      st.integers(), max_size=2)))
def test_arbitrary_annotation_records_never_crash(corpus: CorpusLayout, record: dict) -> None:
    path = corpus.root / ANN
    header = path.read_text(encoding="utf-8").split("\n")[0]
    path.write_text(header + "\n" + json.dumps(record) + "\n", encoding="utf-8")
    report = validate_corpus(corpus)
    assert all(i.line == 2 for i in report.incidents)


def test_an_unexpected_error_is_one_line_not_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import nato_corpus.cli.validate as command

    def explode(_args: object) -> int:
        raise KeyError("boom")

    monkeypatch.setattr(command, "run", explode)
    monkeypatch.delenv("NATO_CORPUS_DEBUG", raising=False)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error KeyError: 'boom'" in err and "Traceback" not in err
    monkeypatch.setenv("NATO_CORPUS_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["validate"])


def test_a_stray_file_is_a_warning_and_the_corpus_stays_valid(corpus: CorpusLayout,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (corpus.root / "articles" / "notes.md").write_text("todo\n", encoding="utf-8")
    assert main(["validate", "--root", str(corpus.root)]) == 0
    out = capsys.readouterr().out
    assert "articles/notes.md: warning [unexpected-file] not part of the corpus layout" in out
    assert out.strip().endswith("0 errors, 1 warnings")


def test_paths_may_be_given_relative_to_the_root(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # outside the corpus
    _break_label(corpus)
    assert main(["validate", "--root", str(corpus.root), ANN]) == 1
    assert capsys.readouterr().out.startswith(f"{ANN}:2: error [literal_error]")
    assert main(["validate", "--root", str(corpus.root), "no/such.jsonl"]) == 2


def test_a_left_over_temporary_file_is_reported(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus.root / "annotations" / "human" / ".x.jsonl.tmp").write_text("{}", encoding="utf-8")
    assert main(["validate", "--root", str(corpus.root)]) == 0
    assert "annotations/human/.x.jsonl.tmp: warning [unexpected-file]" in capsys.readouterr().out


def test_a_path_into_the_held_out_corpus_is_checked_against_it(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                tmp_path: Path) -> None:
    from conftest import REPO_ROOT

    probe = next((REPO_ROOT / "probes" / "heldout" / "annotations" / "human").glob("*.jsonl"))
    monkeypatch.chdir(tmp_path)  # the path is relative to --root, not to the working folder
    assert main(["validate", "--root", str(REPO_ROOT), str(probe.relative_to(REPO_ROOT))]) == 0, \
        capsys.readouterr().out
    assert capsys.readouterr().out.startswith("PASSED: 3 files checked")


HOSTILE = "\x1b[2K\r\x9b1A\u202e\u2066\n"  # erase, return, C1 cursor-up, bidi override and isolate, newline


def _hidden(text: str) -> str:
    return "".join(c for c in text if c != "\n" and unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"})


def test_text_and_github_output_show_hostile_values_escaped() -> None:
    incident = Incident(f"check{HOSTILE}", f"value {HOSTILE}", f"annotations/human/x{HOSTILE}.jsonl", line=2,
                        ann_id=f"e1{HOSTILE}", field=f"label{HOSTILE}")
    shown = "\\x1b[2K\\r\\x9b1A\\u202e\\u2066\\n"
    for rendered in (render_text([incident], 1), render_github([incident], 1)):
        assert _hidden(rendered) == "" and len(rendered.splitlines()) == 2  # the finding, the summary
        assert rendered.count(shown) == 5
    assert render_text([incident], 1).splitlines()[0] == (
        f"annotations/human/x{shown}.jsonl:2: error [check{shown}] annotation e1{shown}, field label{shown}: "
        f"value {shown}")


def test_a_hostile_annotation_id_is_shown_escaped(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    path = corpus.root / ANN
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[1])
    record["id"] = f"e1{HOSTILE}"
    lines[1] = json.dumps(record)
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["validate", "--root", str(corpus.root)]) == 1
    out = capsys.readouterr().out
    assert _hidden(out) == ""
    finding = next(line for line in out.splitlines() if line.startswith(f"{ANN}:2: error"))
    assert "annotation e1\\x1b[2K\\r\\x9b1A\\u202e\\u2066\\n, field id: " in finding


def _piped(corpus: CorpusLayout, *args: str, lines: int) -> tuple[int, bytes]:
    """Run the CLI into a real pipe, read ``lines`` lines, close the pipe: (exit status, stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "NATO_CORPUS_DEBUG"}
    process = subprocess.Popen([sys.executable, "-m", "nato_corpus", "--root", str(corpus.root), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    for _ in range(lines):
        assert process.stdout.readline()
    process.stdout.close()
    status = process.wait(timeout=120)
    return status, process.stderr.read()


def test_validate_into_a_closed_pipe_stops_quietly(corpus: CorpusLayout) -> None:
    for n in range(2000):  # some 300 kB of warnings: more than a pipe holds, so writing blocks and then fails
        (corpus.root / "articles" / f"stray-note-{n:04d}.md").write_text("todo\n", encoding="utf-8")
    assert _piped(corpus, "validate", lines=1) == (BROKEN_PIPE, b"")


def test_a_pipe_closed_before_the_final_flush_is_quiet(corpus: CorpusLayout) -> None:
    assert _piped(corpus, "validate", lines=0) == (BROKEN_PIPE, b"")  # one buffered line, written at the flush


def test_diff_into_a_closed_pipe_stops_quietly(corpus: CorpusLayout) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(corpus.root), "-c", "user.email=t@example.org", "-c", "user.name=t",
                        *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "base")
    path = corpus.root / ANN
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    nato = json.loads(lines[1])
    lines += [json.dumps(nato | {"id": f"e{n}"}) for n in range(100, 2100)]  # 2000 added annotations
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _piped(corpus, "diff", "HEAD", lines=3) == (BROKEN_PIPE, b"")


def test_jobs_report_what_one_process_reports(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    _break_label(corpus)
    other = next(doc_id for doc_id in corpus.doc_ids() if doc_id != SAMPLE_DOC)
    corpus.metadata_path(other).write_text("{", encoding="utf-8")  # a finding in another document too
    outputs = []
    for jobs in ("1", "2"):
        assert main(["validate", "--root", str(corpus.root), "--format", "json", "--jobs", jobs]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and json.loads(outputs[0])
    kept = [validate_corpus(corpus, keep=True, jobs=jobs) for jobs in (1, 2)]
    assert [c.doc_id for c in kept[0].corpora[corpus.root].documents] == \
        [c.doc_id for c in kept[1].corpora[corpus.root].documents]
    assert [c.text for c in kept[1].corpora[corpus.root].documents] == \
        [c.text for c in kept[0].corpora[corpus.root].documents]


class _Lengths:
    """A derive for validate_corpus: (corpus root, doc_id, characters) of each valid document of a group."""

    def __call__(self, layout: CorpusLayout, documents: list) -> list[tuple[str, str, int]]:
        return [(layout.root.name, d.doc_id, len(d.text)) for d in documents]


def test_derive_sees_every_valid_document_once_in_id_order_with_any_number_of_processes(
        corpus: CorpusLayout, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a command derives in the validator's pass (the build's rows) comes from each valid document once, in
    id order, the same for --jobs 1 and 2; an invalid document is left out and reported."""
    from nato_corpus import validate

    monkeypatch.setattr(validate, "DOCUMENTS_PER_GROUP", 2)  # several groups, one of them short
    broken = sorted(corpus.doc_ids())[1]
    corpus.metadata_path(broken).write_text("{", encoding="utf-8")
    runs = []
    for jobs in (1, 2):
        seen: list[tuple[str, str, int]] = []
        report = validate_corpus(corpus, jobs=jobs, derive=_Lengths(), sink=seen.extend)
        assert not report.valid and not report.corpora  # nothing kept: the derived values are all it hands on
        runs.append(seen)
    expected = [(corpus.root.name, doc_id, len(corpus.text_path(doc_id).read_text(encoding="utf-8")))
                for doc_id in sorted(corpus.doc_ids()) if doc_id != broken]
    assert runs[0] == runs[1] == expected
