"""The query log, write-only: record redacted questions, answers and feedback; spool, replay, purge."""

from bot.querylog.keys import user_key
from bot.querylog.log import QueryLog

__all__ = ["QueryLog", "user_key"]
