"""The dataset card: hand-written prose in DATASET_CARD.md, with generated parts kept fresh.

Generated parts are the YAML front matter (configs and dataset_info, from the same ``Features`` that type the
Parquet files) and regions marked ``<!-- BEGIN GENERATED: name -->`` ... ``<!-- END GENERATED: name -->``:
``stats`` (counts from the data), ``agreement`` (agreement/report.md), ``results`` (the baselines as recorded
in reports/leaderboard.json), and per probe corpus of ``PROBE_CORPORA`` ``<name>_results`` and
``<name>_agreement`` (the same from its own folder, e.g. ``heldout_results`` from probes/heldout/reports/ and
``heldout_fresh_results`` from probes/heldout-fresh/reports/; "-" in a name is "_" in its regions).

The card never scores a system: the result tables are read from the committed reports, which only
``nato-corpus bench --write-leaderboard`` writes (scoring is most of a build's time on a large corpus).
``nato-corpus build --check`` fails when the committed card differs from its rendering, and, through
:func:`stale_reports`, when a report no longer matches the gold or rule files it scored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Final, NamedTuple

import yaml

from nato_corpus import files
from nato_corpus.corpus import PROBE_CORPORA, CorpusError, CorpusLayout, ProbeCorpus
from nato_corpus.dataset.facts import LISTED_ARTICLES, CorpusFacts, corpus_facts
from nato_corpus.dataset.features import DOCUMENT_CONFIGS, Sizes, features_for, present_configs, present_splits
from nato_corpus.dataset.provenance import (
    GATED_PROMPT,
    LICENCE_NAME,
    Makers,
    creators_of,
    licence_text,
    maker_lines,
    pass_lines,
)
from nato_corpus.dataset.versions import VERSIONS_FILE, changelog_lines, dataset_version, read_versions
from nato_corpus.schema import LABEL_FIELD, LAYERS, ORIGINS, SPLITS

CARD_FILE: Final = "DATASET_CARD.md"
LICENSE_FILE: Final = "LICENSE.md"
# The markers of a generated region; the regions are paired in one pass over them (a lazy BEGIN .*? END regex
# ran from every unclosed BEGIN to the end of the card: 16,000 of them in a pull request's card took 30 s).
_MARKER = re.compile(r"<!-- (?P<kind>BEGIN|END) GENERATED: (?P<name>[a-z_]+) -->")


class _Region(NamedTuple):
    name: str
    body_start: int  # after the BEGIN marker's line
    body_end: int  # where the END marker starts


def _regions(card: str) -> list[_Region]:
    """The generated regions of a card, in order; a CorpusError names an unclosed or stray marker."""
    regions: list[_Region] = []
    open_: re.Match[str] | None = None
    for marker in _MARKER.finditer(card):
        if marker["kind"] == "BEGIN":
            if open_ is not None:
                raise CorpusError(f"{CARD_FILE}: generated region {open_['name']!r} is not closed before the next "
                                  "one begins")
            if card[marker.end():marker.end() + 1] != "\n":
                raise CorpusError(f"{CARD_FILE}: the marker of generated region {marker['name']!r} must end its line")
            open_ = marker
        elif open_ is None or marker["name"] != open_["name"]:
            raise CorpusError(f"{CARD_FILE}: END marker of generated region {marker['name']!r} closes no region")
        else:
            regions.append(_Region(open_["name"], open_.end() + 1, marker.start()))
            open_ = None
    if open_ is not None:
        raise CorpusError(f"{CARD_FILE}: generated region {open_['name']!r} is not closed")
    return regions
# The YAML block (an empty one too), then any stray '---' or blank lines before the body: the Hub would show them
# as horizontal rules.  An empty block was not matched by an earlier `\A---\n.*?\n---\n`, so a render kept it
# and put a fresh header above it: that is where the card's stray "---\n---\n" came from.
_FRONT_MATTER = re.compile(r"\A---\n(?:.*?\n)?---\n(?:[ \t]*(?:---[ \t]*)?\n)*", re.DOTALL)  # one way per line


def read_card_template(layout: CorpusLayout) -> str:
    path = layout.root / CARD_FILE
    if layout.kind_of(path) == "missing":
        raise CorpusError(f"{CARD_FILE}: missing; the build renders the dataset card from it")
    return files.read_text(layout.access_root, path, "document", shown=layout.relative(path))


def card_metadata(sizes: Sizes, makers: Makers | None = None) -> dict[str, object]:
    """The YAML header the Hub reads: metadata, one config per data folder, and dataset_info per config;
    annotations_creators from the annotator kinds of `makers` (provenance.py)."""
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
        "license_name": LICENCE_NAME,
        "license_link": "LICENSE.md",
        "annotations_creators": creators_of(makers or {}),
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "size_categories": ["n<1K"],
        "source_datasets": ["original"],
        "task_categories": ["token-classification"],  # every config is span annotation; none classifies texts
        "task_ids": ["named-entity-recognition"],
        "tags": ["news", "nato", "quotation-attribution", "timex3", "temporal-expressions", "numeric-normalization"],
        "extra_gated_prompt": GATED_PROMPT,
        "extra_gated_fields": {"I will use the unlicensed article texts for non-commercial research only": "checkbox"},
        "configs": configs,
        "dataset_info": infos,
    }


def _stats(sizes: Sizes, facts: CorpusFacts) -> str:
    per_label, per_layer = facts.per_label, facts.per_layer
    articles = []
    for doc_id, split, characters, counts in facts.articles() if facts.listed else ():
        cells = [" / ".join("–" if counts.get((o, layer)) is None else str(counts[o, layer]) for o in ORIGINS)
                 for layer in LAYERS]
        articles.append(f"| `{doc_id}` | {split} | {characters} | " + " | ".join(cells) + " |")
    docs = {split: sizes["documents"][split]["num_examples"] for split in SPLITS}
    lines = ["| split | articles |", "|---|---|", *(f"| {s} | {docs[s]} |" for s in SPLITS),
             f"| total | {sum(docs.values())} |", "",
             "| layer | human (gold) | rule (silver) |", "|---|---|---|",
             *(f"| {layer} | {per_layer['human', layer]} | {per_layer['rule', layer]} |" for layer in LAYERS), "",
             "Gold annotations per label and split:", "",
             "| layer | label / kind / type | " + " | ".join(SPLITS) + " | total |", "|---|---|" + "---|" * len(SPLITS)
             + "---|"]
    zero = []
    for layer in LAYERS:
        names = features_for("documents")[layer].feature[LABEL_FIELD[layer]].names
        totals = Counter({label: 0 for label in names})
        for (label, _), n in per_label[layer].items():
            totals[label] += n
        lines += [f"| {layer} | {label} | " + " | ".join(str(per_label[layer][label, s]) for s in SPLITS)
                  + f" | {totals[label]} |" for label in sorted(totals) if totals[label]]
        zero += [f"{layer} `{name}`" for name in names if totals[name] == 0]
    lines += ["", "Labels with no gold annotation (declared in the schema, never seen in the data): "
              + (", ".join(zero) if zero else "none") + ".", "",
              "Rows per config and split:", "", "| config | " + " | ".join(_all_splits(sizes)) + " |",
              "|---|" + "---|" * len(_all_splits(sizes)),
              *(f"| `{config}` | " + " | ".join(str(sizes[config].get(split, {}).get("num_examples", "–"))
                                              for split in _all_splits(sizes)) + " |"
                for config in present_configs(sizes))]
    if not facts.listed:
        lines += ["", f"Per article: not listed for a corpus of more than {LISTED_ARTICLES} articles (this one has "
                  f"{facts.documents:,}); each article's annotations are in its row of the `documents` configs."]
        return "\n".join(lines) + "\n"
    lines += ["", "Per article (human / rule; – means not annotated):", "",
              "| doc_id | split | characters | entities | quotes | dates | figures |", "|---|---|---|---|---|---|---|",
              *articles]
    return "\n".join(lines) + "\n"


def _all_splits(sizes: Sizes) -> list[str]:
    return list(dict.fromkeys(split for config in present_configs(sizes) for split in present_splits(sizes, config)))


def _load_snippets(sizes: Sizes) -> str:
    """A load line per config, prepared and streaming, from the configs the build writes."""
    lines = ["```python", "from datasets import load_dataset", "",
             'REPO = "nato-corpus/nato-corpus"  # or the path of a local build folder']
    for config in present_configs(sizes):
        lines.append(f'{config.replace("-", "_")} = load_dataset(REPO, "{config}")')
    lines += ["", "# streaming: rows are read as they are iterated",
              *(f'next(iter(load_dataset(REPO, "{config}", split="{present_splits(sizes, config)[0]}", '
                'streaming=True)))' for config in present_configs(sizes)), "```"]
    return "\n".join(lines) + "\n"


def _changelog(layout: CorpusLayout, facts: CorpusFacts) -> str:
    """This build's dataset version, then what changed per recorded version (dataset/versions.py)."""
    releases = read_versions(layout)
    pending = facts.pending.change()
    return (f"Dataset version: **{dataset_version(releases, pending)}** (recorded in `{VERSIONS_FILE}` by "
            f"`nato-corpus build --record-version VERSION`; also in croissant.json).\n\n"
            + "\n".join(changelog_lines(releases, pending, facts.pending.documents)) + "\n")


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
    """The baselines as recorded in the corpus's reports/leaderboard.json; nothing is scored here."""
    from nato_corpus.evaluate.reports import recorded_table, write_command

    if not _has_gold(layout):
        return "_Not yet measured: no gold layer._\n"
    table = recorded_table(layout)
    return f"_Not measured: run `{write_command(layout)}`_\n" if table is None else table


