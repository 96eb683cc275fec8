"""The hand-back flows the page and the command line share.

* a **starter** file goes home: the profile, every entry (the therapist's private session
  notes left out), the homework set, and handouts;
* a **return** file comes back: every entry written or changed at home that the clinic
  has not seen (worked out from what the last starter file held, so nothing is missed
  even if an earlier return file was never imported);
* a **full** document is the complete record, for moving practice or a client's request
  (written as plain JSON by :mod:`attachwork.services.portable`, or locked like a bundle).

Opening a file (:func:`open_file`), checking that it belongs here (:func:`check_fits`),
the preview (:func:`plan`) and taking it in (:func:`take_in`) are one path for the page and
the command line. The file format itself is :mod:`attachwork.services.bundle_file`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from attachwork import __version__, workbooks
from attachwork.content import ContentPack, pack
from attachwork.domain.merge import (
    EntryState,
    Preview,
    carried_versions,
    payload_digest,
    preview,
    profile_changes,
)
from attachwork.domain.when import local_time
from attachwork.services.bundle_file import (
    FORMAT,
    SUFFIX,
    BundleError,
    BundleType,
    Opened,
    open_file,
    passphrase_problem,
    seal,
)
from attachwork.services.filenames import safe_name
from attachwork.store import ImportRefused, Incoming, NotFound, Store


def _client_json(store: Store, client_id: str) -> dict[str, Any]:
    c = store.client(client_id)
    return {"id": c.id, "pseudonym": c.pseudonym, "initials": c.initials,
            "relationship_context": c.relationship_context, "goals": c.goals,
            "created_at": c.created_at.isoformat(), "updated_at": c.updated_at.isoformat()}


def _document(kind: BundleType, made_by: str, client: dict[str, Any], entries: list[EntryState],
              handouts: list[dict[str, Any]] | None = None,
              drafts: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT, "type": kind, "bundle_id": str(uuid.uuid4()),
        "made_at": dt.datetime.now(dt.UTC).isoformat(), "made_by": made_by,
        "app": f"attachwork {__version__}", "client": client,
        "entries": [e.to_json() for e in entries], "handouts": handouts or [],
        "drafts": drafts or [],
    }


def _without_private_note(entry: EntryState) -> EntryState:
    """Session records go home without the therapist's private note (current and past)."""
    if entry.kind != "session":
        return entry
    history: list[dict[str, Any]] = []
    for h in entry.history:
        payload = {**h["payload"], "therapist_note": ""}
        if payload_digest(payload) not in {payload_digest(x["payload"]) for x in history}:
            history.append({**h, "payload": payload})
    clean = {**entry.payload, "therapist_note": ""}
    history = [h for h in history if payload_digest(h["payload"]) != payload_digest(clean)]
    return EntryState(**{**entry.__dict__, "payload": clean, "history": history})


# -- making bundles -----------------------------------------------------------------------
@dataclass
class Made:
    data: bytes
    filename: str
    entries: int
    handouts: int


def _filename(pseudonym: str, kind: str) -> str:
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M")
    return safe_name(f"{pseudonym}_{kind}_{stamp}{SUFFIX}")


def latest_handouts(store: Store, client_id: str) -> list[dict[str, Any]]:
    """The handout page of the most recent session (what the client takes home)."""
    from attachwork.services.summaries import build

    sessions = store.entries(client_id, "session")
    if not sessions:
        return []
    last = sessions[-1]
    spec = workbooks.get(last.payload.get("workbook"))
    if spec is None:  # a record naming no workbook this version knows: no handout from it
        return []
    date = dt.date.fromisoformat(str(last.payload["date"]))
    built = build(store, store.client(client_id), spec, date,
                  audience="handout", pdf=False, session=last)
    return [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"attachwork:{last.id}:{last.version}")),
             "title": pack().text("export.handout_named", workbook=built.summary.workbook_title,
                                  date=date.isoformat()),
             "created_at": last.updated_at.isoformat(),
             "html": built.html}]


def _make(store: Store, client_id: str, passphrase: str, kind: BundleType, made_by: str,
          entries: list[EntryState], pages: list[dict[str, Any]]) -> Made:
    """Lock the document, note the hand-back (digests and counts, never content)."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise problem
    client = _client_json(store, client_id)
    document = _document(kind, made_by, client, entries, pages)
    data = seal(document, passphrase)
    store.note_hand_back(client_id, document["bundle_id"], kind, actor=made_by,
                         known={e.id: e.digest for e in entries},
                         detail=f"entries={len(entries)} handouts={len(pages)}")
    return Made(data, _filename(client["pseudonym"], kind), len(entries), len(pages))


def make_starter(store: Store, client_id: str, passphrase: str, *,
                 handouts: bool = True) -> Made:
    """The clinic's bundle for the client to take home."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise problem
    entries = [_without_private_note(e) for e in store.snapshot(client_id)]
    pages = latest_handouts(store, client_id) if handouts else []
    return _make(store, client_id, passphrase, "starter", "therapist", entries, pages)


