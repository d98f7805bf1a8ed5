"""Small helpers for the standalone HTML documents: escaping and the page skeleton."""

from __future__ import annotations

import html

from consolidate.exporters.common import clean

BASE_CSS = """\
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 48em;
       margin: 2em auto; padding: 0 1em; color: #111; background: #fff; }
h1 { font-size: 1.4em; text-align: center; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.front-matter p { margin: 0; text-align: center; }
"""

PRINT_CSS = """\
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  th { background: none; }
  .page { page-break-after: always; break-after: page; }
  .page:last-child { page-break-after: auto; break-after: auto; }
  table, tr { page-break-inside: avoid; break-inside: avoid; }
}
"""


def esc(text: str) -> str:
    """Escape *text* for HTML content or a double-quoted attribute; drop control characters."""
    return html.escape(clean(text), quote=False).replace('"', "&quot;")


def page(title: str, language: str, css: str, body: str) -> str:
    """A standalone HTML5 document with inline CSS (screen and print)."""
    lang = esc(language or "en")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="consolidate">\n'
        f"<title>{esc(title)}</title>\n<style>\n{BASE_CSS}{css}{PRINT_CSS}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )
