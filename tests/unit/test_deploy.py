"""The deployment files give every setting the production entry point (bot/serve.sh) requires: a renamed or new
setting cannot be forgotten in docker-compose, the env file or the Helm values."""
from __future__ import annotations

import re
from typing import Dict, List, Set

import yaml

from tests.unit.conftest import ROOT

DEPLOY = ROOT / "deploy"


def required() -> Dict[str, List[str]]:
    """serve.sh's `require` list for each role."""
    script = (ROOT / "bot" / "serve.sh").read_text()
    out = {}
    for role, body in re.findall(r"^  (\w+)\)\n(.*?);;", script, re.S | re.M):
        names = re.search(r"require ((?:[A-Z_]+\s*\\?\s*)+)", body)
        out[role] = names.group(1).replace("\\", " ").split() if names else []
    return out


def env_file() -> Set[str]:
    return {line.split("=", 1)[0] for line in (DEPLOY / "env.example").read_text().splitlines()
            if line and not line.startswith("#")}


def test_serve_sh_requires_settings_for_both_roles():
    roles = required()
    assert set(roles) == {"rasa", "actions"}
    assert "RASA_API_TOKEN" in roles["rasa"] and "DATABASE_URL" in roles["actions"]


def test_docker_compose_gives_each_role_what_it_requires():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())["services"]
    for role, names in required().items():
        service = next(s for s in compose.values() if s.get("command") == [role])
        given = set(service.get("environment") or {}) | env_file()
        assert set(names) <= given, (role, set(names) - given)


def test_helm_values_give_each_role_what_it_requires():
    for values, role in (("values.yml", "rasa"), ("action-server-values.yml", "actions")):
        chart = yaml.safe_load((DEPLOY / "helm" / values).read_text())
        assert chart["command"] == ["bot/serve.sh"] and chart["args"] == [role]
        given = {item["name"] for item in chart["extraEnv"]}
        assert set(required()[role]) <= given, (role, set(required()[role]) - given)
