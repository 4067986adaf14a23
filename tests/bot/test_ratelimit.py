"""The one sliding-window rate limiter (Telegram per user, web per visitor/address and login failures)."""

from __future__ import annotations

from bot.ratelimit import SlidingWindow


def test_sliding_window_with_an_injected_clock() -> None:
    now = [0.0]
    limiter = SlidingWindow(3, 60.0, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.blocked("a") and not limiter.blocked("b")
    assert limiter.allow("b")
    assert limiter.retry_after("a") == 60
    now[0] = 59.9
    assert not limiter.allow("a") and limiter.retry_after("a") == 1
    now[0] = 60.0
    assert limiter.allow("a")  # the first event left the window
    limiter.reset("a")
    assert limiter.retry_after("a") == 0


def test_add_counts_without_asking_and_memory_is_bounded() -> None:
    now = [0.0]
    limiter = SlidingWindow(2, 10.0, clock=lambda: now[0], max_keys=3)
    limiter.add("x")
    limiter.add("x")
    assert limiter.blocked("x")
    for key in ("k1", "k2", "k3", "k4"):
        limiter.add(key)
    assert len(limiter._events) <= 3
