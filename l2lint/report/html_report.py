"""`--format html`: one self-contained page that shows every finding in the copy itself.

Brand and legal reviewers read copy, not `path:line:column` lists and not markup, so each
file is shown as its reader sees the prose: the blocks its format's reader found
(`copyview`), as headings, paragraphs, list items and quotes, with alt text, title
attributes, table cells, footnotes and speaker notes labelled as such, grouped by slide
(.pptx), page (.pdf) or translation unit (XLIFF, PO). Every finding is highlighted where
it occurs in that prose, explained on hover and again in a numbered footnote list (hover
does not exist on paper or touch screens) that gives its source position
(`path:line:column`, plus the slide or page locus of a .pptx or .pdf). A finding outside
the prose (in markup or a comment) is quoted from the source under the copy. A file
whose blocks cannot be had again (a .pptx or .pdf changed since the run) is shown as its
source text. The page needs no network, no JavaScript and no colour vision: severities
differ by badge letter (E/W/S) and underline style (solid/dashed/dotted) as well as by
colour.

Invariant the tests (and any tooling) rely on: exactly one element with class `finding`
and id `f-N` per finding, whatever the overlaps. A finding that crosses the end of another
is split, and its later pieces get class `finding-part` instead.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape
from string import Template

from l2lint import __version__
from l2lint.document import Block, Document
from l2lint.finding import Finding, Severity
from l2lint.report import Report
from l2lint.report.copyview import Placed, Placer, document_for
from l2lint.report.escape import masked, printable, surrogates_escaped
from l2lint.report.text import summary_line

# Files with findings are expanded up to this many files checked; beyond it every file
# section starts collapsed so that a 2,000-file report opens as a readable index.
OPEN_BELOW_FILES = 50

_SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.SUGGESTION)
_LETTER = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.SUGGESTION: "S"}
_PLURAL = {
    Severity.ERROR: "errors",
    Severity.WARNING: "warnings",
    Severity.SUGGESTION: "suggestions",
}

_CSS = """
:root { --error: #b3001b; --error-bg: #fde2e4; --warning: #8a5a00; --warning-bg: #fff0c2;
  --suggestion: #0b5cad; --suggestion-bg: #dcecfc; --ink: #1d1d1f; --muted: #5f6368;
  --line: #d9d9de; --paper: #ffffff; --panel: #f6f6f8; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 64px; color: var(--ink); background: var(--paper);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
a { color: #1a56b8; }
code, pre, .path, .loc { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.lead { margin: 0; color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 4px; padding: 0;
  list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px;
  background: var(--panel); min-width: 150px; }
.cards strong { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.92rem; }
th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-weight: 600; }
td.n, th.n { text-align: right; padding-right: 16px; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; min-width: 1.45em; padding: 0 4px; border-radius: 3px;
  font: 700 0.78rem/1.45 ui-monospace, Menlo, Consolas, monospace; text-align: center;
  color: #fff; vertical-align: 1px; }
.badge.sev-error { background: var(--error); }
.badge.sev-warning { background: #f0b400; color: #000; border-radius: 10px; }
.badge.sev-suggestion { background: var(--suggestion); border-radius: 50%; }
details.clean > summary { cursor: pointer; margin: 28px 0 8px; }
details.clean h2 { display: inline; border: 0; margin: 0; }
.compact { margin: 4px 0; padding: 0; list-style: none; columns: 3 18em; font-size: 0.88rem; }
.compact li { font-family: ui-monospace, Menlo, Consolas, monospace; break-inside: avoid; }
details.file { border: 1px solid var(--line); border-radius: 8px; margin: 12px 0;
  background: var(--paper); }
details.file > summary { padding: 8px 12px; background: var(--panel); border-radius: 8px;
  cursor: pointer; }
details.file[open] > summary { border-bottom: 1px solid var(--line);
  border-radius: 8px 8px 0 0; }
.file-body { padding: 4px 16px 12px; }
.counts { margin-left: 12px; color: var(--muted); font-size: 0.9rem; }
pre.copy { white-space: pre-wrap; overflow-wrap: anywhere; margin: 8px 0;
  padding: 12px 14px; background: #fbfbfc; border: 1px solid var(--line); border-radius: 6px;
  font-size: 0.9rem; line-height: 1.9; }
mark.finding, mark.finding-part { color: inherit; padding: 0 0 1px; border-bottom: 2px solid;
  print-color-adjust: exact; -webkit-print-color-adjust: exact; }
mark :is(mark.finding, mark.finding-part) { padding-bottom: 4px; background-clip: content-box; }
mark mark :is(mark.finding, mark.finding-part) { padding-bottom: 7px; }
mark.sev-error { background: var(--error-bg); border-bottom-color: var(--error);
  border-bottom-style: solid; }
mark.sev-warning { background: var(--warning-bg); border-bottom-color: var(--warning);
  border-bottom-style: dashed; }
mark.sev-suggestion { background: var(--suggestion-bg); border-bottom-color: var(--suggestion);
  border-bottom-style: dotted; }
mark.finding:target { outline: 2px solid var(--ink); outline-offset: 1px; }
sup.ref { font: 700 0.68rem/1 ui-monospace, Menlo, Consolas, monospace; margin: 0 1px; }
sup.ref a { text-decoration: none; }
sup.ref.sev-error a { color: var(--error); }
sup.ref.sev-warning a { color: var(--warning); }
sup.ref.sev-suggestion a { color: var(--suggestion); }
ol.notes { margin: 8px 0 4px; padding-left: 2.6em; }
ol.notes li { margin: 6px 0; }
ol.notes li:target { background: #fffbd6; }
.loc { font-size: 0.88rem; }
.rule { color: var(--muted); }
.fix ins { text-decoration: none; background: #e3f5e1; padding: 0 3px; border-radius: 3px; }
.why { display: block; color: var(--muted); font-size: 0.88rem; }
.missing { color: var(--muted); font-style: italic; }
div.copy { margin: 8px 0; padding: 4px 18px 8px; border: 1px solid var(--line);
  border-radius: 6px; background: #fbfbfc; line-height: 1.9; max-width: 52em;
  overflow-wrap: anywhere; }
.copy .blk { white-space: pre-line; margin: 8px 0; }
.copy:is([data-format="html"], [data-format="markdown"], [data-format="mdx"]) .blk {
  white-space: normal; }
.copy h3.blk { font-size: 1.15rem; margin: 14px 0 6px; }
.copy h4.blk { font-size: 1.02rem; margin: 10px 0 4px; }
.copy ul.blk-list { margin: 6px 0; padding-left: 1.4em; }
.copy ul.blk-list > li.blk { margin: 2px 0; }
.copy blockquote.blk { margin: 8px 0 8px 4px; padding-left: 12px;
  border-left: 3px solid var(--line); color: #3c3c40; }
.copy .kind { font: 600 0.72rem/1 system-ui, sans-serif; text-transform: uppercase;
  letter-spacing: 0.04em; color: var(--muted); border: 1px solid var(--line);
  border-radius: 3px; padding: 1px 4px; margin-right: 6px; vertical-align: 2px; }
.copy .blk-alt, .copy .blk-title_attr, .copy .blk-notes { font-style: italic; }
.copy section.unit { margin: 10px 0; padding: 2px 0 2px 12px;
  border-left: 3px solid var(--line); }
.copy .unit-head { font: 600 0.8rem/1.4 system-ui, sans-serif; color: var(--muted);
  margin: 6px 0 0; text-transform: uppercase; letter-spacing: 0.05em; }
.outside { margin: 8px 0; font-size: 0.9rem; }
.outside ul { margin: 4px 0; padding-left: 1.4em; }
.outside li { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: pre-wrap; }
.locus { color: var(--muted); font-size: 0.88rem; }
footer { margin-top: 32px; color: var(--muted); font-size: 0.85rem; }
@media screen { details.file { content-visibility: auto; contain-intrinsic-size: auto 3em; } }
@media print {
  body { padding: 0; font-size: 11pt; }
  details::details-content { display: contents; content-visibility: visible; }
  details > * { display: block; }
  details > summary { list-style: none; }
  details.file { break-inside: auto; border: 0; }
  pre.copy, div.copy { border: 0; padding: 0; }
  a { color: inherit; }
  .compact { columns: 2; }
}
"""

_PAGE = Template(
    """<!DOCTYPE html>
<!-- l2lint-disable-file -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="l2lint $version">
<title>$title</title>
<style>$css</style>
</head>
<body>
<header>
<h1>l2lint report</h1>
<p class="lead">$lead</p>
</header>
<main>
$summary
$files
</main>
<footer>Generated by l2lint $version. Hover a highlight for its message; the numbered notes
under each file say the same for print.</footer>
</body>
</html>
"""
)


def _html(text: str) -> str:
    """`text` escaped for HTML text and attributes; bytes of a name that is not UTF-8
    become `\\xNN` (`escape.surrogates_escaped`). Control characters are not touched:
    callers use `_e` or `_copy`."""
    return escape(surrogates_escaped(text), quote=True)


def _e(value: object) -> str:
    """One line from the input (paths, messages, rule names, codes, fixes) for the page:
    control, bidirectional-formatting and line-separator characters become visible
    escapes (`\\x1b`, `\\u202e`: `escape.printable`), then HTML escaping."""
    return _html(printable(str(value)))


# what the copy keeps of the characters `printable` escapes: line breaks and tabs are
# layout there (the page wraps them as white space)
_COPY_KEEPS = "\n\r\t"


def _copy(text: str) -> str:
    """Copy (prose, quoted source) for the page: other control and bidi characters become
    U+FFFD one for one, as in the text report's `--output-format full` source lines, so
    highlight offsets are unchanged (`escape.masked`); then HTML escaping."""
    return _html(masked(text, keep=_COPY_KEEPS))


def _path(path: str) -> str:
    """A file name for the page: visible escapes for control characters, then HTML."""
    return _e(printable(path))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _badge(severity: Severity) -> str:
    return (
        f'<span class="badge sev-{severity.value}" title="{severity.value}">'
        f"{_LETTER[severity]}</span>"
    )


class _Explainer:
    """Rule name and rationale from the loaded packs, falling back to the finding's own."""

    def __init__(self, rules: dict) -> None:
        self.rules = rules or {}

    def name(self, f: Finding) -> str:
        return getattr(self.rules.get(f.code), "name", None) or f.name

    def rationale(self, f: Finding) -> str:
        return getattr(self.rules.get(f.code), "rationale", None) or f.rationale


def _location(f: Finding) -> str:
    return f"{printable(f.path)}:{f.start.line}:{f.start.column}"


def _where(f: Finding) -> str:
    """`path:line:column`, then the slide or page locus of a .pptx or .pdf finding."""
    return f"{_location(f)} ({f.locus})" if f.locus else _location(f)


def _fix_text(f: Finding) -> str:
    """The suggested replacement as plain text, for the title attribute."""
    if f.fix is None:
        return ""
    replacement = f"“{f.fix.replacement}”" if f.fix.replacement else "(remove)"
    how = "safe, applied by --fix" if f.fix.safe else "review first, --unsafe-fixes"
    return f"Suggested: {replacement} ({how})"


def _tooltip(f: Finding, explain: _Explainer) -> str:
    """Hover text: all the footnote says, so a reviewer need not scroll; its lines
    escaped as `_e` does, joined by newlines (escape with `_html`)."""
    lines = [f"{_where(f)}  {f.code} {explain.name(f)} [{f.severity.value}]", f.message]
    fix = _fix_text(f)
    if fix:
        lines.append(fix)
    why = explain.rationale(f)
    if why:
        lines.append(f"Why: {why}")
    return "\n".join(printable(line) for line in lines)  # one line each, then HTML


def _file_counts(findings: list[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def _worst_first(path: str, counts: Counter) -> tuple:
    return (
        -counts[Severity.ERROR],
        -counts[Severity.WARNING],
        -counts[Severity.SUGGESTION],
        path,
    )


class _Numbered:
    """A finding with its report-wide number and the span that shows it, clamped to the
    text it is shown in (`length` characters): prose offsets in its block, source offsets
    in a file shown as source, or the whole quote of a finding outside the prose."""

    __slots__ = ("finding", "n", "start", "end", "title", "placed")

    def __init__(self, finding: Finding, n: int, title: str, placed: Placed, length: int) -> None:
        self.finding, self.n, self.title, self.placed = finding, n, title, placed
        start = min(max(placed.start, 0), length)
        self.start = start
        self.end = min(max(placed.end, start), length)

    @property
    def sev(self) -> str:
        return self.finding.severity.value


def _open_mark(item: _Numbered, main: bool) -> str:
    if main:
        return (
            f'<mark class="finding sev-{item.sev}" id="f-{item.n}" '
            f'data-code="{_e(item.finding.code)}" title="{_html(item.title)}">'
        )
    title = _html(item.title)
    return f'<mark class="finding-part sev-{item.sev}" data-of="f-{item.n}" title="{title}">'


def _ref(item: _Numbered) -> str:
    letter = _LETTER[item.finding.severity]
    return (
        f'<sup class="ref sev-{item.sev}"><a href="#n-{item.n}" '
        f'aria-label="{item.sev}, note {item.n}">{letter}{item.n}</a></sup>'
    )


def _highlight(text: str, items: list[_Numbered]) -> str:
    """Escape `text` and wrap each item's span in a mark, keeping the HTML well nested.

    Spans are opened outermost first; when a span ends while spans opened after it are
    still open, those are closed and reopened as `finding-part` pieces, so overlapping
    findings stay one `.finding` element each. A footnote reference follows each span.
    """
    starts: dict[int, list[_Numbered]] = defaultdict(list)
    for item in items:
        starts[item.start].append(item)
    for group in starts.values():
        group.sort(key=lambda i: (-i.end, i.n))
    ends = {item.end for item in items}
    out: list[str] = []
    stack: list[_Numbered] = []
    pos = 0
    for boundary in sorted(set(starts) | ends):
        out.append(_copy(text[pos:boundary]))
        pos = boundary
        ending = [i for i in stack if i.end == boundary]
        if ending:
            first = min(stack.index(i) for i in ending)
            reopen = [i for i in stack[first:] if i.end != boundary]
            out.append("</mark>" * (len(stack) - first))
            del stack[first:]
            out.extend(_ref(i) for i in sorted(ending, key=lambda i: i.n))
            for item in reopen:
                out.append(_open_mark(item, main=False))
                stack.append(item)
        for item in starts.get(boundary, ()):
            out.append(_open_mark(item, main=True))
            if item.end == boundary:  # zero-width: a visible reference marks the place
                out.append("</mark>" + _ref(item))
            else:
                stack.append(item)
    out.append(_copy(text[pos:]))
    return "".join(out)


def _note(item: _Numbered, explain: _Explainer, quote_mark: bool) -> str:
    """One footnote: location link, severity, rule, message, fix and rationale."""
    f = item.finding
    parts = [
        f'<li id="n-{item.n}" value="{item.n}" class="note sev-{item.sev}">',
        _badge(f.severity),
        f' <a class="loc" href="#f-{item.n}">{_e(_location(f))}</a>',
        f' <span class="locus">({_e(f.locus)})</span>' if f.locus else "",
        f' <code>{_e(f.code)}</code> <span class="rule">{_e(explain.name(f))}</span>',
    ]
    if quote_mark:  # no copy to highlight in: the quote is this finding's one mark
        parts.append(
            f" {_open_mark(item, main=True)}{_e(f.found or f.path)}</mark>",
        )
    parts.append(f"<br>{_e(f.message)}")
    if f.fix is not None:
        replacement = (
            f"<ins>{_e(f.fix.replacement)}</ins>" if f.fix.replacement else "<ins>(remove)</ins>"
        )
        how = "safe, applied by <code>--fix</code>" if f.fix.safe else "review first"
        parts.append(f' <span class="fix">Suggested: {replacement} ({how}).</span>')
    why = explain.rationale(f)
    if why:
        parts.append(f'<span class="why">Why: {_e(why)}</span>')
    parts.append("</li>")
    return "".join(parts)


def _counts_html(counts: Counter) -> str:
    shown = [
        f'<span title="{_PLURAL[s]}">{counts[s]} {_badge(s)}</span>'
        for s in _SEVERITIES
        if counts[s]
    ]
    return " ".join(shown)


# Block kinds shown with a label, as they are not body text a reader sees as such.
_LABELS = {
    "title": "Title",
    "alt": "Alt text",
    "title_attr": "Title attribute",
    "table_cell": "Table cell",
    "footnote": "Footnote",
    "notes": "Speaker notes",
}
_TAGS = {"heading": "h", "list_item": "li", "blockquote": "blockquote"}


def _group(doc: Document, block: Block) -> str | None:
    """The slide, page or translation unit a block belongs to, as its heading."""
    if not block.segments:
        return None
    line = doc.line_col(block.segments[0].source_start)[0]
    if doc.format in ("pptx", "pdf"):
        head = doc.locus(line).split(":", 1)[0]  # "slide 2", "page 1"
        return head[:1].upper() + head[1:] if head else None
    if block.kind == "target":  # XLIFF, PO: one unit per target
        return f"Translation unit, line {line}"
    return None


def _block_html(doc: Document, index: int, items: list[_Numbered], level: int) -> str:
    """One block as HTML: its prose, highlighted, in the element its kind reads as."""
    block = doc.blocks[index]
    kind = block.kind
    tag = _TAGS.get(kind, "p")
    if tag == "h":
        tag = f"h{level}"
    line, column = doc.line_col(block.segments[0].source_start) if block.segments else (1, 1)
    label = _LABELS.get(kind)
    head = f'<span class="kind">{label}</span>' if label else ""
    return (
        f'<{tag} class="blk blk-{_e(kind)}" data-kind="{_e(kind)}" data-block="{index}" '
        f'data-at="{line}:{column}">{head}{_highlight(block.text, items)}</{tag}>'
    )


def _copy_html(doc: Document, by_block: dict[int, list[_Numbered]]) -> str:
    """The document's blocks in reading order, grouped by slide, page or unit; list
    items in lists."""
    out: list[str] = ['<div class="copy" data-format="' + _e(doc.format) + '">']
    group: str | None = None
    in_list = False
    for index, block in enumerate(doc.blocks):
        label = _group(doc, block)
        if label != group or (label is not None and block.kind == "target"):
            if in_list:
                out.append("</ul>")
                in_list = False
            if group is not None:
                out.append("</section>")
            if label is not None:
                out.append(f'<section class="unit"><p class="unit-head">{_e(label)}</p>')
            group = label
        if (block.kind == "list_item") != in_list:
            out.append('<ul class="blk-list">' if not in_list else "</ul>")
            in_list = not in_list
        out.append(_block_html(doc, index, by_block.get(index, []), 4 if group else 3))
    if in_list:
        out.append("</ul>")
    if group is not None:
        out.append("</section>")
    out.append("</div>")
    return "".join(out)


def _outside_html(source: str, items: list[_Numbered]) -> str:
    """Findings outside the prose, each quoted from the source with its one mark."""
    rows = []
    for item in items:
        quote = source[item.placed.start : item.placed.end]
        item.start, item.end = 0, len(quote)
        rows.append(f"<li>{_highlight(quote, [item])}</li>")
    return (
        '<div class="outside"><p>Outside the prose shown above (markup, comments):</p>'
        f"<ul>{''.join(rows)}</ul></div>"
    )


def _file_section(
    index: int,
    path: str,
    items: list[_Numbered],
    source: str | None,
    doc: Document | None,
    explain: _Explainer,
    open_: bool,
) -> str:
    counts = _file_counts([i.finding for i in items])
    head = (
        f'<details class="file" id="file-{index}"{" open" if open_ else ""}>'
        f'<summary><span class="path">{_path(path)}</span>'
        f'<span class="counts">{_counts_html(counts)}</span></summary><div class="file-body">'
    )
    body: list[str] = []
    if source is None:
        body.append('<p class="missing">Source text not available; findings only.</p>')
    elif doc is None:
        # The newline after <pre> is eaten by the HTML parser, so a leading one survives.
        body.append(f'<pre class="copy">\n{_highlight(source, items)}</pre>')
    else:
        by_block: dict[int, list[_Numbered]] = defaultdict(list)
        for item in items:
            by_block[item.placed.block].append(item)
        outside = by_block.pop(-1, [])
        if doc.blocks:
            body.append(_copy_html(doc, by_block))
        if outside:
            body.append(_outside_html(source, outside))
    body.append('<ol class="notes">')
    body.extend(_note(i, explain, quote_mark=source is None) for i in items)
    body.append("</ol>")
    return head + "".join(body) + "</div></details>"


def _numbered(
    findings: list[Finding],
    source: str | None,
    doc: Document | None,
    first: int,
    explain: _Explainer,
) -> list[_Numbered]:
    """The file's findings numbered from `first` in the order the page shows them."""
    if source is None or doc is None:
        length = len(source) if source is not None else 0
        spans = [Placed(-1, f.start_offset, f.end_offset) for f in findings]
        order = sorted(
            range(len(findings)),
            key=lambda k: (spans[k].start, -spans[k].end, findings[k].sort_key),
        )
        return [
            _Numbered(findings[k], first + i, _tooltip(findings[k], explain), spans[k], length)
            for i, k in enumerate(order)
        ]
    placer = Placer(doc)
    spans = [placer.place(f) for f in findings]

    def page_order(k: int) -> tuple:
        p = spans[k]
        return (p.block < 0, p.block, p.start, -p.end, findings[k].sort_key)

    out = []
    for i, k in enumerate(sorted(range(len(findings)), key=page_order)):
        p = spans[k]
        length = len(doc.blocks[p.block].text) if p.block >= 0 else len(source)
        out.append(_Numbered(findings[k], first + i, _tooltip(findings[k], explain), p, length))
    return out


def _summary(
    report: Report,
    files: list[str],
    ranked: list[tuple[str, Counter]],
    clean: list[str],
    ids: dict[str, int],
    explain: _Explainer,
    open_: bool,
) -> str:
    totals = Counter(f.severity for f in report.findings)
    cards = [
        f"<li><strong>{len(files)}</strong>{'file' if len(files) == 1 else 'files'} checked</li>"
    ]
    cards.append(f"<li><strong>{len(ranked)}</strong>with findings</li>")
    for sev in _SEVERITIES:
        cards.append(f"<li><strong>{totals[sev]}</strong>{_badge(sev)} {_PLURAL[sev]}</li>")
    out = ['<section id="summary"><h2>Summary</h2>', f'<ul class="cards">{"".join(cards)}</ul>']

    if report.findings:
        by_rule = Counter(f.code for f in report.findings)
        sample = {f.code: f for f in report.findings}
        # Configuration may override a rule's severity, so show what the findings carry.
        severities: dict[str, set[Severity]] = defaultdict(set)
        for f in report.findings:
            severities[f.code].add(f.severity)
        rows = []
        for code, count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            f = sample[code]
            badges = " ".join(_badge(s) for s in _SEVERITIES if s in severities[code])
            rows.append(
                f'<tr title="{_e(explain.rationale(f))}"><td><code>{_e(code)}</code></td>'
                f"<td>{_e(explain.name(f))}</td><td>{badges}</td>"
                f'<td class="n">{count}</td></tr>'
            )
        out.append(
            '<h2 id="rules">Findings per rule</h2><table class="rules"><thead><tr>'
            '<th>Code</th><th>Rule</th><th>Severity</th><th class="n">Findings</th>'
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        rows = []
        for path, counts in ranked:
            rows.append(
                f'<tr><td><a class="path" href="#file-{ids[path]}">{_path(path)}</a></td>'
                + "".join(f'<td class="n">{counts[s]}</td>' for s in _SEVERITIES)
                + "</tr>"
            )
        head = "".join(f'<th class="n">{_badge(s)} {_PLURAL[s]}</th>' for s in _SEVERITIES)
        out.append(
            '<h2 id="files-with-findings">Files with findings, worst first</h2>'
            f'<table class="files"><thead><tr><th>File</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    if clean:
        items = "".join(f"<li>{_e(p)}</li>" for p in clean)
        out.append(
            f'<details class="clean"{" open" if open_ else ""}><summary><h2 id="clean">'
            f"{_e(_plural(len(clean), 'file'))} without findings</h2></summary>"
            f'<ul class="compact">{items}</ul></details>'
        )
    out.append("</section>")
    return "".join(out)


def render_html(report: Report) -> str:
    """The whole report as one HTML page (UTF-8, no external resources, no scripts)."""
    explain = _Explainer(report.rules)
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_file[f.path].append(f)
    files = list(dict.fromkeys([*report.files, *by_file]))
    ranked = sorted(
        ((p, _file_counts(fs)) for p, fs in by_file.items()),
        key=lambda pc: _worst_first(*pc),
    )
    clean = [p for p in files if p not in by_file]
    ids = {path: k for k, (path, _) in enumerate(ranked, start=1)}
    open_ = len(files) < OPEN_BELOW_FILES

    sections: list[str] = []
    n = 0
    for path, _ in ranked:
        source = report.sources.get(path)
        doc = document_for(path, source, report.extensions) if source is not None else None
        items = _numbered(by_file[path], source, doc, n + 1, explain)
        n += len(items)
        sections.append(_file_section(ids[path], path, items, source, doc, explain, open_))
    files_html = ""
    if sections:
        files_html = '<section id="files"><h2>Findings in the copy</h2>' + "".join(sections)
        files_html += "</section>"

    lead = summary_line(report)
    if report.fixed:
        lead += (
            f" Fixed {_plural(report.fixed, 'finding')} in {_plural(report.fixed_files, 'file')}."
        )
    title = f"l2lint report: {_plural(len(report.findings), 'finding')} in "
    title += _plural(len(files), "file")
    return _PAGE.substitute(
        version=_e(__version__),
        title=_e(title),
        css=_CSS,
        lead=_e(lead),
        summary=_summary(report, files, ranked, clean, ids, explain, open_),
        files=files_html,
    )
