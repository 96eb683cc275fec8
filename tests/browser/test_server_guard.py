"""A server only its user can reach: foreign Host headers refused before any handler runs,
the kernel websocket pinned to the page's own origin even with the token, and a full
Content-Security-Policy that the real page runs under without a single violation."""

from __future__ import annotations

import asyncio
import http.client
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import expect

from attachwork.app.serve import CONTENT_SECURITY_POLICY
from tests.support.browser import PRACTICE_HOST, TOKEN, open_workbook, press

pytestmark = pytest.mark.browser

PATHS = ["/", "/voila/render/00_intake.ipynb", "/voila/static/voila.js",
         "/api/kernels/00000000-0000-0000-0000-000000000000/channels", "/voila/api/shutdown/x",
         "/login"]


def _get(port: int, path: str, host: str) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", f"{path}?token={TOKEN}", headers={"Host": host})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.mark.parametrize("path", PATHS)
def test_a_foreign_host_is_refused_before_any_handler(voila_server, path):
    for host in (f"evil.example:{voila_server.port}", "127.0.0.1.evil.example", "attacker"):
        assert _get(voila_server.port, path, host).status == 403


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", PRACTICE_HOST])
def test_this_computers_own_names_are_answered(voila_server, host):
    response = _get(voila_server.port, "/voila/render/00_intake.ipynb", f"{host}:{voila_server.port}")
    assert response.status == 200


def test_the_page_carries_the_full_policy_and_runs_under_it_without_a_violation(page, voila_server):
    response = page.goto(voila_server.url("00_intake.ipynb"))
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    press(page, "button", "Need help now?")
    expect(page.get_by_text("988", exact=False).first).to_be_visible()
    page.wait_for_timeout(1500)
    assert page.watch.errors == []  # the page fixture counts CSP violations as errors
    assert page.watch.outside == []


def test_the_kernel_websocket_needs_the_pages_own_origin_even_with_the_token(page, voila_server):
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    open_workbook(page, voila_server, "00_intake.ipynb")
    channel = next(u for u in sockets if "/channels" in u)
    base = channel if "token=" in channel else f"{channel}{'&' if '?' in channel else '?'}token={TOKEN}"

    async def connect(origin: str | None) -> str:
        from tornado.httpclient import HTTPClientError, HTTPRequest
        from tornado.websocket import websocket_connect

        headers = {"Origin": origin} if origin else {}
        try:
            ws = await websocket_connect(HTTPRequest(base, headers=headers, connect_timeout=20))
        except HTTPClientError as exc:
            return str(exc.code)
        ws.close()
        return "open"

    own = f"http://127.0.0.1:{voila_server.port}"
    origins = ("http://evil.example", None, f"http://localhost:{voila_server.port}", own)
    with ThreadPoolExecutor(1) as pool:  # Playwright's own loop runs in this thread
        said = {o: pool.submit(asyncio.run, connect(o)).result() for o in origins}
    assert said == {"http://evil.example": "403", None: "403",
                    f"http://localhost:{voila_server.port}": "403", own: "open"}
