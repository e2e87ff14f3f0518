"""Build the folder given to a blind annotator: raw texts, anchors, zones, registry, guidelines, schema; no gold.

    .venv/bin/python scripts/make_blind_kit.py OUT DOC_ID [DOC_ID ...] [--annotator NAME]
    .venv/bin/python scripts/make_blind_kit.py OUT --all

Issue 15 asks for passes made by annotators given "only the raw text, the guidelines and the schema
documentation". This script is the one place that decides what that means, so that every pass's provenance note
can list the kit's files and their sha256 (``OUT/MANIFEST.json``). The kit holds, per document, the text byte for
byte, its anchor day (the TIMEX3 document creation time the guidelines resolve against), its sha256 and the
character ranges of its unannotated zones; and, per corpus, its *effective* registry (main registry plus that
corpus's overlay only, so an annotator cannot link a key another probe set registers). It never holds the
metadata's notes (an anchor note names how dates resolve), any annotation file, the rules or another pass.

``OUT/kit.py`` turns the annotator's span lists (``OUT/spans/<doc_id>.txt``, the ``probes/README.md`` span-list
format) into annotation files (``OUT/out/<doc_id>.jsonl``) and runs the package's own validator on them (schema,
offsets, zones, registry keys); it prints problems, never gold. It imports ``nato_corpus`` and the span-list parser
copied into the kit (``spanlist.py``), so it runs with any interpreter that has the package installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

from nato_corpus.corpus import PROBE_CORPORA, CorpusLayout
from nato_corpus.schema import ANNOTATION_ADAPTER
from nato_corpus.schema.article import UNANNOTATED_ZONES, ArticleMetadata
from nato_corpus.validate.documents import check_registry

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"corpus": REPO_ROOT, **{p.name: REPO_ROOT / p.path for p in PROBE_CORPORA}}

KIT_SCRIPT = '''"""Turn span lists into annotation files and check them with nato_corpus's validator.

    python kit.py                 check every spans/<doc_id>.txt, write out/<doc_id>.jsonl for those that pass
    python kit.py DOC_ID ...      only these
"""
import json
import sys
from pathlib import Path

from nato_corpus.corpus import format_annotation_file
from nato_corpus.schema import AnnotationFileHeader, RegistryEntity
from nato_corpus.schema.article import ArticleMetadata
from nato_corpus.validate.annotations import check_annotation_file

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from spanlist import BuildError, parse_spans, with_ids  # noqa: E402

KIT = json.loads((HERE / "documents.json").read_text(encoding="utf-8"))


def registry(name):
    lines = (HERE / "registry" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    entities = (RegistryEntity.model_validate_json(line) for line in lines if line.strip())
    return {e.id: e for e in entities}


def metadata(doc_id, entry):
    """A stand-in record with only what the kit gives: the anchor and the zones (for the zone check)."""
    stand_in = "(not given to blind annotators)"
    return ArticleMetadata.model_validate({
        "doc_id": doc_id, "text_sha256": entry["text_sha256"], "source_file": f"{doc_id}.txt", "headline": None,
        "outlet": None, "outlet_confidence": None, "attributed_sources": [], "split": "train",
        "publication": {"date": None, "precision": None, "basis": None, "evidence": stand_in,
                        "confidence": "low", "anchor": entry["anchor"], "anchor_note": stand_in,
                        "anchor_confidence": "low"},
        "licence": {"status": "unknown", "note": stand_in},
        "zones": [{"start": s, "end": e, "kind": k} for s, e, k in entry["unannotated_zones"]],
    })


def check(doc_id):
    entry = KIT["documents"][doc_id]
    text = (HERE / "texts" / f"{doc_id}.txt").read_bytes().decode("utf-8")
    spans = HERE / "spans" / f"{doc_id}.txt"
    try:
        records = parse_spans(spans.read_text(encoding="utf-8"), text, f"spans/{doc_id}.txt")
        annotations = with_ids(records, KIT["annotator"], "ai")
    except (BuildError, ValueError) as error:
        print(str(error).splitlines()[0])
        return False
    header = AnnotationFileHeader(doc_id=doc_id, origin="human", text_sha256=entry["text_sha256"],
                                  layers=("entities", "quotes", "dates", "figures"))
    content = format_annotation_file(header, annotations)
    problems = []
    check_annotation_file(content, f"out/{doc_id}.jsonl", doc_id, "human", text, entry["text_sha256"],
                          metadata(doc_id, entry), registry(entry["registry"]), problems.append)
    for p in problems:
        print(f"{p.severity}: {p.address()}: {p.message} [{p.check}]")
    if any(p.severity == "error" for p in problems):
        return False
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / f"{doc_id}.jsonl").write_text(content, encoding="utf-8")
    print(f"{doc_id}: {len(annotations)} annotations written to out/{doc_id}.jsonl")
    return True


if __name__ == "__main__":
    wanted = sys.argv[1:] or sorted(p.stem for p in (HERE / "spans").glob("*.txt"))
    results = [check(doc_id) for doc_id in wanted]
    sys.exit(0 if all(results) else 1)
'''

README = """# Blind annotation kit

