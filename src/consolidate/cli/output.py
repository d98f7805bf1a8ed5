"""What the commands print: plain text for people, JSON for machines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import click

from consolidate.app.exporting import render_context, write
from consolidate.app.state import TextState
from consolidate.cli import console
from consolidate.cli.base import print_json_error
from consolidate.cli.console import info, write_stdout
from consolidate.cli.terminal import echo, safe
from consolidate.core.errors import InvalidInput
from consolidate.core.model import Amendment, Consolidation, Problem
from consolidate.exporters import jsondoc
from consolidate.exporters.base import FORMATS, ExportContext, format_for_path


def export_context(session: TextState, *, color: bool = False,
                   consolidation: Consolidation | None = None, notes: bool = False) -> ExportContext:
    import shutil

    width = shutil.get_terminal_size((100, 24)).columns
    ctx = session.export_context(consolidation, color=color, width=width)
    return replace(ctx, notes=notes) if notes else ctx


def build_output(session: TextState, fmt: str, *, color: bool, notes: bool = False) -> bytes:
    """The consolidation rendered in *fmt* (*notes*: the findings in a Markdown body)."""
    return render_context(export_context(session, color=color, notes=notes), fmt)


# Formats that keep a clause's control characters exactly (the others drop or escape them):
# on standard output they are made safe for a terminal; `-o FILE` keeps them.
KEEPS_CONTROLS = frozenset({"text", "critic"})


def output_format(fmt: str | None, output: str | None) -> str:
    """The format to write: *fmt* when given, else the one the extension of *output* names
    (as pandoc does), else text. An extension that names no format is refused: writing text
    into 'out.pdf' would be a surprise."""
    inferred = format_for_path(output) if output else None
    if fmt is not None:
        given = FORMATS.get(fmt)
        if inferred is not None and given is not None and given.suffix != FORMATS[inferred].suffix:
            echo(f"Warning: writing the {fmt} format to {output}, whose extension is that of "
                 f"the {inferred} format", err=True)
        return fmt
    if inferred is not None:
        return inferred
    suffix = Path(output).suffix if output else ""
    if suffix:
        raise InvalidInput(f"no format is known by the extension {suffix!r} of {output}",
                           hint=f"give --format (one of: {', '.join(FORMATS)}), or an output "
                                "file ending in .docx, .html, .md, .json, .diff, .txt or .ansi")
    return "text"


def refuse_binary(fmt: str, output: str | None) -> None:
    """Refuse to write a binary format (DOCX) to a terminal, where it would garble the
    screen; to a pipe or a file it goes as it is."""
    exporter = FORMATS.get(fmt)
    if output is None and exporter is not None and exporter.binary and \
            console.stdout_is_terminal():
        raise InvalidInput(f"the {fmt} format is binary (a Word document): it is not written "
                           "to a terminal",
                           hint=f"write it to a file with -o FILE{exporter.suffix}, or redirect "
                                f"standard output: > out{exporter.suffix}")


def emit(data: bytes, output: str | None, fmt: str = "") -> None:
    """Write to *output* atomically, or to standard output (safe for a terminal)."""
    if output is None:
        if fmt in KEEPS_CONTROLS or (fmt == "diff" and console.stdout_is_terminal()):
            data = safe(data.decode("utf-8")).encode("utf-8")
        write_stdout(data)
        return
    write(data, Path(output))
    info(f"Wrote {output}")


def print_redline(session, color: bool) -> None:
    emit(build_output(session, "redline", color=color), None)
    for finding in session.consolidation.findings:
        if finding.blocking:
            echo(f"Conflict: {finding.message}", err=True)


def _invalid(problems: Sequence[Problem]) -> InvalidInput:
    """The error that *problems* (found while reading the workspace) make: exit code 2."""
    first = problems[0]
    return InvalidInput(first.message, path=first.path, line=first.line, hint=first.hint,
                        problems=problems)


def _sponsor(amendment: Amendment) -> str:
    return amendment.sponsor.short if amendment.sponsor else ""


def print_amendment_list(session, amendments: list[Amendment], as_json: bool) -> None:
    if as_json:
        click.echo(jsondoc.dumps(jsondoc.document(
            text=session.text_id, amendments=[jsondoc.amendment_json(a) for a in amendments],
            problems=[jsondoc.problem_json(p) for p in session.problems])), nl=False)
        if session.problems:
            print_json_error(_invalid(session.problems))
        return
    else:
        numbers = session.text.numbers()
        rows = [("AM", "ID", "CLAUSE", "ACTION", "STATUS", "SPONSOR", "CO-SPONSORS")]
        for a in amendments:
            where = a.clause if a.clause not in numbers else f"{a.clause} (§{numbers[a.clause]})"
            number = f"{a.number}*" if a.provisional and a.status.value in ("draft", "tabled") \
                else a.number
            rows.append((number, a.id, where, a.action.value, a.status.value, _sponsor(a),
                         "; ".join(c.short for c in a.cosponsors)))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row, widths)] + [row[-1]]
            echo("  ".join(cells).rstrip())
        if any(row[0].endswith("*") for row in rows[1:]):
            echo("Note: * a provisional number; `consolidate sync` makes it final", err=True)
    for warning in session.warnings:
        echo(f"Warning: {warning.render()}", err=True)
    for problem in session.problems:
        echo(f"Error: {problem.render()}", err=True)


def print_amendment(session, amendment: Amendment, color: bool, as_json: bool) -> None:
    from consolidate.core.engine import read_edits
    from consolidate.core.patching import apply_edits

    drafted = read_edits(amendment, session.bases)
    if as_json:
        data = jsondoc.document(**jsondoc.amendment_json(amendment))
        data["base_text"] = drafted.base
        readable = drafted.base is not None and not drafted.finding
        data["proposed_text"] = apply_edits(drafted.base or "", drafted.edits) if readable else None
        data["problem"] = drafted.finding.message if drafted.finding else None
        click.echo(jsondoc.dumps(data), nl=False)
        return
    echo(f"{amendment.label} ({amendment.id}) — {amendment.status.value}")
    target = amendment.clause
    if amendment.action.inserts:
        target = f"new clause {amendment.new_clause}, {amendment.action.value} {amendment.clause}"
    echo(f"Clause: {target}")
    if amendment.sponsor:
        echo(f"Principal sponsor: {amendment.sponsor.display}")
    for cosponsor in amendment.cosponsors:
        echo(f"Co-sponsor: {cosponsor.display}")
    for label, value in (("Tabled", amendment.tabled), ("Decided", amendment.decided),
                         ("Reason", amendment.reason), ("Justification", amendment.justification)):
        if value:
            echo(f"{label}: {value}")
    echo("")
    if drafted.finding:
        echo(f"Problem: {drafted.finding.message}")
        return
    click.echo(_own_redline(drafted.base or "", drafted.edits, amendment, color))


def _own_redline(base: str, edits, amendment: Amendment, color: bool) -> str:
    """The amendment's own change against its base, in plain marks or colour (every piece
    of text made safe for a terminal before it is styled)."""
    out, position = [], 0
    for edit in edits:
        out.append(safe(base[position:edit.start]))
        deleted, inserted = safe(base[edit.start:edit.end]), safe(edit.text)
        if color:
            if deleted:
                out.append(click.style(deleted, fg="red", strikethrough=True))
            if inserted:
                out.append(click.style(inserted, fg="green", underline=True))
        else:
            out.append((f"[-{deleted}-]" if deleted else "") + (f"{{+{inserted}+}}" if inserted else ""))
        position = edit.end
    out.append(safe(base[position:]))
    return "".join(out)


def print_check(session, problems, consolidation: Consolidation, as_json: bool) -> None:
    uncommitted = session.uncommitted_texts()
    warnings = [f"{path} has uncommitted changes: the check reads the working tree, "
                "but amendments are drafted on the committed text" for path in uncommitted]
    warnings += [warning.render() for warning in session.warnings]
    if as_json:
        data = jsondoc.document(**{
            "ok": not problems and consolidation.ok,
            "exit_code": 2 if problems else (0 if consolidation.ok else 1),
            "problems": [jsondoc.problem_json(p) for p in problems],
            "findings": [jsondoc.finding_json(f) for f in consolidation.findings],
            "applied": list(consolidation.applied),
            "warnings": warnings,
        })
        click.echo(jsondoc.dumps(data), nl=False)
        if problems:
            print_json_error(_invalid(problems))
        return
    for warning in warnings:
        echo(f"Warning: {warning}", err=True)
    for problem in problems:
        echo(f"Error: {problem.render()}", err=True)
    for finding in consolidation.findings:
        label = "Conflict" if finding.blocking else "Note"
        echo(f"{label}: [{finding.kind.value}] {finding.message}", err=finding.blocking)
    if not problems and consolidation.ok:
        echo(f"OK: {len(consolidation.applied)} adopted amendments apply exactly.")


def print_conflicts(session, report, as_json: bool) -> None:
    amendments = {a.id: a for a in session.amendments}
    if as_json:
        click.echo(jsondoc.dumps(jsondoc.conflicts_json(report, amendments)), nl=False)
        return
    label = lambda i: f"{amendments[i].label} ({i}, {amendments[i].status.value})"  # noqa: E731
    if not report.collisions and not report.identical:
        echo("No collisions between tabled and adopted amendments.")
    for collision in report.collisions:
        echo(f"Collision on {collision.clause}: {label(collision.first)} and "
                   f"{label(collision.second)} both change '{collision.words}'")
    for group in report.identical:
        echo("Identical (voted together): " + ", ".join(label(i) for i in group))
    falls = {key: value for key, value in report.falls.items() if value}
    for key, value in falls.items():
        echo(f"If {label(key)} is adopted, these fall: " + ", ".join(label(i) for i in value))
    for finding in report.findings:
        echo(f"Note: {finding.message}")


def print_decisions(session, result, as_json: bool, written: Sequence[Amendment] = ()) -> None:
    """The decisions of *result*; *written*: the decided amendments as written (given, no
    amendment file is read again)."""
    amendments = {a.id: a for a in written or session.amendments}
    if as_json:
        data = jsondoc.document(commit=result.commit, decisions=[
            {"amendment": d.amendment, "number": amendments[d.amendment].number,
             "before": d.before.value, "after": d.after.value, "reason": d.reason or None}
            for d in result.decisions], warnings=list(result.warnings))
        click.echo(jsondoc.dumps(data), nl=False)
        return
    for d in result.decisions:
        reason = f" — {d.reason}" if d.reason else ""
        label = f"{amendments[d.amendment].label} ({d.amendment})"
        echo(f"{label}: {d.before.value} -> {d.after.value}{reason}")
    echo(f"Committed {result.commit[:10]}")


def write_form(session, amendment: Amendment, fmt: str, output: str | None) -> None:
    from consolidate.exporters.forms import render_amendment_form

    form_format = f"forms-{fmt}" if fmt == "docx" else fmt
    refuse_binary(form_format, output)
    emit(render_amendment_form(export_context(session), amendment.id, fmt), output, form_format)
