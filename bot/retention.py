"""Old conversations purged from the tracker store: a command cron can run (`python -m bot.retention`, `make purge`).

A conversation whose latest event is older than the retention period (CONVERSATION_RETENTION_DAYS, default 90) is
deleted whole; a conversation still going on keeps all its turns.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Optional, Tuple

import sqlalchemy as sa

from bot.stores import tracker_store_url

DEFAULT_RETENTION_DAYS = 90
# Rasa's SQL tracker store's table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent).
EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))


def retention_days() -> float:
    return float(os.environ.get("CONVERSATION_RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)


def purge(url: str, days: float, now: Optional[float] = None, dry_run: bool = False) -> Tuple[int, int]:
    """Deletes the conversations idle for more than `days`; returns (conversations, events) deleted or, with
    `dry_run`, that would be."""
    cutoff = (time.time() if now is None else now) - days * 86400
    idle = (sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
             .having(sa.func.max(EVENTS.c.timestamp) < cutoff))
    engine = sa.create_engine(url, future=True)
    try:
        with engine.begin() as connection:
            if not sa.inspect(connection).has_table("events"):
                return 0, 0
            senders = connection.execute(sa.select(sa.func.count()).select_from(idle.subquery())).scalar_one()
            where = EVENTS.c.sender_id.in_(idle.scalar_subquery())
            if dry_run:
                events = connection.execute(sa.select(sa.func.count()).select_from(EVENTS).where(where)).scalar_one()
            else:
                events = connection.execute(sa.delete(EVENTS).where(where)).rowcount
    finally:
        engine.dispose()
    return senders, events


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=retention_days(),
                        help="retention period in days (default: CONVERSATION_RETENTION_DAYS or 90)")
    parser.add_argument("--dry-run", action="store_true", help="count without deleting")
    args = parser.parse_args(argv)
    if args.days <= 0:
        parser.error("--days must be positive")
    url = tracker_store_url()
    conversations, events = purge(url, args.days, dry_run=args.dry_run)
    verb = "would be purged" if args.dry_run else "purged"
    print(f"{conversations} conversations ({events} events) idle for more than {args.days:g} days {verb} "
          f"from {sa.engine.make_url(url).render_as_string(hide_password=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