You annotate the texts in `texts/` following `ANNOTATION_GUIDELINES.md`, on your own: read only the files of this
folder. `annotation_schema.json` is the JSON Schema of one annotation record (fields, closed vocabularies).
`documents.json` gives per text its **anchor** (the day relative dates resolve against), its sha256, the registry it
links to (`registry/<name>.jsonl`: entity keys, names, aliases, Wikidata ids) and its **unannotated zones**
(character ranges `[start, end)` of credits, boilerplate and artifacts: annotate nothing there).

Write one span list per text, `spans/<doc_id>.txt`, one annotation per line, fields separated by ` | `, `-` for
null, `#` starting a comment line:

```
E | locator | LABEL | entity_id
D | locator | TYPE | value | mod | temporal_function (true/false)
F | locator | kind | value | value_max | unit | bound | approximate (true/false) | measures | base | per
Q | content locator | kind | speaker locator | speaker_entity_id | cue locator
```

A **locator** is a stretch of the text with the span in square brackets; the stretch without the brackets must
occur exactly once in the text (`\\n` stands for a line break), so you never type an offset. Invented examples
(not from these texts):

```
E | talks in [Oslo] on | GPE | oslo
D | said on [Friday] that | DATE | 2031-04-11 | - | true
F | spend [at least 3%] of | percent | 3 | - | percent | EQUAL_OR_MORE | false | - | GDP | -
Q | said: “[We will not wait.]” | direct | [Maria Lind] said | - | Lind [said]:
```

Then run `python kit.py` (or `python kit.py DOC_ID`): it converts each span list to `out/<doc_id>.jsonl` and
runs the project's validator (schema, offsets, zones, registry keys). It reports problems only; it never tells you
what the answer is. Write your judgement calls and anything unclear in `NOTES.md`.
"""


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_kit(out: Path, doc_ids: list[str], annotator: str) -> dict[str, str]:
    """Write the kit into a new folder `out` (refused if it exists); return file -> sha256."""
    if out.exists():
        raise SystemExit(f"{out}: exists; the kit is written only into a new folder")
    located: dict[str, tuple[str, CorpusLayout]] = {}
    for name, root in CORPORA.items():
        layout = CorpusLayout(root)
        for entry in layout.list_folder(layout.articles_dir):
            if entry.path.suffix == ".txt":
                located[entry.path.stem] = (name, layout)
    unknown = sorted(set(doc_ids) - set(located))
    if unknown:
        raise SystemExit(f"unknown documents: {', '.join(unknown)}")
    tmp = Path(tempfile.mkdtemp(prefix=".kit-", dir=out.parent))
    try:
        (tmp / "texts").mkdir()
        (tmp / "registry").mkdir()
        (tmp / "spans").mkdir()
        documents = {}
        for doc_id in sorted(doc_ids):
            name, layout = located[doc_id]
            raw = layout.read_bytes(layout.text_path(doc_id), "text")
            (tmp / "texts" / f"{doc_id}.txt").write_bytes(raw)
            metadata = ArticleMetadata.model_validate_json(layout.read_bytes(layout.metadata_path(doc_id), "document"))
            documents[doc_id] = {
                "anchor": metadata.publication.anchor,
                "text_sha256": metadata.text_sha256,
                "registry": name,
                "unannotated_zones": [[z.start, z.end, z.kind] for z in metadata.zones if z.kind in UNANNOTATED_ZONES],
            }
            registry_file = tmp / "registry" / f"{name}.jsonl"
            if not registry_file.exists():
                entities = check_registry(layout).entities
                registry_file.write_text("".join(e.model_dump_json(exclude_defaults=True) + "\n"
                                                 for e in entities.values()), encoding="utf-8")
        (tmp / "documents.json").write_text(json.dumps({"annotator": annotator, "documents": documents},
                                                       ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        shutil.copyfile(REPO_ROOT / "ANNOTATION_GUIDELINES.md", tmp / "ANNOTATION_GUIDELINES.md")
        (tmp / "annotation_schema.json").write_text(json.dumps(ANNOTATION_ADAPTER.json_schema(), indent=2) + "\n",
                                                    encoding="utf-8")
        shutil.copyfile(REPO_ROOT / "probes" / "build.py", tmp / "spanlist.py")
        (tmp / "kit.py").write_text(KIT_SCRIPT, encoding="utf-8")
        (tmp / "README.md").write_text(README, encoding="utf-8")
        manifest = {str(p.relative_to(tmp)): sha256_file(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        (tmp / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("doc_ids", nargs="*")
    parser.add_argument("--all", action="store_true", help="every article of the corpus and the probe corpora")
    parser.add_argument("--annotator", default="blind", help="the handle written into the pass's files")
    args = parser.parse_args(argv)
    doc_ids = args.doc_ids
    if args.all:
        doc_ids = sorted(e.path.stem for root in CORPORA.values() for layout in [CorpusLayout(root)]
                         for e in layout.list_folder(layout.articles_dir) if e.path.suffix == ".txt")
    if not doc_ids:
        parser.error("name documents or give --all")
    manifest = build_kit(args.out.resolve(), doc_ids, args.annotator)
    print(f"{args.out}: kit of {len(doc_ids)} documents, {len(manifest)} files (MANIFEST.json lists their sha256)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
