"""Shared names of the procedure tests. The shipped workspace (``shipped``, a fresh clone of
this repository), the command line in process (``cli``) and git come from tests/conftest.py and
tests/support.py."""

from __future__ import annotations

from support import FIXTURES, ROOT, SHIPPED_TEXT

TEXT = SHIPPED_TEXT

__all__ = ["FIXTURES", "ROOT", "TEXT"]
