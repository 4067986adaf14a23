"""Staff commands (/stats /top /unanswered /export): a gate, then the reports' figures as short texts."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from telegram import Update
from telegram.constants import ChatType

from bot.reports.periods import county_today
from handlers.telegram.botdata import Context
from handlers.telegram.reports import StaffReports
from handlers.telegram.sending import Target, send_text, typing
from handlers.telegram.texts import Texts

EXPORT_DAYS = 30


async def _staff(update: Update, context: Context) -> tuple[StaffReports, Target] | None:
    """The reports and the reply target when a staff member asks in a private chat; else replies why not."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return None
    data, target = context.bot_data, Target.of(message)
    if user.id not in data.staff_ids:
        await send_text(context, target, data.texts.no_permission)
        return None
    if chat.type != ChatType.PRIVATE:
        await send_text(context, target, data.texts.staff_private_only)
        return None
    if data.reports is None:
        await send_text(context, target, data.texts.reports_unavailable)
        return None
    return data.reports, target


def _share(stats: dict[str, Any]) -> str:
    total = int(stats.get("total") or 0)
    share = stats.get("answered_share")
    if share is None:
        share = (int(stats.get("answered") or 0) / total) if total else 0.0
    return f"{float(share):.0%}"


def format_stats(texts: Texts, today: dict[str, Any], week: dict[str, Any]) -> str:
    s = texts.staff
    lines = [s["stats_title"]]
    for label, stats in ((s["stats_today"], today), (s["stats_week"], week)):
        lines.append(
            s["stats_line"].format(
                label=label,
                total=int(stats.get("total") or 0),
                answered_share=_share(stats),
                helpful=int(stats.get("helpful") or 0),
                unhelpful=int(stats.get("unhelpful") or 0),
            )
        )
    reasons = week.get("reasons") or {}
    if reasons:
        lines.append(s["stats_reasons"] + "，".join(f"{reason} {count}" for reason, count in reasons.items()))
    return "\n".join(lines)


def format_top(texts: Texts, groups: list[tuple[str, int, list[str]]]) -> str:
    s = texts.staff
    if not groups:
        return s["top_empty"]
    lines = [s["top_title"]]
    for rank, (label, count, examples) in enumerate(groups, start=1):
        lines.append(s["top_line"].format(rank=rank, label=label, count=count))
        shown = [e for e in examples[:2] if e and e != label]
        if shown:
            lines.append(s["top_example"].format(examples="；".join(shown)))
    return "\n".join(lines)


def _when(value: Any) -> str:
    """Month, day and time as the reports give them (county time, +08:00)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value[:16]
    if isinstance(value, dt.datetime):
        return value.strftime("%m-%d %H:%M")
    return str(value or "")[:16]


def format_unanswered(texts: Texts, items: list[dict[str, Any]]) -> str:
    s = texts.staff
    if not items:
        return s["unanswered_empty"]
    lines = [s["unanswered_title"]]
    for item in items:
        lines.append(s["unanswered_line"].format(created_at=_when(item.get("created_at")), question=item.get("question", "")))
        reason = item.get("reason") or ("" if item.get("answered", False) else s["unanswered_declined"])
        if reason:
            lines.append(s["unanswered_reason"].format(reason=reason))
    return "\n".join(lines)


async def on_stats(update: Update, context: Context) -> None:
    if gate := await _staff(update, context):
        reports, target = gate
        today, week = await asyncio.to_thread(reports.stats, 1), await asyncio.to_thread(reports.stats, 7)
        await send_text(context, target, format_stats(context.bot_data.texts, today, week))


async def on_top(update: Update, context: Context) -> None:
    if gate := await _staff(update, context):
        reports, target = gate
        groups = await asyncio.to_thread(reports.top_groups, 7, 10)
        await send_text(context, target, format_top(context.bot_data.texts, groups))


async def on_unanswered(update: Update, context: Context) -> None:
    if gate := await _staff(update, context):
        reports, target = gate
        items = await asyncio.to_thread(reports.unanswered, 15)
        await send_text(context, target, format_unanswered(context.bot_data.texts, items))


async def on_export(update: Update, context: Context) -> None:
    if gate := await _staff(update, context):
        reports, target = gate
        async with typing(context, target):
            data = await asyncio.to_thread(reports.export_csv, EXPORT_DAYS)
        s = context.bot_data.texts.staff
        await context.bot.send_document(
            chat_id=target.chat_id,
            document=data,
            filename=s["export_filename"].format(date=county_today().strftime("%Y%m%d")),
            caption=s["export_caption"],
            message_thread_id=target.thread_id,
        )
