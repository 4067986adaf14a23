"""Short per-user conversation context for follow-ups; expires after a while. The interface, and the in-memory store.

The in-memory store serves single-process deployments (the terminal, `ask`); several workers or machines
share `bot.shared.conversations.DbConversations` instead.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Protocol

from bot.pipeline.context import Conversation, Turn

MAX_TURNS = 4


class Conversations(Protocol):
    def get(self, key: str) -> Conversation:
        """The user's recent turns (oldest first, expired ones dropped); empty for an empty key."""
        ...

    def add(self, key: str, turn: Turn) -> None:
        """Remember one more turn for the user (nothing for an empty key)."""
        ...

    def close(self) -> None:
        """The process is shutting down."""
        ...


class ConversationStore:
    """In memory, for one process only."""

    def __init__(self, ttl_seconds: float = 900, max_users: int = 10_000) -> None:
        self.ttl = ttl_seconds
        self.max_users = max_users
        self._items: OrderedDict[str, Conversation] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Conversation:
        if not key:
            return Conversation()
        with self._lock:
            conversation = self._items.get(key)
            if conversation is None:
                return Conversation()
            now = time.monotonic()
            conversation.turns = [t for t in conversation.turns if now - t.at <= self.ttl]
            return Conversation(list(conversation.turns))

    def add(self, key: str, turn: Turn) -> None:
        if not key:
            return
        with self._lock:
            conversation = self._items.pop(key, None) or Conversation()
            conversation.turns = [*conversation.turns, turn][-MAX_TURNS:]
            self._items[key] = conversation
            while len(self._items) > self.max_users:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def close(self) -> None:
        self.clear()
