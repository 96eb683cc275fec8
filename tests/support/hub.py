"""A practice server for the tests and the benchmark: a throwaway PostgreSQL cluster's
database, ``attachwork hub init`` with a self-signed certificate, accounts of fictional
people, and ``attachwork hub serve`` on 127.0.0.1, stopped (with every server it started)
at the end."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "fictional-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command() -> str:
    local = ROOT / ".venv" / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    found = shutil.which("configurable-http-proxy")
    if not found:
        raise RuntimeError("configurable-http-proxy is missing: bin/test installs it "
                           "(npm install --prefix .venv/proxy configurable-http-proxy)")
    return found


def attachwork(*args: str, env: dict | None = None, check: bool = True,
               timeout: int = 120) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "attachwork.app.cli", *args], cwd=ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)
    if check and done.returncode != 0:
        raise RuntimeError(f"attachwork {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


@dataclass
class Hub:
    folder: Path
    url: str
    db_url: str
    admin_url: str
    cert: Path
    log: Path
    prefix: str
    proc: subprocess.Popen | None = None
    databases: list[str] = field(default_factory=list)

    def add_therapist(self, name: str) -> None:
        attachwork("hub", "account", "add", str(self.folder), name, "--therapist",
                   env={"ATTACHWORK_ACCOUNT_PASSWORD": PASSWORD})

    def add_client(self, name: str, pseudonym: str, therapist: str | None) -> None:
        extra = ["--caseload-of", therapist] if therapist else []
        attachwork("hub", "account", "add", str(self.folder), name, "--client", pseudonym,
                   *extra, env={"ATTACHWORK_ACCOUNT_PASSWORD": PASSWORD})

    def start(self) -> None:
        log = self.log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "attachwork.app.cli", "hub", "serve", str(self.folder)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("ATTACHWORK_DB")})
        import requests

        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the hub exited:\n" + self.log.read_text()[-4000:])
            try:
                if requests.get(f"{self.url}hub/api", verify=str(self.cert), timeout=2).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("the hub did not start:\n" + self.log.read_text()[-4000:])

    def stop(self) -> None:
        """Stop the hub; JupyterHub stops the servers it started and the proxy. Anything
        left of this hub's process group is ended too."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=45)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc = None
        artifacts = os.environ.get("ATTACHWORK_TEST_ARTIFACTS")
        if artifacts:
            Path(artifacts).mkdir(parents=True, exist_ok=True)
            shutil.copy(self.log, Path(artifacts) / "hub.log")

    def drop(self) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            for name in self.databases:
                admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            for (role,) in admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                         (self.prefix + "%",)).fetchall():
                admin.execute(f'DROP ROLE "{role}"')


def make_hub(postgres_url: str, folder: Path, *, idle_minutes: int = 30) -> Hub:
    """A practice folder on a database of its own (``attachwork hub init``), not started."""
    tag = secrets.token_hex(3)
    name = f"aw_hub_{tag}"
    admin_url = make_url(postgres_url).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    db_url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    content = folder / "content" / "en"
    content.mkdir(parents=True)
    (content / "common.yaml").write_text(
        "crisis:\n  confirmed: true\n  lines:\n    - label: Test practice (fictional)\n"
        "      text: Call the fictional on-call line, 0000 000 000\n")
    port = free_port()
    attachwork("hub", "init", str(folder / "practice"), "--db-url", db_url, "--ip", "127.0.0.1",
               "--port", str(port), "--hub-port", str(free_port()), "--proxy-api-port",
               str(free_port()), "--self-signed", "127.0.0.1", "--role-prefix", f"t{tag}_",
               "--backup-folder", str(folder / "backups"), "--content-dir",
               str(folder / "content"), "--proxy", proxy_command(), "--idle-minutes",
               str(idle_minutes))
    practice = folder / "practice"
    return Hub(folder=practice, url=f"https://127.0.0.1:{port}/", db_url=db_url,
               admin_url=admin_url, cert=practice / "tls" / "cert.pem", log=folder / "hub.log",
               prefix=f"t{tag}_", databases=[name, f"{name}_hub"])


def leftover_servers(folder: Path) -> list[int]:
    """Processes still running a server of this practice folder (there should be none)."""
    out = []
    for status in glob.glob("/proc/[0-9]*/environ"):
        try:
            if str(folder).encode() in Path(status).read_bytes():
                out.append(int(status.split("/")[2]))
        except OSError:
            continue
    return [p for p in out if p != os.getpid()]
