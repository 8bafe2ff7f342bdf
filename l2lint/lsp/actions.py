"""Code actions for the findings under the cursor or selection.

- each fix as a quick fix, verified as `l2lint check --fix` verifies it
  (`checking.fixed_by`; a fix --fix refuses is not offered): a safe fix is the
  preferred action, an unsafe one says "(unsafe)" in its title and is never preferred;
- "Fix all safe findings in this file", the text `l2lint check --fix` writes, both
  as a quick fix and as a `source.fixAll.l2lint` action (run on save by editors);
- "Suppress CODE on this line", the format's own directive comment.

Every edit is one `TextEdit` covering the smallest changed stretch, in the
client's position units.
"""

from __future__ import annotations

from lsprotocol import types

from l2lint.finding import Finding
from l2lint.fix import fixable
from l2lint.lsp.checking import Checked, fixed_by, fixed_text
from l2lint.lsp.positions import LineTable
from l2lint.lsp.profiles import Profile
from l2lint.lsp.suppressing import suppression_insert

FIX_ALL_KIND = "source.fixAll.l2lint"
FIX_ALL_TITLE = "Fix all safe findings in this file"


def text_edit(old: str, new: str, lines: LineTable) -> types.TextEdit:
    """One edit turning `old` into `new`: the stretch between their common prefix
    and common suffix (character offsets; never splitting a "\\r\\n"), converted to
    LSP positions of `old`."""
    limit = min(len(old), len(new))
    start = 0
    while start < limit and old[start] == new[start]:
        start += 1
    end_old, end_new = len(old), len(new)
    while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
        end_old, end_new = end_old - 1, end_new - 1
    # LSP cannot place a position between the "\r" and "\n" of a line break: widen
    # the edit over the whole pair (both texts agree outside [start, end)).
    if 0 < start < len(old) and old[start - 1 : start + 1] == "\r\n":
        start -= 1
    if 0 < end_old < len(old) and old[end_old - 1 : end_old + 1] == "\r\n":
        end_old, end_new = end_old + 1, end_new + 1
    return types.TextEdit(range=lines.range(start, end_old), new_text=new[start:end_new])


def _overlaps(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _wanted(kind: str, only: list[str] | None) -> bool:
    """LSP: a kind is wanted when it equals or lies below one of `only`'s kinds."""
    return not only or any(kind == o or kind.startswith(o + ".") for o in only)


def _edit(uri: str, edit: types.TextEdit) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(changes={uri: [edit]})


def _quote(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def code_actions(
    uri: str,
    checked: Checked,
    profile: Profile,
    request_range: types.Range,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None,
    lazy: bool = False,
) -> list[types.CodeAction]:
    """The actions for the findings overlapping `request_range`, plus fix-all.

    With `lazy` (the client resolves code actions' edits), fix-all comes without its
    edit, which `codeAction/resolve` computes (`fix_all_edit`): the fix loop runs
    only when the action is chosen, not on every cursor move.
    """
    doc, lines = checked.doc, checked.lines
    if doc is None or lines is None:
        return []
    old = doc.source
    quick = types.CodeActionKind.QuickFix.value
    here = [
        f
        for f in checked.findings
        if _overlaps(lines.range(f.start_offset, f.end_offset), request_range)
    ]
    actions: list[types.CodeAction] = []
    for finding in here:
        diag = _matching(diagnostics, finding, lines)
        new = fixed_by(checked, finding) if _wanted(quick, only) else None
        if new is not None and finding.fix is not None:
            safe = finding.fix.safe
            actions.append(
                types.CodeAction(
                    title=f"{'Fix' if safe else 'Fix (unsafe)'} {finding.code}: replace "
                    f"'{_quote(finding.found or old[finding.start_offset : finding.end_offset])}' "
                    f"with '{_quote(finding.fix.replacement)}'",
                    kind=quick,
                    diagnostics=diag,
                    is_preferred=safe,
                    edit=_edit(uri, text_edit(old, new, lines)),
                )
            )
    as_text = doc.fixable and doc.format != "docx"  # a .docx is not edited as text
    safe_here = as_text and any(fixable(f, unsafe=False) for f in here)
    any_safe = as_text and any(fixable(f, unsafe=False) for f in checked.findings)
    fix_all_kinds = []
    if safe_here and _wanted(quick, only):
        fix_all_kinds.append(quick)
    if any_safe and _wanted(FIX_ALL_KIND, only):
        fix_all_kinds.append(FIX_ALL_KIND)
    if fix_all_kinds and lazy:
        for kind in fix_all_kinds:
            actions.append(types.CodeAction(title=FIX_ALL_TITLE, kind=kind, data={"fixAll": uri}))
    elif fix_all_kinds:
        edit = fix_all_edit(uri, checked, profile)
        if edit is not None:
            for kind in fix_all_kinds:
                actions.append(types.CodeAction(title=FIX_ALL_TITLE, kind=kind, edit=edit))
    if _wanted(quick, only) and as_text:
        for finding in here:
            insert = suppression_insert(doc, finding)
            if insert is None:
                continue
            offset, text = insert
            position = lines.position(offset)
            actions.append(
                types.CodeAction(
                    title=f"Suppress {finding.code} on this line",
                    kind=quick,
                    diagnostics=_matching(diagnostics, finding, lines),
                    edit=_edit(uri, types.TextEdit(types.Range(position, position), text)),
                )
            )
    return actions


def fix_all_edit(uri: str, checked: Checked, profile: Profile) -> types.WorkspaceEdit | None:
    """The edit of "Fix all safe findings in this file" (None: nothing changes)."""
    if checked.doc is None or checked.lines is None:
        return None
    new = fixed_text(checked, profile)
    if new is None or new == checked.doc.source:
        return None
    return _edit(uri, text_edit(checked.doc.source, new, checked.lines))


def _matching(
    diagnostics: list[types.Diagnostic], finding: Finding, lines: LineTable
) -> list[types.Diagnostic] | None:
    wanted = lines.range(finding.start_offset, finding.end_offset)
    found = [d for d in diagnostics if d.code == finding.code and d.range == wanted]
    return found or None
