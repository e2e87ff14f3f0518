"""Who made each layer and under which licence each part is published: one source for the card's YAML, the
card's body, LICENSE.md and Croissant, so that the four cannot say different things.

Who made an annotation is its schema field ``annotator_kind`` (``ANNOTATOR_KINDS``: human, ai, rule); this module
only says what each kind is called in the Hub's ``annotations_creators`` vocabulary and in prose.  An AI
annotator is never ``expert-generated``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from nato_corpus.corpus import CorpusLayout, Document
from nato_corpus.escape import for_markdown
from nato_corpus.schema import LAYERS, ORIGINS
from nato_corpus.schema.vocabulary import ANNOTATOR_KINDS

# annotator kind -> (the Hub's annotations_creators word, the words the card and Croissant use)
KIND_WORDS: Final = {
    "human": ("expert-generated", "people annotating from the guidelines"),
    "ai": ("machine-generated", "AI assistants (large language models) annotating from the guidelines"),
    "rule": ("machine-generated", "the deterministic rules of the nato_corpus package"),
}
assert set(KIND_WORDS) == set(ANNOTATOR_KINDS)  # a kind added to the schema needs its words here
LAYER_NAMES: Final = {"human": "gold (human-origin) layer", "rule": "rule (silver) layer"}


def layer_makers(documents: Iterable[Document]) -> dict[str, dict[str, set[str]]]:
    """origin -> annotator kind -> annotator handles, over every layer of every document."""
    found: dict[str, dict[str, set[str]]] = {origin: {} for origin in ORIGINS}
    for document in documents:
        for origin in ORIGINS:
            for layer in LAYERS:
                for annotation in document.layer(origin, layer) or []:
                    found[origin].setdefault(str(annotation.annotator_kind), set()).add(annotation.annotator)
    return found


Makers = dict[str, dict[str, set[str]]]  # origin -> annotator kind -> annotator handles (layer_makers)


def annotations_creators(documents: Iterable[Document]) -> list[str]:
    """The card YAML's annotations_creators, from the kinds that made the published annotations."""
    return creators_of(layer_makers(documents))


def creators_of(makers: Makers) -> list[str]:
    kinds = {kind for by_kind in makers.values() for kind in by_kind}
    return sorted({KIND_WORDS[kind][0] for kind in kinds})


def provenance_lines(documents: Iterable[Document]) -> list[str]:
    """One sentence per origin: which kind of annotator made it, and their handles."""
    return maker_lines(layer_makers(documents))


_MARKUP: Final = frozenset("\\`*_[]<>()#|!~&@")  # what could make a link, an HTML tag or a mention of a value


def _code(value: str) -> str:
    """A name from the corpus (a handle, a folder) in Markdown: in backticks when it has none, escaped
    otherwise, so that no value ends its code span and puts a live link into the published card."""
    return f"`{value}`" if "`" not in value and value.isprintable() else for_markdown(value)


def _prose(value: str) -> str:
    """A value from the corpus (a licence holder) as Markdown prose: as written unless it holds markup."""
    return value if value.isprintable() and not _MARKUP & set(value) else for_markdown(value)


def maker_lines(makers: Makers) -> list[str]:
    lines = []
    for origin, by_kind in makers.items():
        for kind, handles in sorted(by_kind.items()):
            lines.append(f"The {LAYER_NAMES[origin]} was made by {KIND_WORDS[kind][1]} (annotator kind "
                         f"`{kind}`; annotators {', '.join(_code(h) for h in sorted(handles))}).")
    return lines


PASSES_FOLDER: Final = "agreement/passes"  # one folder per independent annotation pass, one file per article


def pass_lines(layout: CorpusLayout) -> list[str]:
    """The independent passes kept in the corpus (the ones its agreement report compares), one sentence; the card
    and Croissant both say this sentence, so neither can count passes differently."""
    passes = {entry.path.name: sum(1 for f in layout.list_folder(entry.path) if f.path.suffix == ".jsonl")
              for entry in layout.list_folder(layout.root / PASSES_FOLDER) if entry.kind == "folder"}
    if not passes:
        return ["No independent annotation pass is kept with this corpus."]
    listed = ", ".join(f"{_code(name)} ({n} articles)" for name, n in passes.items())
    return [f"{len(passes)} independent annotation passes are kept in `{PASSES_FOLDER}/` and compared with each "
            f"other and with the gold layer in the agreement report: {listed}."]


# --- licences -------------------------------------------------------------------------------------------------