def home_changes(store: Store, client_id: str) -> list[EntryState]:
    """Entries at home whose state the clinic may not hold.

    The last starter file says what the clinic held: each entry's state and every version it
    carried. An entry goes back when it was changed here since (even if it ended as it was: a
    removal put back and removed again is still the later change); when its state differs;
    when it holds a version the starter did not carry (an edit made here and kept in the
    history when the clinic's later edit came in); or when a return file made since carried it
    in another state (the clinic may have taken that one in). A return file that went astray
    costs nothing: what it carried still differs from the starter, so it goes again.
    """
    known: dict[str, str] = {}
    sent_since: dict[str, set[str]] = {}
    since: dt.datetime | None = None
    for hb in store.hand_backs(client_id):
        if hb.direction == "taken_in" and hb.bundle_type == "starter":
            known, sent_since, since = hb.known, {}, hb.at
        elif hb.direction == "made" and hb.bundle_type == "return":
            for entry_id, digest in hb.known.items():
                sent_since.setdefault(entry_id, set()).add(digest)

    def differs(e: EntryState) -> bool:
        if known.get(e.id) != e.digest or sent_since.get(e.id, {e.digest}) != {e.digest}:
            return True
        if since is not None and e.changed_at > since:
            return True  # changed here since, even if back to how it was (put back, removed)
        carried = {d for d in known.get(VERSIONS + e.id, "").split(",") if d}
        return bool(carried) and not carried_versions(e) <= carried

    return [e for e in store.snapshot(client_id) if differs(e)]


def make_return(store: Store, client_id: str, passphrase: str) -> Made:
    """The client's bundle of what was written at home, for the clinic."""
    return _make(store, client_id, passphrase, "return", "client",
                 home_changes(store, client_id), [])


def full_document(store: Store, client_id: str, made_by: str) -> dict[str, Any]:
    """Everything about a client, as one document that imports back losslessly."""
    client = _client_json(store, client_id)
    handouts = [{"id": h.id, "title": h.title, "created_at": h.created_at.isoformat(),
                 "html": h.html} for h in store.handouts(client_id)]
    document = _document("full", made_by, client, store.snapshot(client_id), handouts,
                         store.drafts(client_id))
    document["profile_history"] = [
        {"version": v.version, "payload": v.payload, "author": v.author, "place": v.place,
         "saved_at": v.saved_at.isoformat()} for v in store.versions(client_id)]
    document["risk_flags"] = [
        {"record_id": f.record_id, "record_kind": f.record_kind, "categories": list(f.categories),
         "created_at": f.created_at.isoformat(),
         "reviewed_at": f.reviewed_at.isoformat() if f.reviewed_at else None}
        for f in store.flags(client_id, open_only=False)]
    return document


# -- taking bundles in ---------------------------------------------------------------------
#: Which bundle each side takes in (at home, a complete record only if made at home: moving
#: the client's own copy to a new computer).
ACCEPTS = {"home": ("starter", "full"), "clinic": ("return", "full")}


def check_fits(store: Store, opened: Opened, mode: str, client_id: str | None) -> None:
    """Refuse (with a message) a bundle that is the wrong kind or for someone else."""
    if opened.type not in ACCEPTS[mode]:
        raise BundleError(f"wrong_type_{mode}")
    if mode == "home" and opened.type == "full" and opened.made_by == "therapist":
        # A clinic's complete record holds the private session notes: it never goes home.
        raise BundleError("clinic_record_at_home")
    theirs = opened.client["id"]
    if client_id is not None and client_id != theirs:
        raise BundleError("other_client", name=opened.pseudonym)
    if mode == "home":
        others = [c for c in store.clients() if c.id != theirs]
        if others:
            raise BundleError("other_client", name=opened.pseudonym)
    elif opened.type == "return":
        try:
            store.client(theirs)
        except Exception:  # noqa: BLE001 - any miss is "not one of ours"
            raise BundleError("unknown_client", name=opened.pseudonym) from None
    named = store.client_by_pseudonym(opened.pseudonym)
    if named is not None and named.id != theirs:
        raise BundleError("pseudonym_taken", name=opened.pseudonym)


