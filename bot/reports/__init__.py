"""Every staff read of the query log: usage reports, the review queue, question groups, exports, one time zone."""

from bot.reports.build import build_report, day_report, top_groups
from bot.reports.model import DayCount, QuestionGroup, QueueItem, Report
from bot.reports.periods import COUNTY_TZ, parse_duration
from bot.reports.render import render
from bot.reports.rows import EXPORT_FIELDS
from bot.reports.run import run_report

__all__ = [
    "COUNTY_TZ",
    "EXPORT_FIELDS",
    "DayCount",
    "QuestionGroup",
    "QueueItem",
    "Report",
    "build_report",
    "day_report",
    "parse_duration",
    "render",
    "run_report",
    "top_groups",
]
