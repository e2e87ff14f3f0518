"""The main job behind ``./dev main``: validate, regenerate the rule layer, build, load back, summarise.

Each step is a library function of its own module; this one only sequences them and stops at the first
step that fails, so a broken corpus never reaches the build.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nato_corpus.corpus import CorpusLayout
from nato_corpus.files import CorpusError
from nato_corpus.validate import validate_corpus
from nato_corpus.validate.documents import InvalidCorpus
from nato_corpus.validate.incidents import render_text


class StepFailed(CorpusError):
    """A step of the main job failed; the message says which and why, in one line."""


def run_main_job(layout: CorpusLayout, out_dir: Path, echo: Callable[[str], None] = print) -> str:
    """Run every step and return the summary of the dataset as read back by ``datasets.load_dataset``."""
    from nato_corpus.annotate import regenerate_rule_layer
    from nato_corpus.dataset.build import build_dataset, summarize_dataset

    echo("1/4 validating the corpus")
    report = validate_corpus(layout, keep=True)  # every file read and parsed once, kept for the next steps
    if not report.valid:
        echo(render_text(report.incidents, report.files_checked))
        raise StepFailed("the corpus is invalid; fix the errors above (nato-corpus validate)")
    echo(f"    {report.documents} documents, {report.files_checked} files: valid")

    echo("2/4 regenerating the rule-based layer")
    for read in report.corpora.values():  # the corpus, then its held-out probe corpora
        try:
            written = regenerate_rule_layer(read.layout, read)  # new files checked in memory before writing
        except InvalidCorpus as exc:
            raise StepFailed(f"the rules produced an invalid annotation ({exc}); this is a bug in "
                             "nato_corpus.rules") from None
        folder = read.layout.annotations_dir("rule")
        echo(f"    {layout.relative(folder)}: valid; {written} of {len(read.documents)} files changed")

    echo(f"3/4 building the Hugging Face dataset into {out_dir}")
    build_dataset(layout, out_dir, report)

    echo("4/4 loading it back with datasets.load_dataset")
    return summarize_dataset(out_dir)
