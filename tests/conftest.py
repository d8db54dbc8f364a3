"""Shared fixtures: a real knowledge base built from the project's facts into a temporary SQLite file."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from knowledge.loader import build
from knowledge.queries import KnowledgeBase


@pytest.fixture(scope="session")
def kb_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "knowledge.sqlite3"
    engine = create_engine(f"sqlite:///{path}", future=True)
    build(engine)
    return engine


@pytest.fixture(scope="session")
def kb(kb_engine):
    return KnowledgeBase(kb_engine)
