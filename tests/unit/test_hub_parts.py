"""The practice server's small parts: the kernel guard reads both wire formats, the login
throttle, password hashes, and the practice folder's settings round trip."""

from __future__ import annotations

import json

from attachwork.app.hub import settings as hub_settings
from attachwork.app.hub.kernel_guard import allowed, message_kind
from attachwork.domain.passwords import hash_password, verify_password
from attachwork.domain.throttle import Throttle


def _binary(channel: str, msg_type: str) -> bytes:
    parts = [channel.encode(), json.dumps({"msg_type": msg_type}).encode(), b"{}", b"{}", b"{}"]
    offsets, at = [], 8 * (len(parts) + 1)
    for p in parts:
        offsets.append(at)
        at += len(p)
    head = len(parts).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def test_the_guard_passes_widget_messages_and_drops_code_in_either_format():
    for kind in ("comm_msg", "comm_open", "comm_info_request", "kernel_info_request"):
        assert allowed(json.dumps({"channel": "shell", "header": {"msg_type": kind}}))
        assert allowed(_binary("shell", kind))
    for kind in ("execute_request", "complete_request", "inspect_request", "history_request",
                 "shutdown_request"):
        assert not allowed(json.dumps({"channel": "shell", "header": {"msg_type": kind}}))
        assert not allowed(_binary("shell", kind))
    assert not allowed(_binary("control", "kernel_info_request"))
    assert not allowed(_binary("stdin", "input_reply"))
    assert message_kind(b"\xff" * 5) == (None, None) and not allowed("not json")


def test_the_throttle_refuses_after_the_limit_and_forgets_after_the_window():
    t = Throttle(max_failures=3, window_seconds=60)
    for i in range(3):
        assert not t.blocked(("user:x",), 100 + i)
        t.failed(("user:x",), 100 + i)
    assert t.blocked(("user:x",), 103) > 0 and not t.blocked(("user:y",), 103)
    assert not t.blocked(("user:x",), 100 + 61 + 2)


def test_password_hashes_verify_and_never_hold_the_password():
    stored = hash_password("fictional-password-9")
    assert "fictional" not in stored and verify_password("fictional-password-9", stored)
    assert not verify_password("fictional-password-8", stored)
    assert not verify_password("x", "garbage") and not verify_password("x", "scrypt$1$2$3$$")


def test_practice_folder_settings_round_trip(tmp_path):
    s = hub_settings.HubSettings(folder=tmp_path, db_url="postgresql+psycopg://o@h/db",
                                 hub_db_url="postgresql+psycopg://o@h/db_hub", ip="127.0.0.1",
                                 port=9443, tls_cert=tmp_path / "c.pem", tls_key=tmp_path / "k.pem",
                                 backup_folder=tmp_path / "b", idle_minutes=20)
    path = hub_settings.write(s)
    assert path.stat().st_mode & 0o777 == 0o600
    again = hub_settings.load(tmp_path)
    assert (again.port, again.tls, again.idle_minutes, again.backup_folder) == (
        9443, True, 20, tmp_path / "b")
    assert again.secret("x") == again.secret("x")
    assert (tmp_path / "secrets" / "x").stat().st_mode & 0o777 == 0o600


def test_an_account_server_guards_and_pins_the_kernel_websocket_under_its_prefix():
    """The per-account server's kernel websocket both takes widget messages only and must
    come from its own page (the two wrappers used to replace each other)."""
    import tornado.web
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    from attachwork.app.hub.kernel_guard import GuardedKernelWebsocketHandler
    from attachwork.app.hub.singleuser import hub_handlers
    from attachwork.app.serve import PinnedOrigin

    class Page(tornado.web.RequestHandler):
        pass

    out = hub_handlers([("/user/ann/api/kernels/(.*)/channels", VoilaKernelWebsocketHandler),
                        ("/oauth_callback", Page)], "/user/ann/", "start.ipynb")
    socket = dict(out)["/user/ann/api/kernels/(.*)/channels"]
    assert issubclass(socket, GuardedKernelWebsocketHandler) and issubclass(socket, PinnedOrigin)
    assert dict(out)["/user/ann/oauth_callback"] is Page


def test_hub_check_wants_the_practice_to_confirm_its_crisis_lines(tmp_path):
    from attachwork import content
    from attachwork.app.hub.check import _crisis
    from attachwork.app.hub.settings import HubSettings

    own = tmp_path / "content"
    (own / "en").mkdir(parents=True)
    settings = HubSettings(folder=tmp_path, db_url="", hub_db_url="", content_dir=own)
    check = _crisis(settings)
    assert not check.ok and "not confirmed" in check.detail and "(United States" in check.detail
    (own / "en" / "common.yaml").write_text("crisis:\n  show: [uk]\n  confirmed: true\n")
    content.reload()
    check = _crisis(settings)
    assert check.ok and "3 lines (United Kingdom)" in check.detail
