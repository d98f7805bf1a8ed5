"""Under LC_ALL=C with Python's UTF-8 mode off, arguments arrive as escaped bytes and standard
output speaks ASCII: consolidate still reads what was typed and writes UTF-8 (a real process:
the locale is what is tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from support import SEED, Outcome, process

C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
            "PYTHONIOENCODING": None}


def consolidate(workspace: Path, *args: str, input: bytes | None = None) -> Outcome:
    return process(workspace, *args, input=input, env=C_LOCALE, timeout=120)


def test_a_non_ascii_sponsor_under_the_c_locale_is_stored_and_shown(tmp_path: Path):
    root = tmp_path / "ws"
    assert consolidate(tmp_path, "init", str(root)).returncode == 0
    assert consolidate(root, "import", str(SEED), "--text", "seed").returncode == 0
    p11 = (root / "texts/seed/p11.txt").read_text(encoding="utf-8")
    made = consolidate(root, "amend", "--clause", "p11", "--proposed", "-", "--sponsor",
                       "Mr Jérôme DUPONT (França)", "--justification", "Légère précision",
                       input=p11.replace("ratify", "ratifier à l'été").encode("utf-8"))
    assert made.returncode == 0, made.stderr
    data = json.loads(consolidate(root, "show", "1", "--json").stdout_bytes.decode("utf-8"))
    assert data["sponsor"]["display"] == "Mr Jérôme DUPONT (França)"
    assert data["justification"] == "Légère précision"
    plain = consolidate(root, "show", "1")
    assert plain.returncode == 0 and "Jérôme".encode() in plain.stdout_bytes
    words = consolidate(root, "instruction", "1")
    assert "ratifier à l'été".encode() in words.stdout_bytes
    again = consolidate(root, "amend", "--instruction-file", "-", input=words.stdout_bytes)
    assert again.returncode == 0, again.stderr


def test_an_argument_that_is_not_utf8_is_refused(tmp_path: Path):
    root = tmp_path / "ws"
    assert consolidate(tmp_path, "init", str(root)).returncode == 0
    assert consolidate(root, "import", str(SEED), "--text", "seed").returncode == 0
    # an argument of bytes that are not UTF-8: only a real process can be given one
    environment = {**os.environ, **{k: v for k, v in C_LOCALE.items() if v is not None}}
    environment.pop("PYTHONIOENCODING", None)
    result = subprocess.run([sys.executable, "-m", "consolidate", "-C", str(root), "amend",
                             "--clause", "p11", "--proposed", "-", "--sponsor",
                             b"Mr J\xe9r\xf4me DUPONT (France)"], input=b"x",
                            capture_output=True, env=environment, timeout=120)
    assert result.returncode == 2 and b"not UTF-8" in result.stderr
    assert b"Traceback" not in result.stderr
