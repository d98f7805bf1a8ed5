"""Every action of the review app, once: its keys, its name and what it does.

The key bindings, the command palette and the help screen are all made from this table, so
that no action can be missing from one of them. No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One action: ``action`` is a Textual action string on the app."""

    action: str
    keys: str  # comma-separated Textual key names
    title: str
    help: str
    group: str


COMMANDS: tuple[Command, ...] = (
    Command("adopt", "a", "Adopt", "Adopt the selected amendment: says which amendments fall, "
            "asks first, then commits", "Decide"),
    Command("reject", "r", "Reject", "Reject the selected amendment, and commit", "Decide"),
    Command("withdraw", "w", "Withdraw", "Withdraw the selected amendment, and commit", "Decide"),
    Command("table", "t", "Table", "Table the selected amendment (a draft, or again after a "
            "rejection, withdrawal or fall), and commit", "Decide"),
    Command("set_date", "d", "Decision date", "Set the date written on the decisions taken "
            "from now on (a vote recorded the morning after); empty: today", "Decide"),
    Command("undo", "u,ctrl+z", "Undo", "Undo the last decision taken here: the amendment files "
            "go back as they were, in a new commit", "Decide"),
    Command("view('redline')", "1", "Redline view", "The consolidated text with every change "
            "marked and labelled with its amendment", "View"),
    Command("view('consolidated')", "2", "Consolidated view", "The consolidated text, clean",
            "View"),
    Command("view('original')", "3", "Original view", "The text as tabled", "View"),
    Command("view('amendment')", "4", "Amendment view", "The selected amendment's own change "
            "against the text it was drafted on", "View"),
    Command("view('side')", "5", "Side by side view", "Original and consolidated side by side",
            "View"),
    Command("redline_from", "s", "Redline from a stage", "The redline from an earlier stage "
            "(after a promote) or from the text as it came in, as `redline --from` does; "
            "choose 'the text as it stands' to go back", "View"),
    Command("next_change", "n", "Next change", "Select the next change in the text and show its "
            "amendment", "Navigate"),
    Command("previous_change", "p", "Previous change", "Select the previous change in the text",
            "Navigate"),
    Command("next_conflict", "right_square_bracket", "Next collision", "Jump to the next "
            "collision: the panel says which words collide, between which amendments", "Navigate"),
    Command("previous_conflict", "left_square_bracket", "Previous collision",
            "Jump to the previous collision", "Navigate"),
    Command("search", "slash", "Search the text", "Type words to find in the text; Enter or F3 "
            "goes to the next match", "Navigate"),
    Command("next_match", "f3", "Next match", "Go to the next match of the search", "Navigate"),
    Command("previous_match", "shift+f3", "Previous match", "Go to the previous match",
            "Navigate"),
    Command("filter", "f", "Filter amendments", "Filter the amendments table by status, sponsor "
            "or country, and clause", "Navigate"),
    Command("clear_filters", "escape", "Clear filters", "Clear the filters and the search",
            "Navigate"),
    Command("focus_table", "l", "Amendments list", "Go to the amendments table (the arrows "
            "select an amendment); l again goes back to the text", "Navigate"),
    Command("toggle_outline", "o", "Show or hide the outline", "The clause outline: numbers "
            "and marks (~ amended, + inserted, - deleted, ! collision)", "Navigate"),
    Command("what_if", "x", "What-if", "What-if mode: switch amendments on and off to preview a "
            "consolidation; nothing is recorded", "What-if"),
    Command("toggle_amendment", "space", "Switch on/off (what-if)", "In what-if mode: adopt or "
            "un-adopt the selected amendment in the preview", "What-if"),
    Command("export", "e", "Export", "Write the text on screen to a file in any format "
            "(text, HTML, DOCX with tracked changes, JSON, ...)", "Other"),
    Command("toggle_dark", "ctrl+t", "Dark or light theme", "Switch between the dark and the "
            "light theme", "Other"),
    Command("reload", "ctrl+r", "Reload", "Read the workspace again (after changes made "
            "elsewhere)", "Other"),
    Command("help", "question_mark,f1", "Help", "Show the keys and what the marks mean",
            "Other"),
    Command("quit", "q", "Quit", "Quit once every decision is committed", "Other"),
)

FOOTER = ("help", "adopt", "reject", "withdraw", "undo", "what_if", "export", "quit")
GROUPS = ("Decide", "View", "Navigate", "What-if", "Other")
KEY_NAMES = {
    "right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "space": "Space",
    "question_mark": "?", "escape": "Esc", "ctrl+z": "Ctrl+Z", "ctrl+t": "Ctrl+T",
    "ctrl+r": "Ctrl+R", "ctrl+q": "Ctrl+Q", "f3": "F3",
    "shift+f3": "Shift+F3", "f1": "F1",
}


def key_display(keys: str) -> str:
    """'u,ctrl+z' -> 'u  Ctrl+Z' for the help screen."""
    return "  ".join(KEY_NAMES.get(k, k) for k in keys.split(","))


def by_action(action: str) -> Command:
    """The command of an action string."""
    for command in COMMANDS:
        if command.action == action:
            return command
    raise KeyError(action)
