"""A client's records in forms other software reads: JSON, CSV and FHIR R4.

* JSON: the complete record (entries with every earlier version, profile history, drafts,
  flags as categories, handouts); :func:`import_json` takes it back in losslessly.
* CSV: one table per kind of worksheet, one row per entry, nested answers as dotted
  columns; cells that a spreadsheet would run as a formula get a leading apostrophe.
* FHIR: every check-in as a ``QuestionnaireResponse`` beside a ``Questionnaire`` for its
  instrument, in one ``collection`` Bundle. The resources are checked with the
  ``fhir.resources`` models for R4B, whose Questionnaire and QuestionnaireResponse are
  the R4 ones, before anything is written.

Every export is noted in the audit log (what and whose pseudonymous id, never content).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from attachwork.content import instrument_folders
from attachwork.domain.instruments import Catalogue, Instrument, load_catalogue
from attachwork.domain.records import RECORD_KINDS, Client
from attachwork.services.bundle_file import open_json
from attachwork.services.filenames import safe_name
from attachwork.services.handback import full_document, take_in
from attachwork.store import Store

FHIR_SYSTEM = "urn:attachwork"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


# -- JSON --------------------------------------------------------------------------------
def export_json(store: Store, client_id: str, *, actor: str) -> bytes:
    document = full_document(store, client_id, actor)
    store.audit(actor, "export_json", client_id, f"entries={len(document['entries'])}")
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def import_json(store: Store, data: bytes, mode: str) -> dict[str, int]:
    return take_in(store, open_json(data), mode)


# -- CSV ---------------------------------------------------------------------------------
def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            out[prefix] = "; ".join("" if v is None else str(v) for v in value)
        else:
            out[prefix] = json.dumps(value, ensure_ascii=False)
    else:
        out[prefix] = value


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell that is never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def csv_tables(store: Store, client_id: str) -> dict[str, str]:
    """File name -> CSV text, one per kind of entry the client has."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for e in store.snapshot(client_id):
        row: dict[str, Any] = {
            "entry_id": e.id, "created_at": e.created_at.isoformat(),
            "updated_at": e.updated_at.isoformat(), "author": e.author, "place": e.place,
            "workbook": e.workbook or "", "version": e.version,
            "removed_at": e.deleted_at.isoformat() if e.deleted_at else "",
        }
        _flatten({k: v for k, v in e.payload.items() if k != "kind"}, "", row)
        rows.setdefault(e.kind, []).append(row)
    tables = {}
    for kind in sorted(rows, key=lambda k: list(RECORD_KINDS).index(k) if k in RECORD_KINDS else 99):
        columns: list[str] = []
        for row in rows[kind]:
            columns += [k for k in row if k not in columns]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        for row in rows[kind]:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        tables[f"{kind}.csv"] = buffer.getvalue()
    return tables


def export_csv_zip(store: Store, client_id: str, *, actor: str) -> bytes:
    tables = csv_tables(store, client_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in tables.items():
            zf.writestr(name, body)
    store.audit(actor, "export_csv", client_id, f"tables={len(tables)}")
    return buffer.getvalue()


# -- FHIR --------------------------------------------------------------------------------
def _fhir_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9\-.]", "-", text)[:64]


