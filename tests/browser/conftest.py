"""Fixtures for the browser tests: one Voila server per session, Chromium, a watched page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser import CHROMIUM, LOCAL_PREFIXES, Watch, start_server, stop_server

pytestmark = pytest.mark.browser

# The suite runs in two workers on two cores: a page can take twice its usual time to answer,
# so a check waits up to 10 s (Playwright's default is 5 s) before it calls a failure.
expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("voila-data"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    watch = Watch()
    pg.on("request", lambda r: None if r.url.startswith(LOCAL_PREFIXES)
          else watch.outside.append(r.url))
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    # Any Content-Security-Policy violation is an error of the page, in every browser test.
    pg.expose_function("awViolation", lambda v: watch.errors.append(f"CSP violation: {v}"))
    pg.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                       "window.awViolation(e.violatedDirective + ' ' + e.blockedURI));")
    pg.watch = watch
    yield pg
    context.close()
