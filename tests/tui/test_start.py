"""The start of the review app: what it keeps for the next start, and what it shows first."""

from __future__ import annotations

import shutil
from pathlib import Path

from consolidate.store import cache as read_cache

from .helpers import TEXT, loaded, run_async, wait_until


@run_async
async def test_the_read_cache_is_kept_while_the_app_runs(make_app, workspace: Path):
    # A closed terminal ends the app without the saving at exit: it is kept once loaded.
    shutil.rmtree(workspace / ".git" / read_cache.CACHE_FOLDER, ignore_errors=True)
    kept = read_cache.cache_path(workspace / ".git", TEXT)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await loaded(pilot)
        await wait_until(pilot, kept.exists, timeout=20)
        found = read_cache.load_cache(workspace / ".git", TEXT)
        assert found.parsed and found.engine
        assert read_cache.load_cache(workspace / ".git", TEXT).heavy()
