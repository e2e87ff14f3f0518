"""The built repository as a researcher uses it: the ner view, the registry, label names outside ``datasets``,
a venv without nato_corpus, the Hub's tag lists, and card, Croissant and LICENSE.md saying the same thing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from datasets import get_dataset_config_names, load_dataset

from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout
from nato_corpus.dataset.build import BuildResult, build_dataset
from nato_corpus.dataset.features import (
    NER_CONFIG,
    PROBES_CONFIG,
    PROBES_NER_CONFIG,
    class_labels,
    config_splits,
    features_for,
    probe_split,
)
from nato_corpus.dataset.ner import AlignmentError, sentence_rows, spans_from_tags
from nato_corpus.dataset.provenance import CC_BY, COMPONENTS, annotations_creators, licence_file, licence_lines
from nato_corpus.dataset.rows import with_label_names
from nato_corpus.schema import LAYERS, UNANNOTATED_ZONES, EntityAnnotation
from nato_corpus.validate.documents import iter_documents

from conftest import REPO_ROOT, require


@pytest.fixture(scope="module")
def repo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, BuildResult]:
    layout = CorpusLayout(REPO_ROOT)
    return layout, build_dataset(layout, tmp_path_factory.mktemp("researcher") / "hf_dataset")


def _gold_entities(layout: CorpusLayout) -> dict[str, set[tuple[int, int, str]]]:
    return {d.doc_id: {(e.start, e.end, e.label) for e in d.layer("human", "entities") or []}
            for d in iter_documents(layout)}


def test_ner_tags_give_back_every_gold_entity_exactly(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    layout, result = repo_build
    views = {NER_CONFIG: {split: layout for split in config_splits(NER_CONFIG)}}
    views[PROBES_NER_CONFIG] = {probe_split(layout.relative(p.root)): p for p in layout.probe_corpora()}
    assert len(views[PROBES_NER_CONFIG]) == len(PROBE_CORPORA)
    for config, corpora in views.items():
        loaded = load_dataset(str(result.out_dir), config)
        expected: dict[str, set[tuple[int, int, str]]] = {}
        for corpus in set(corpora.values()):
            expected.update(_gold_entities(corpus))
        got: dict[str, set[tuple[int, int, str]]] = {doc_id: set() for doc_id in expected}
        for split in loaded:
            for row in loaded[split]:
                named = with_label_names(loaded[split].features, row)
                assert len(named["tokens"]) == len(named["ner_tags"]) == len(named["token_starts"])
                got[named["doc_id"]].update(spans_from_tags(named))
        assert got == expected, config  # every gold entity, nothing more, offsets and labels exact


def test_ner_leaves_out_sentences_in_unannotated_zones(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    layout, result = repo_build
    loaded = load_dataset(str(result.out_dir), NER_CONFIG)
    zone_names = loaded["train"].features["zones"].feature.names
    seen = {zone_names[z] for split in loaded for row in loaded[split] for z in row["zones"]}
    assert not seen & set(UNANNOTATED_ZONES)
    hidden = [(d, z) for d in iter_documents(layout) for z in d.metadata.zones if z.kind in UNANNOTATED_ZONES]
    assert hidden  # the corpus has credits/boilerplate zones, so the exclusion is exercised
    covered = {(row["doc_id"], s) for split in loaded for row in loaded[split] for s in row["token_starts"]}
    for document, zone in hidden:
        assert not any((document.doc_id, offset) in covered for offset in range(zone.start, zone.end))


def _fake(text: str, start: int, end: int) -> SimpleNamespace:
    entity = EntityAnnotation(id="e1", start=start, end=end, text=text[start:end], label="ORG", origin="human",
                              annotator="test", annotator_kind="human")
    return SimpleNamespace(doc_id="doc", text=text, metadata=SimpleNamespace(zones=[]),
                           layer=lambda origin, layer: [entity])


def test_an_entity_boundary_inside_a_token_is_refused() -> None:
    with pytest.raises(AlignmentError, match=r"doc: entity e1 \('NATO', 1-5\) has a boundary inside a token"):
        list(sentence_rows(_fake("XNATO met.", 1, 5)))
    with pytest.raises(AlignmentError, match="spans two sentences"):
        list(sentence_rows(_fake("Met NATO.\nAllies met.", 4, 16)))
    assert [r["tokens"] for r in sentence_rows(_fake("Mr. Smith met NATO. Allies agreed.", 14, 18))] == [
        ["Mr", ".", "Smith", "met", "NATO", "."], ["Allies", "agreed", "."]]


def _rows_as_specified(text: str, zones: list[SimpleNamespace]) -> list[tuple[int, list[str], list[int],
                                                                               list[str]]]:
    """(sentence number, tokens, token starts, zones) of every row the ner module docstring's rule gives,
    written the plain way: cut at zone edges, line breaks and after . ! ? (and closing quotes) before white
    space and a capital, digit or opening quote, unless the word before the stop is a single letter or a listed
    abbreviation (found by a forward search); trim white space; number the pieces that are left; a row holds
    the tokens that start in its piece, each in the first zone that holds its start, and no row is made for a
    piece without tokens or with a token in a zone no layer annotates."""
    import itertools
    import re

    from nato_corpus.dataset.ner import ABBREVIATIONS, BODY_ZONE, SENTENCE_END, TOKEN
    from nato_corpus.schema import UNANNOTATED_ZONES

    edges = {0, len(text), *(m.end() for m in re.finditer("\n", text)), *(e for z in zones for e in (z.start, z.end))}
    for match in SENTENCE_END.finditer(text):
        before = re.compile(r"(\w+(?:\.\w+)*)\.$").search(text, max(0, match.start() - 40), match.start())
        if before is None or (len(before[1]) > 1 and before[1] not in ABBREVIATIONS):
            edges.add(match.end())
    cut = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - len(text[a:b]) + len(text[a:b].rstrip()))
           for a, b in itertools.pairwise(sorted(edges))]
    rows = []
    for number, (a, b) in enumerate((a, b) for a, b in cut if a < b):
        tokens = [m for m in TOKEN.finditer(text) if a <= m.start() < b]
        kinds = [next((z.kind for z in zones if z.start <= m.start() < z.end), BODY_ZONE) for m in tokens]
        if tokens and not set(kinds) & set(UNANNOTATED_ZONES):
            rows.append((number, [m.group() for m in tokens], [m.start() for m in tokens], kinds))
    return rows


def test_sentences_are_cut_as_the_rule_says() -> None:
    """sentence_batch finds the word before a stop backwards and cuts at token indices; on texts full of stops,
    abbreviations, initials and quotes, with zones whose edges may fall inside a word, its rows (numbers,
    tokens, zones) must be the plain rule's."""
    import random

    from nato_corpus.dataset.ner import TOKEN

    pieces = ["Mr.", "U.S.", "A.", "e.g.", "NATO.", "Sept.", "x", "Allies", "said", "!", "?", ".", "...", "\"",
              "”", ")", "(", " ", "  ", "\n", "9", "Kyiv.", "Gen", "Oct.", "(", "‘Yes.’", "No."]
    rng = random.Random(13)
    zoned = 0
    for _ in range(600):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 40)))
        cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, 2 * rng.randint(0, 2))))
        zones = [SimpleNamespace(start=a, end=b, kind=rng.choice(["headline", "boilerplate", "dateline", "credits"]))
                 for a, b in zip(cuts[::2], cuts[1::2], strict=True) if a < b]
        zoned += bool(zones)
        first = next(TOKEN.finditer(text), None)
        if first is None:
            continue
        document = _fake(text, first.start(), first.end())
        document.metadata.zones = zones
        rows = list(sentence_rows(document))
        got = [(row["sentence"], row["tokens"], row["token_starts"], row["zones"]) for row in rows]
        assert got == _rows_as_specified(text, zones), (text, zones)
        for row in rows:  # the one entity is the first token
            assert row["ner_tags"] == ["B-ORG" if start == first.start() else "O" for start in row["token_starts"]]
            assert row["token_ends"] == [start + len(token) for start, token in zip(row["token_starts"],
                                                                                   row["tokens"], strict=True)]
    assert zoned > 300


