"""The rule layer end to end: invariants on every corpus article, the annotate command, and Dataset.map."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest

from nato_corpus.annotate import (
    BATCH_COLUMNS,
    annotate_batch,
    regenerate_rule_layer,
    skip_zones,
    slugify,
    stale_rule_files,
)
from nato_corpus.cli import main
from nato_corpus.corpus import REPO_ROOT, CorpusLayout, parse_annotation_lines, read_metadata, read_text
from nato_corpus.rules import annotate_text
from nato_corpus.schema import ANNOTATION_ADAPTER, LAYERS

REPO = CorpusLayout(REPO_ROOT)
DOC_IDS = REPO.doc_ids()
# every article the rules are run on: the corpus and the held-out probes (texts they were not tuned on)
ARTICLES = [(corpus, doc_id) for corpus in REPO.corpora() for doc_id in corpus.doc_ids()]


@pytest.mark.parametrize(("corpus", "doc_id"), ARTICLES, ids=[d for _, d in ARTICLES])
def test_rule_annotations_are_well_formed_on_every_article(corpus: CorpusLayout, doc_id: str) -> None:
    """Every annotation validates; each of its spans (quote speaker and cue too) copies its text, has no edge
    whitespace and avoids the unannotated zones; no layer overlaps itself."""
    metadata, text = read_metadata(corpus, doc_id), read_text(corpus, doc_id)
    zones = skip_zones(metadata)
    found = annotate_text(text, dt.date.fromisoformat(metadata.publication.anchor), zones)
    assert {a.layer for a in found} == set(LAYERS), f"a layer found nothing in {doc_id}"
    for annotation in found:
        ANNOTATION_ADAPTER.validate_python(annotation.model_dump())
        assert annotation.origin == "rule"
        for _role, start, end, covered in annotation.spans():
            assert text[start:end] == covered and covered == covered.strip(), (doc_id, covered)
            assert not any(start < z_end and z_start < end for z_start, z_end in zones), (doc_id, covered)
    for layer in LAYERS:
        spans = sorted((a.start, a.end) for a in found if a.layer == layer)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans)), layer


def test_dates_and_figures_never_overlap_on_the_corpus() -> None:
    for doc_id in DOC_IDS:
        metadata, text = read_metadata(REPO, doc_id), read_text(REPO, doc_id)
        found = annotate_text(text, dt.date.fromisoformat(metadata.publication.anchor), skip_zones(metadata),
                              layers=("dates", "figures"))
        dates = [(a.start, a.end) for a in found if a.layer == "dates"]
        for figure in (a for a in found if a.layer == "figures"):
            assert not any(figure.start < e and s < figure.end for s, e in dates), (doc_id, figure.text)


# --- the command ------------------------------------------------------------------------------------------


def test_regenerate_then_check_is_fresh(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["annotate", "--root", str(corpus.root), "--check"]) == 1  # no rule files yet
    assert len(capsys.readouterr().out.splitlines()) == len(corpus.doc_ids())
    assert main(["annotate", "--root", str(corpus.root)]) == 0
    written = sorted(corpus.annotations_dir("rule").glob("*.jsonl"))
    assert [p.stem for p in written] == corpus.doc_ids()
    for path in written:
        parsed = parse_annotation_lines(path.read_text(encoding="utf-8").split("\n"), path.name)
        assert parsed.header.layers == LAYERS and parsed.header.origin == "rule"
        assert parsed.header.text_sha256 == read_metadata(corpus, path.stem).text_sha256
    capsys.readouterr()
    assert main(["annotate", "--root", str(corpus.root), "--check"]) == 0
    assert stale_rule_files(corpus) == []
    assert regenerate_rule_layer(corpus) == []  # idempotent: nothing changes the second time
    assert main(["validate", "--root", str(corpus.root)]) == 0, capsys.readouterr().out


def test_repository_rule_layer_is_fresh() -> None:
    """The committed rule layers (corpus and held-out probes) are what the rules produce now (`annotate --check`)."""
    assert [line for corpus in REPO.corpora() for line in stale_rule_files(corpus)] == []


def test_check_names_each_stale_file(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    regenerate_rule_layer(corpus)
    first, second = corpus.doc_ids()[:2]
    path = corpus.annotation_path("rule", first)
    path.write_text(path.read_text(encoding="utf-8").replace('"DATE"', '"DURATION"', 1), encoding="utf-8")
    corpus.annotation_path("rule", second).unlink()
    (corpus.annotations_dir("rule") / "no-such-article.jsonl").write_text("{}\n", encoding="utf-8")
    assert main(["annotate", "--root", str(corpus.root), "--check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert any(line.startswith(f"annotations/rule/{first}.jsonl: differs") for line in lines)
    assert any(line.startswith(f"annotations/rule/{second}.jsonl: missing") for line in lines)
    assert any(line.startswith("annotations/rule/no-such-article.jsonl") for line in lines)


def test_text_file_prints_corpus_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "Summit Report (Draft).txt"
    source.write_text("Ministers met on Monday and pledged $3 billion, or 2% of GDP.\n", encoding="utf-8")
    assert main(["annotate", "--text", str(source), "--published", "2025-06-11"]) == 0
    header, *records = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert header["doc_id"] == "summit-report-draft" and header["layers"] == list(LAYERS)
    by_text = {r["text"]: r for r in records}
    assert by_text["Monday"]["value"] == "2025-06-09"
    assert by_text["$3 billion"]["value"] == "3000000000" and by_text["$3 billion"]["unit"] == "USD"
    assert by_text["2%"]["measures"] == "GDP"
    for record in records:
        ANNOTATION_ADAPTER.validate_python(record)
    assert main(["annotate", "--text", str(source), "--published", "2025-06-11", "--doc-id", "my-doc",
                 "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["doc_id"] == "my-doc" and len(document["annotations"]) == len(records)


@pytest.mark.parametrize(("setup", "args", "code", "needle"), [
    ("missing", ["--published", "2025-01-01"], 1, "cannot read file: No such file or directory"),
    ("latin1", ["--published", "2025-01-01"], 1, "not UTF-8"),
    ("ok", ["--published", "2025-02-30"], 1, "--published"),
    ("ok", ["--published", "yesterday"], 1, "--published"),
    ("ok", ["--published", "2025-01-01", "--doc-id", "Bad Id"], 1, "--doc-id"),
    ("ok", [], 2, "--published"),
])
def test_text_file_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], setup: str,
                                       args: list[str], code: int, needle: str) -> None:
    source = tmp_path / "article.txt"
    if setup == "ok":
        source.write_text("Talks resumed on Monday.", encoding="utf-8")
    elif setup == "latin1":
        source.write_bytes("Caf\xe9 talks resumed on Monday.".encode("latin-1"))
    assert main(["annotate", "--text", str(source), *args]) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert needle in err[-1] and "Traceback" not in "\n".join(err)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["annotate", "--published", "2025-01-01"]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["annotate", "--check", "--text", "x.txt"])
    assert exit_info.value.code == 2


def test_slugify() -> None:
    assert slugify("NATO Summit (Draft) Ü.txt") == "nato-summit-draft-u"
    assert slugify("/a/b/2025_05_Report.TXT") == "2025-05-report"


# --- the batched function ---------------------------------------------------------------------------------


def test_annotate_batch_in_dataset_map_with_two_processes() -> None:
    os.environ["HF_DATASETS_OFFLINE"] = "1"
    import datasets

    texts = [read_text(REPO, d) for d in DOC_IDS] + ["Talks will resume on Friday.", "No dates or figures here."]
    published = [read_metadata(REPO, d).publication.anchor for d in DOC_IDS] + ["2025-03-12", "2024-01-01"]
    dataset = datasets.Dataset.from_dict({"text": texts, "published": published})
    mapped = dataset.map(annotate_batch, batched=True, batch_size=2, num_proc=2)
    assert set(BATCH_COLUMNS) <= set(mapped.column_names)
    assert mapped.num_rows == len(texts)
    for row, text, date in zip(mapped, texts, published, strict=True):
        expected = annotate_text(text, dt.date.fromisoformat(date))
        for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True):
            got = [(r["start"], r["end"], r["text"]) for r in row[column]]
            assert got == [(a.start, a.end, a.text) for a in expected if a.layer == layer]
            for record in row[column]:
                assert record["layer"] == layer
    friday = mapped[len(DOC_IDS)]["rule_dates"]
    assert [(r["text"], r["value"]) for r in friday] == [("Friday", "2025-03-14")]


def test_annotate_batch_rejects_bad_dates() -> None:
    with pytest.raises(ValueError, match=r"published \(row 1"):
        annotate_batch({"text": ["a", "b"], "published": ["2025-01-01", "01/02/2025"]})
    with pytest.raises(ValueError, match="'text' and 'published'"):
        annotate_batch({"text": ["a"]})
