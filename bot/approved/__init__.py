"""Answers written and approved by education-bureau staff, matched before retrieval."""

from bot.approved.crud import (
    create_approved,
    edit_approved,
    get_approved,
    list_approved,
    list_history,
    retract_approved,
)
from bot.approved.matcher import ApprovedMatcher
from bot.approved.models import (
    ApprovedAnswer,
    ApprovedAnswerCreate,
    ApprovedAnswerHistory,
    ApprovedAnswerUpdate,
)

__all__ = [
    "ApprovedAnswer",
    "ApprovedAnswerCreate",
    "ApprovedAnswerHistory",
    "ApprovedAnswerUpdate",
    "ApprovedMatcher",
    "create_approved",
    "edit_approved",
    "get_approved",
    "list_approved",
    "list_history",
    "retract_approved",
]
