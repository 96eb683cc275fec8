"""Where things live, read from the environment each time it is asked.

Environment variables (all optional):

``ATTACHWORK_DATA_DIR``
    Folder for the embedded database and the log file. Default: the per-user data
    folder (``~/.local/share/attachwork`` on Linux). Created with mode 0700.
``ATTACHWORK_DB_URL``
    A SQLAlchemy URL; set it to a ``postgresql+psycopg://`` URL for a practice server.
``ATTACHWORK_LANG``
    Content pack language folder under ``attachwork/content/`` (default ``en``).
``ATTACHWORK_CONTENT_DIR``
    A practice's own content folder; its ``<lang>/*.yaml`` files are laid over the
    built-in pack (for example to give local crisis numbers).
``ATTACHWORK_INSTRUMENTS_DIR``
    A folder of extra instrument definition files (YAML) a practice is licensed to use.
``ATTACHWORK_MODE``
    ``clinic`` (default: a therapist runs the workbook) or ``home`` (the client does).
``ATTACHWORK_WORKSHOP``
    ``1`` while ``attachwork serve --workshop`` runs: every client is fictional, a banner
    says so, and no file is taken in.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

MODES = ("clinic", "home")


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    db_url: str | None
    lang: str
    content_dir: Path | None
    instruments_dir: Path | None
    mode: str
    workshop: bool = False

    @property
    def author(self) -> str:
        """Who writes entries in this mode."""
        return "therapist" if self.mode == "clinic" else "client"

    @property
    def place(self) -> str:
        """Where entries are written in this mode."""
        return "clinic" if self.mode == "clinic" else "home"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "logs" / "attachwork.log"


def _optional_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def settings() -> Settings:
    data_dir = _optional_path("ATTACHWORK_DATA_DIR") or Path(
        platformdirs.user_data_dir("attachwork", appauthor=False)
    )
    mode = os.environ.get("ATTACHWORK_MODE", "clinic").strip().lower() or "clinic"
    if mode not in MODES:
        mode = "clinic"
    return Settings(
        data_dir=data_dir,
        db_url=os.environ.get("ATTACHWORK_DB_URL", "").strip() or None,
        lang=os.environ.get("ATTACHWORK_LANG", "en").strip() or "en",
        content_dir=_optional_path("ATTACHWORK_CONTENT_DIR"),
        instruments_dir=_optional_path("ATTACHWORK_INSTRUMENTS_DIR"),
        mode=mode,
        workshop=os.environ.get("ATTACHWORK_WORKSHOP", "").strip() == "1",
    )


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by its owner only: a folder of the project's
    own (the data folder, the hub's folder), so an existing one is tightened too. A shared
    folder (sticky, such as ``/tmp``) or someone else's is never changed."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    found = path.stat()
    if not (found.st_mode & stat.S_ISVTX) and found.st_uid == os.getuid():
        os.chmod(path, 0o700)
    return path


def private_parent(path: Path) -> Path:
    """The folder of a file a person named (a backup, a database file): made readable by its
    owner only when it has to be made; an existing folder (``/tmp``, a home folder) is left
    as it is, and the file itself is made private instead."""
    missing = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):  # every folder made here, not only the last, is private
        folder.mkdir(mode=0o700, exist_ok=True)
    return path.parent
