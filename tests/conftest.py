"""Shared fixtures: a private copy of the corpus with a small, hand-made valid human annotation file."""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from nato_corpus.corpus import CorpusLayout, read_text, sha256_bytes, write_annotations
from nato_corpus.schema import (
    AnnotationFileHeader,
    DateAnnotation,
    EntityAnnotation,
    FigureAnnotation,
    QuoteAnnotation,
    SpanRef,
)

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# A cache of the test session's own: `datasets` keys the cache of a folder's YAML configs by file patterns, not
# contents, so a dataset built in an earlier run could otherwise be read instead of this run's build.
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="nato-corpus-test-hf-cache-")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent  # this checkout (the library itself has no default corpus)
SAMPLE_DOC = "2024-nato-ministerial-aid-not-membership-rutte"


def require(module: str) -> Any:
    """Import an optional test dependency: skip without it locally, but fail under CI=true, where every extra
    is installed and a silent skip would hide a broken install."""
    if os.environ.get("CI", "").lower() == "true":
        try:
            return importlib.import_module(module)
        except ImportError as exc:
            pytest.fail(f"{module} is required under CI=true: {exc}")
    return pytest.importorskip(module)


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


def sample_annotations(text: str) -> list:
    """Five annotations, one per line 2-6 of the file, written by reading the text (not by the rules)."""
    common = {"origin": "human", "annotator": "fixture", "annotator_kind": "human"}
    nato = _find(text, "NATO")
    rutte = _find(text, "Rutte")
    quote = _find(text, "Russian aggression shows no signs of slowing down. On the contrary, Putin is escalating "
                        "his rhetoric and reckless actions")
    speaker = _find(text, "Rutte", quote[1])
    cue = _find(text, "said", speaker[1])
    date = _find(text, "Tuesday, December 3")
    count = _find(text, "32")
    return [
        EntityAnnotation(id="e1", start=nato[0], end=nato[1], text="NATO", label="ORG", entity_id="nato", **common),
        EntityAnnotation(id="e2", start=rutte[0], end=rutte[1], text="Rutte", label="PERSON",
                         entity_id="mark-rutte", **common),
        QuoteAnnotation(id="q1", start=quote[0], end=quote[1], text=text[quote[0]:quote[1]], kind="indirect",
                        speaker=SpanRef(start=speaker[0], end=speaker[1], text="Rutte"),
                        speaker_entity_id="mark-rutte", cue=SpanRef(start=cue[0], end=cue[1], text="said"),
                        **common),
        DateAnnotation(id="d1", start=date[0], end=date[1], text="Tuesday, December 3", type="DATE",
                       value="2024-12-03", temporal_function=True, **common),
        FigureAnnotation(id="f1", start=count[0], end=count[1], text="32", kind="count", value="32", unit="item",
                         measures="NATO members", **common),
    ]


def make_corpus(root: Path) -> CorpusLayout:
    """A copy of the articles, registry and card plus one valid human annotation file for SAMPLE_DOC."""
    for folder in ("articles", "registry"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    shutil.copy(REPO_ROOT / "DATASET_CARD.md", root / "DATASET_CARD.md")
    layout = CorpusLayout(root)
    text = read_text(layout, SAMPLE_DOC)
    header = AnnotationFileHeader(doc_id=SAMPLE_DOC, origin="human",
                                  text_sha256=sha256_bytes(text.encode("utf-8")),
                                  layers=("entities", "quotes", "dates", "figures"))
    write_annotations(layout, header, sample_annotations(text))
    return layout


@pytest.fixture(autouse=True)
def _in_this_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands without --root find their corpus from the current folder (as git does): tests that run them on
    this repository start in it, wherever pytest was started from."""
    monkeypatch.chdir(REPO_ROOT)


@pytest.fixture
def corpus(tmp_path: Path) -> CorpusLayout:
    """A private, writable corpus with one hand-made human annotation file (see make_corpus)."""
    return make_corpus(tmp_path / "corpus")
