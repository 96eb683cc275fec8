"""The practice server end to end, on 127.0.0.1 behind TLS (a self-signed certificate):
JupyterHub, configurable-http-proxy, PostgreSQL with a role per account, Voila behind the
hub's login. One hub for the module, three servers started in all. Everyone is fictional."""

from __future__ import annotations

import json
import os
import re
import secrets
import time

import pytest
import requests
from playwright.sync_api import expect

from attachwork.store import Store
from tests.support.browser import press, step, type_into
from tests.support.hub import PASSWORD, attachwork, leftover_servers, make_hub

pytestmark = pytest.mark.slow
RISKY = "(Fictional) at 2 a.m. I thought about ending my life"


@pytest.fixture(scope="module")
def hub(postgres_url, tmp_path_factory):
    started = time.monotonic()
    h = make_hub(postgres_url, tmp_path_factory.mktemp("practice"))
    h.add_therapist("rowan")
    h.add_therapist("hazel")
    h.add_client("wren", "Test-Wren", "rowan")
    h.add_client("birch", "Test-Birch", "hazel")
    h.start()
    print(f"\nhub set up and started in {time.monotonic() - started:.1f} s")
    yield h
    h.stop()
    h.drop()
    print(f"hub tests took {time.monotonic() - started:.1f} s in all")


def _session(hub) -> requests.Session:
    s = requests.Session()
    s.trust_env = False  # the machine's CA bundle would replace the practice's certificate
    s.verify = str(hub.cert)
    return s


def _login(hub, name: str, password: str = PASSWORD) -> tuple[requests.Session, requests.Response]:
    s = _session(hub)
    s.get(hub.url + "hub/login")
    r = s.post(hub.url + "hub/login", data={"username": name, "password": password,
                                            "_xsrf": s.cookies.get("_xsrf", path="/hub/")},
               allow_redirects=False)
    return s, r


def _open_own_page(hub, s: requests.Session, name: str) -> requests.Response:
    """Follow the spawn until the server answers with its front page."""
    s.get(f"{hub.url}hub/spawn", timeout=60)  # what the login page's redirect does
    deadline = time.time() + 90
    while time.time() < deadline:
        r = s.get(f"{hub.url}user/{name}/", timeout=60)
        if "/voila/render/" in r.url and r.status_code == 200:
            return r
        time.sleep(1)
    raise AssertionError(f"{name}'s server did not open: {r.status_code} {r.url}")


@pytest.fixture(scope="module")
def contexts(browser):
    made = []

    def new():
        ctx = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 1000})
        made.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.errors = errors
        return page

    yield new
    for ctx in made:
        ctx.close()


def _browser_login(page, hub, name: str) -> None:
    page.goto(hub.url + "hub/login")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    page.get_by_role("button", name="Need help now?").wait_for(timeout=120_000)


def test_hub_check_names_what_is_missing_until_a_backup_exists(hub):
    first = attachwork("hub", "check", str(hub.folder), check=False)
    assert first.returncode == 1
    assert re.search(r"MISSING\s+backups", first.stdout), first.stdout
    for name in ("database", "proxy", "tls", "crisis lines", "accounts"):
        assert re.search(rf"ok\s+{name}\b", first.stdout), first.stdout
    made = attachwork("backup", "--hub", str(hub.folder),
                      env={"ATTACHWORK_BACKUP_PASSPHRASE": "fictional-backup-passphrase"})
    assert "postgresql" in made.stdout
    again = attachwork("hub", "check", str(hub.folder), check=False)
    assert again.returncode == 0 and "practice server: ready" in again.stdout, again.stdout


