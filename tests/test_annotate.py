"""The rule layer end to end: invariants on every corpus article, the annotate command, and Dataset.map."""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import json
import pickle
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from nato_corpus.annotate import (
    BATCH_COLUMNS,
    annotate_batch,
    annotate_records,
    batch_features,
    regenerate_rule_layer,
    resolve_registry,
    skip_zones,
    slugify,
    stale_rule_files,
)
from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text
from nato_corpus.dataset.build import build_dataset
from nato_corpus.dataset.rows import annotation_row, with_label_names
from nato_corpus.rules import annotate_text
from nato_corpus.rules.entities import registry_index
from nato_corpus.schema import ANNOTATION_ADAPTER, LAYERS
from nato_corpus.validate.documents import parse_annotation_file, read_annotations, read_metadata

from conftest import REPO_ROOT, make_corpus

REPO = CorpusLayout(REPO_ROOT)
DOC_IDS = REPO.doc_ids()
# every article the rules are run on: the corpus and its probe corpora (probes/, declared in PROBE_CORPORA)
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
        parsed = parse_annotation_file(path.read_text(encoding="utf-8"), path.name)
        assert parsed.header.layers == LAYERS and parsed.header.origin == "rule"
        assert parsed.header.text_sha256 == read_metadata(corpus, path.stem).text_sha256
    capsys.readouterr()
    assert main(["annotate", "--root", str(corpus.root), "--check"]) == 0
    assert stale_rule_files(corpus) == []
    assert regenerate_rule_layer(corpus) == 0  # idempotent: nothing changes the second time
    assert main(["validate", "--root", str(corpus.root)]) == 0, capsys.readouterr().out


def test_repository_rule_layer_is_fresh() -> None:
    """The committed rule layers (corpus and probe corpora) are what the rules produce now (`annotate --check`)."""
    assert [line for corpus in REPO.corpora() for line in stale_rule_files(corpus)] == []