def test_every_entity_id_resolves_in_the_registry_config(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    out = str(repo_build[1].out_dir)
    keys = {row["id"] for row in load_dataset(out, "registry", split="train")}
    for config in ("entities", "entities_rule"):
        for split in (loaded := load_dataset(out, config)):
            assert {r["entity_id"] for r in loaded[split]} - {None} <= keys
    for split in (probes := load_dataset(out, PROBES_CONFIG)):
        for row in probes[split]:
            assert {e["entity_id"] for e in row["entities"]} - {None} <= keys
            assert {q["speaker_entity_id"] for q in row["quotes"]} - {None} <= keys


def test_every_parquet_file_reads_in_polars_and_duckdb_with_label_names(
        repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    polars, duckdb = require("polars"), require("duckdb")
    out, sizes = repo_build[1].out_dir, repo_build[1].sizes
    parquet = sorted(out.glob("data/*/*.parquet"))
    assert {p.parent.name for p in parquet} == set(get_dataset_config_names(str(out)))
    for path in parquet:
        expected = sizes[path.parent.name][path.name.split("-")[0]]["num_examples"]
        assert polars.read_parquet(path).height == expected
        assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchall() == [(expected,)]
    labels = f"{out}/data/labels/train-*.parquet"
    named = duckdb.sql(f"SELECT l.name, count(*) FROM '{out}/data/entities/*.parquet' e JOIN '{labels}' l "
                       "ON l.config = 'entities' AND l.column = 'label' AND l.id = e.label GROUP BY l.name").fetchall()
    gold = [a.label for d in iter_documents(repo_build[0]) for a in d.layer("human", "entities") or []]
    assert dict(named) == {label: gold.count(label) for label in set(gold)}


_LOAD_EVERY_CONFIG = """
import json, sys
from datasets import get_dataset_config_names, load_dataset
try:
    import nato_corpus
    sys.exit("nato_corpus is importable: the dataset would not be proved script-free")
except ImportError:
    pass
out, counts = sys.argv[1], {}
for config in get_dataset_config_names(out):
    prepared = load_dataset(out, config, cache_dir=sys.argv[2])
    for split in prepared:
        streamed = sum(1 for _ in load_dataset(out, config, split=split, streaming=True))
        assert streamed == len(prepared[split]), (config, split)
        counts[f"{config}/{split}"] = streamed
print(json.dumps(counts))
"""


def _closure(distribution: str) -> set[str]:
    """`distribution` and everything it requires (extras aside) among the installed distributions."""
    from importlib import metadata

    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = [distribution]
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # an environment marker excluded it
        seen.add(name)
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return seen


def _site_with_only(distributions: set[str], folder: Path) -> Path:
    """A folder of links to the installed files of exactly these distributions (no network needed)."""
    from importlib import metadata

    for name in distributions:
        dist = metadata.distribution(name)
        for file in dist.files or []:
            source = Path(dist.locate_file(file)).resolve()
            if file.parts[0] in ("..",) or not source.is_file():
                continue  # scripts outside site-packages
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                target.symlink_to(source)
    return folder


def test_every_config_loads_in_a_venv_with_only_datasets(repo_build: tuple[CorpusLayout, BuildResult],
                                                         tmp_path: Path) -> None:
    """A fresh venv holding `datasets` and its own dependencies only (linked from this run's site-packages, so no
    network): no nato_corpus, no pydantic unless datasets needs it, no polars, no mlcroissant."""
    closure = _closure("datasets")
    assert "nato-corpus" not in closure and "polars" not in closure
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    only = _site_with_only(closure, tmp_path / "only-datasets")
    (Path(site) / "zz-datasets-only.pth").write_text(f"{only}\n", encoding="utf-8")
    probe = subprocess.run([str(python), "-c", "import importlib.util as u; print(u.find_spec('nato_corpus'), "
                            "u.find_spec('polars'), u.find_spec('datasets') is not None)"],
                           capture_output=True, text=True, timeout=120, env={"PATH": os.environ["PATH"]}, cwd=tmp_path)
    assert probe.stdout.split() == ["None", "None", "True"], probe.stdout + probe.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1")
    done = subprocess.run([str(python), "-c", _LOAD_EVERY_CONFIG, str(repo_build[1].out_dir), str(tmp_path / "c")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    expected = {f"{c}/{s}": n["num_examples"] for c, by in repo_build[1].sizes.items() for s, n in by.items()
                if n["num_examples"]}
    assert json.loads(done.stdout.splitlines()[-1]) == expected


def _card(out: Path) -> tuple[dict, str]:
    text = (out / "README.md").read_text(encoding="utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


def test_card_yaml_uses_the_hub_tag_lists(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    """The tag lists datasets ships (datasets/utils/resources/*.json, known_task_ids); task_ids are not shipped
    offline by datasets or huggingface_hub, so they are not checked here."""
    import datasets
    from datasets.utils.metadata import MetadataConfigs, known_task_ids
    from huggingface_hub import DatasetCard

    resources = Path(datasets.__file__).parent / "utils" / "resources"
    lists = {name: json.loads((resources / f"{name}.json").read_text(encoding="utf-8"))
             for name in ("creators", "size_categories", "multilingualities", "languages")}
    metadata, _ = _card(repo_build[1].out_dir)
    assert set(metadata["annotations_creators"]) <= set(lists["creators"]["annotations"])
    assert set(metadata["language_creators"]) <= set(lists["creators"]["language"])
    assert set(metadata["size_categories"]) <= set(lists["size_categories"])
    assert set(metadata["multilinguality"]) <= set(lists["multilingualities"])
    assert set(metadata["language"]) <= set(lists["languages"])
    assert set(metadata["task_categories"]) <= set(known_task_ids)
    card = DatasetCard((repo_build[1].out_dir / "README.md").read_text(encoding="utf-8"))
    configs = MetadataConfigs.from_dataset_card_data(card.data)
    assert set(configs) == set(get_dataset_config_names(str(repo_build[1].out_dir)))
    assert "expert-generated" not in metadata["annotations_creators"]  # the gold passes were made by AI annotators


def test_card_croissant_and_licence_agree(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    layout, result = repo_build
    documents = list(iter_documents(layout))
    metadata, body = _card(result.out_dir)
    croissant = json.loads((result.out_dir / "croissant.json").read_text(encoding="utf-8"))
    assert (result.out_dir / "LICENSE.md").read_text(encoding="utf-8") == licence_file(documents)
    for line in licence_lines(documents):
        assert line in body
        assert line.lstrip("- ").replace("**", "") in croissant["usageInfo"]
    assert sorted(croissant["license"]) == sorted({url for _, url in COMPONENTS.values()})
    assert metadata["license_link"] == "LICENSE.md" and "extra_gated_prompt" in metadata
    creators = annotations_creators(documents)
    assert metadata["annotations_creators"] == creators
    assert croissant["rai:annotatorDemographics"] == "annotations_creators: " + ", ".join(creators)
    described = {rs["@id"]: int(re.search(r"\((\d+) rows\)", rs["description"])[1]) for rs in croissant["recordSet"]
                 if rs.get("dataType") != "sc:Enumeration"}
    card_rows = {m[1]: sum(int(n) for n in m[2].split(" | ") if n.strip().isdigit())
                 for m in re.finditer(r"^\| `([a-z_]+)` \| ((?:[0-9–]+ \| )*[0-9–]+) \|$", body, re.MULTILINE)}
    totals = {c: sum(s["num_examples"] for s in by.values()) for c, by in result.sizes.items() if
              any(s["num_examples"] for s in by.values())}
    assert described == totals and card_rows == totals
    info = {i["config_name"]: sum(s["num_examples"] for s in i["splits"]) for i in metadata["dataset_info"]}
    assert info == totals


def test_probe_configs_are_licence_clean_and_say_what_was_tuned(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    out = str(repo_build[1].out_dir)
    probes = load_dataset(out, PROBES_CONFIG)
    assert set(probes) == {probe_split(p.path) for p in PROBE_CORPORA}
    status = probes["development"].features["licence"]["status"]
    assert {status.int2str(r["licence"]["status"]) for s in probes for r in probes[s]} == {"open"}
    _, body = _card(repo_build[1].out_dir)
    development = [p for p in PROBE_CORPORA if p.role == "development"]
    assert development and all(f"`{p.path}/`" in body for p in development)
    assert "the rules were tuned on them" in body


def test_croissant_records_load_for_every_record_set(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    mlc = require("mlcroissant")
    path = repo_build[1].out_dir / "croissant.json"
    for config, by_split in repo_build[1].sizes.items():
        total = sum(s["num_examples"] for s in by_split.values())
        if total:
            assert sum(1 for _ in mlc.Dataset(jsonld=str(path)).records(config)) == total, config


def _croissant(result: BuildResult) -> dict:
    return json.loads((result.out_dir / "croissant.json").read_text(encoding="utf-8"))


def _croissant_fields(fields: list[dict]) -> Iterator[dict]:
    for field in fields:
        yield field
        yield from _croissant_fields(field.get("subField", []))


def _records(result: BuildResult, record_set: str) -> list[dict]:
    """A fresh mlcroissant Dataset per record set: mlcroissant 1.1 keeps the frames it joined in memory, so a
    second record set read from the same object can come back short."""
    mlc = require("mlcroissant")
    return list(mlc.Dataset(jsonld=str(result.out_dir / "croissant.json")).records(record_set))


def _decoded(value: object) -> object:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def test_croissant_records_carry_every_layer_with_speaker_cue_publication_licence_and_zones(
        repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    result = repo_build[1]
    records = {_decoded(r["documents/doc_id"]): r for r in _records(result, "documents")}
    loaded = load_dataset(str(result.out_dir), "documents")
    assert len(records) == sum(len(loaded[split]) for split in loaded)
    for split in loaded:
        for row in loaded[split]:
            record = records[row["doc_id"]]
            assert (_decoded(record["documents/split"]), _decoded(record["documents/text"])) == (split, row["text"])
            assert _decoded(record["documents/publication"]["documents/publication/anchor"]) == \
                row["publication"]["anchor"]
            assert record["documents/licence"]["documents/licence/status"] == row["licence"]["status"]
            assert [(z["documents/zones/start"], z["documents/zones/kind"]) for z in record["documents/zones"]] == \
                [(z["start"], z["kind"]) for z in row["zones"]]
            for layer in LAYERS:
                items = record[f"documents/{layer}"]
                assert [(i[f"documents/{layer}/start"], _decoded(i[f"documents/{layer}/text"])) for i in items] == \
                    [(a["start"], a["text"]) for a in row[layer]], (row["doc_id"], layer)
            for part in ("speaker", "cue"):
                assert [_decoded(q[f"documents/quotes/{part}/text"]) for q in record["documents/quotes"]] == \
                    [q[part] and q[part]["text"] for q in row["quotes"]]
    assert any(q["speaker"] for split in loaded for row in loaded[split] for q in row["quotes"])


def test_croissant_names_every_class_label_and_references_the_registry(
        repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    result = repo_build[1]
    croissant = _croissant(result)
    by_id = {rs["@id"]: rs for rs in croissant["recordSet"]}
    enumerations: dict[str, list[str]] = {}
    for config in get_dataset_config_names(str(result.out_dir)):
        features = load_dataset(str(result.out_dir), config, split=config_splits(config)[0]).features
        fields = {f["@id"]: f for f in _croissant_fields(by_id[config]["field"])}
        for column, label in class_labels(features):
            field = fields[f"{config}/" + column.replace("[]", "").replace(".", "/")]
            named = re.search(r"names in (\S+):", field["description"])[1]
            if "[]" not in column and "." not in column:  # a plain column: a reference mlcroissant can join
                assert field["references"] == {"field": {"@id": f"{named}/id"}}
            if named not in enumerations:
                assert by_id[named]["dataType"] == "sc:Enumeration"
                enumerations[named] = [_decoded(r[f"{named}/name"]) for r in _records(result, named)]
            assert enumerations[named] == label.names, (config, column)
        for field_id, field in fields.items():
            if field_id.rsplit("/", 1)[-1] in ("entity_id", "speaker_entity_id") and "source" in field:
                plain = field["source"].get("transform") is None and not field.get("repeated")
                assert field.get("references") == ({"field": {"@id": "registry/id"}} if plain else None), field_id
    keys = {_decoded(r["registry/id"]) for r in _records(result, "registry")}
    assert {_decoded(r["entities/entity_id"]) for r in _records(result, "entities")} - {None} <= keys


def test_croissant_states_the_licence_of_every_record_set(repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    result = repo_build[1]
    croissant = _croissant(result)
    licence_md = (result.out_dir / "LICENSE.md").read_text(encoding="utf-8")
    for record_set in croissant["recordSet"]:
        if record_set["@id"] not in result.sizes:
            continue  # an enumeration of label names
        licence = record_set["description"].split("Licence: ", 1)[1]
        for component, (name, url) in COMPONENTS.items():
            if component in licence:
                assert f"{component}: {name} ({url})" in licence
                assert f"**{component}**: {name}, {url}" in licence_md
        assert set(re.findall(r"\((https://[^)]+)\)", licence)) <= set(croissant["license"])
        copied = re.search(r"copied from the (probe )?texts \(([^)]*)\): ([^;]*)", licence)
        columns = set(features_for(record_set["@id"]))
        assert (copied is not None) == bool(columns & {"text", "headline", "tokens"}), record_set["@id"]
        if copied is not None and not copied[1]:  # never CC BY: each text has its own statement, in LICENSE.md
            assert "CC BY" not in copied[3] and "LICENSE.md" in copied[3]
        if copied is not None and copied[1]:
            assert copied[3].rstrip(".").endswith(f"{CC_BY[0]} ({CC_BY[1]})")


def test_card_counts_gold_labels_per_split_as_the_flat_configs_hold_them(
        repo_build: tuple[CorpusLayout, BuildResult]) -> None:
    out = str(repo_build[1].out_dir)
    _, body = _card(repo_build[1].out_dir)
    header = re.search(r"^\| layer \| label / kind / type \| (.*) \| total \|$", body, re.MULTILINE)
    splits = header[1].split(" | ")
    rows = re.findall(r"^\| (entities|quotes|dates|figures) \| (\S+) \| ((?:\d+ \| )+)(\d+) \|$", body, re.MULTILINE)
    card = {(layer, label, split): int(n) for layer, label, cells, _ in rows
            for split, n in zip(splits, cells.split(" | ")[:-1], strict=True)}
    expected: dict[tuple[str, str, str], int] = {}
    for layer in LAYERS:
        loaded = load_dataset(out, layer)
        for split in loaded:
            column = {"entities": "label", "quotes": "kind", "dates": "type", "figures": "kind"}[layer]
            names = loaded[split].features[column]
            for value in loaded[split][column]:
                key = (layer, names.int2str(value), split)
                expected[key] = expected.get(key, 0) + 1
    assert {k: v for k, v in card.items() if v} == expected
    assert all(int(total) == sum(int(n) for n in cells.split(" | ")[:-1]) for _, _, cells, total in rows)
