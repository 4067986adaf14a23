"""The query log: redacted questions, answers and feedback, with a spool for database outages."""

from bot.querylog.export import EXPORT_FIELDS
from bot.querylog.keys import user_key
from bot.querylog.log import QueryLog

__all__ = ["EXPORT_FIELDS", "QueryLog", "user_key"]
