"""What every channel does around a turn, in one place: the message cleaned before the assistant sees it, and a
reply guaranteed after.

- `clean`: control characters dropped (a NUL byte cannot even be stored in PostgreSQL), patient data masked
  (bot/privacy.py).
- `answered`: a turn that produced no message — the action server or the knowledge base unreachable, the tracker
  store failing — gets the domain's `part_service_unavailable` (the platform's number and hours, amelipro
  messaging) instead of silence or an HTTP 500. Service resumes by itself when the failing part comes back: nothing
  is cached here.
"""
from __future__ import annotations

import logging
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot import action_calls
from bot.privacy import mask

action_calls.install()  # every channel imports this module: the Rasa server checks action answers the cheap way

logger = logging.getLogger(__name__)

UNAVAILABLE = "part_service_unavailable"
# C0 and C1 control characters except tab and line breaks, and halves of surrogate pairs (not text: they cannot be
# stored as UTF-8).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

Handler = Callable[[UserMessage], Awaitable[Any]]


def production() -> bool:
    """ASSISTANT_ENV=production: every entry point requires its secret (bot/serve.sh refuses to start without)."""
    return os.environ.get("ASSISTANT_ENV", "").lower() == "production"


def clean(text: Optional[Text]) -> Text:
    """The text as a channel passes it on."""
    return mask(_CONTROLS.sub(" ", text or ""))


class _Watched(OutputChannel):
    """Passes the bot's messages on to the channel's own output, counting them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> Text:
        return self.inner.name()

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def unavailable_text(responses: Dict[Text, List[Dict[Text, Any]]], channel: Text) -> Text:
    """The channel's variation of the unavailable message, else the general one."""
    variations = responses.get(UNAVAILABLE) or []
    chosen = next((v for v in variations if v.get("channel") == channel), None) \
        or next((v for v in variations if not v.get("channel")), {})
    return chosen.get("text", "")


def _responses() -> Dict[Text, List[Dict[Text, Any]]]:
    from sanic import Sanic

    agent = getattr(Sanic.get_app().ctx, "agent", None)
    return agent.domain.responses if agent and agent.domain else {}


def answered(handler: Handler) -> Handler:
    """The channel's message handler, with a reply whatever fails behind it."""

    async def handle(message: UserMessage) -> None:
        watched = _Watched(message.output_channel)
        message.output_channel = watched
        try:
            await handler(message)
        except Exception:  # noqa: BLE001 — the professional gets the contacts, the log gets the cause
            logger.exception("The turn of conversation %s failed", message.sender_id)
        if not watched.sent:
            logger.warning("No reply for conversation %s: the service-unavailable message is sent",
                           message.sender_id)
            await watched.inner.send_response(message.sender_id,
                                              {"text": unavailable_text(_responses(), message.input_channel)})

    return handle
