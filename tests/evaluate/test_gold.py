"""`bench --gold`: a corpus folder, a built dataset folder and a dataset id give the same scores.

The fixture corpus (conftest.make_corpus: one hand-made gold file) gets a degraded rule file too, so the
``rules`` baseline has something to be wrong about; it is built once with `nato-corpus build`, and every
comparison scores the same predictions against the corpus and against the build.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, read_text, sha256_bytes, write_annotations
from nato_corpus.dataset.build import build_dataset
from nato_corpus.evaluate.gold import NOT_A_SOURCE, CorpusGold, DatasetGold, GoldDocument, load_gold
from nato_corpus.schema import UNANNOTATED_ZONES, ZONE_KINDS, AnnotationFileHeader, Zone

from conftest import REPO_ROOT, SAMPLE_DOC, make_corpus, sample_annotations


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(corpus folder, its build): gold for SAMPLE_DOC, a rule file that misses the quote and mislabels NATO."""
    layout = make_corpus(tmp_path_factory.mktemp("gold") / "corpus")
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    text = read_text(layout, SAMPLE_DOC)
    rule = [a.model_copy(update={"origin": "rule", "annotator": "fixture-rules", "annotator_kind": "rule"})
            for a in sample_annotations(text) if a.layer != "quotes"]
    rule[0] = rule[0].model_copy(update={"label": "GPE"})
    header = AnnotationFileHeader(doc_id=SAMPLE_DOC, origin="rule", text_sha256=sha256_bytes(text.encode("utf-8")),
                                  layers=("entities", "quotes", "dates", "figures"))
    write_annotations(layout, header, rule)
    out = layout.root.parent / "hf_dataset"
    build_dataset(layout, out)
    return layout.root, out