def test_homework_set_in_the_clinic_done_at_home_reaches_the_therapist_with_its_flag(hub, contexts):
    therapist = contexts()
    _browser_login(therapist, hub, "rowan")
    caseload = therapist.locator(".aw-caseload")
    expect(caseload).to_contain_text("Test-Wren")
    assert "Test-Birch" not in caseload.inner_text(), "another therapist's client is listed"
    therapist.get_by_role("link", name="Open Noticing the pattern for Test-Wren").click()
    therapist.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    step(therapist, "7. Notes and homework")
    therapist.get_by_label("Trigger log entries", exact=True).fill("1")
    therapist.keyboard.press("Tab")
    therapist.wait_for_timeout(300)
    press(therapist, "button", "Save the session")
    expect(therapist.get_by_text("The session notes and homework were saved.")).to_be_visible()

    client = contexts()  # a second browser: nothing shared with the therapist's
    _browser_login(client, hub, "wren")
    assert client.url.endswith("/user/wren/voila/render/between_sessions.ipynb")
    expect(client.locator(".aw-home-homework")).to_contain_text("0 of 1 Trigger log entries")
    expect(client.locator(".aw-crisis-inline")).to_contain_text("Test practice (fictional)")
    client.get_by_role("link", name="Open Noticing the pattern").click()
    client.get_by_role("button", name="Need help now?").wait_for(timeout=90_000)
    expect(client.get_by_text("Working as Test-Wren.")).to_be_visible()
    step(client, "3. Trigger log")
    type_into(client, "What happened?", "(Fictional) no reply to a message all evening")
    client.get_by_label("What kind of moment was it?").select_option(index=1)
    type_into(client, "The story my mind told", RISKY)
    type_into(client, "Another possible story", "(Fictional) the phone was off")
    client.get_by_label("How strong was the feeling? (0 to 10)").select_option(index=7)
    press(client, "button", "Save this entry")
    expect(client.locator(".aw-form-message .aw-risk")).to_contain_text(
        "Thank you for writing this down")

    therapist.goto(f"{hub.url}user/rowan/voila/render/start.ipynb")
    row = therapist.locator(".aw-caseload tr", has_text="Test-Wren")
    expect(row).to_contain_text("⚑ 1 to check", timeout=90_000)
    expect(row).to_contain_text("Trigger log entries: 1 of 1")
    assert therapist.errors == [] and client.errors == []

    store = Store.open(hub.db_url)
    wren = store.client_by_pseudonym("Test-Wren")
    [entry] = store.entries(wren.id, "trigger_log")
    assert (entry.author, entry.place, entry.flagged) == ("client", "home", True)
    store.close()


JUPYTER_PATHS = ["lab", "tree", "notebooks/x.ipynb", "edit/x", "terminals/1", "files/hub.toml",
                 "api/contents", "api/contents/start.ipynb", "api/terminals", "api/sessions",
                 "api/kernels", "api/kernelspecs", "api/status", "voila/api/contents",
                 "voila/tree", "voila/files/hub.toml", "nbconvert/html/start.ipynb",
                 "view/start.ipynb"]


def test_a_client_reaches_only_the_voila_pages_of_their_own_server(hub):
    birch, r = _login(hub, "birch")
    assert r.status_code == 302
    page = _open_own_page(hub, birch, "birch")
    birch_kernel = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page.text)
    assert birch_kernel, "birch's page holds its kernel id"
    wren, _ = _login(hub, "wren")
    _open_own_page(hub, wren, "wren")

    # Another client's pages, kernel and websocket: refused.
    for path in ("", "voila/render/between_sessions.ipynb",
                 f"api/kernels/{birch_kernel.group(1)}", f"api/kernels/{birch_kernel.group(1)}/channels"):
        r = wren.get(f"{hub.url}user/birch/{path}", allow_redirects=True, timeout=30)
        assert r.status_code in (400, 403, 404) or "/hub/" in r.url, \
            (path, r.status_code, r.url)
        assert "kernelId" not in r.text and "Test-Birch" not in r.text
    r = wren.delete(f"{hub.url}user/birch/api/kernels/{birch_kernel.group(1)}",
                    headers={"X-XSRFToken": wren.cookies.get("_xsrf", path="/hub/") or ""})
    assert r.status_code in (403, 404) or "/hub/" in r.url
    assert birch.get(f"{hub.url}user/birch/api/kernels/{birch_kernel.group(1)}").status_code == 200

    # No Jupyter path of their own server serves anything but the front page.
    for path in JUPYTER_PATHS:
        r = wren.get(f"{hub.url}user/wren/{path}", allow_redirects=False, timeout=30)
        location = r.headers.get("Location", "")
        assert r.status_code in (403, 404, 405) or (
            r.status_code in (301, 302) and "voila/render/between_sessions.ipynb" in location), \
            (path, r.status_code, location)
    r = wren.post(f"{hub.url}user/wren/api/kernels", json={"name": "python3"},
                  headers={"X-XSRFToken": wren.cookies.get("_xsrf", path="/user/wren/") or ""})
    assert r.status_code in (403, 404, 405), r.status_code
    # ... nor the hub's administration or its list of users.
    assert wren.get(f"{hub.url}hub/admin").status_code in (403, 404)
    assert wren.get(f"{hub.url}hub/api/users").status_code == 403