CC_BY: Final = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
MIT: Final = ("MIT", "https://opensource.org/license/mit")
LICENCE_NAME: Final = "annotations-cc-by-4.0-code-mit-texts-per-article"
COPYRIGHT: Final = "Copyright (c) 2026 the nato-corpus maintainers"
MIT_TEXT: Final = f"""{COPYRIGHT}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""
ANNOTATIONS: Final = "annotations and article metadata (every config's annotation and metadata columns)"
REGISTRY: Final = "entity registry (the registry config)"
CODE: Final = "code (the nato_corpus package, scripts and tests of the repository)"
PROBE_TEXTS: Final = "probe texts (the probes and probes_ner configs)"
# component -> (licence, url); the article texts are stated per article (text_statement)
COMPONENTS: Final = {ANNOTATIONS: CC_BY, REGISTRY: CC_BY, CODE: MIT, PROBE_TEXTS: CC_BY}
CORPUS_TEXTS: Final = "the corpus's article texts, each under its own statement (its `licence` field, LICENSE.md)"
GATED_PROMPT: Final = ("The article texts of the documents, documents_rule and ner configs are not licensed by "
                       "this project: their copyright remains with their publishers (one is ©2023 Bloomberg L.P.). "
                       "They are shared for non-commercial research on the annotations only. The annotations, "
                       "metadata and registry are CC BY 4.0; the probe texts are CC BY 4.0.")


def config_licence(config: str) -> str:
    """The licence statement of one config, in the words of COMPONENTS (Croissant states it per record set): its
    annotations and metadata, and the columns that copy article or probe text."""
    from nato_corpus.dataset.features import (
        DOCUMENT_CONFIGS,
        FLAT_CONFIGS,
        NER_CONFIG,
        PROBES_CONFIG,
        PROBES_NER_CONFIG,
        REGISTRY_CONFIG,
        STANDOFF_CONFIG,
    )

    cc_by = f"{CC_BY[0]} ({CC_BY[1]})"
    if config == REGISTRY_CONFIG:
        return f"{REGISTRY}: {cc_by}"
    copied = {**dict.fromkeys((*DOCUMENT_CONFIGS, PROBES_CONFIG), "`text`, `headline`"),
              STANDOFF_CONFIG: "`headline`", NER_CONFIG: "`tokens`", PROBES_NER_CONFIG: "`tokens`",
              **dict.fromkeys(FLAT_CONFIGS, "the `text` of every span")}
    parts = [f"{ANNOTATIONS}: {cc_by}"]
    if config in (PROBES_CONFIG, PROBES_NER_CONFIG):
        parts.append(f"copied from the probe texts ({copied[config]}): the {PROBE_TEXTS}: {cc_by}")
    elif config in copied:
        parts.append(f"copied from the texts ({copied[config]}): {CORPUS_TEXTS}")
    return "; ".join(parts)


def text_statement(document: Document) -> str:
    licence = document.metadata.licence
    if licence.status == "open":
        return f"{CC_BY[0]} ({CC_BY[1]}), {_prose(licence.holder or '')}"
    holder = f"copyright {_prose(licence.holder)}" if licence.holder else "copyright holder unknown"
    return f"not licensed by this project ({licence.status}; {holder}); non-commercial research use only"


def licence_lines(documents: Iterable[Document]) -> list[str]:
    """The licence statement of every component and every corpus text, as Markdown list items."""
    return statement_lines((d.doc_id, text_statement(d)) for d in documents)


def statement_lines(statements: Iterable[tuple[str, str]]) -> list[str]:
    """licence_lines from (doc_id, text_statement) pairs, as a build that streams the corpus keeps them."""
    lines = [f"- **{component}**: {name}, {url}" for component, (name, url) in COMPONENTS.items()]
    lines += [f"- **article text `{doc_id}`**: {statement}" for doc_id, statement in statements]
    return lines


def licence_file(documents: Iterable[Document]) -> str:
    """LICENSE.md as committed and shipped: every statement, then the MIT licence in full."""
    return licence_text(statement_lines((d.doc_id, text_statement(d)) for d in documents))


def licence_text(lines: list[str]) -> str:
    """LICENSE.md from its statement lines (statement_lines)."""
    return ("# Licences\n\n" + "\n".join(lines)
            + "\n\nThe texts that are not licensed by this project are included for non-commercial research on "
              "the annotations; on the Hub they are behind an access agreement (gated repository).\n\n"
              "## MIT License (code)\n\n" + MIT_TEXT)
