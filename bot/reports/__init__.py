"""Usage reports over the query log: volume, answered share, feedback, question groups, the queue."""

from bot.reports.build import CHINA_TZ, build_report, top_groups
from bot.reports.model import DayCount, QuestionGroup, QueueItem, Report
from bot.reports.render import render
from bot.reports.run import parse_since, run_report

__all__ = [
    "CHINA_TZ",
    "DayCount",
    "QuestionGroup",
    "QueueItem",
    "Report",
    "build_report",
    "parse_since",
    "render",
    "run_report",
    "top_groups",
]
