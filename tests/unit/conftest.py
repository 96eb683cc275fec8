"""Fixtures the workbook tests share: a store in the test's own data folder, and a
clean logger afterwards (each workbook adds a file handler for its data folder)."""

from __future__ import annotations

import logging

import pytest

from attachwork.store import Store


@pytest.fixture(autouse=True)
def _quiet_log():
    yield
    logging.getLogger("attachwork").handlers.clear()


@pytest.fixture
def store():
    s = Store.open()
    yield s
    s.close()
