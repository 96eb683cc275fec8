"""Shared fixtures: every test gets its own throw-away data folder and content cache."""

from __future__ import annotations

import pytest
from hypothesis import settings

from attachwork import content

# Property tests check behaviour, not speed (benchmarks/ measures speed): no per-example
# deadline, which failed on a loaded machine with nothing wrong.
settings.register_profile("attachwork", deadline=None)
settings.load_profile("attachwork")

#: A throwaway PostgreSQL cluster for any test that asks for ``postgres_url``; nbval with one
#: retry of a kernel that died as it started (tests/support/notebooks.py).
pytest_plugins = ("tests.support.postgres", "tests.support.notebooks")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path, monkeypatch):
    """No test may touch a real store: point the data folder at a temporary one."""
    monkeypatch.setenv("ATTACHWORK_DATA_DIR", str(tmp_path / "data"))
    for var in ("ATTACHWORK_DB_URL", "ATTACHWORK_CONTENT_DIR", "ATTACHWORK_INSTRUMENTS_DIR",
                "ATTACHWORK_MODE", "ATTACHWORK_LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    content.reload()
    content.reset_language()
    yield
    content.reload()
    content.reset_language()
