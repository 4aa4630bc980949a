"""The local dashboard: live mood, history, conversations, settings and privacy controls."""

from companion.web.app import create_app, new_token
from companion.web.live import LiveState
from companion.web.server import DashboardServer

__all__ = ["DashboardServer", "LiveState", "create_app", "new_token"]
