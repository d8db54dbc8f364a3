"""Where the knowledge base lives. One environment variable, a safe default."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
FACTS_DIR = PACKAGE_DIR / "facts"
SOURCES_DIR = PACKAGE_DIR / "sources"
DOCUMENTS_FILE = SOURCES_DIR / "documents.yml"
DEFAULT_SQLITE_PATH = PACKAGE_DIR.parent / "build" / "knowledge.sqlite3"


def database_url() -> str:
    """DATABASE_URL when set (e.g. postgresql+psycopg2://…), else a SQLite file under build/."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE_PATH}"
