"""Running custom actions on Tracker fixtures: user events, trackers, and one action run that returns its message."""
from __future__ import annotations

import asyncio
from typing import Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_event(text: str, intent: str, entities: Optional[List[Dict]] = None, channel: str = "rest") -> Dict:
    return {"event": "user", "text": text, "input_channel": channel,
            "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.9},
                           "entities": entities or []}}


def tracker(text: str, intent: str, entities: Optional[List[Dict]] = None, slots: Optional[Dict] = None,
            history: Optional[List[Dict]] = None, channel: str = "rest", extra: Optional[Dict] = None,
            active_loop: Optional[str] = None) -> Tracker:
    event = user_event(text, intent, entities, channel)
    latest = dict(event["parse_data"], **(extra or {}))
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test-user", slots or {}, latest, (history or []) + [event], False, None, loop, "action_listen")


def ent(entity: str, value: str) -> Dict[str, str]:
    return {"entity": entity, "value": value}


def run_all(action, domain, trk):
    """All messages the action sent, and its events."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, domain)) if asyncio.iscoroutinefunction(action.run) \
        else action.run(dispatcher, trk, domain)
    return dispatcher.messages, events


def run(action, domain, trk):
    """The one message the action sent, and its events."""
    messages, events = run_all(action, domain, trk)
    assert len(messages) == 1
    return messages[0], events
