"""The modal screens of the review app: confirm an adoption, export, help."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from consolidate.app.exporting import FORMATS, default_path
from consolidate.app.stages import RedlineStart
from consolidate.tui.actions import COMMANDS, GROUPS, key_display


class ConfirmAdoption(ModalScreen[bool]):
    """Says which amendments fall if this one is adopted, and asks before anything is written."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Adopt"),
        Binding("n,escape", "answer(False)", "Cancel"),
    ]

    def __init__(self, question: Text) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button("Adopt (y)", variant="success", id="yes")
                yield Button("Cancel (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


R = TypeVar("R")


class _Dialog(ModalScreen[R | None]):
    """A dialog that Esc or its Cancel button closes with None, and its "go" button submits."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "go":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        """Dismiss with what the dialog asked for (the subclasses' own)."""

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class ExportRequest:
    """A format and the path the user typed."""

    format: str
    path: str


class ExportScreen(_Dialog[ExportRequest]):
    """Choose a format and a file; the default file is out/<text>.<suffix>."""

    def __init__(self, text_id: str, note: str) -> None:
        super().__init__()
        self.text_id = text_id
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(Text.assemble(("Export ", "bold"), (self.note, "dim")))
            yield OptionList(*(Option(self._format_line(name, e.description), id=name)
                               for name, e in FORMATS.items()), id="formats")
            yield Input(default_path(self.text_id, "text"), id="path", compact=True)
            with Horizontal(classes="buttons"):
                yield Button("Export (Enter)", variant="primary", id="go", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    @staticmethod
    def _format_line(name: str, description: str) -> Text:
        """One line per format (cut at the dialog's edge), so that the list stays short."""
        return Text.assemble((name.ljust(11), "bold"), description, no_wrap=True,
                             overflow="ellipsis")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Follow the format with the default path, unless the user typed another path."""
        path = self.query_one("#path", Input)
        defaults = {default_path(self.text_id, name) for name in FORMATS}
        if event.option.id and path.value.strip() in defaults | {""}:
            path.value = default_path(self.text_id, event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def _submit(self) -> None:
        formats = self.query_one(OptionList)
        option = formats.get_option_at_index(formats.highlighted or 0)
        path = self.query_one("#path", Input).value.strip()
        if path and option.id:
            self.dismiss(ExportRequest(option.id, path))


class DateScreen(_Dialog[str]):
    """Ask for the date written on the decisions taken from now on; empty: today."""

    def __init__(self, current: str, check: Callable[[str], str]) -> None:
        super().__init__()
        self.current = current
        self.check = check  # what was typed -> the date ('' for today), or ValueError

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="date-dialog"):
            yield Static(Text.assemble(
                ("Date of the decisions taken from now on\n", "bold"),
                ("For a vote recorded after the day it was taken. Empty: today.", "dim")))
            yield Input(self.current, placeholder="YYYY-MM-DD (empty: today)", id="date",
                        compact=True)
            yield Static("", id="date-error")
            with Horizontal(classes="buttons"):
                yield Button("Set (Enter)", variant="primary", id="go", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def _submit(self) -> None:
        try:
            date = self.check(self.query_one("#date", Input).value)
        except ValueError as error:
            self.query_one("#date-error", Static).update(Text(str(error), style="bold red"))
            return
        self.dismiss(date)


NOW = "#now"  # the option of the stage dialog that goes back to the redline as it stands


class StageScreen(_Dialog[str]):
    """Choose where the redline starts: a stage, the text as it came in, or as it stands."""

    def __init__(self, starts: list[RedlineStart], current: str | None) -> None:
        super().__init__()
        self.starts = starts
        self.current = current

    def compose(self) -> ComposeResult:
        options = [Option(Text.assemble(("the text as it stands", "bold"),
                                        ("  (the usual redline)", "dim")), id=NOW)]
        options += [Option(Text.assemble((start.name, "bold"), ("  " + start.subject, "dim"),
                                         no_wrap=True, overflow="ellipsis"), id=start.rev)
                    for start in self.starts]
        with Vertical(classes="dialog", id="stage-dialog"):
            yield Static(Text.assemble(
                ("Redline from…\n", "bold"),
                ("What was decided since an earlier stage, every change attributed "
                 "(as `consolidate redline --from`). Enter chooses, Esc cancels.", "dim")))
            yield OptionList(*options, id="starts")

    def on_mount(self) -> None:
        starts = self.query_one(OptionList)
        ids = [NOW] + [start.rev for start in self.starts]
        starts.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


LEGEND = (
    ("Outline marks", "~ amended   + inserted   - deleted   ! collision or conflict"),
    ("Redline", "deleted words struck (red), inserted words underlined (green), "
                "[AM n] after each change; without colour: [-deleted-]{+inserted+}"),
    ("Status", "'…' being committed; '▸ adopted' switched on in what-if mode"),
    ("Mouse", "click a change to see its amendment, a clause to go to it, a row to select it"),
    ("Saving", "every decision is written to the amendment files and committed to git at "
               "once; quitting waits for the commits"),
)


def help_text() -> Text:
    """Every key, by group, then what the marks mean."""
    text = Text()
    for group in GROUPS:
        text.append(f"{group}\n", style="bold underline")
        for command in (c for c in COMMANDS if c.group == group):
            text.append(f"  {key_display(command.keys):<12}", style="bold cyan")
            text.append(f"{command.title}\n", style="bold")
            text.append(f"  {'':<12}{command.help}\n", style="dim")
        text.append("\n")
    text.append("Command palette: Ctrl+P lists every action.\n\n", style="bold")
    for name, value in LEGEND:
        text.append(f"{name}: ", style="bold")
        text.append(f"{value}\n")
    return text


class HelpScreen(ModalScreen[None]):
    """The keys of every action, and what the marks mean."""

    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(Text("consolidate review — help (Esc closes)", style="bold"))
            with VerticalScroll():
                yield Static(help_text())

    def action_close(self) -> None:
        self.dismiss(None)
