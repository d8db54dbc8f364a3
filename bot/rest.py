"""Rasa's REST channel (`/webhooks/rest/webhook`: the tests, `make eval`, integrations) with what every channel
does around a turn (bot/inbound.py: patient data masked, a reply whatever fails), and a bearer token
(`credentials.yml`: bot.rest.RedactingRestInput).

REST_API_TOKEN set: a request needs `Authorization: Bearer <token>`. In production (ASSISTANT_ENV=production) the
token is required: without one configured, every request is refused. In development the webhook stays open on
loopback for `make shell`-like tools.
"""
from __future__ import annotations

import hmac
import os
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.inbound import answered, clean, production


def bearer_accepted(request: Request, token: Optional[Text]) -> bool:
    """The request carries the token; no token configured accepts everything, except in production."""
    if not token:
        return not production()
    given = request.headers.get("Authorization", "")
    return given.startswith("Bearer ") and hmac.compare_digest(given[len("Bearer "):].encode(), token.encode())


class RedactingRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = super().blueprint(answered(on_new_message))
        token = os.environ.get("REST_API_TOKEN")

        @hook.middleware("request")
        async def authenticate(request: Request) -> Any:
            if request.method != "POST":
                return None
            if not bearer_accepted(request, token):
                return response.json({"error": "unauthorized"}, status=401)
            try:
                if isinstance(request.json, dict):
                    return None
            except Exception:  # noqa: BLE001 — Sanic's own error for a body that is not JSON
                pass
            return response.json({"error": "expected a JSON object with sender and message"}, status=400)

        return hook

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = super()._extract_message(req)
        return clean("" if text is None else str(text))