def _predictions(corpus: Path, path: Path) -> Path:
    """Two right entities, one wrong date type, a figure with the wrong value: something for every scheme."""
    text = read_text(CorpusLayout(corpus), SAMPLE_DOC)
    records = []
    for annotation in sample_annotations(text):
        record = annotation.model_dump(mode="json", exclude={"origin", "annotator", "annotator_kind", "id"})
        if annotation.layer == "dates":
            record["type"] = "DURATION"
            record["value"] = "P1D"
        if annotation.layer == "figures":
            record["value"] = "31"
        if annotation.layer != "quotes":
            records.append({"doc_id": SAMPLE_DOC, **record})
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _bench(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["bench", *argv, "--format", "json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_corpus_and_build_give_identical_reports(sources: tuple[Path, Path], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    corpus, built = sources
    predictions = _predictions(corpus, tmp_path / "p.jsonl")
    for argv in (("--predictions", str(predictions), "--split", "all", "--bootstrap", "200"),
                 ("--predictions", str(predictions), "--split", "validation", "--layers", "entities,quotes"),
                 ("--system", "rules", "--split", "all", "--bootstrap", "100")):
        from_corpus = _bench(capsys, "--root", str(corpus), "--gold", str(corpus), *argv)
        from_build = _bench(capsys, "--root", str(corpus), "--gold", str(built), *argv)
        assert from_build == from_corpus, argv
        assert from_corpus["layers"]["entities"]["gold"] == 2  # the fixture's gold, not an empty set
    default = _bench(capsys, "--root", str(corpus), "--predictions", str(predictions), "--split", "all",
                     "--bootstrap", "200")  # --gold defaults to the corpus
    assert default == _bench(capsys, "--root", str(corpus), "--gold", str(built), "--predictions",
                             str(predictions), "--split", "all", "--bootstrap", "200")


def test_documents_decode_to_the_corpus_schema(sources: tuple[Path, Path]) -> None:
    corpus, built = sources
    from_corpus, from_build = load_gold(corpus), load_gold(str(built))
    assert isinstance(from_corpus, CorpusGold) and isinstance(from_build, DatasetGold)
    assert from_build.doc_ids() == from_corpus.doc_ids() == sorted(from_corpus.doc_ids())
    for split in ("train", "validation", "test"):
        assert from_build.doc_ids(split) == from_corpus.doc_ids(split)
    for doc_id in from_corpus.doc_ids():
        assert from_build.document(doc_id) == from_corpus.document(doc_id), doc_id  # labels as names, zones, ...
        assert from_build.rule_annotations(doc_id) == from_corpus.rule_annotations(doc_id)
    sample = from_build.document(SAMPLE_DOC)
    assert sample.layers == ("entities", "quotes", "dates", "figures")
    assert [a.label for a in sample.layer("entities") or []] == ["ORG", "PERSON"]
    other = next(d for d in from_build.doc_ids() if d != SAMPLE_DOC)
    assert from_build.document(other).layer("entities") is None  # not annotated, not empty


def test_a_dataset_id_is_read_with_load_dataset(sources: tuple[Path, Path], tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """The Hub route, offline: load_dataset is redirected from the id to the local build it stands for."""
    import datasets

    corpus, built = sources
    real = datasets.load_dataset
    calls: list[tuple[str, str]] = []

    def hub(path: str, name: str, **options: Any) -> Any:
        calls.append((path, name))
        assert path == "someone/nato-corpus" and options == {}  # the Hub's own cache, keyed by revision
        return real(str(built), name, cache_dir=str(tmp_path / "cache"))

    monkeypatch.setattr(datasets, "load_dataset", hub)
    predictions = _predictions(corpus, tmp_path / "p.jsonl")
    argv = ("--predictions", str(predictions), "--split", "all", "--bootstrap", "50")
    from_hub = _bench(capsys, "--root", str(corpus), "--gold", "someone/nato-corpus", *argv)
    assert calls == [("someone/nato-corpus", "documents")]
    assert from_hub == _bench(capsys, "--root", str(corpus), *argv)


@pytest.mark.parametrize("kind", ["missing path", "empty folder", "file"])
def test_nonsense_gold_is_one_line_and_exit_2(sources: tuple[Path, Path], tmp_path: Path, kind: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nowhere" / "at-all"
    if kind == "empty folder":
        target = tmp_path / "empty"
        target.mkdir()
    elif kind == "file":
        target = tmp_path / "notes.txt"
        target.write_text("not a dataset\n", encoding="utf-8")
    assert main(["bench", "--root", str(sources[0]), "--gold", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"error: --gold {target}: {NOT_A_SOURCE}\n" and captured.out == ""
    assert NOT_A_SOURCE == "not a corpus folder, a built dataset folder or a dataset id"


def test_an_unreachable_dataset_id_says_why(sources: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--root", str(sources[0]), "--gold", "someone/no-such-dataset"]) == 2  # offline
    err = capsys.readouterr().err
    assert err.startswith(f"error: --gold someone/no-such-dataset: {NOT_A_SOURCE} (datasets.load_dataset: ")
    assert err.count("\n") == 1


def test_write_leaderboard_needs_a_corpus(sources: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    corpus, built = sources
    assert main(["bench", "--root", str(corpus), "--gold", str(built), "--write-leaderboard"]) == 2
    assert "--write-leaderboard writes the reports/ of a corpus folder" in capsys.readouterr().err
    assert not (corpus / "reports").exists()


def test_a_build_without_the_rule_config_cannot_score_rules(sources: tuple[Path, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    corpus, built = sources
    copy = tmp_path / "gold-only"
    shutil.copytree(built, copy)
    shutil.rmtree(copy / "data" / "documents_rule")
    assert main(["bench", "--root", str(corpus), "--gold", str(copy), "--system", "rules"]) == 1
    assert capsys.readouterr().err == f"error: {copy}: has no rule layer (config documents_rule) to score\n"


_ZONES = st.lists(st.builds(lambda start, length, kind: Zone(start=start, end=start + length, kind=kind),
                            st.integers(0, 40), st.integers(1, 10), st.sampled_from(ZONE_KINDS)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(zones=_ZONES, start=st.integers(0, 50), length=st.integers(0, 10))
def test_the_zone_a_prediction_falls_in_is_found_as_a_scan_finds_it(zones: list[Zone], start: int,
                                                                    length: int) -> None:
    """Zones that overlap, nest or touch, and zones of every kind: a prediction is in an unannotated zone
    exactly when a scan over every zone says so, and the zone named is one of those it overlaps."""
    document = GoldDocument("d", "x" * 60, "test", "2025-01-01", tuple(zones), {})
    end = start + length
    overlapped = [z for z in zones if z.kind in UNANNOTATED_ZONES and start < z.end and z.start < end]
    found = document.unannotated_zone(start, end)
    assert (found is None) == (not overlapped)
    assert found is None or found in overlapped


def test_a_built_dataset_with_overlapping_gold_spans_is_refused(sources: tuple[Path, Path], tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A build's layers are flat, as the validator keeps them, and scoring is fast only for flat gold (an
    overlapping pair in 8,000 spans took 17 s): a dataset with an overlap is not a nato-corpus build."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus, built = sources
    hostile = tmp_path / "hostile"
    shutil.copytree(built, hostile)
    for path in sorted((hostile / "data" / "documents").glob("*.parquet")):
        table = pq.read_table(path)
        rows = table.to_pylist()
        for row in rows:
            if row["doc_id"] == SAMPLE_DOC:
                first = row["entities"][0]
                row["entities"].append({**first, "id": "e99", "end": first["end"] + 1})
                pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)
    capsys.readouterr()
    assert main(["bench", "--root", str(corpus), "--gold", str(hostile), "--bootstrap", "0"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"document '{SAMPLE_DOC}': entities e" in err and (
        "a nato-corpus build has no overlapping spans in a layer") in err
