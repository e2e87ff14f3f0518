"""The HTML viewer: comparison classes, page content, and the rendered page in headless Chromium."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.corpus import CorpusLayout, write_annotations
from nato_corpus.render.compare import compare_layer
from nato_corpus.render.site import markup
from nato_corpus.schema import DateAnnotation, EntityAnnotation, QuoteAnnotation, SpanRef
from nato_corpus.validate.documents import load_document, read_annotations

from conftest import REPO_ROOT, SAMPLE_DOC

DOC = "2024-nato-ministerial-aid-not-membership-rutte"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def _entity(start: int, end: int, text: str, label: str = "ORG", entity_id: str | None = None) -> EntityAnnotation:
    return EntityAnnotation(id="e1", start=start, end=end, text=text, label=label, entity_id=entity_id,
                            origin="human", annotator="t", annotator_kind="human")


def test_comparison_classifies_every_kind_of_difference() -> None:
    gold = [_entity(0, 4, "NATO", entity_id="nato"), _entity(10, 14, "Kyiv", "GPE"), _entity(20, 30, "Mark Rutte"),
            _entity(40, 45, "Putin", "PERSON"), _entity(50, 52, "EU")]
    rule = [_entity(0, 4, "NATO", entity_id="nato"), _entity(10, 14, "Kyiv", "ORG"), _entity(25, 30, "Rutte"),
            _entity(50, 52, "EU", entity_id="european-union"), _entity(60, 64, "AFP")]
    statuses = [(c.status, (c.gold or c.rule).text) for c in compare_layer("entities", gold, rule)]
    assert statuses == [("exact", "NATO"), ("label", "Kyiv"), ("boundary", "Mark Rutte"), ("missed", "Putin"),
                        ("value", "EU"), ("spurious", "AFP")]


def _quote(start: int, end: int, speaker: tuple[int, int] | None = None, cue: tuple[int, int] | None = None,
           speaker_entity_id: str | None = None) -> QuoteAnnotation:
    def ref(span: tuple[int, int] | None) -> SpanRef | None:
        return None if span is None else SpanRef(start=span[0], end=span[1], text="x" * (span[1] - span[0]))

    return QuoteAnnotation(id="q1", start=start, end=end, text="x" * (end - start), kind="direct",
                           speaker=ref(speaker), speaker_entity_id=speaker_entity_id, cue=ref(cue), origin="human",
                           annotator="t", annotator_kind="human")


def test_comparison_of_quotes_looks_at_speaker_and_cue() -> None:
    gold = [_quote(0, 20, (25, 30), (31, 35), "mark-rutte"), _quote(40, 60, (62, 67), (68, 72)),
            _quote(80, 100, (102, 107), (108, 112)), _quote(120, 140, (142, 147), speaker_entity_id="mark-rutte"),
            _quote(160, 180, cue=(182, 186))]
    rule = [_quote(0, 20, (25, 30), (31, 35), "mark-rutte"), _quote(40, 60, (70, 75), (68, 72)),
            _quote(80, 100, (102, 107)), _quote(120, 140, (142, 147), speaker_entity_id="jens-stoltenberg"),
            _quote(160, 180, (190, 195), (182, 186))]
    found = [(c.status, c.differences) for c in compare_layer("quotes", gold, rule)]
    assert found == [("exact", ()), ("value", ("speaker",)), ("value", ("cue",)), ("value", ("speaker_entity_id",)),
                     ("value", ("speaker",))]


def test_comparison_panel_says_what_differs(corpus: CorpusLayout) -> None:
    human = read_annotations(corpus, "human", SAMPLE_DOC)
    assert human is not None
    quote = next(a for a in human.annotations if isinstance(a, QuoteAnnotation))
    assert quote.cue is not None
    rule = quote.model_copy(update={"cue": None, "origin": "rule", "annotator": "rules@0", "annotator_kind": "rule"})
    write_annotations(corpus, human.header.model_copy(update={"origin": "rule", "layers": ("quotes",)}), [rule])
    out = corpus.root / "site"
    assert main(["render", "--root", str(corpus.root), "--out", str(out)]) == 0
    page = (out / f"{SAMPLE_DOC}.html").read_text(encoding="utf-8")
    assert 'data-status="value" data-differs="cue"' in page
    assert (f"| differs: cue: gold &#x27;said&#x27; [{quote.cue.start}, {quote.cue.end}), rule none\"" in page)


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
            a = a.model_copy(update={"value": "2024-12-05"})
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
    dom = _dump_dom((out / f"{DOC}.html").as_uri() + "#hide=entities,compare-dates")  # the DOM after scripts ran
    document = load_document(layout, DOC)
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None and 'data-js-ready="1"' in body[0]  # the page's script ran to its end
    speakers = sum(1 for q in document.layer("human", "quotes") or [] if isinstance(q, QuoteAnnotation) and q.speaker)
    assert speakers and f'data-speaker-links="{speakers}"' in body[0]  # every quote's speaker found for hovering
    assert '<div class="panel hidden" data-layer="entities">' in dom  # hidden by the URL hash, as by its toggle
    assert '<div class="panel hidden" data-layer="compare-dates">' in dom
    assert '<input type="checkbox" data-layer="entities">' in dom  # and its box unticked
    assert '<div class="panel" data-layer="quotes">' in dom  # the others stay
    assert '<div class="panel" data-layer="compare-entities">' in dom
    for layer in ("entities", "quotes", "dates", "figures"):
        assert len(re.findall(rf'class="ann {layer}"', dom)) == len(document.layer("human", layer))
    assert re.search(r'title="d\d+ · annotator: lead · annotator_kind: ai · type: DATE · value: 2024-12-03[^"]*"'
                     r'[^>]*>Tuesday, December 3<',
                     dom)
    assert re.search(r'data-status="value"[^>]*title="value · gold d\d+ [^"]*value: 2024-12-04 [^"]*\| rule: tomorrow '
                     r'[^"]*value: 2024-12-05', dom)
    assert 'data-status="missed"' in dom
    panel = re.search(r'<div class="panel" data-layer="quotes">.*?<div class="text">(.*?)</div>', dom, re.DOTALL)
    assert panel is not None  # the text, escaped once and wrapped in spans, reads back as the article
    assert html.unescape(re.sub(r"<[^>]+>", "", panel[1])) == document.text
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    profile = tempfile.mkdtemp()
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={profile}", "--window-size=1100,1400",
                    f"--screenshot={artifacts / 'viewer.png'}", (out / f"{DOC}.html").as_uri()],
                   capture_output=True, timeout=120, check=True)
    assert (artifacts / "viewer.png").read_bytes()[:4] == b"\x89PNG"
