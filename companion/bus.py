"""A small thread-safe publish/subscribe bus: the only way components talk to each other."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from companion.events import Event

E = TypeVar("E", bound=Event)
log = logging.getLogger(__name__)


class EventBus:
    """Delivers each published event synchronously to the subscribers of its type.

    Why synchronous: handlers are tiny (they enqueue work for their own thread), so a
    dispatcher thread would only add latency. A failing handler is logged, never
    allowed to break the publisher.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[type, list[Callable[[Event], None]]] = {}

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        with self._lock:
            self._handlers.setdefault(event_type, []).append(handler)  # type: ignore[arg-type]

    def publish(self, event: Event) -> None:
        with self._lock:
            handlers = [
                h for cls, hs in self._handlers.items() if isinstance(event, cls) for h in hs
            ]
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("event handler failed for %s", event.type)
