"""The dataset card: hand-written prose in DATASET_CARD.md, with generated parts kept fresh.

Generated parts are the YAML front matter (configs and dataset_info, from the same ``Features`` that type the
Parquet files) and regions marked ``<!-- BEGIN GENERATED: name -->`` ... ``<!-- END GENERATED: name -->``:
``stats`` (counts from the data), ``agreement`` (agreement/report.md), ``results`` (the rule baseline scored
at render time, other baselines from reports/leaderboard.json), ``heldout_results`` and ``heldout_agreement``
(the same for the held-out probe corpus in heldout/) and ``fresh_results`` (for heldout-fresh/).
``nato-corpus build --check`` fails when the committed card differs from its rendering.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Final

import yaml

from nato_corpus import files
from nato_corpus.corpus import CorpusError, CorpusLayout, iter_documents
from nato_corpus.dataset.features import DOCUMENT_CONFIGS, Sizes, features_for, present_configs, present_splits
from nato_corpus.schema import LAYERS, SPLITS

CARD_FILE: Final = "DATASET_CARD.md"
_REGION = re.compile(r"(<!-- BEGIN GENERATED: (?P<name>[a-z_]+) -->\n)(?P<body>.*?)(<!-- END GENERATED: (?P=name) -->)",
                     re.DOTALL)
# The YAML block (an empty one too), then any stray '---' or blank lines before the body: the Hub would show them
# as horizontal rules.  An empty block was not matched by an earlier `\A---\n.*?\n---\n`, so a render kept it
# and put a fresh header above it: that is where the card's stray "---\n---\n" came from.
_FRONT_MATTER = re.compile(r"\A---\n(?:.*?\n)?---\n(?:[ \t]*(?:---)?[ \t]*\n)*", re.DOTALL)
_LABEL_FIELD: Final = {"entities": "label", "quotes": "kind", "dates": "type", "figures": "kind"}


def read_card_template(layout: CorpusLayout) -> str:
    path = layout.root / CARD_FILE
    if layout.kind_of(path) == "missing":
        raise CorpusError(f"{CARD_FILE}: missing; the build renders the dataset card from it")
    return files.read_text(layout.access_root, path, "document", shown=layout.relative(path))


def card_metadata(sizes: Sizes) -> dict[str, object]:
    """The YAML header the Hub reads: metadata, one config per data folder, and dataset_info per config."""
    configs = []
    for config in present_configs(sizes):
        entry: dict[str, object] = {"config_name": config, "data_files": [
            {"split": split, "path": f"data/{config}/{split}-*.parquet"} for split in present_splits(sizes, config)]}
        if config == "documents":
            entry["default"] = True
        configs.append(entry)
    infos = [{"config_name": config, "features": features_for(config)._to_yaml_list(),
              "splits": [{"name": split, **sizes[config][split]}
                         for split in present_splits(sizes, config)]}
             for config in present_configs(sizes)]
    return {
        "pretty_name": "NATO Corpus: entities, quotes, dates and figures in defence news",
        "language": ["en"],
        "license": "other",
        "license_name": "annotations-cc-by-4.0-texts-unlicensed",
        "license_link": "LICENSE.md",
        "annotations_creators": ["expert-generated", "machine-generated"],
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "size_categories": ["n<1K"],
        "source_datasets": ["original"],
        "task_categories": ["token-classification"],  # every config is span annotation; none classifies texts
        "task_ids": ["named-entity-recognition"],
        "tags": ["news", "nato", "quotation-attribution", "timex3", "temporal-expressions", "numeric-normalization"],
        "configs": configs,
        "dataset_info": infos,
    }


def _stats(layout: CorpusLayout, sizes: Sizes) -> str:
    per_layer: Counter[tuple[str, str]] = Counter()
    per_label: dict[str, Counter[str]] = {layer: Counter() for layer in LAYERS}
    articles = []
    for document in iter_documents(layout):
        cells = []
        for layer in LAYERS:
            pair = []
            for origin in ("human", "rule"):
                items = document.layer(origin, layer)
                pair.append("–" if items is None else str(len(items)))
                per_layer[origin, layer] += len(items or [])
                if origin == "human":
                    per_label[layer].update(getattr(a, _LABEL_FIELD[layer]) for a in items or [])
            cells.append(" / ".join(pair))
        articles.append(f"| `{document.doc_id}` | {document.metadata.split} | {len(document.text)} | "
                        + " | ".join(cells) + " |")
    docs = {split: sizes["documents"][split]["num_examples"] for split in SPLITS}
    lines = ["| split | articles |", "|---|---|", *(f"| {s} | {docs[s]} |" for s in SPLITS),
             f"| total | {sum(docs.values())} |", "",
             "| layer | human (gold) | rule (silver) |", "|---|---|---|",
             *(f"| {layer} | {per_layer['human', layer]} | {per_layer['rule', layer]} |" for layer in LAYERS), "",
             "Gold annotations per label:", "",
             "| layer | label / kind / type | count |", "|---|---|---|"]
    for layer in LAYERS:
        lines += [f"| {layer} | {label} | {n} |" for label, n in sorted(per_label[layer].items())]
    lines += ["", "Per article (human / rule; – means not annotated):", "",
              "| doc_id | split | characters | entities | quotes | dates | figures |", "|---|---|---|---|---|---|---|",
              *articles]
    return "\n".join(lines) + "\n"


def _included(relative: str, missing: str) -> Callable[[CorpusLayout], str]:
    def render(layout: CorpusLayout) -> str:
        path = layout.root / relative
        if layout.kind_of(path) == "missing":
            return missing + "\n"
        return files.read_text(layout.access_root, path, "document", shown=layout.relative(path)).rstrip("\n") + "\n"

    return render


def _has_gold(layout: CorpusLayout) -> bool:
    return any(e.path.suffix == ".jsonl" for e in layout.list_folder(layout.annotations_dir("human")))


def _results(layout: CorpusLayout) -> str:
    from nato_corpus.evaluate.bench import card_results

    if not _has_gold(layout):
        return "_Not yet measured: no gold layer._\n"
    return card_results(layout)


def _probe_results(name: str) -> Callable[[CorpusLayout], str]:
    """The baselines on one held-out probe corpus (rules live, peers as recorded in its reports/)."""

    def render(layout: CorpusLayout) -> str:
        probe = layout.probe_corpus(name)
        if probe is None or not _has_gold(probe):
            return f"_Not measured: this checkout has no probe corpus {name}/._\n"
        return _results(probe)

    return render


_INCLUDED: Final = {
    "agreement": _included("agreement/report.md", "_Not yet measured: the second annotation pass is pending._"),
    "results": _results,
    "heldout_results": _probe_results("heldout"),
    "fresh_results": _probe_results("heldout-fresh"),
    "heldout_agreement": _included("heldout/agreement/report.md", "_Not measured: no second pass of the probes._"),
}


def render_card(layout: CorpusLayout, template: str, sizes: Sizes) -> str:
    """The card with a fresh YAML header and fresh generated regions; prose is kept as written."""
    header = "---\n" + yaml.safe_dump(card_metadata(sizes), sort_keys=False, allow_unicode=True, width=100) + "---\n"
    body = _FRONT_MATTER.sub("", template, count=1)

    def region(match: re.Match[str]) -> str:
        name = match["name"]
        fresh = _stats(layout, sizes) if name == "stats" else _INCLUDED[name](layout) if name in _INCLUDED else None
        if fresh is None:
            raise CorpusError(f"{CARD_FILE}: unknown generated region {name!r}")
        return f"{match.group(1)}{fresh}{match.group(4)}"

    return header + _REGION.sub(region, body)


def stale_card_parts(layout: CorpusLayout, sizes: Sizes) -> list[str]:
    """Names of the card's parts that differ from their rendering ('front matter', region names)."""
    current = read_card_template(layout)
    fresh = render_card(layout, current, sizes)
    stale = []
    if _FRONT_MATTER.match(current) is None or _FRONT_MATTER.match(current)[0] != _FRONT_MATTER.match(fresh)[0]:
        stale.append("front matter (configs, dataset_info)")
    old = {m["name"]: m["body"] for m in _REGION.finditer(current)}
    new = {m["name"]: m["body"] for m in _REGION.finditer(fresh)}
    stale += [f"region {name!r}" for name in new if old.get(name) != new[name]]
    return stale


__all__ = ["CARD_FILE", "DOCUMENT_CONFIGS", "card_metadata", "read_card_template", "render_card",
           "stale_card_parts"]