def test_check_names_each_stale_file(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    regenerate_rule_layer(corpus)
    first, second = corpus.doc_ids()[:2]
    path = corpus.annotation_path("rule", first)
    path.write_text(path.read_text(encoding="utf-8").replace('"DATE"', '"DURATION"', 1), encoding="utf-8")
    corpus.annotation_path("rule", second).unlink()
    orphans = [f"no-such-article-{name}" for name in ("q", "b", "x", "a", "m", "k", "z", "c")]
    for name in orphans:  # created out of order: the listing's order is the file system's, the report's is not
        (corpus.annotations_dir("rule") / f"{name}.jsonl").write_text("{}\n", encoding="utf-8")
    assert main(["annotate", "--root", str(corpus.root), "--check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + len(orphans)
    assert lines[2:] == [f"annotations/rule/{name}.jsonl: no such article" for name in sorted(orphans)]
    assert any(line.startswith(f"annotations/rule/{first}.jsonl: differs") for line in lines)
    assert any(line.startswith(f"annotations/rule/{second}.jsonl: missing") for line in lines)


def test_text_file_prints_corpus_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "Summit Report (Draft).txt"
    source.write_text("Ministers met on Monday and pledged $3 billion, or 2% of GDP.\n", encoding="utf-8")
    assert main(["annotate", "--text", str(source), "--published", "2025-06-11"]) == 0
    header, *records = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert header["doc_id"] == "summit-report-draft" and header["layers"] == list(LAYERS)
    by_text = {r["text"]: r for r in records}
    assert by_text["Monday"]["value"] == "2025-06-09"
    assert by_text["$3 billion"]["value"] == "3000000000" and by_text["$3 billion"]["unit"] == "USD"
    assert by_text["2%"]["base"] == "GDP" and by_text["2%"]["measures"] is None
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
    ("ok", ["--published", "2025-13"], 1, "--published: '2025-13' is not a calendar month"),
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


# --- month anchors, standard input, the corpus's registry ------------------------------------------------

MONTH_TEXT = ("Ministers met on Monday and meet again tomorrow. Next month the summit opens; this year spending "
              "rose, up from last year. Last week talks stalled. This morning at 10 a.m. they spoke again.")


def test_a_month_anchor_keeps_what_the_day_does_not_change_and_leaves_the_rest_unspecified() -> None:
    values = {a.text: a.value for a in annotate_text(MONTH_TEXT, "2025-06", layers=("dates",))}
    assert values == {"Monday": "2025-XX-XX", "tomorrow": "2025-XX-XX", "Next month": "2025-07", "this year": "2025",
                      "last year": "2024", "Last week": "2025-WXX", "This morning": "2025-06-XXTMO",
                      "10 a.m.": "2025-06-XXT10:00"}
    # every day of the month gives the same spans, and the month's value is the day's wherever it is fixed
    by_day = {a.text: a.value for a in annotate_text(MONTH_TEXT, "2025-06-11", layers=("dates",))}
    assert by_day.keys() == values.keys()
    assert all(by_day[t] == v for t, v in values.items() if "X" not in v)
    with pytest.raises(ValueError, match="YYYY-MM month"):
        annotate_text(MONTH_TEXT, "2025-13")


@pytest.mark.parametrize("doc_id", [d for d in DOC_IDS if read_metadata(REPO, d).publication.precision == "month"])
def test_a_month_anchor_on_the_month_precision_articles(doc_id: str) -> None:
    """Each article dated only to a month, annotated with that month: the same spans as with its working anchor
    day, every value well-formed, and the values its anchor_note calls day-independent unchanged."""
    metadata, text = read_metadata(REPO, doc_id), read_text(REPO, doc_id)
    zones = skip_zones(metadata)
    month = annotate_text(text, metadata.publication.date, zones)  # type: ignore[arg-type]
    day = annotate_text(text, metadata.publication.anchor, zones)
    assert [(a.layer, a.start, a.end) for a in month] == [(a.layer, a.start, a.end) for a in day]
    for in_month, on_day in zip(month, day, strict=True):
        ANNOTATION_ADAPTER.validate_python(in_month.model_dump())
        if in_month.layer == "dates" and "X" not in in_month.value:  # type: ignore[attr-defined]
            assert in_month.value == on_day.value  # type: ignore[attr-defined]


def test_text_file_takes_a_month_and_reads_standard_input(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MONTH_TEXT.encode("utf-8")), encoding="utf-8"))
    assert main(["annotate", "--text", "-", "--published", "2025-06"]) == 0
    header, *records = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert header["doc_id"] == "stdin"
    assert {r["text"]: r["value"] for r in records if r["layer"] == "dates"}["Next month"] == "2025-07"
    for record in records:
        ANNOTATION_ADAPTER.validate_python(record)


LINKED_TEXT = "NATO Secretary General Mark Rutte said on Monday that allies must spend more."


def _entity_ids(out: str) -> dict[str, str | None]:
    _header, *records = (json.loads(line) for line in out.splitlines())
    return {r["text"]: r["entity_id"] for r in records if r["layer"] == "entities"}


def test_text_file_links_against_the_corpus_it_is_given_or_in(corpus: CorpusLayout, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "note.txt"
    source.write_text(LINKED_TEXT, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.chdir(outside)  # in no corpus: nothing is linked
    assert main(["annotate", "--text", str(source), "--published", "2025-06-10"]) == 0
    unlinked = _entity_ids(capsys.readouterr().out)
    assert unlinked["NATO"] is None and unlinked["Mark Rutte"] is None
    assert main(["annotate", "--root", str(corpus.root), "--text", str(source), "--published", "2025-06-10"]) == 0
    assert _entity_ids(capsys.readouterr().out) == {**unlinked, "NATO": "nato", "Mark Rutte": "mark-rutte"}
    monkeypatch.chdir(corpus.root / "articles")  # inside the corpus: found like git finds its repository
    assert main(["annotate", "--text", str(source), "--published", "2025-06-10"]) == 0
    assert _entity_ids(capsys.readouterr().out)["Mark Rutte"] == "mark-rutte"


# --- the batched function on the published dataset ----------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Any]:
    """The fixture corpus built and loaded back: its `documents` config, all splits in one Dataset."""
    import datasets

    from conftest import make_corpus

    root = tmp_path_factory.mktemp("published") / "corpus"
    layout = make_corpus(root)
    shutil.copy(REPO_ROOT / "LICENSE.md", root / "LICENSE.md")
    out = root.parent / "hf"
    build_dataset(layout, out)
    loaded = datasets.load_dataset(str(out), "documents")
    return layout, datasets.concatenate_datasets([loaded[split] for split in loaded])


def test_annotate_batch_on_the_published_documents_config(published: tuple[CorpusLayout, Any]) -> None:
    """`documents` as published, mapped with one and with two processes: identical results, rule columns typed
    exactly as the gold columns, entities linked, and the committed rule layer reproduced document by document."""
    layout, documents = published
    kwargs = {"batched": True, "batch_size": 2, "features": batch_features(documents.features),
              "fn_kwargs": {"registry": registry_index(layout.root)}}
    one = documents.map(annotate_batch, num_proc=1, **kwargs)
    two = documents.map(annotate_batch, num_proc=2, **kwargs)
    assert one.features == two.features and one.to_list() == two.to_list()
    schema = two.data.schema
    for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True):
        assert two.features[column] == two.features[layer]
        assert schema.field(column).type == schema.field(layer).type
    assert two.column_names == [*documents.column_names, *BATCH_COLUMNS]
    linked = {e["entity_id"] for row in two for e in row["rule_entities"]}
    assert {"nato", "mark-rutte"} <= linked
    for row in two:
        committed = read_annotations(REPO, "rule", row["doc_id"])
        assert committed is not None
        for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True):
            got = with_label_names(two.features[column], row[column])
            assert got == [annotation_row(a) for a in committed.by_layer(layer)], (row["doc_id"], layer)


def test_annotate_batch_registry_binds_with_partial_and_pickles(published: tuple[CorpusLayout, Any]) -> None:
    layout, documents = published
    bound = functools.partial(annotate_batch, registry=registry_index(layout.root))
    batch = documents[:2]
    assert pickle.loads(pickle.dumps(bound))(batch) == bound(batch) == annotate_batch(batch, registry=layout.root)
    unlinked = annotate_batch(batch)  # no registry: nothing linked
    assert {e["entity_id"] for row in unlinked["rule_entities"] for e in row} == {None}
    rows = [json.loads(line) for line in (REPO_ROOT / "registry" / "entities.jsonl").read_text("utf-8").splitlines()
            if line.strip()]  # a registry given as rows (e.g. shipped beside a dataset) links the same
    assert resolve_registry(rows) == registry_index(layout.root)
    with pytest.raises(ValueError, match=r"^registry row 1: not a registry entry"):
        resolve_registry([rows[0], {"id": "x"}])


def test_annotate_batch_on_a_plain_text_dataset() -> None:
    """Any dataset with `text` and a `published` string (a day or a month) works, with two processes too."""
    import datasets

    texts = ["Talks will resume on Friday.", "No dates or figures here.", MONTH_TEXT, "Ministers met on Monday."]
    published = ["2025-03-12", "2024-01-01", "2025-06", "2025-06-11"]
    dataset = datasets.Dataset.from_dict({"text": texts, "published": published})
    mapped = dataset.map(annotate_batch, batched=True, batch_size=1, num_proc=2,
                         features=batch_features(dataset.features))
    assert mapped.column_names == ["text", "published", *BATCH_COLUMNS]
    for row, text, anchor in zip(mapped, texts, published, strict=True):
        expected = annotate_text(text, anchor)
        for layer, column in zip(LAYERS, BATCH_COLUMNS, strict=True):
            got = with_label_names(mapped.features[column], row[column])
            assert got == [annotation_row(a) for a in expected if a.layer == layer]
    assert [(r["text"], r["value"]) for r in mapped[0]["rule_dates"]] == [("Friday", "2025-03-14")]
    assert mapped[2]["rule_dates"][0]["value"] == "2025-XX-XX"
    records = annotate_records({"text": texts[:1], "published": published[:1]})  # plain Python, corpus schema
    assert records["rule_dates"][0][0]["layer"] == "dates" and records["rule_dates"][0][0]["type"] == "DATE"


def test_annotate_batch_errors_name_the_row_and_the_column(published: tuple[CorpusLayout, Any]) -> None:
    _layout, documents = published
    batch = documents[:2]
    doc_id = batch["doc_id"][1]
    batch["publication"][1] = {**batch["publication"][1], "anchor": "2025-06"}  # the schema wants a day
    with pytest.raises(ValueError, match=rf"^publication\.anchor \(row 1 of the batch, doc_id '{doc_id}'\)"):
        annotate_batch(batch)
    batch["publication"][1] = None
    with pytest.raises(ValueError, match=r"^publication\.anchor \(row 1 .*None is not"):
        annotate_batch(batch)
    batch = documents[:1]
    batch["zones"][0] = [{**batch["zones"][0][0], "kind": 99}]
    with pytest.raises(ValueError, match=r"^zones \(row 0 of the batch"):
        annotate_batch(batch)
    with pytest.raises(ValueError, match=r"^published \(row 1 of the batch\): '01/02/2025'"):
        annotate_batch({"text": ["a", "b"], "published": ["2025-01-01", "01/02/2025"]})
    with pytest.raises(ValueError, match=r"^published \(row 0 of the batch\): None"):
        annotate_batch({"text": ["a"], "published": [None]})
    with pytest.raises(ValueError, match="'publication'"):
        annotate_batch({"text": ["a"]})


def test_jobs_write_the_same_rule_files_as_one_process(corpus: CorpusLayout, tmp_path: Path) -> None:
    other = make_corpus(tmp_path / "other")
    assert main(["annotate", "--root", str(corpus.root)]) == 0
    assert main(["annotate", "--root", str(other.root), "--jobs", "2"]) == 0
    written = sorted(corpus.annotations_dir("rule").iterdir())
    assert len(written) == len(corpus.doc_ids()) > 1
    for path in written:
        assert (other.annotations_dir("rule") / path.name).read_bytes() == path.read_bytes()
    assert main(["annotate", "--root", str(other.root), "--check", "--jobs", "2"]) == 0


def test_jobs_must_be_a_count(corpus: CorpusLayout, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["annotate", "--root", str(corpus.root), "--jobs", "-1"])
    assert exited.value.code == 2 and "negative" in capsys.readouterr().err
