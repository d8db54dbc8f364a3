"""Where conversations live (`endpoints.yml`): Rasa's SQL tracker store and lock store, configured by environment.

- TRACKER_STORE_URL: an SQLAlchemy URL. Default: a SQLite file, `.rasa/conversations.db`, so a restarted server
  goes on with the conversations it had. Production: `postgresql+psycopg2://…`, shared by every replica.
- LOCK_STORE_URL: `redis://host:6379/1`. Needed as soon as two Rasa servers take turns of the same conversation:
  the lock keeps them in order; the channels' replay protection is shared there too. Unset: one process, locks in
  memory.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import (DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX, DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
                                  InMemoryLockStore, LockStore, RedisLockStore)
from rasa.core.tracker_store import SQLTrackerStore

DEFAULT_TRACKER_STORE_URL = "sqlite:///.rasa/conversations.db"


def tracker_store_url() -> str:
    return os.environ.get("TRACKER_STORE_URL") or DEFAULT_TRACKER_STORE_URL


class ConversationStore(SQLTrackerStore):
    """Rasa's SQL tracker store at TRACKER_STORE_URL."""

    def __init__(self, domain: Any = None, host: Optional[Text] = None, event_broker: Any = None,
                 **kwargs: Any) -> None:
        url = tracker_store_url()
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain, host=url, event_broker=event_broker, **kwargs)


class _RedisLocks(RedisLockStore):
    """Rasa's Redis lock store, reached by URL (user, password, database and TLS in one setting)."""

    def __init__(self, url: str) -> None:
        import redis

        self.red = redis.StrictRedis.from_url(url, socket_timeout=DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        LockStore.__init__(self)


class ConversationLocks(LockStore):
    """The lock store LOCK_STORE_URL names (Redis), else Rasa's in-memory one."""

    def __init__(self, endpoint_config: Any = None) -> None:
        url = os.environ.get("LOCK_STORE_URL")
        self.store: LockStore = _RedisLocks(url) if url else InMemoryLockStore()
        super().__init__()

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return self.store.get_lock(conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        self.store.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.store.save_lock(lock)


def shared_first_seen() -> Optional[Callable[[Text, float], bool]]:
    """With LOCK_STORE_URL: whether a key (a request's signature) is seen for the first time by any replica, kept in
    Redis until the given time. None without Redis (each process remembers its own)."""
    url = os.environ.get("LOCK_STORE_URL")
    if not url:
        return None
    import redis

    red = redis.StrictRedis.from_url(url, socket_timeout=DEFAULT_SOCKET_TIMEOUT_IN_SECONDS)

    def first_seen(key: Text, until: float) -> bool:
        return bool(red.set("seen:" + key, 1, nx=True, ex=max(1, int(until - time.time()) + 1)))

    return first_seen