def _probe_results(probe: ProbeCorpus) -> Callable[[CorpusLayout], str]:
    """The baselines on one probe corpus, as recorded in its own reports/."""

    def render(layout: CorpusLayout) -> str:
        found = layout.probe_corpus(probe.name)
        if found is None or not _has_gold(found):
            return f"_Not measured: this checkout has no probe corpus {probe.path}/._\n"
        return _results(found)

    return render


def stale_reports(layout: CorpusLayout) -> list[str]:
    """One line per committed report of the corpus or a probe corpus that no longer matches what it scored.

    Reads the reports and the annotation files they fingerprint; scores nothing (see
    :mod:`nato_corpus.evaluate.reports`).  A missing report is not stale: the card says it is not measured.
    """
    from nato_corpus.evaluate.reports import stale_message

    return [message for corpus in layout.corpora() if (message := stale_message(corpus)) is not None]


def _region(probe: ProbeCorpus, part: str) -> str:
    return f"{probe.name.replace('-', '_')}_{part}"


_INCLUDED: Final = {
    "agreement": _included("agreement/report.md", "_Not yet measured: the second annotation pass is pending._"),
    "results": _results,
    **{_region(probe, "results"): _probe_results(probe) for probe in PROBE_CORPORA},
    **{_region(probe, "agreement"): _included(f"{probe.path}/agreement/report.md",
                                              "_Not measured: no second pass of the probes._")
       for probe in PROBE_CORPORA},
}


