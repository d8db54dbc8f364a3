"""What the bot said in one turn, as the channels that answer in one piece (messaging, voice) need it."""
from __future__ import annotations

from typing import Any, Dict, List, Text, Tuple


def gather(messages: List[Dict[Text, Any]]) -> Tuple[List[Text], List[Dict[Text, Any]], Dict[Text, Any]]:
    """The texts in order, the buttons in order, and the replies' marks merged (`custom`: facts, handoff…)."""
    texts: List[Text] = []
    buttons: List[Dict[Text, Any]] = []
    custom: Dict[Text, Any] = {}
    for message in messages:
        if message.get("text"):
            texts.append(message["text"])
        buttons += message.get("buttons") or []
        custom.update(message.get("custom") or {})
    return texts, buttons, custom
