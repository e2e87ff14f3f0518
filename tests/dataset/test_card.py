"""The published card: one YAML block then the body, a licence link that resolves, tasks the configs support;
Croissant with a deterministic datePublished and no mlcroissant warnings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from nato_corpus.cli import main
from nato_corpus.corpus import REPO_ROOT, CorpusLayout, read_metadata
from nato_corpus.dataset.build import build_dataset, corpus_sizes
from nato_corpus.dataset.card import CARD_FILE, render_card, stale_card_parts

from conftest import make_corpus, require


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
