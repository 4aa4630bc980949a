"""Private local storage: SQLite history fed from the bus, export, and forget."""

from companion.store.db import MinuteAggregate, Store, default_db_path
from companion.store.export import export
from companion.store.forget import forget_everything
from companion.store.recorder import StoreRecorder

__all__ = [
    "MinuteAggregate",
    "Store",
    "StoreRecorder",
    "default_db_path",
    "export",
    "forget_everything",
]
