"""The Telegram channel: thin python-telegram-bot adapters over bot.service.AssistantService."""

from handlers.telegram.app import build_application, run
from handlers.telegram.reports import StaffReports

__all__ = ["StaffReports", "build_application", "run"]