def plan(store: Store, opened: Opened) -> Preview:
    """What taking the bundle in would add and change (nothing is written)."""
    client_id = opened.client["id"]
    try:
        local_client = store.client(client_id)
    except NotFound:  # a client not here yet
        local_client = None
    local = {e.id: e for e in store.snapshot(client_id)} if local_client else {}
    out = preview(local, store.known_digests(client_id) if local_client else {}, opened.entries)
    out.new_client = local_client is None
    if local_client is not None:
        out.profile_changes = profile_changes(local_client, opened.client)
    have = {h.id for h in store.handouts(client_id)} if local_client else set()
    out.handouts = sum(1 for h in opened.handouts if h["id"] not in have)
    return out


#: In a hand-back note, ``VERSIONS + id`` lists the payload digests of every version a file
#: carried for that entry (beside ``id``, its state).
VERSIONS = "v:"


def carried(entries: list[EntryState]) -> dict[str, str]:
    """What a file carried, to note when it is taken in: states and versions, never content."""
    out = {e.id: e.digest for e in entries}
    out.update({VERSIONS + e.id: ",".join(sorted(carried_versions(e))) for e in entries})
    return out


def take_in(store: Store, opened: Opened, mode: str, client_id: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Merge a checked bundle into the store, in one transaction."""
    check_fits(store, opened, mode, client_id)
    actor = "client" if mode == "home" else "therapist"
    incoming = Incoming(
        client=opened.client, entries=opened.entries, handouts=opened.handouts,
        drafts=opened.drafts, profile_history=opened.profile_history,
        bundle_id=opened.bundle_id, bundle_type=opened.type, actor=actor,
        known=carried(opened.entries),
        create_client=mode == "home" or opened.type == "full", expect_client_id=client_id,
    )
    try:
        return store.merge_in(incoming, progress)
    except ImportRefused as exc:
        raise BundleError(str(exc), name=opened.pseudonym) from None
    except ValueError as exc:  # a part the store refuses (checked before, so only in a race)
        raise BundleError("invalid_content", detail=type(exc).__name__) from None


# -- what a file would do, in words (the page and the command line say the same) -----------
@dataclass(frozen=True)
class PreviewPart:
    """One part of a preview: ``key`` names it (``added``, ``profile`` ...), ``text`` says it,
    ``lines`` name the entries it is about (at most ``MAX_LINES`` and a "more" line)."""

    key: str
    text: str
    lines: tuple[str, ...] = ()


MAX_LINES = 12


def describe(opened: Opened, plan: Preview, content: ContentPack | None = None) -> list[PreviewPart]:
    """The preview of taking ``opened`` in, in the content pack's words."""
    c = content or pack()
    r = "bundles.receive"
    parts: list[PreviewPart] = []
    if plan.new_client:
        parts.append(PreviewPart("new_client", c.text(f"{r}.new_client", name=opened.pseudonym)))
    for key in ("added", "changed", "both_sides"):
        items: list[EntryState] = getattr(plan, key)
        if not items:
            continue
        lines = [c.text(f"{r}.line", kind=c.get(f"common.risk.where.{e.kind}", e.kind),
                        when=local_time(e.changed_at), place=c.get(f"bundles.places.{e.place}", e.place))
                 for e in items[:MAX_LINES]]
        if len(items) > MAX_LINES:
            lines.append(c.text(f"{r}.more", count=len(items) - MAX_LINES))
        parts.append(PreviewPart(key, c.text(f"{r}.{key}", count=len(items)), tuple(lines)))
    if plan.profile_changes:
        parts.append(PreviewPart("profile", c.text(f"{r}.profile")))
    for key, count in (("unchanged", plan.unchanged), ("history", plan.history_added),
                       ("handouts", plan.handouts)):
        if count:
            parts.append(PreviewPart(key, c.text(f"{r}.{key}", count=count)))
    if plan.nothing_new:
        parts.append(PreviewPart("nothing_new", c.text(f"{r}.nothing_new")))
    return parts


def inspect(store: Store, data: bytes, passphrase: str, mode: str,
            client_id: str | None) -> tuple[Opened, Preview]:
    """Open a file, check it belongs here, and work out what taking it in would do.
    Nothing is written; a :class:`BundleError` says what is wrong."""
    opened = open_file(data, passphrase)
    check_fits(store, opened, mode, client_id)
    return opened, plan(store, opened)