def render_card(layout: CorpusLayout, template: str, sizes: Sizes, facts: CorpusFacts | None = None) -> str:
    """The card with a fresh YAML header and fresh generated regions; prose is kept as written.

    `facts` are those the build gathered while it streamed the corpus; without them the corpus is read for them.
    """
    facts = facts if facts is not None else corpus_facts(layout)
    header = ("---\n" + yaml.safe_dump(card_metadata(sizes, facts.makers), sort_keys=False, allow_unicode=True,
                                       width=100) + "---\n")
    body = _FRONT_MATTER.sub("", template, count=1)
    generated = {"stats": lambda: _stats(sizes, facts), "load": lambda: _load_snippets(sizes),
                 "provenance": lambda: "\n".join([*pass_lines(layout), *maker_lines(facts.makers)]) + "\n",
                 "licence": lambda: "\n".join(facts.licence_lines()) + "\n",
                 "changelog": lambda: _changelog(layout, facts)}

    pieces, done = [header], 0
    for region in _regions(body):
        name = region.name
        fresh = (generated[name]() if name in generated else _INCLUDED[name](layout) if name in _INCLUDED
                 else None)
        if fresh is None:
            raise CorpusError(f"{CARD_FILE}: unknown generated region {name!r}")
        pieces += [body[done:region.body_start], fresh]
        done = region.body_end
    return "".join([*pieces, body[done:]])


def stale_card_parts(layout: CorpusLayout, sizes: Sizes, facts: CorpusFacts | None = None) -> list[str]:
    """Names of the card's parts that differ from their rendering ('front matter', region names), and
    'LICENSE.md' when that file differs from the licence statements of provenance.py."""
    current = read_card_template(layout)
    facts = facts if facts is not None else corpus_facts(layout)
    fresh = render_card(layout, current, sizes, facts)
    stale = []
    if _FRONT_MATTER.match(current) is None or _FRONT_MATTER.match(current)[0] != _FRONT_MATTER.match(fresh)[0]:
        stale.append("front matter (configs, dataset_info)")
    old = {r.name: current[r.body_start:r.body_end] for r in _regions(current)}
    new = {r.name: fresh[r.body_start:r.body_end] for r in _regions(fresh)}
    stale += [f"region {name!r}" for name in new if old.get(name) != new[name]]
    licence = layout.root / LICENSE_FILE
    if layout.kind_of(licence) == "missing" or layout.read_bytes(licence, "document").decode(
            "utf-8", errors="replace") != licence_text(facts.licence_lines()):
        stale.append(LICENSE_FILE)
    return stale


__all__ = ["CARD_FILE", "DOCUMENT_CONFIGS", "card_metadata", "read_card_template", "render_card",
           "stale_card_parts", "stale_reports"]
