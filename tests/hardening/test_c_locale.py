"""Under LC_ALL=C with Python's UTF-8 mode off, arguments arrive as escaped bytes and standard
output speaks ASCII: consolidate still reads what was typed and writes UTF-8 (a real process:
the locale is what is tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .kit import SEED

C_LOCALE = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
            "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""}


def consolidate(workspace: Path, *args: str, input: bytes | None = None,
                env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "consolidate", "-C", str(workspace), *args],
                          capture_output=True, input=input, env=env or C_LOCALE, timeout=120)


def test_a_non_ascii_sponsor_under_the_c_locale_is_stored_and_shown(tmp_path: Path):
    root = tmp_path / "ws"
    assert consolidate(tmp_path, "init", str(root)).returncode == 0
    assert consolidate(root, "import", str(SEED), "--text", "seed").returncode == 0
    p11 = (root / "texts/seed/p11.txt").read_text(encoding="utf-8")
    made = consolidate(root, "amend", "--clause", "p11", "--proposed", "-", "--sponsor",
                       "Mr Jérôme DUPONT (França)", "--justification", "Légère précision",
                       input=p11.replace("ratify", "ratifier à l'été").encode("utf-8"))
    assert made.returncode == 0, made.stderr.decode("utf-8", "replace")
    shown = consolidate(root, "show", "1", "--json")
    data = json.loads(shown.stdout.decode("utf-8"))
    assert data["sponsor"]["display"] == "Mr Jérôme DUPONT (França)"
    assert data["justification"] == "Légère précision"
    plain = consolidate(root, "show", "1")
    assert plain.returncode == 0 and "Jérôme".encode() in plain.stdout
    words = consolidate(root, "instruction", "1")
    assert "ratifier à l'été".encode() in words.stdout
    again = consolidate(root, "amend", "--instruction-file", "-", input=words.stdout)
    assert again.returncode == 0, again.stderr.decode("utf-8", "replace")


def test_an_argument_that_is_not_utf8_is_refused(tmp_path: Path):
    root = tmp_path / "ws"
    assert consolidate(tmp_path, "init", str(root)).returncode == 0
    assert consolidate(root, "import", str(SEED), "--text", "seed").returncode == 0
    result = subprocess.run([sys.executable, "-m", "consolidate", "-C", str(root), "amend",
                             "--clause", "p11", "--proposed", "-", "--sponsor",
                             b"Mr J\xe9r\xf4me DUPONT (France)"], input=b"x",
                            capture_output=True, env=C_LOCALE, timeout=120)
    assert result.returncode == 2 and b"not UTF-8" in result.stderr
    assert b"Traceback" not in result.stderr
