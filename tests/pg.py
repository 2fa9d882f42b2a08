"""A fresh schema in the PostgreSQL test database for one test, or skip (fail in CI) when it is not reachable."""

from __future__ import annotations

import os
import uuid
from typing import Tuple

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

PG_URL = os.environ.get("STEMBOT_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def new_schema(prefix: str = "stembot_test") -> Tuple[str, Engine]:
    """(schema name, admin engine); the caller drops the schema when done."""
    try:
        admin = create_engine(PG_URL, future=True, pool_pre_ping=True, connect_args={"connect_timeout": 3})
        schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} (runs in CI): {str(exc).splitlines()[0]}")
    return schema, admin
