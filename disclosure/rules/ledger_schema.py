"""The ledger's tables, by version, and the upgrade of an older ledger in place (rules/ledger.py opens it).

Version 2 (issue 19): each event carries the sign-off of the content that made it (core/sign_off.py): the
review service's upload, who submitted it and when, who approved it and when. An event recorded before, or made
by a file not signed off, has them empty. A version-1 ledger is upgraded the first time a build writes to it,
in one transaction that only adds the columns: every build, record and event it held stays as it was.
Reading never upgrades (a failed build leaves the ledger byte for byte as it was): it reads what is there."""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2
SIGN_OFF_COLUMNS = ("submission", "submitted_by", "submitted_at", "approved_by", "approved_at")
SCHEMA = """
CREATE TABLE IF NOT EXISTS builds (
    id INTEGER PRIMARY KEY, finished_at TEXT NOT NULL, as_of TEXT NOT NULL,
    live INTEGER NOT NULL, events INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    uid TEXT PRIMARY KEY, agency TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    state TEXT NOT NULL, first_published TEXT NOT NULL, deadline TEXT, late_days INTEGER,
    content_hash TEXT NOT NULL, field_hashes TEXT NOT NULL, public_values TEXT NOT NULL,
    state_date TEXT, reason TEXT, last_changed_build INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS records_by_key ON records (key);
CREATE TABLE IF NOT EXISTS agencies (
    slug TEXT PRIMARY KEY, folder TEXT NOT NULL, profile TEXT NOT NULL, fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY, build INTEGER NOT NULL, uid TEXT NOT NULL, on_date TEXT NOT NULL,
    event TEXT NOT NULL, fields TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '',
    submission TEXT NOT NULL DEFAULT '', submitted_by TEXT NOT NULL DEFAULT '', submitted_at TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL DEFAULT '', approved_at TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS events_by_uid ON events (uid);
"""
TABLES = ("builds", "records", "agencies", "events")


def create_or_upgrade(connection: sqlite3.Connection) -> None:
    """The caller has checked that the ledger is not newer than this program."""
    connection.executescript(SCHEMA)  # a new ledger's tables; an older one's tables stay as they are
    added = [f"ALTER TABLE events ADD COLUMN {name} TEXT NOT NULL DEFAULT ''" for name in _missing(connection)]
    connection.executescript("BEGIN IMMEDIATE;\n" + "".join(f"{statement};\n" for statement in added)
                             + f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")


def sign_off_columns(connection: sqlite3.Connection) -> str:
    """For a SELECT of events: the sign-off columns, or '' in place of those an older ledger does not have yet."""
    missing = _missing(connection)
    return ", ".join("''" if name in missing else name for name in SIGN_OFF_COLUMNS)


def _missing(connection: sqlite3.Connection) -> set[str]:
    present = {row[1] for row in connection.execute("PRAGMA table_info(events)")}
    return {name for name in SIGN_OFF_COLUMNS if name not in present}
