"""The HTML viewer: comparison classes, page content, and the rendered page in headless Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import REPO_ROOT, CorpusLayout, load_document, read_annotations, write_annotations
from nato_corpus.render.compare import compare_layer
from nato_corpus.render.site import markup
from nato_corpus.schema import DateAnnotation, EntityAnnotation

DOC = "2024-nato-ministerial-aid-not-membership-rutte"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _entity(start: int, end: int, text: str, label: str = "ORG", entity_id: str | None = None) -> EntityAnnotation:
    return EntityAnnotation(id="e1", start=start, end=end, text=text, label=label, entity_id=entity_id,
                            origin="human", annotator="t")


def test_comparison_classifies_every_kind_of_difference() -> None:
    gold = [_entity(0, 4, "NATO", entity_id="nato"), _entity(10, 14, "Kyiv", "GPE"), _entity(20, 30, "Mark Rutte"),
            _entity(40, 45, "Putin", "PERSON"), _entity(50, 52, "EU")]
    rule = [_entity(0, 4, "NATO", entity_id="nato"), _entity(10, 14, "Kyiv", "ORG"), _entity(25, 30, "Rutte"),
            _entity(50, 52, "EU", entity_id="european-union"), _entity(60, 64, "AFP")]
    statuses = [(c.status, (c.gold or c.rule).text) for c in compare_layer("entities", gold, rule)]
    assert statuses == [("exact", "NATO"), ("label", "Kyiv"), ("boundary", "Mark Rutte"), ("missed", "Putin"),
                        ("value", "EU"), ("spurious", "AFP")]


def test_markup_escapes_text_and_nests_spans() -> None:
    text = "a <b> & “c”"
    out = markup(text, [(0, 5, '<span class="x">'), (2, 5, '<span class="y">')])
    assert out == '<span class="x">a <span class="y">&lt;b&gt;</span></span> &amp; “c”'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusLayout, Path]:
    """The real corpus, with one rule date's value changed and one rule entity removed, rendered once."""
    root = tmp_path_factory.mktemp("corpus")
    for folder in ("articles", "registry", "annotations"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    layout = CorpusLayout(root)
    rule = read_annotations(layout, "rule", DOC)
    assert rule is not None
    changed = []
    dropped = next(a for a in rule.annotations if a.layer == "entities")
    for a in rule.annotations:
        if a is dropped:
            continue
        if isinstance(a, DateAnnotation) and a.text == "tomorrow":
            a = a.model_copy(update={"value": "2024-12-04"})
        changed.append(a)
    write_annotations(layout, rule.header, changed)
    assert main(["render", "--root", str(root)]) == 0
    return layout, root / "site"


def test_pages_are_written_and_self_contained(site: tuple[CorpusLayout, Path]) -> None:
    layout, out = site
    expected = ["index.html", *(f"{d}.html" for d in layout.doc_ids())]
    assert sorted(p.name for p in out.glob("*.html")) == sorted(expected)
    page = (out / f"{DOC}.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # nothing fetched from a network
    assert 'data-status="missed"' in page and 'data-status="value"' in page


def _dump_dom(url: str) -> str:
    profile = tempfile.mkdtemp()
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", url]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


def test_rendered_page_in_headless_chromium(site: tuple[CorpusLayout, Path]) -> None:
    if CHROMIUM is None:
        message = "chromium is not installed (scripts/ensure_chromium.sh installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    layout, out = site
    dom = _dump_dom((out / f"{DOC}.html").as_uri())
    document = load_document(layout, DOC)
    for layer in ("entities", "quotes", "dates", "figures"):
        assert len(re.findall(rf'class="ann {layer}"', dom)) == len(document.layer("human", layer))
    assert re.search(r'title="d\d+ · annotator: lead · type: DATE · value: 2024-12-03[^"]*"[^>]*>Tuesday, December 3<',
                     dom)
    assert re.search(r'data-status="value"[^>]*title="value · gold d\d+ [^"]*value: 2024-12-03 [^"]*\| rule: tomorrow '
                     r'[^"]*value: 2024-12-04', dom)
    assert 'data-status="missed"' in dom
    assert "— Rutte" in dom and "&lt;" not in dom.split("<body>")[1][:50]
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp()
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--window-size=1100,1400",
                    f"--screenshot={artifacts / 'viewer.png'}", (out / f"{DOC}.html").as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert (artifacts / "viewer.png").read_bytes()[:4] == b"\x89PNG"
