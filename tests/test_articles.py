"""The raw articles are stored byte-for-byte as received, and their metadata is complete and honest."""

from __future__ import annotations

from pathlib import Path

import pytest

from nato_corpus.corpus import CorpusLayout, sha256_bytes
from nato_corpus.validate.documents import read_metadata

from conftest import REPO_ROOT

# sha256 of the five seed files as received (shared/seed_articles), recorded when they were imported.
SEED_SHA256 = {
    "000_86d7b74ac309dec7.txt": "7f2a80d5f15278429f446a7de22ae62dd8026da9181affd54c8198c662312f68",
    "001_9b24793176494b28.txt": "1795fc98bb2d2dd9e74b6f4bfd903e404ce6a64b550d2a5a8ccc76b67a59bb81",
    "002_739f8a2f1fffda7e.txt": "7ae11fa21965615d428ec27a1857d0134cbb05874b7b79851d4d1092bc66e346",
    "003_383273222443319f.txt": "c33756672477530961a1ffd8aa80a9d98158151a71fce7d591f0631d97c26308",
    "004_7aa6fcb4fa6a78e7.txt": "7a1bae9daf061737f7e7a7417debb155b32d13b088d8a1acbb3f75c6e2768269",
}
SEED_DIR = REPO_ROOT.parent / "shared" / "seed_articles"
LAYOUT = CorpusLayout(REPO_ROOT)


def test_every_seed_article_is_stored_unchanged() -> None:
    by_source = {read_metadata(LAYOUT, d).source_file: d for d in LAYOUT.doc_ids()}
    assert set(by_source) == set(SEED_SHA256)
    for source, expected in SEED_SHA256.items():
        stored = LAYOUT.text_path(by_source[source]).read_bytes()
        assert sha256_bytes(stored) == expected
        assert read_metadata(LAYOUT, by_source[source]).text_sha256 == expected


@pytest.mark.skipif(not SEED_DIR.is_dir(), reason="shared/seed_articles is not beside this checkout")
def test_stored_bytes_equal_the_seed_files() -> None:
    for doc_id in LAYOUT.doc_ids():
        metadata = read_metadata(LAYOUT, doc_id)
        assert LAYOUT.text_path(doc_id).read_bytes() == (SEED_DIR / metadata.source_file).read_bytes()


@pytest.mark.parametrize("doc_id", LAYOUT.doc_ids())
def test_unknown_metadata_is_null_with_a_note(doc_id: str) -> None:
    metadata = read_metadata(LAYOUT, doc_id)
    if metadata.outlet is None:
        assert metadata.outlet_note
    assert metadata.licence.note
    assert metadata.publication.evidence and metadata.publication.anchor_note
    if metadata.publication.date_in_text is not None and not metadata.publication.date.startswith(
            metadata.publication.date_in_text):
        assert metadata.publication.conflict


def test_doc_ids_are_meaningful_not_seed_names() -> None:
    for doc_id in LAYOUT.doc_ids():
        assert Path(read_metadata(LAYOUT, doc_id).source_file).stem != doc_id
        assert doc_id[:4].isdigit() and len(doc_id.split("-")) >= 4