def test_the_page_kernel_takes_no_code_from_the_browser(hub, contexts):
    page = contexts()
    _browser_login(page, hub, "wren")
    marker = f"/tmp/aw-hub-code-ran-{secrets.token_hex(4)}"
    outcome = page.evaluate("""async (marker) => {
        const cfg = JSON.parse(document.getElementById('jupyter-config-data').textContent);
        const url = location.origin.replace('https', 'wss') + cfg.baseUrl
            + 'api/kernels/' + cfg.kernelId + '/channels?session_id=probe';
        const ws = new WebSocket(url);
        const opened = await new Promise(ok => { ws.onopen = () => ok(true); ws.onerror = () => ok(false); });
        if (!opened) return 'closed';
        const id = 'probe-' + Math.random();
        const replies = [];
        ws.onmessage = (e) => { try { const m = JSON.parse(e.data);
            if (m.parent_header && m.parent_header.msg_id.startsWith(id)) replies.push(m.msg_type);
        } catch (x) {} };
        ws.send(JSON.stringify({channel: 'shell', header: {msg_id: id + '-info',
            msg_type: 'kernel_info_request', username: '', session: 'probe', version: '5.3',
            date: new Date().toISOString()}, parent_header: {}, metadata: {}, content: {}}));
        ws.send(JSON.stringify({channel: 'shell', header: {msg_id: id, msg_type: 'execute_request',
            username: '', session: 'probe', version: '5.3', date: new Date().toISOString()},
            parent_header: {}, metadata: {}, content: {code: "open('" + marker + "', 'w').write('x')",
            silent: false, store_history: false, user_expressions: {}, allow_stdin: false}}));
        await new Promise(ok => setTimeout(ok, 3000));
        ws.close();
        return replies.join(',');
    }""", marker)
    assert not os.path.exists(marker), "code sent from the browser ran in the kernel"
    assert "kernel_info_reply" in outcome, f"the page's own kernel answered nothing: {outcome}"
    assert "execute_reply" not in outcome and "execute_input" not in outcome, outcome


def test_failed_logins_are_slowed_and_admin_actions_are_audited(hub):
    for _ in range(5):
        _, r = _login(hub, "hazel", "not-the-password-x")
        assert r.status_code == 403
    _, r = _login(hub, "hazel")
    assert r.status_code == 403, "the right password is refused while the account cools down"
    _, r = _login(hub, "rowan")
    assert r.status_code == 302, "another account from the same address still logs in"

    attachwork("hub", "password", str(hub.folder), "birch",
               env={"ATTACHWORK_ACCOUNT_PASSWORD": "fictional-password-2"})
    attachwork("hub", "deactivate", str(hub.folder), "birch")
    _, r = _login(hub, "birch", "fictional-password-2")
    assert r.status_code == 403, "a closed account cannot log in"
    store = Store.open(hub.db_url)
    birch = store.client_by_pseudonym("Test-Birch")
    actions = [e.action for e in store.audit_log(birch.id) if e.actor == "admin"]
    store.close()
    assert actions == ["account_added", "caseload_assigned", "password_reset", "account_closed"]
    listing = attachwork("hub", "account", "list", str(hub.folder)).stdout
    assert re.search(r"birch\s+client\s+closed", listing)


def test_servers_are_culled_when_idle_and_all_stop_with_the_hub(hub):
    token = (hub.folder / "secrets" / "admin_api_token").read_text().strip()
    api = f"{hub.url}hub/api"
    s = _session(hub)
    services = s.get(f"{api}/services", headers={"Authorization": f"token {token}"})
    if services.status_code == 200:
        culler = services.json().get("idle-culler", {})
        assert any("--timeout=" in part for part in culler.get("command", [])), culler
    users = s.get(f"{api}/users", headers={"Authorization": f"token {token}"}).json()
    running = {u["name"] for u in users if u.get("servers")}
    assert "wren" in running and "birch" not in running, json.dumps(running)
    hub.stop()
    deadline = time.time() + 20
    while leftover_servers(hub.folder) and time.time() < deadline:
        time.sleep(0.5)
    assert leftover_servers(hub.folder) == []
