"""Content packs: every client-facing word, as YAML files a trainer can edit.

A pack is a folder per language (``content/en/``). Each ``*.yaml`` file is loaded
under its file name, so ``common.yaml``'s ``crisis.title`` is ``common.crisis.title``.
A practice can lay its own folder over the pack (``ATTACHWORK_CONTENT_DIR``): its
``<lang>/*.yaml`` files are merged key by key on top of the built-in ones.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from attachwork.config import settings

PACKAGE_DIR = Path(__file__).resolve().parent
#: libyaml's safe loader when it is there (several times faster at start-up), else PyYAML's.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(Exception):
    """A content file is missing, unreadable or lacks a key the code needs."""


def _deep_merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _load_folder(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if not folder.is_dir():
        return data
    for path in sorted(folder.glob("*.yaml")):
        try:
            loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}  # noqa: S506 - a safe loader
        except yaml.YAMLError as exc:
            raise ContentError(f"{path} is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise ContentError(f"{path} must hold a mapping of keys to text")
        data[path.stem] = loaded
    return data


class ContentPack:
    """Looks up text by dotted key: ``pack.text("intake.steps.checkin")``."""

    def __init__(self, lang: str, data: dict[str, Any], folders: list[Path],
                 fallback: ContentPack | None = None):
        self.lang = lang
        self.data = data
        self.folders = folders
        #: The built-in pack under a practice's override: what a broken override falls back to.
        self.fallback = fallback

    def get(self, key: str, default: Any = ContentError) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, dict) and part.isdigit() and int(part) in node:
                node = node[int(part)]
            else:
                if default is ContentError:
                    raise ContentError(f"content key '{key}' is missing from the '{self.lang}' pack")
                return default
        return node

    def text(self, key: str, **values: Any) -> str:
        """Plain text for ``key``; ``{name}`` placeholders are filled from ``values``.

        When a practice's override breaks a sentence (a list where text belongs, an unknown
        ``{placeholder}``), the built-in sentence is used instead and the log names the key,
        so a typo in a content folder never takes a page down."""
        value = self.get(key)
        try:
            if not isinstance(value, str):
                raise ContentError(f"content key '{key}' should be text, found {type(value).__name__}")
            return value.format(**values) if values else value
        except (KeyError, IndexError, ValueError, AttributeError, ContentError) as exc:
            if self.fallback is None:
                if isinstance(exc, ContentError):
                    raise
                raise ContentError(f"content key '{key}' cannot be filled in ({type(exc).__name__})") \
                    from None
            from attachwork.logs import log, setup_logging

            setup_logging()
            log.warning("content key %s in the practice's folder is broken (%s); using the "
                        "built-in text", key, type(exc).__name__)
            return self.fallback.text(key, **values)

    def keys(self) -> Iterator[str]:
        def walk(node: Any, prefix: str) -> Iterator[str]:
            if isinstance(node, dict):
                for k, v in node.items():
                    yield from walk(v, f"{prefix}.{k}" if prefix else str(k))
            else:
                yield prefix

        return walk(self.data, "")


@lru_cache(maxsize=8)
def _cached_pack(lang: str, override: str | None) -> ContentPack:
    base = PACKAGE_DIR / lang
    if not base.is_dir():
        raise ContentError(f"there is no content pack for language '{lang}' in {PACKAGE_DIR}")
    folders = [base]
    data = _load_folder(base)
    if override:
        extra = Path(override) / lang
        if extra.is_dir():
            built_in = ContentPack(lang, copy.deepcopy(data), [base])
            return ContentPack(lang, _deep_merge(data, _load_folder(extra)), [base, extra],
                               fallback=built_in)
    return ContentPack(lang, data, folders)


def pack(lang: str | None = None) -> ContentPack:
    cfg = settings()
    override = str(cfg.content_dir) if cfg.content_dir else None
    return _cached_pack(lang or cfg.lang, override)


def pack_from(content_dir: Path | None, lang: str = "en") -> ContentPack:
    """The pack as a server started with ``content_dir`` as its practice folder sees it."""
    return _cached_pack(lang, str(content_dir) if content_dir else None)


def reload() -> None:
    """Forget loaded packs (after a trainer edits a file, or in tests)."""
    _cached_pack.cache_clear()


def instrument_folders(lang: str | None = None) -> list[Path]:
    """Built-in instrument folder for the language, then the practice's folder."""
    cfg = settings()
    folders = [PACKAGE_DIR / (lang or cfg.lang) / "instruments"]
    if cfg.instruments_dir:
        folders.append(cfg.instruments_dir)
    return folders


def built_in(lang: str) -> dict[str, Any]:
    """The built-in pack of ``lang`` as loaded, without any practice's folder over it."""
    base = PACKAGE_DIR / lang
    if not base.is_dir():
        raise ContentError(f"there is no content pack for language '{lang}' in {PACKAGE_DIR}")
    return _load_folder(base)


def languages() -> list[str]:
    """The languages the package ships a pack for."""
    return sorted(p.name for p in PACKAGE_DIR.iterdir() if p.is_dir() and (p / "common.yaml").exists())
