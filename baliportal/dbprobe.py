"""Exit 0 when the PostgreSQL server named by a database URL answers, 1 otherwise."""

import sys
from urllib.parse import urlsplit

import psycopg


def answers(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        return False
    # Ask the maintenance database: the test run creates its own database anyway.
    maintenance = parts._replace(scheme="postgresql", path="/postgres").geturl()
    try:
        psycopg.connect(maintenance, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


if __name__ == "__main__":
    sys.exit(0 if len(sys.argv) == 2 and answers(sys.argv[1]) else 1)
