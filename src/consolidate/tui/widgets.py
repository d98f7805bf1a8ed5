"""The widgets of the review app: outline, amendments table, side panels, filter bar.

They show what the app hands them and post dataclass messages up; none of them reads the
workspace or the session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from consolidate.core.model import ClauseStatus, Status
from consolidate.tui.rows import COLUMNS, AmendmentRow, Filters, OutlineRow

# What the first paint shows of thousands of rows (the rest come after it): more than the
# amendments table (12 lines high) and the outline (the terminal's height) can show.
FIRST_ROWS = 50  # rows of the amendments table
FIRST_OUTLINE_ROWS = 150  # clauses of the outline

OUTLINE_STYLES = {
    ClauseStatus.AMENDED: "yellow",
    ClauseStatus.INSERTED: "green",
    ClauseStatus.DELETED: "red",
}


class Outline(OptionList):
    """The clauses with the number a reader sees, marked amended, inserted, deleted, collision."""

    @dataclass
    class ClauseChosen(Message):
        clause: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[OutlineRow] = []
        self._added = 0  # rows in the list so far (the rest come after a paint)
        self._built = 0  # how many times the list was rebuilt

    def show_rows(self, rows: list[OutlineRow]) -> None:
        """Show *rows*, changing only the lines that changed."""
        if [r.clause for r in rows] != [r.clause for r in self._rows]:
            highlighted = self.highlighted
            self._rows = rows
            self._built += 1
            self._added = min(len(rows), FIRST_OUTLINE_ROWS)
            self.set_options(self._option(r) for r in rows[:self._added])
            if self._added < len(rows):  # hundreds of clauses: the rest after the first paint
                self.call_after_refresh(self._add_rest, self._built, highlighted)
            elif highlighted is not None and rows:
                self.highlighted = min(highlighted, len(rows) - 1)
            return
        for index, (old, new) in enumerate(zip(self._rows[:self._added], rows)):
            if old != new:
                self.replace_option_prompt_at_index(index, self._prompt(new))
        self._rows = rows  # those not in the list yet are added as they are now

    def _add_rest(self, built: int, highlighted: int | None) -> None:
        if built != self._built:
            return  # rebuilt again in the meantime
        self.add_options(self._option(r) for r in self._rows[self._added:])
        self._added = len(self._rows)
        if highlighted is not None and self._rows:
            self.highlighted = min(highlighted, len(self._rows) - 1)

    def _option(self, row: OutlineRow) -> Option:
        return Option(self._prompt(row), id=row.clause)

    @staticmethod
    def _prompt(row: OutlineRow) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("!" if row.conflict else " ", style="bold magenta")
        text.append(row.mark, style=OUTLINE_STYLES.get(row.status, ""))
        text.append(f" {row.number:>4} " if row.number else " ")
        text.append(row.snippet, style="strike" if row.status is ClauseStatus.DELETED else "")
        return text

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and self.has_focus:
            self.post_message(self.ClauseChosen(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(self.ClauseChosen(event.option.id))


class AmendmentTable(DataTable[Text | str]):
    """The amendments in voting order: number, clause, sponsor and country, status, collisions."""

    @dataclass
    class AmendmentChosen(Message):
        amendment: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._rows: dict[str, AmendmentRow] = {}
        self._order: list[str] = []
        self._added = 0  # rows of _order in the table so far (the rest come after a paint)
        self._selected: str | None = None

    def on_mount(self) -> None:
        for name in COLUMNS:
            self.add_column(name, key=name)

    @property
    def order(self) -> list[str]:
        return self._order

    def show_rows(self, rows: Sequence[AmendmentRow], selected: str | None) -> None:
        """Show *rows*: rebuilt when the set of rows changes, else only the changed cells."""
        order = [r.id for r in rows]
        self._selected = selected
        if order != self._order:
            self.clear()
            self._order = order
            self._rows = {r.id: r for r in rows}
            self._added = 0
            # Up to the selected row at once: the cursor is on it from the first paint, and
            # the top row the cleared table highlights is never taken for a choice.
            self._add(max(FIRST_ROWS, order.index(selected) + 1 if selected in self._rows else 0))
            if self._added < len(order):  # thousands of rows: the rest after the first paint
                self.call_after_refresh(self._add_rest, order)
            return
        self.update_rows(rows)

    def update_rows(self, rows: Iterable[AmendmentRow]) -> None:
        """Change the cells of *rows* that changed (rows not shown are left out)."""
        added = set(self._order[:self._added]) if self._added < len(self._order) else None
        for row in rows:
            old = self._rows.get(row.id)
            if old is None or old == row:
                continue
            self._rows[row.id] = row  # a row not in the table yet is added as it is now
            if added is not None and row.id not in added:
                continue
            for column, (before, after) in zip(COLUMNS, zip(old.cells(), row.cells())):
                if before != after:
                    self.update_cell(row.id, column, self._cell(column, after),
                                     update_width=True)

    def _add(self, count: int) -> None:
        for key in self._order[self._added:self._added + count]:
            self.add_row(*self._cells(self._rows[key]), key=key)
        self._added = min(self._added + count, len(self._order))
        self.move_to(self._selected)

    def _add_rest(self, order: list[str]) -> None:
        if order is self._order:  # not rebuilt again in the meantime
            self._add(len(order))

    def _cells(self, row: AmendmentRow) -> list[Text | str]:
        return [self._cell(column, cell) for column, cell in zip(COLUMNS, row.cells())]

    @staticmethod
    def _cell(column: str, value: str) -> Text | str:
        if column == "Status":
            style = {"adopted": "green", "fallen": "red", "rejected": "red",
                     "withdrawn": "dim"}.get(value.split(" ")[0], "")
            return Text(value, style=style)
        if column == "Collides with" and value:
            return Text(value, style="magenta")
        return value

    def move_to(self, amendment: str | None) -> None:
        """Put the cursor on *amendment*'s row, when it is shown."""
        if amendment is not None and amendment in self._rows:
            index = self._order.index(amendment)
            if index >= self._added:
                return  # placed when its row is added
            if self.cursor_row != index:
                self.move_cursor(row=index, animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        # A rebuild moves the cursor to the top, then back to the selected row: only the
        # highlight of the row the cursor is on now is a choice.
        current = self._order[self.cursor_row] if 0 <= self.cursor_row < len(self._order) else None
        if event.row_key.value and event.row_key.value == current:
            self.post_message(self.AmendmentChosen(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(self.AmendmentChosen(event.row_key.value))


class Panel(VerticalScroll):
    """A scrollable side panel showing one Rich text, given from above."""

    content: reactive[Text] = reactive(Text, layout=True)

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.id}-body")

    def watch_content(self, content: Text) -> None:
        self.query_one(Static).update(content)


class StatusLine(Static):
    """What is being committed, what was, and what went wrong: wrapped, never cut (up to
    the height the stylesheet allows)."""

    message: reactive[str] = reactive("", layout=True)
    error: reactive[bool] = reactive(False)

    def render(self) -> Text:
        return Text(self.message, style="bold red" if self.error else "")


class FilterBar(Horizontal):
    """Status, sponsor or country, clause, and the text search.

    Letters typed here filter (``q`` too): the footer says how to leave.
    """

    BINDINGS = [
        Binding("escape", "app.clear_filters", "Back (clears filters)"),
        Binding("tab", "app.focus_next", "Next field"),
    ]

    @dataclass
    class Done(Message):
        """Enter in the sponsor or clause field: the filtered table is next."""

    @dataclass
    class Changed(Message):
        filters: Filters

    @dataclass
    class Search(Message):
        query: str
        step: int  # 0: the query changed; 1 or -1: go to the next or previous match

    def compose(self) -> ComposeResult:
        options = [(s.value, s.value) for s in Status]
        yield Select(options, prompt="any status", compact=True, id="f-status")
        yield Input(placeholder="sponsor or country", compact=True, id="f-who")
        yield Input(placeholder="clause", compact=True, id="f-clause")
        yield Input(placeholder="search the text (/)", compact=True, id="f-search")

    @property
    def filters(self) -> Filters:
        status = self.query_one("#f-status", Select).value
        return Filters(
            status=status if isinstance(status, str) else "",
            who=self.query_one("#f-who", Input).value,
            clause=self.query_one("#f-clause", Input).value,
        )

    def clear(self) -> None:
        """Empty every filter and the search."""
        self.query_one("#f-status", Select).clear()
        for name in ("#f-who", "#f-clause", "#f-search"):
            self.query_one(name, Input).value = ""

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.filters))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "f-search":
            self.post_message(self.Search(event.value, 0))
        else:
            self.post_message(self.Changed(self.filters))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "f-search":
            self.post_message(self.Search(event.value, 1))
        else:
            self.post_message(self.Done())
