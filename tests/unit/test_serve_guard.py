"""Who may reach the server: the access token never on the command line, no token only when
the person says they understand, and only this computer's own names answered."""

from __future__ import annotations

import argparse
import os

import pytest

from attachwork.app import cli, serve


def _args(**over) -> argparse.Namespace:
    return argparse.Namespace(**{"token": None, "token_file": None, "no_token": False,
                                 "understood": False, **over})


def test_a_token_on_the_command_line_is_refused_with_the_new_way():
    with pytest.raises(SystemExit) as err:
        cli.main(["serve", "--token", "visible-in-the-process-list"])
    assert "ATTACHWORK_TOKEN" in str(err.value) and "--token-file" in str(err.value)


def test_no_token_refuses_to_start_unless_the_person_says_they_understand(capsys):
    with pytest.raises(SystemExit) as err:
        cli.main(["serve", "--no-token"])
    assert cli.NO_TOKEN_UNDERSTOOD in str(err.value)
    assert cli._serve_access(_args(no_token=True, understood=True)) is None
    assert "WARNING" in capsys.readouterr().err


def test_the_token_comes_from_the_environment_or_a_private_file(tmp_path, monkeypatch):
    monkeypatch.delenv(serve.TOKEN_ENV, raising=False)
    assert cli._serve_access(_args()) is None  # a random one is made
    monkeypatch.setenv(serve.TOKEN_ENV, "a-token-from-the-environment")
    assert cli._serve_access(_args()) == "a-token-from-the-environment"
    monkeypatch.setenv(serve.TOKEN_ENV, "short")
    with pytest.raises(SystemExit):
        cli._serve_access(_args())
    monkeypatch.delenv(serve.TOKEN_ENV)
    path = tmp_path / "token"
    path.write_text("a-token-kept-in-a-private-file\n")
    os.chmod(path, 0o644)
    with pytest.raises(SystemExit) as err:
        cli._serve_access(_args(token_file=str(path)))
    assert "chmod 600" in str(err.value)
    os.chmod(path, 0o600)
    assert cli._serve_access(_args(token_file=str(path))) == "a-token-kept-in-a-private-file"


@pytest.mark.parametrize("header, name", [
    ("127.0.0.1:8866", "127.0.0.1"), ("LOCALHOST:8866", "localhost"), ("[::1]:8866", "::1"),
    ("localhost", "localhost"), ("evil.example:8866", "evil.example"), ("::1", "::1"),
])
def test_host_names_are_read_without_their_port(header, name):
    assert serve.host_name(header) == name


def test_a_practice_adds_its_own_names():
    hosts = serve.allowed_hosts({"ATTACHWORK_ALLOWED_HOSTS": " Workbooks.Practice.test, ,x.test"})
    assert hosts == {"127.0.0.1", "localhost", "::1", "workbooks.practice.test", "x.test"}
    assert serve.allowed_hosts({}) == {"127.0.0.1", "localhost", "::1"}
