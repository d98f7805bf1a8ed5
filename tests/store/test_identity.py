"""Who commits: git's identity rules, and a fallback that works in every combination.

README: "When git has no identity configured, commits are made as consolidate
<consolidate@localhost>" -- with HOME unset, with only GIT_AUTHOR_* set, and so on.
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from support import git

from consolidate.store.gitrepo import GitRepo
from consolidate.store.identity import resolve_identity

FALLBACK = "consolidate <consolidate@localhost>"
VARIABLES = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
             "EMAIL", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "XDG_CONFIG_HOME")


@pytest.fixture
def bare_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No identity anywhere: no variables, an empty HOME, no system configuration."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return home


def _commit(tmp_path: Path) -> tuple[str, str]:
    root = tmp_path / "ws"
    repo = GitRepo.init(root)
    (root / "a.txt").write_text("a")
    repo.commit(["a.txt"], "First")
    return (git(root, "log", "-1", "--format=%an <%ae>").strip(),
            git(root, "log", "-1", "--format=%cn <%ce>").strip())


def _config(path: Path, **values: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for key, value in values.items():
        subprocess.run(["git", "config", "--file", str(path), key.replace("_", "."), value],
                       check=True)


def test_no_identity_anywhere_gives_the_fallback(bare_env, tmp_path):
    assert _commit(tmp_path) == (FALLBACK, FALLBACK)


def test_the_users_global_configuration(bare_env, tmp_path):
    _config(bare_env / ".gitconfig", user_name="Ada Lovelace", user_email="ada@example.org")
    assert _commit(tmp_path) == ("Ada Lovelace <ada@example.org>",) * 2


def test_home_unset_still_finds_the_users_configuration(bare_env, tmp_path, monkeypatch):
    """git itself needs HOME to find ~/.gitconfig; the user's home is known without it."""
    _config(bare_env / ".gitconfig", user_name="Ada Lovelace", user_email="ada@example.org")
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: bare_env))
    assert _commit(tmp_path) == ("Ada Lovelace <ada@example.org>",) * 2


def test_home_unset_with_an_xdg_configuration(bare_env, tmp_path, monkeypatch):
    _config(tmp_path / "xdg" / "git" / "config", user_name="Grace Hopper",
            user_email="grace@example.org")
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: bare_env))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert _commit(tmp_path) == ("Grace Hopper <grace@example.org>",) * 2


def test_home_unset_and_nothing_configured_gives_the_fallback(bare_env, tmp_path, monkeypatch):
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: bare_env))
    assert _commit(tmp_path) == (FALLBACK, FALLBACK)


def test_only_the_author_variables(bare_env, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Clerk")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "clerk@parliament.example")
    assert _commit(tmp_path) == ("Clerk <clerk@parliament.example>",) * 2


def test_only_the_committer_variables(bare_env, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_COMMITTER_NAME", "CI")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "ci@example.org")
    assert _commit(tmp_path) == ("CI <ci@example.org>",) * 2


def test_only_an_author_name(bare_env, tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Clerk")
    assert _commit(tmp_path) == ("Clerk <consolidate@localhost>",) * 2


def test_variables_win_over_the_configuration_role_by_role(bare_env, tmp_path, monkeypatch):
    _config(bare_env / ".gitconfig", user_name="Ada Lovelace", user_email="ada@example.org")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Clerk")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "clerk@parliament.example")
    assert _commit(tmp_path) == ("Clerk <clerk@parliament.example>",
                                 "Ada Lovelace <ada@example.org>")


def test_the_email_variable_and_a_configured_name(bare_env, tmp_path, monkeypatch):
    _config(bare_env / ".gitconfig", user_name="Ada Lovelace")
    monkeypatch.setenv("EMAIL", "ada@home.example")
    assert _commit(tmp_path) == ("Ada Lovelace <ada@home.example>",) * 2


def test_the_workspaces_own_configuration_and_role_keys(bare_env, tmp_path):
    root = tmp_path / "ws"
    repo = GitRepo.init(root)
    _config(root / ".git" / "config", user_name="Secretariat", user_email="sec@example.org",
            author_name="Rapporteur")
    (root / "a.txt").write_text("a")
    repo.commit(["a.txt"], "First")
    assert git(root, "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip() == \
        "Rapporteur <sec@example.org>|Secretariat <sec@example.org>"


@pytest.mark.parametrize("environ, config, expected", [
    ({}, {}, ("consolidate", "consolidate@localhost") * 2),
    ({"GIT_AUTHOR_NAME": "A"}, {"user.email": "u@x"}, ("A", "u@x", "A", "u@x")),
    ({"GIT_COMMITTER_EMAIL": "c@x"}, {"user.name": "U"}, ("U", "c@x", "U", "c@x")),
    ({}, {"author.email": "a@x", "committer.name": "C"}, ("C", "a@x", "C", "a@x")),
    ({"EMAIL": "e@x"}, {}, ("consolidate", "e@x", "consolidate", "e@x")),
    ({"GIT_AUTHOR_NAME": "  "}, {"user.name": "U"}, ("U", "consolidate@localhost") * 2),
])
def test_identity_rules(environ, config, expected):
    found = resolve_identity(environ, config)
    assert (found["GIT_AUTHOR_NAME"], found["GIT_AUTHOR_EMAIL"], found["GIT_COMMITTER_NAME"],
            found["GIT_COMMITTER_EMAIL"]) == expected


def test_a_command_run_without_home_commits_as_the_users_configuration_says(tmp_path: Path):
    """The real entry point, HOME unset: the identity of the user's own ~/.gitconfig (looked up
    in the password database, as `ssh` and `cron` users have it), else the fallback."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES and k != "HOME"}
    root = tmp_path / "ws"
    done = subprocess.run([sys.executable, "-m", "consolidate", "init", str(root)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    user_config = Path(pwd.getpwuid(os.getuid()).pw_dir) / ".gitconfig"
    expected = FALLBACK
    if user_config.is_file():
        values = [subprocess.run(["git", "config", "--file", str(user_config), key],
                                 capture_output=True, text=True).stdout.strip()
                  for key in ("user.name", "user.email")]
        expected = f"{values[0] or 'consolidate'} <{values[1] or 'consolidate@localhost'}>"
    assert git(root, "log", "-1", "--format=%an <%ae>").strip() == expected
