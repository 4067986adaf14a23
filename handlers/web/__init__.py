"""The web channel (FastAPI, server-rendered Jinja2 templates): a chat page and a staff area."""

from handlers.web.app import create_app, run

__all__ = ["create_app", "run"]
