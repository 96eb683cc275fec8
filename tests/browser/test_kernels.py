"""Kernels that end (issue 18): a page left behind gives its kernel back at once, so a day of
clinic use does not pile up kernels (each holds about 100 MB).

A server of its own (the shared one carries other tests' kernels); its kernels are counted as
the server's child processes, the way an administrator would see them.
"""

from __future__ import annotations

import time

import psutil
import pytest

from attachwork import workbooks
from tests.support.browser import open_workbook, start_server, stop_server

pytestmark = pytest.mark.browser

#: ``attachwork serve`` keeps no preheated kernel unless asked (``--preheat``).
POOL = 0


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("kernels-data"))
    yield server
    stop_server(server, "voila-kernels.log")


def _kernels(server) -> int:
    """Kernels alive: one that has just ended (a zombie, or gone while counted) is not."""
    alive = 0
    for p in psutil.Process(server.proc.pid).children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(p.cmdline()):
                alive += 1
        except psutil.Error:
            continue
    return alive


def _settles(server, at_most: int, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while (n := _kernels(server)) > at_most and time.monotonic() < deadline:
        time.sleep(0.5)
    return n


def test_ten_pages_opened_and_left_leave_no_more_kernels_than_open_tabs(browser, own_server):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    kept, roaming = context.new_page(), context.new_page()
    open_workbook(kept, own_server, workbooks.START.notebook)  # a tab left open all along
    pages = [spec.notebook for spec in workbooks.ALL if spec.notebook]
    visits = (pages * 2)[:10]
    for notebook in visits:  # each one is left for the next, as a therapist moves on
        open_workbook(roaming, own_server, notebook)
    assert _kernels(own_server) >= 2, "both open tabs have a kernel"
    alive = _settles(own_server, 2 + POOL)
    print(f"\n{len(visits)} pages opened and left in one tab, one tab kept open: "
          f"{alive} kernel(s) alive (open tabs 2, pool {POOL})")
    assert alive <= 2 + POOL
    roaming.close(run_before_unload=True)  # as a person closing the tab
    alive = _settles(own_server, 1 + POOL)
    print(f"after closing the roaming tab: {alive} kernel(s) alive")
    assert alive <= 1 + POOL
    kept.close(run_before_unload=True)
    alive = _settles(own_server, POOL)
    print(f"after closing the last tab: {alive} kernel(s) alive")
    assert alive <= POOL
    context.close()
