"""The published card: one YAML block then the body, a licence link that resolves, tasks the configs support;
Croissant with a deterministic datePublished and no mlcroissant warnings."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusError, CorpusLayout
from nato_corpus.dataset.build import build_dataset, corpus_sizes
from nato_corpus.dataset.card import CARD_FILE, render_card, stale_card_parts
from nato_corpus.dataset.provenance import licence_file
from nato_corpus.validate.documents import iter_documents, read_metadata

from conftest import REPO_ROOT, make_corpus, require


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Path]:
    layout = make_corpus(tmp_path_factory.mktemp("corpus"))
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    out = layout.root / "out"
    build_dataset(layout, out)
    return layout, out


def _split(card: str) -> tuple[dict[str, object], str]:
    """(front matter, body) of a card that must start with exactly one YAML block."""
    assert card.startswith("---\n")
    header, body = card[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


def test_readme_is_one_yaml_block_then_the_body(built: tuple[CorpusLayout, Path]) -> None:
    metadata, body = _split((built[1] / "README.md").read_text(encoding="utf-8"))
    assert "configs" in metadata
    assert body.startswith("# ")
    assert "---" not in body.splitlines()  # no stray horizontal rule (or second YAML block) anywhere


def test_a_stray_empty_yaml_block_is_dropped_and_reported_stale(tmp_path: Path) -> None:
    layout = make_corpus(tmp_path / "corpus")
    card = layout.root / CARD_FILE
    sizes = corpus_sizes(layout)
    body = "# Title\n\nProse.\n"
    (layout.root / "LICENSE.md").write_text(licence_file(list(iter_documents(layout))), encoding="utf-8")
    for template in ("---\n---\n" + body, "---\nold: 1\n---\n---\n---\n\n" + body):
        rendered = render_card(layout, template, sizes)
        assert _split(rendered)[1] == body
        card.write_text(template, encoding="utf-8")
        assert stale_card_parts(layout, sizes) == ["front matter (configs, dataset_info)"]
        card.write_text(rendered, encoding="utf-8")
        assert stale_card_parts(layout, sizes) == []


def test_repository_card_has_no_stray_rule() -> None:
    _, body = _split((REPO_ROOT / CARD_FILE).read_text(encoding="utf-8"))
    assert body.startswith("# ")


def test_licence_link_resolves_in_the_build(built: tuple[CorpusLayout, Path]) -> None:
    layout, out = built
    metadata, _ = _split((out / "README.md").read_text(encoding="utf-8"))
    link = metadata["license_link"]
    assert isinstance(link, str)
    assert (out / link).read_bytes() == (layout.root / "LICENSE.md").read_bytes()
    listed = [line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()]
    assert link in listed


def test_task_categories_are_ones_the_configs_support(built: tuple[CorpusLayout, Path]) -> None:
    metadata, _ = _split((built[1] / "README.md").read_text(encoding="utf-8"))
    assert metadata["task_categories"] == ["token-classification"]
    assert metadata["task_ids"] == ["named-entity-recognition"]


def test_croissant_date_published_is_the_latest_anchor(built: tuple[CorpusLayout, Path]) -> None:
    layout, out = built
    metadata = json.loads((out / "croissant.json").read_text(encoding="utf-8"))
    assert metadata["datePublished"] == max(read_metadata(layout, d).publication.anchor for d in layout.doc_ids())


def test_croissant_has_no_warnings(built: tuple[CorpusLayout, Path]) -> None:
    mlc = require("mlcroissant")
    issues = mlc.Dataset(jsonld=str(built[1] / "croissant.json")).metadata.ctx.issues
    assert (issues.errors, issues.warnings) == (set(), set())


def test_update_card_then_check_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layout = make_corpus(tmp_path / "corpus")
    card = layout.root / CARD_FILE
    text = card.read_text(encoding="utf-8")
    end = text.index("\n---\n", 4) + len("\n---\n")
    card.write_text(text[:end] + "---\n---\n" + text[end:], encoding="utf-8")  # the stray as it was committed
    assert main(["build", "--root", str(layout.root), "--check"]) == 1
    assert main(["build", "--root", str(layout.root), "--update-card"]) == 0
    assert main(["build", "--root", str(layout.root), "--check"]) == 0
    capsys.readouterr()
    assert card.read_text(encoding="utf-8").count("\n---\n") == 1


NOT_MEASURED = "_Not measured: run `nato-corpus bench --write-leaderboard`_"


def _licensed(tmp_path: Path) -> CorpusLayout:
    layout = make_corpus(tmp_path / "corpus")
    shutil.copy(REPO_ROOT / "LICENSE.md", layout.root / "LICENSE.md")
    return layout


def _region(card: str, name: str) -> str:
    return card.split(f"<!-- BEGIN GENERATED: {name} -->\n", 1)[1].split(f"<!-- END GENERATED: {name} -->", 1)[0]


def test_build_never_runs_a_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """build, build --check and build --update-card read the committed report; scoring anything is an error."""
    from nato_corpus.evaluate.reports import write_leaderboard

    layout = _licensed(tmp_path)
    written = write_leaderboard(layout, systems=("rules",), bootstrap=0)

    def scorer_called(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build ran the scorer")

    for name in ("nato_corpus.evaluate.bench.evaluate", "nato_corpus.evaluate.bench.system_predictions",
                 "nato_corpus.evaluate.bench.score_layer", "nato_corpus.evaluate.scoring.score_layer",
                 "nato_corpus.evaluate.predictions.spacy_system"):
        monkeypatch.setattr(name, scorer_called)
    root = str(layout.root)
    assert main(["build", "--root", root, "--update-card"]) == 0
    assert main(["build", "--root", root, "--check"]) == 0
    assert main(["build", "--root", root, "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    for card in ((layout.root / CARD_FILE).read_text(encoding="utf-8"),
                 (tmp_path / "out" / "README.md").read_text(encoding="utf-8")):
        assert _region(card, "results") == written.table  # the report's rows, as recorded
        assert "| rules | corpus |" in _region(card, "results")


def test_a_missing_report_is_not_measured(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layout = _licensed(tmp_path)
    assert main(["build", "--root", str(layout.root), "--update-card"]) == 0
    assert main(["build", "--root", str(layout.root), "--check"]) == 0  # honest, so not stale
    capsys.readouterr()
    card = (layout.root / CARD_FILE).read_text(encoding="utf-8")
    assert _region(card, "results") == NOT_MEASURED + "\n"
    assert _region(card, "heldout_results") == "_Not measured: this checkout has no probe corpus probes/heldout/._\n"


def test_check_names_a_stale_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The rule layer changes after the report was written: the card still matches the report, the report does
    not match the rule layer, and build --check says which command fixes it."""
    from nato_corpus.evaluate.reports import write_leaderboard

    layout = _licensed(tmp_path)
    root = str(layout.root)
    write_leaderboard(layout, systems=("rules",), bootstrap=0)
    assert main(["build", "--root", root, "--update-card"]) == 0
    gold = next(layout.annotations_dir("human").glob("*.jsonl"))  # the rule layer now equals the gold layer
    (layout.annotations_dir("rule") / gold.name).parent.mkdir(parents=True, exist_ok=True)
    (layout.annotations_dir("rule") / gold.name).write_text(
        gold.read_text(encoding="utf-8").replace('"origin": "human"', '"origin": "rule"')
        .replace('"annotator_kind": "ai"', '"annotator_kind": "rule"')
        .replace('"annotator_kind": "human"', '"annotator_kind": "rule"'), encoding="utf-8")
    assert main(["build", "--root", root, "--update-card"]) == 0  # the counts; warns about the report
    assert capsys.readouterr().err.startswith("warning: reports/leaderboard.json is stale: run nato-corpus bench "
                                              "--write-leaderboard (annotations/rule/ changed")
    assert main(["build", "--root", root, "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "reports/leaderboard.json is stale: run nato-corpus bench --write-leaderboard "
        "(annotations/rule/ changed since its 'rules' row was scored)"]
    assert main(["bench", "--root", root, "--write-leaderboard", "--bootstrap", "0"]) == 0
    assert main(["build", "--root", root, "--check"]) == 1  # new scores: the card's table is stale now
    assert capsys.readouterr().out.splitlines()[-1] == (
        "DATASET_CARD.md: region 'results' is stale; run nato-corpus build --update-card")
    assert main(["build", "--root", root, "--update-card"]) == 0
    assert main(["build", "--root", root, "--check"]) == 0


def test_a_probe_corpus_report_names_its_own_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    layout = _licensed(tmp_path)
    probe = layout.root / "probes" / "heldout"
    for folder in ("articles", "registry", "annotations"):  # registry/overlay.jsonl: on the fixture's registry
        shutil.copytree(REPO_ROOT / "probes" / "heldout" / folder, probe / folder)
    root = str(layout.root)
    assert main(["build", "--root", root, "--update-card"]) == 0
    capsys.readouterr()
    card = (layout.root / CARD_FILE).read_text(encoding="utf-8")
    assert _region(card, "heldout_results") == "_Not measured: run `nato-corpus --root probes/heldout bench " \
                                               "--write-leaderboard`_\n"
    assert main(["bench", "--root", str(probe), "--write-leaderboard", "--bootstrap", "0"]) == 0
    assert main(["build", "--root", root, "--update-card"]) == 0
    assert main(["build", "--root", root, "--check"]) == 0
    capsys.readouterr()
    card = (layout.root / CARD_FILE).read_text(encoding="utf-8")
    assert "| rules | probes/heldout |" in _region(card, "heldout_results")
    gold = sorted((probe / "annotations" / "human").iterdir())[0]
    gold.write_text(gold.read_text(encoding="utf-8").replace('"probe-a"', '"probe-z"'), encoding="utf-8")
    assert main(["build", "--root", root, "--check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "probes/heldout/reports/leaderboard.json is stale: run nato-corpus --root probes/heldout bench "
        "--write-leaderboard "
        "(annotations/human/ changed since its 'rules' row was scored)"]


@pytest.mark.parametrize("where", ["fixture", "repository"])
def test_facts_gathered_by_the_build_stream_equal_a_pass_over_the_corpus(tmp_path: Path, where: str) -> None:
    """The build gathers the card's facts while it streams the corpus (in any number of processes), so that it
    does not read the corpus twice; they render the same card as facts read from the corpus."""
    from nato_corpus.dataset.build import scan_corpus
    from nato_corpus.dataset.croissant import croissant_metadata

    layout = make_corpus(tmp_path / "corpus") if where == "fixture" else CorpusLayout(REPO_ROOT)
    template = (layout.root / CARD_FILE).read_text(encoding="utf-8")
    sizes = corpus_sizes(layout)
    from_corpus = render_card(layout, template, sizes)
    for jobs in (1, 2):
        facts = scan_corpus(layout, jobs=jobs).facts
        assert render_card(layout, template, sizes, facts) == from_corpus
        assert croissant_metadata(layout, sizes, facts) == croissant_metadata(layout, sizes)
    assert "| entities | ORG |" in _region(from_corpus, "stats")


def test_the_data_fields_section_names_every_field_of_the_documents_config() -> None:
    """The card's field table is prose: a column added to the features (``notes``, ``annotator_kind``, a
    figure's ``bound``) must be described there too, or a user meets a column no document explains."""
    from nato_corpus.dataset.features import document_features

    card = (REPO_ROOT / CARD_FILE).read_text(encoding="utf-8")
    start = card.index("### Data Fields")
    section = card[start:card.index("Other configs:", start)]
    features = document_features()
    named = [*features, *(f"{layer}.{name}" for layer in ("entities", "quotes", "dates", "figures")
                          for name in features[layer].feature)]
    assert [name for name in named if f"`{name.rsplit('.', 1)[-1]}`" not in section] == []


@pytest.mark.parametrize("markers, message", [
    ("<!-- BEGIN GENERATED: stats -->\n", "generated region 'stats' is not closed"),
    ("<!-- BEGIN GENERATED: stats -->\n<!-- BEGIN GENERATED: load -->\n<!-- END GENERATED: load -->",
     "generated region 'stats' is not closed before the next one begins"),
    ("<!-- END GENERATED: stats -->", "END marker of generated region 'stats' closes no region"),
    ("<!-- BEGIN GENERATED: stats --> x\n<!-- END GENERATED: stats -->",
     "the marker of generated region 'stats' must end its line"),
])
def test_a_card_whose_region_markers_do_not_pair_is_one_line_error(tmp_path: Path, markers: str,
                                                                   message: str) -> None:
    """The markers are paired in one pass (a regex from every unclosed BEGIN to the end of the card was
    quadratic in a pull request's card); what does not pair is named, never silently left as prose."""
    layout = make_corpus(tmp_path / "corpus")
    with pytest.raises(CorpusError, match=f"^{CARD_FILE}: {re.escape(message)}$"):
        render_card(layout, "# Title\n\n" + markers + "\n", corpus_sizes(layout))


def test_blank_and_rule_lines_after_the_front_matter_are_dropped(tmp_path: Path) -> None:
    layout = make_corpus(tmp_path / "corpus")
    body = "# Title\n\nProse.\n"
    template = "---\nold: 1\n---\n \t\n--- \n  ---\t\n\n" + " " * 50_000 + "x\n" + body
    rendered = render_card(layout, template, corpus_sizes(layout))
    assert _split(rendered)[1] == " " * 50_000 + "x\n" + body  # a line that is not blank is kept


def test_names_from_a_pull_request_cannot_put_markup_into_the_card() -> None:
    """A handle, a pass folder or a licence holder is corpus content: in the published README a backtick in one
    closed its code span, and what followed became a live link ('verify your HF token')."""
    from types import SimpleNamespace

    from nato_corpus.dataset.provenance import maker_lines, text_statement

    hostile = "x` [verify your HF token](https://evil.example/login) `y"
    line = maker_lines({"human": {"ai": {hostile, "lead"}}})[0]
    assert "](https://" not in line and "`lead`" in line
    licence = SimpleNamespace(status="open", holder="[Sign in](https://evil.example)")
    statement = text_statement(SimpleNamespace(metadata=SimpleNamespace(licence=licence)))  # type: ignore[arg-type]
    assert "](https://evil" not in statement
    plain = SimpleNamespace(status="copyrighted-all-rights-reserved", holder="Bloomberg L.P.")
    assert "copyright Bloomberg L.P.)" in text_statement(SimpleNamespace(metadata=SimpleNamespace(licence=plain)))
