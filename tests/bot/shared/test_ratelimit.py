"""Rate limits in the database hold across workers: one window per key, whichever process counts."""

from __future__ import annotations

import threading

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.shared.models import RateEvent
from bot.shared.ratelimit import DbSlidingWindow

from .conftest import Clock

SECRET = "rate-limit-test-secret-0123456789"


def _window(db: Engine, clock: Clock, limit: int = 3, window: float = 60.0) -> DbSlidingWindow:
    return DbSlidingWindow(db, "web-ask-visitor", limit, window, SECRET, clock)


def test_the_limit_holds_across_two_workers(db: Engine, clock: Clock) -> None:
    one, other = _window(db, clock), _window(db, clock)
    assert one.allow("visitor-a")
    clock.now += 10
    assert other.allow("visitor-a") and one.allow("visitor-a")
    assert not other.allow("visitor-a") and not one.allow("visitor-a")
    assert other.allow("visitor-b")  # another key has its own window
    assert one.blocked("visitor-a") and not one.blocked("visitor-b")
    assert other.retry_after("visitor-a") == 50
    clock.now += 30
    assert other.retry_after("visitor-a") == 20
    clock.now += 20.5  # the first event left the window; the other two are 50.5 s old
    assert one.allow("visitor-a") and not other.allow("visitor-a")
    other.reset("visitor-a")
    assert one.allow("visitor-a")


def test_add_counts_whatever_the_count(db: Engine, clock: Clock) -> None:
    limiter = _window(db, clock, limit=2)
    for _ in range(4):
        limiter.add("10.0.0.1")
    assert limiter.blocked("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == 60


def test_keys_are_stored_only_as_an_hmac(db: Engine, clock: Clock) -> None:
    _window(db, clock).allow("203.0.113.7")
    with Session(db) as session:
        [event] = session.exec(select(RateEvent)).all()
    assert "203.0.113.7" not in event.key and len(event.key) == 32 and event.scope == "web-ask-visitor"


def test_concurrent_callers_never_exceed_the_limit(db: Engine, clock: Clock) -> None:
    limiters = [_window(db, clock, limit=5) for _ in range(4)]  # four "workers"
    results: list[bool] = []
    lock = threading.Lock()

    def hammer(limiter: DbSlidingWindow) -> None:
        for _ in range(6):
            allowed = limiter.allow("same-user")
            with lock:
                results.append(allowed)

    threads = [threading.Thread(target=hammer, args=(limiter,)) for limiter in limiters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(results) == 24
    assert 1 <= results.count(True) <= 5


def test_a_database_outage_falls_back_to_this_process() -> None:
    from bot.db import make_engine

    engine = make_engine("postgresql://postgres@127.0.0.1:1/test")  # nothing listens on port 1
    try:
        limiter = DbSlidingWindow(engine, "web-ask-ip", 2, 60.0, SECRET)
        assert limiter.allow("a") and not limiter.outage.up()
        assert limiter.allow("a") and not limiter.allow("a")  # still limited, in memory
    finally:
        engine.dispose()


def test_windows_asked_together_count_as_if_asked_in_turn_in_one_session(db: Engine, clock: Clock) -> None:
    from sqlalchemy import event

    from bot.ratelimit import SlidingWindow, allow_all

    visitor = DbSlidingWindow(db, "web-ask-visitor", 2, 60.0, SECRET, clock)
    address = DbSlidingWindow(db, "web-ask-ip", 3, 60.0, SECRET, clock)
    mem_visitor, mem_address = SlidingWindow(2, 60.0, clock), SlidingWindow(3, 60.0, clock)
    checkouts: list[int] = []

    def checkout(*_args: object) -> None:
        checkouts.append(1)

    event.listen(db.pool, "checkout", checkout)
    try:
        together = [allow_all([(visitor, v), (address, "10.0.0.1")]) for v in ("a", "a", "a", "b", "c")]
    finally:
        event.remove(db.pool, "checkout", checkout)
    in_turn = [allow_all([(mem_visitor, v), (mem_address, "10.0.0.1")]) for v in ("a", "a", "a", "b", "c")]
    assert together == in_turn == [True, True, False, True, False]  # a's third: refused; c: the address is full
    assert len(checkouts) == 5  # one session for both windows
    assert visitor.times("a") == mem_visitor.times("a") and len(visitor.times("a")) == 2
    assert len(address.times("10.0.0.1")) == 3 and visitor.times("c") == mem_visitor.times("c")
    assert len(visitor.times("c")) == 1  # counted by the visitor's window before the address refused it
