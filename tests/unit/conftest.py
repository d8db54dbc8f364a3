"""Fixtures of the action tests: the domain as the action server receives it, the real KB, a fixed clock."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from actions import common

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def domain() -> Dict[str, Any]:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain.yml")).as_dict()


@pytest.fixture(autouse=True)
def fixed_kb_and_clock(kb, monkeypatch):
    common.set_kb(kb)
    monkeypatch.setenv("ASSISTANT_NOW", "2026-11-23T10:12:00")  # a Monday
    yield
    common.set_kb(None)
