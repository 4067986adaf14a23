"""Server-rendered inline SVG charts (no JavaScript library)."""

from __future__ import annotations

import datetime as dt
from html import escape

from markupsafe import Markup

PALETTE = ("#2f6fb0", "#e07b39", "#3a9a5b", "#c94c4c", "#8a63b8", "#b58b1d", "#4aa3a3", "#7a7a7a")
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 36, 8, 12, 40


def topic_colors(topics: list[str]) -> dict[str, str]:
    return {topic: PALETTE[i % len(PALETTE)] for i, topic in enumerate(topics)}


def _nice_max(value: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 4:
            return step * 4
    return ((value // 10000) + 1) * 10000


def stacked_bars(days: list[str], by_day_topic: dict[str, dict[str, int]], topics: list[str],
                 labels: dict[str, str]) -> Markup:
    """Questions a day, stacked by topic; `topics` fixes the stacking order and the colours."""
    colors = topic_colors(topics)
    totals = [sum(by_day_topic.get(day, {}).values()) for day in days]
    top = _nice_max(max(totals, default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(days))
    bar = max(2.0, slot * 0.7)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'aria-label="最近 {len(days)} 天每天的提问数（按主题）">'
    ]
    for i in range(5):
        value = top * i // 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#555">{value}</text>')
    for index, day in enumerate(days):
        x = LEFT + slot * index + (slot - bar) / 2
        y = TOP + plot_h
        counts = by_day_topic.get(day, {})
        for topic in topics:
            count = counts.get(topic, 0)
            if not count:
                continue
            h = plot_h * count / top
            y -= h
            label = escape(f"{day} {labels.get(topic, topic) or '其他'}：{count}")
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colors[topic]}">'
                f"<title>{label}</title></rect>"
            )
        if index % max(1, len(days) // 8) == 0 or index == len(days) - 1:
            short = escape(dt.date.fromisoformat(day).strftime("%m-%d"))
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11" '
                f'fill="#555">{short}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
