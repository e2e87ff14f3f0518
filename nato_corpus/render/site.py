"""Write the static site: an index with statistics, and one page per article.

Pages are self-contained (inline CSS and a few lines of inline JavaScript: layer toggles, which a URL hash such
as ``#hide=entities,compare-dates`` presets, and speaker highlighting; no CDN, no network), every text is
HTML-escaped, and each layer is shown in its own panel so that spans of different layers never have to nest
(an entity inside a quote is shown in both panels).  The site is written to a temporary folder and renamed
into place.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from nato_corpus import files
from nato_corpus.corpus import CorpusLayout, Document
from nato_corpus.escape import for_html
from nato_corpus.render.compare import STATUSES, Comparison, compare_layer
from nato_corpus.schema import LAYERS, UNANNOTATED_ZONES, QuoteAnnotation
from nato_corpus.validate.documents import iter_documents

COLOURS: Final = {"entities": "#cfe2ff", "quotes": "#ffe8a1", "dates": "#c7f0d2", "figures": "#f8d0e6"}
STATUS_COLOURS: Final = {"exact": "#c7f0d2", "label": "#d9c7f5", "value": "#c9e7f7", "boundary": "#ffd8a8",
                         "missed": "#ffb3b3", "spurious": "#ffb3b3"}
_CSS: Final = """
body{font:15px/1.55 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header,main{max-width:980px;margin:0 auto;padding:12px 20px}
h1{font-size:22px;margin:8px 0} h2{font-size:17px;margin:22px 0 6px}
.text{white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 14px}
.ann{border-radius:3px;padding:0 1px;cursor:help}
.zone{color:#999;background:repeating-linear-gradient(45deg,#f2f2f2,#f2f2f2 4px,#fafafa 4px,#fafafa 8px)}
.role{outline:2px dotted #b8860b;border-radius:3px}
.hl{outline:3px solid #d9480f !important}
.legend span{display:inline-block;margin:2px 8px 2px 0;padding:0 6px;border-radius:3px}
table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:3px 7px;text-align:left}
.meta td:first-child{color:#555;white-space:nowrap}
.panel.hidden{display:none}
nav a{margin-right:12px}
"""
# The script marks the body data-js-ready="1" once every handler is wired, and data-speaker-links with the
# number of quotes whose speaker it found, so a headless browser can tell that it ran and what it did.
# "#hide=entities,compare-dates" in the URL starts with those panels hidden (for links and for tests).
_JS: Final = """
(()=>{
const boxes=[...document.querySelectorAll('input[data-layer]')];
const show=(layer,on)=>document.querySelectorAll('.panel[data-layer="'+layer+'"]').forEach(
  p=>p.classList.toggle('hidden',!on));
boxes.forEach(box=>box.addEventListener('change',()=>show(box.dataset.layer,box.checked)));
const hide=new URLSearchParams(location.hash.slice(1)).get('hide');
(hide?hide.split(','):[]).forEach(layer=>{
  boxes.filter(b=>b.dataset.layer===layer).forEach(b=>{b.checked=false;b.removeAttribute('checked');});
  show(layer,false);});
let linked=0;
document.querySelectorAll('[data-speaker]').forEach(q=>{
  const s=document.getElementById(q.dataset.speaker);
  if(!s)return;
  linked++;
  q.addEventListener('mouseenter',()=>s.classList.add('hl'));
  q.addEventListener('mouseleave',()=>s.classList.remove('hl'));});
document.body.dataset.speakerLinks=String(linked);
document.body.dataset.jsReady='1';
})();
"""


def _e(value: Any) -> str:
    return for_html(str(value))


def markup(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Escaped text with `spans` (start, end, opening tag) wrapped; spans must nest, crossing ones are dropped."""
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    kept: list[tuple[int, int, str]] = []
    stack: list[int] = []
    for start, end, tag in ordered:
        while stack and stack[-1] <= start:
            stack.pop()
        if stack and end > stack[-1]:
            continue  # would cross an open span
        kept.append((start, end, tag))
        stack.append(end)
    events: dict[int, list[str]] = {}
    closings: dict[int, int] = Counter()
    for start, end, tag in kept:
        events.setdefault(start, []).append(tag)
        closings[end] += 1
    out: list[str] = []
    for position in range(len(text) + 1):
        out.append("</span>" * closings.get(position, 0))
        out.extend(events.get(position, []))
        if position < len(text):
            out.append(html.escape(text[position], quote=False))
    return "".join(out)


def _tooltip(annotation: Any) -> str:
    fields = annotation.model_dump(exclude={"id", "start", "end", "text", "origin", "speaker", "cue", "layer"})
    parts = [f"{k}: {v}" for k, v in fields.items() if v not in (None, False)]
    return f"{annotation.id} · " + " · ".join(parts)


def _layer_spans(document: Document, origin: str, layer: str) -> list[tuple[int, int, str]]:
    spans = []
    for annotation in document.layer(origin, layer) or []:
        attrs = (f'class="ann {layer}" data-id="{_e(annotation.id)}" style="background:{COLOURS[layer]}" '
                 f'title="{_e(_tooltip(annotation))}"')
        if isinstance(annotation, QuoteAnnotation) and annotation.speaker is not None:
            attrs += f' data-speaker="{origin}-{_e(annotation.id)}-speaker"'
        spans.append((annotation.start, annotation.end, f"<span {attrs}>"))
        if isinstance(annotation, QuoteAnnotation):
            for role in ("speaker", "cue"):
                ref = getattr(annotation, role)
                if ref is not None:
                    element_id = f'id="{origin}-{_e(annotation.id)}-{role}" ' if role == "speaker" else ""
                    spans.append((ref.start, ref.end, f'<span {element_id}class="role {role}" '
                                                      f'title="{role} of {_e(annotation.id)}">'))
    return spans


def _zone_spans(document: Document) -> list[tuple[int, int, str]]:
    return [(z.start, z.end, f'<span class="zone" title="{_e(z.kind)} (not annotated)">')
            for z in document.metadata.zones if z.kind in UNANNOTATED_ZONES]


def _shown(item: Any, name: str) -> str:
    value = getattr(item, name, None)
    if name in ("speaker", "cue"):
        return "none" if value is None else f"'{value.text}' [{value.start}, {value.end})"
    return "none" if value is None else str(value)


def _differs_note(c: Comparison) -> str:
    """What differs between the paired gold and rule spans, e.g. "speaker: gold 'Rutte' [67, 72), rule none"."""
    notes = [f"{name}: gold {_shown(c.gold, name)}, rule {_shown(c.rule, name)}" for name in c.differences]
    return f" | differs: {'; '.join(notes)}" if notes else ""


def _comparison_panel(document: Document, layer: str) -> str:
    gold, rule = document.layer("human", layer), document.layer("rule", layer)
    if gold is None or rule is None:
        return ""
    comparisons = compare_layer(layer, gold, rule)
    spans, spurious = [], []
    for c in comparisons:
        if c.gold is not None:
            rule_note = "" if c.rule is None else f" | rule: {c.rule.text} · {_tooltip(c.rule)}" + _differs_note(c)
            differs = f' data-differs="{_e(" ".join(c.differences))}"' if c.differences else ""
            spans.append((c.gold.start, c.gold.end, f'<span class="ann cmp {c.status}" data-status="{c.status}"'
                          f'{differs} style="background:{STATUS_COLOURS[c.status]}" '
                          f'title="{_e(c.status + " · gold " + _tooltip(c.gold) + rule_note)}">'))
        else:
            spurious.append(c.rule)
    counts = Counter(c.status for c in comparisons)
    summary = ", ".join(f"{s} {counts[s]}" for s in STATUSES if counts[s])
    items = "".join(f'<li class="spurious" data-status="spurious">{_e(r.text)} <small>{_e(_tooltip(r))}</small></li>'
                    for r in spurious)
    return (f'<div class="panel" data-layer="compare-{layer}"><h2>{layer}: human vs rule</h2><p>{summary}</p>'
            f'<div class="text">{markup(document.text, spans + _zone_spans(document))}</div>'
            + (f"<p>Rule spans with no gold counterpart (spurious):</p><ul>{items}</ul>" if spurious else "")
            + "</div>")


def _metadata_table(document: Document) -> str:
    m = document.metadata
    p = m.publication
    outlet = f"{m.outlet} ({m.outlet_confidence} confidence) — {m.outlet_note}" if m.outlet else \
        f"unknown — {m.outlet_note}"
    rows = [("doc_id", m.doc_id), ("headline", m.headline), ("outlet", outlet),
            ("attributed sources", ", ".join(m.attributed_sources)),
            *((f"{u.relation} of", f"{u.outlet or 'unknown outlet'} ({u.confidence} confidence) — {u.evidence}")
              for u in m.upstream),
            ("published", f"{p.date} ({p.precision}, {p.basis}, {p.confidence} confidence)"),
            ("evidence", p.evidence), ("date printed in text", p.date_in_text),
            ("conflict", p.conflict), ("anchor", f"{p.anchor} ({p.anchor_confidence} confidence) — {p.anchor_note}"),
            ("licence", f"{m.licence.status}: {m.licence.note}"), ("split", m.split),
            ("defects", "; ".join(m.defects))]
    return '<table class="meta">' + "".join(f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>" for k, v in rows
                                            if v not in (None, "")) + "</table>"


def _legend() -> str:
    layers = "".join(f'<span style="background:{c}">{layer}</span>' for layer, c in COLOURS.items())
    statuses = "".join(f'<span style="background:{c}">{s}</span>' for s, c in STATUS_COLOURS.items())
    return (f'<div class="legend">Layers: {layers} <span class="role">speaker / cue</span> '
            f'<span class="zone">not annotated (boilerplate)</span></div>'
            f'<div class="legend">Comparison: {statuses}</div>')


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            f"<style>{_CSS}</style></head><body>{body}<script>{_JS}</script></body></html>\n")


def article_page(document: Document) -> str:
    toggles = "".join(f'<label><input type="checkbox" data-layer="{layer}" checked> {layer}</label> '
                      for layer in LAYERS)
    toggles += "".join(f'<label><input type="checkbox" data-layer="compare-{layer}" checked> {layer} vs rules'
                       f"</label> " for layer in LAYERS)
    panels = []
    for layer in LAYERS:
        items = document.layer("human", layer)
        count = "not annotated" if items is None else f"{len(items)} gold annotations"
        panels.append(f'<div class="panel" data-layer="{layer}"><h2>{layer} ({count})</h2><div class="text">'
                      f"{markup(document.text, _layer_spans(document, 'human', layer) + _zone_spans(document))}"
                      "</div></div>")
    comparisons = "".join(_comparison_panel(document, layer) for layer in LAYERS)
    body = (f'<header><nav><a href="index.html">← all articles</a></nav><h1>{_e(document.doc_id)}</h1>'
            f"{_metadata_table(document)}{_legend()}<p>{toggles}</p></header>"
            f"<main>{''.join(panels)}{comparisons}</main>")
    return _page(document.doc_id, body)


def index_page(documents: Sequence[Document]) -> str:
    rows = []
    totals: Counter[str] = Counter()
    for d in documents:
        cells = []
        for layer in LAYERS:
            gold, rule = d.layer("human", layer), d.layer("rule", layer)
            totals[f"human {layer}"] += len(gold or [])
            totals[f"rule {layer}"] += len(rule or [])
            cells.append(f"<td>{'–' if gold is None else len(gold)} / {'–' if rule is None else len(rule)}</td>")
        rows.append(f'<tr><td><a href="{_e(d.doc_id)}.html">{_e(d.doc_id)}</a></td><td>{_e(d.metadata.split)}</td>'
                    f"<td>{len(d.text)}</td>{''.join(cells)}</tr>")
    head = "".join(f"<th>{layer} (human / rule)</th>" for layer in LAYERS)
    total = "".join(f"<td>{totals['human ' + layer]} / {totals['rule ' + layer]}</td>" for layer in LAYERS)
    body = (f"<header><h1>nato-corpus</h1><p>{len(documents)} articles. Gold (human) and silver (rule) "
            f"annotations.</p>{_legend()}</header><main><table><tr><th>article</th><th>split</th>"
            f"<th>characters</th>{head}</tr>{''.join(rows)}<tr><td><b>total</b></td><td></td><td></td>{total}</tr>"
            "</table></main>")
    return _page("nato-corpus", body)


def render_site(layout: CorpusLayout, out_dir: Path) -> list[Path]:
    """Write index.html and one page per article into `out_dir`, atomically; returns the pages written.

    `out_dir` is replaced only as :func:`nato_corpus.files.replace_output_folder` allows (missing, empty, or a
    site this command wrote), so a committed ``site`` link or ``--out .`` never deletes anything.
    """
    protected = [corpus.root for corpus in layout.corpora()]
    files.check_output_folder(out_dir, "render", protected)
    documents = list(iter_documents(layout))

    def fill(staging: Path) -> None:
        (staging / "index.html").write_text(index_page(documents), encoding="utf-8")
        for document in documents:
            (staging / f"{document.doc_id}.html").write_text(article_page(document), encoding="utf-8")

    target = files.replace_output_folder(out_dir, "render", fill, protected)
    return sorted(target / name for name in files.output_files(target))
