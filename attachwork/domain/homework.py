"""Homework set at a session, and how far the client has got with it since."""

from __future__ import annotations

from dataclasses import dataclass

from attachwork.domain.records import Entry


@dataclass(frozen=True)
class Progress:
    kind: str
    wanted: int
    done: int

    @property
    def complete(self) -> bool:
        return self.done >= self.wanted


def homework_kind(entry: Entry) -> str | None:
    """The homework kind an entry counts towards (practices count by their tool)."""
    if entry.kind == "practice":
        return f"practice_{entry.payload.get('tool')}"
    return entry.kind


def latest_homework(sessions: list[Entry]) -> Entry | None:
    """The most recent session record that set homework (oldest-first input)."""
    for entry in reversed(sessions):
        if entry.payload.get("homework_items") or entry.payload.get("homework"):
            return entry
    return None


def progress(session: Entry, entries: list[Entry]) -> list[Progress]:
    """For each assigned worksheet: how many were asked for and how many were made since."""
    since = session.created_at
    made: dict[str, int] = {}
    for e in entries:
        if e.created_at > since and e.deleted_at is None:
            kind = homework_kind(e)
            if kind:
                made[kind] = made.get(kind, 0) + 1
    return [Progress(item["kind"], int(item["count"]), made.get(item["kind"], 0))
            for item in session.payload.get("homework_items", [])]


@dataclass(frozen=True)
class Assigned:
    """The homework set last (its session record) and the progress on each item since."""

    session: Entry
    progress: list[Progress]


def assigned(sessions: list[Entry], entries: list[Entry]) -> Assigned | None:
    """The most recent homework and how far along it is (``None`` when none was set)."""
    last = latest_homework(sessions)
    return None if last is None else Assigned(last, progress(last, entries))
