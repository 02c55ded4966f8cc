"""Consistent backups while the app runs, and restores.

SQLite: the online backup API copies a consistent snapshot page by page while
other connections keep writing. PostgreSQL: pg_dump takes a consistent
snapshot in one transaction; pg_restore brings it back.
"""

import os
import shutil
import sqlite3
import subprocess

from django.db import connection


class BackupError(RuntimeError):
    pass


def _pg_environment(settings_dict):
    environment = dict(os.environ)
    pairs = (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"))
    for key, variable in pairs:
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _run(command, environment):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install the PostgreSQL client tools.")
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def backup(path):
    """Write a backup of the default database to path; returns its format."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            (status,) = target.execute("PRAGMA integrity_check").fetchone()
        finally:
            target.close()
        if status != "ok":
            raise BackupError(f"the backup failed its integrity check: {status}")
        return "sqlite"
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", settings_dict["NAME"]],
            _pg_environment(settings_dict),
        )
        return "pg_dump custom"
    raise BackupError(f"no backup method for {connection.vendor}")


def restore(path):
    """Replace the default database's contents with the backup at path."""
    if not os.path.exists(path):
        raise BackupError(f"no backup at {path}")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        connection.close()  # pg_restore drops and recreates the tables
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={settings_dict['NAME']}",
                path,
            ],
            _pg_environment(settings_dict),
        )
        return
    raise BackupError(f"no restore method for {connection.vendor}")