def questionnaire(inst: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR R4 Questionnaire (answers as integer codes with labels)."""
    options = [{"valueCoding": {"system": f"{FHIR_SYSTEM}:scale:{inst.id}", "code": str(v),
                                "display": inst.scale.labels.get(v, str(v))}}
               for v in inst.scale.values()]
    return {
        "resourceType": "Questionnaire",
        "id": _fhir_id(f"{inst.id}-{inst.version}"),
        "url": f"{FHIR_SYSTEM}:instrument:{inst.id}",
        "version": inst.version,
        "name": re.sub(r"[^A-Za-z0-9]", "", inst.title.title())[:60] or "Checkin",
        "title": inst.title,
        "status": "active",
        "description": inst.notice,
        "item": [{"linkId": item.id, "text": item.text, "type": "choice",
                  "answerOption": options} for item in inst.items],
    }


def _unknown_questionnaire(instrument_id: str, version: str, item_ids: list[str]) -> dict[str, Any]:
    """For a check-in whose instrument file is not installed here: item ids, no wording."""
    return {
        "resourceType": "Questionnaire", "id": _fhir_id(f"{instrument_id}-{version}"),
        "url": f"{FHIR_SYSTEM}:instrument:{instrument_id}", "version": version,
        "status": "unknown", "title": instrument_id,
        "item": [{"linkId": i, "text": i, "type": "integer"} for i in item_ids],
    }


def questionnaire_response(entry: Any, inst: Instrument | None, client_id: str) -> dict[str, Any]:
    p = entry.payload
    def answer(value: int) -> dict[str, Any]:
        if inst is None:
            return {"valueInteger": int(value)}
        return {"valueCoding": {"system": f"{FHIR_SYSTEM}:scale:{inst.id}", "code": str(value),
                                "display": inst.scale.labels.get(int(value), str(value))}}
    order = [i.id for i in inst.items] if inst else sorted(p["responses"])
    return {
        "resourceType": "QuestionnaireResponse",
        "id": _fhir_id(entry.id),
        "identifier": {"system": f"{FHIR_SYSTEM}:entry", "value": entry.id},
        "questionnaire": f"{FHIR_SYSTEM}:instrument:{p['instrument_id']}|{p['instrument_version']}",
        "status": "completed",
        "subject": {"identifier": {"system": f"{FHIR_SYSTEM}:client", "value": client_id}},
        "authored": entry.created_at.isoformat(),
        "item": [{"linkId": i, "answer": [answer(p["responses"][i])]}
                 for i in order if i in p["responses"]],
    }


def fhir_bundle(store: Store, client_id: str, catalogue: Catalogue | None = None) -> dict[str, Any]:
    """Every check-in the client answered about themselves, with its Questionnaire, as a
    validated FHIR ``collection`` Bundle. (A partner's check-in is left out: its answers
    are about someone else, who is not the subject of this record.)"""
    from fhir.resources.R4B.bundle import Bundle

    catalogue = catalogue or load_catalogue(instrument_folders())
    checkins = [e for e in store.entries(client_id, "checkin")]
    questionnaires: dict[str, dict[str, Any]] = {}
    responses = []
    for e in checkins:
        p = e.payload
        inst = catalogue.get(p["instrument_id"])
        if inst is not None and inst.version != p["instrument_version"]:
            inst = None
        key = f"{p['instrument_id']}|{p['instrument_version']}"
        if key not in questionnaires:
            questionnaires[key] = (questionnaire(inst) if inst else _unknown_questionnaire(
                p["instrument_id"], p["instrument_version"], sorted(p["responses"])))
        responses.append(questionnaire_response(e, inst, client_id))
    resources = [*questionnaires.values(), *responses]
    document = {
        "resourceType": "Bundle", "type": "collection",
        "identifier": {"system": f"{FHIR_SYSTEM}:export", "value": client_id},
        "entry": [{"fullUrl": f"urn:uuid:{_urn(r)}", "resource": r} for r in resources],
    }
    Bundle.model_validate(document)  # never write FHIR that does not validate
    return document


def _urn(resource: dict[str, Any]) -> str:
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{resource['resourceType']}/{resource['id']}"))


def export_fhir(store: Store, client_id: str, *, actor: str) -> bytes:
    document = fhir_bundle(store, client_id)
    count = sum(1 for e in document["entry"]
                if e["resource"]["resourceType"] == "QuestionnaireResponse")
    store.audit(actor, "export_fhir", client_id, f"checkins={count}")
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


# -- one call for the page and the command line ------------------------------------------
@dataclass(frozen=True)
class ExportFormat:
    key: str
    mime: str
    suffix: str
    make: Callable[..., bytes]


FORMATS: dict[str, ExportFormat] = {
    "json": ExportFormat("json", "application/json", "records.json", export_json),
    "csv": ExportFormat("csv", "application/zip", "tables.zip", export_csv_zip),
    "fhir": ExportFormat("fhir", "application/fhir+json", "checkins.fhir.json", export_fhir),
}


@dataclass(frozen=True)
class Exported:
    filename: str
    mime: str
    data: bytes


class NothingToExport(Exception):
    """The format has nothing to carry for this client (FHIR without any check-in)."""


def export(store: Store, client: Client, key: str, *, actor: str) -> Exported:
    """One portable file for a client: its name, type and bytes (audited by the maker)."""
    fmt = FORMATS[key]
    if key == "fhir" and not store.entries(client.id, "checkin"):
        raise NothingToExport(key)
    name = safe_name(f"{client.pseudonym}_{fmt.suffix}")
    return Exported(name, fmt.mime, fmt.make(store, client.id, actor=actor))
