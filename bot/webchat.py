"""The web chat's socket.io channel: Rasa's own, with the two places where Rasa 3.6 and python-socketio 5.x disagree
put right: the browser joins its session's room, custom payloads reach it as data, and a session id is one the
server issued (`credentials.yml`: bot.webchat.WebChatInput; the widget is bot/web/widget.js)."""
from __future__ import annotations

import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.inbound import answered, clean, production


SESSION_ID = re.compile(r"[0-9a-f]{32}")


def allowed_origins() -> Optional[List[Text]]:
    """The sites whose pages may open the chat: WEB_CHAT_ORIGINS (comma-separated, e.g.
    "https://ps.cgss-martinique.fr"). Unset: any page in development (the demo page is on another port), only the
    server's own origin in production (ASSISTANT_ENV=production)."""
    listed = [o.strip() for o in os.environ.get("WEB_CHAT_ORIGINS", "").split(",") if o.strip()]
    if listed:
        return listed
    return None if production() else []


class WebChatOutput(SocketIOOutput):
    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # Rasa passes the custom payload's keys to emit() as arguments: {"facts": …} raises a TypeError that stops
        # the turn before the tracker is saved. The payload is sent as the event's data instead.
        await self._send_message(recipient_id, {"custom": json_message})


class WebChatInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = answered(on_new_message)
        blueprint = super().blueprint(on_new_message)
        sio = self.sio
        sio.eio.cors_allowed_origins = allowed_origins()

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            # python-socketio 5 made enter_room a coroutine; Rasa does not await it, so the browser never joined
            # its session's room and no reply reached it.
            # Only an id this server issued (uuid4 hex) is taken back: a page cannot pick a guessable one.
            asked = (data or {}).get("session_id") if isinstance(data, dict) else None
            session_id = asked if isinstance(asked, str) and SESSION_ID.fullmatch(asked) else uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
                await sio.save_session(sid, {"session_id": session_id}, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Dict) -> None:
            if not isinstance(data, dict):
                return
            # The session this connection asked for and joined, not whatever id a message names.
            if self.session_persistence:
                sender_id = (await sio.get_session(sid, namespace=self.namespace)).get("session_id")
            else:
                sender_id = sid
            if not sender_id:
                return
            metadata = data.get(self.metadata_key) or {}
            await on_new_message(UserMessage(clean(str(data.get("message") or "")),
                                             WebChatOutput(sio, self.bot_message_evt), sender_id,
                                             input_channel=self.name(),
                                             metadata=metadata if isinstance(metadata, dict) else {}))

        return blueprint
