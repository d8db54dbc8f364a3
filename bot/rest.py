"""Rasa's REST channel (`/webhooks/rest/webhook`: the tests, `make eval`, integrations) with the shared redaction
step: patient data is masked before the message goes any further (`credentials.yml`: bot.rest.RedactingRestInput)."""
from __future__ import annotations

from typing import Optional, Text

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from bot.privacy import mask


class RedactingRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def _extract_message(self, req: Request) -> Optional[Text]:
        text = super()._extract_message(req)
        return mask(text) if isinstance(text, str) else text
