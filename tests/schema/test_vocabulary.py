"""Every closed vocabulary is declared once (schema/vocabulary.py); no copy of one lives anywhere else."""

from __future__ import annotations

import re

import pytest

from nato_corpus.schema import vocabulary

from conftest import REPO_ROOT

_SETS = {name: value for name, value in vars(vocabulary).items()
         if name.isupper() and isinstance(value, tuple) and len(value) >= 2}


@pytest.mark.parametrize("name", sorted(_SETS))
def test_a_vocabulary_is_not_spelled_out_outside_its_home(name: str) -> None:
    values = _SETS[name]
    # two of its values side by side, quoted, as a tuple, Literal or list would spell them
    pattern = re.compile(r"""["']""" + re.escape(values[0]) + r"""["']\s*,\s*["']""" + re.escape(values[1]) + "[\"']")
    copies = [str(path.relative_to(REPO_ROOT)) for path in sorted((REPO_ROOT / "nato_corpus").rglob("*.py"))
              if path.name != "vocabulary.py" and pattern.search(path.read_text(encoding="utf-8"))]
    assert copies == [], f"{name} is spelled out in {copies}; derive it from nato_corpus.schema.vocabulary"


def test_the_models_validate_against_the_declared_vocabularies() -> None:
    from nato_corpus.schema import EntityAnnotation, QuoteAnnotation, Zone

    assert EntityAnnotation.model_fields["label"].annotation is vocabulary.EntityLabel
    assert QuoteAnnotation.model_fields["kind"].annotation is vocabulary.QuoteKind
    assert Zone.model_fields["kind"].annotation is vocabulary.ZoneKind
