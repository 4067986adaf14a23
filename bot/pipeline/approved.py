"""Approved: a staff-approved answer that matches the question is used first, marked 教育局审核答复."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.approved.matcher import ApprovedMatcher
from bot.approved.pipeline import approved_answer
from bot.pipeline.context import AnswerContext
from bot.texts import AssistantTexts

logger = logging.getLogger(__name__)


class UseApproved:
    """`check_seconds`: how often the database is asked whether the approved answers changed (0: before every
    question). A change made in this process refreshes at once (`refresh`); another worker's within that time."""

    def __init__(self, texts: AssistantTexts, matcher: ApprovedMatcher, engine: Engine, check_seconds: float = 0.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.texts = texts
        self.matcher = matcher
        self.engine = engine
        self.check_seconds = check_seconds
        self._clock = clock
        self._checked = float("-inf")

    def refresh(self) -> None:
        try:
            with Session(self.engine) as session:
                self.matcher.refresh(session)
        except SQLAlchemyError as exc:
            logger.warning("approved answers not refreshed (%s)", type(exc).__name__)

    def __call__(self, ctx: AnswerContext) -> None:
        now = self._clock()
        if now - self._checked >= self.check_seconds:
            self._checked = now
            try:
                with Session(self.engine) as session:
                    self.matcher.refresh_if_changed(session)
            except SQLAlchemyError as exc:  # the database is away: answer from the sources alone
                logger.debug("approved answers unavailable (%s)", type(exc).__name__)
        hit = self.matcher.match(ctx.core or ctx.question)  # the text the search reads: one encoder call serves both
        if hit is None:
            return None
        answer = approved_answer(ctx.question, hit[0], hit[1], ctx.intent)
        answer.text = f"{self.texts.replies('approved_mark')}{answer.text}"
        answer.script = ctx.script
        answer.notes = list(ctx.notes)
        ctx.answer = answer
        return None
