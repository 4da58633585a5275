"""The per-process limits of issue #9 with a test clock: presenter-key guesses and the briefing-pack queue."""

from __future__ import annotations

import threading

import pytest

from wego_ui.limits import Attempts, BuildQueue, QueueRefused


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_wrong_guesses_beyond_the_allowance_lock_the_client_out_for_longer_each_time():
    clock = Clock()
    attempts = Attempts(free=5, window=300, lock=30, max_lock=900, free_total=100, clock=clock)
    for _ in range(5):
        assert attempts.failed("10.0.0.7") == 0
    assert attempts.locked_for("10.0.0.7") == 0
    assert attempts.failed("10.0.0.7") == 30  # the sixth
    assert attempts.locked_for("10.0.0.7") == 30
    assert attempts.locked_for("10.0.0.8") == 0  # another delegate is not affected
    clock.now += 31
    assert attempts.failed("10.0.0.7") == 60  # doubling
    clock.now += 61
    assert attempts.failed("10.0.0.7") == 120
    for _ in range(10):
        clock.now += 1000  # failures older than the window no longer count
    assert attempts.failed("10.0.0.7") == 0


def test_the_lockout_stops_at_its_maximum_and_a_right_key_clears_the_count():
    clock = Clock()
    attempts = Attempts(free=1, window=10_000, lock=30, max_lock=90, free_total=1000, clock=clock)
    attempts.failed("a")
    assert [attempts.failed("a") for _ in range(4)] == [30, 60, 90, 90]
    attempts.succeeded("a")
    assert attempts.locked_for("a") == 0
    assert attempts.failed("a") == 0


def test_many_addresses_guessing_together_are_slowed_as_one():
    clock = Clock()
    attempts = Attempts(free=5, window=300, lock=30, free_total=10, clock=clock)
    for n in range(10):
        assert attempts.failed(f"10.0.{n}.1") == 0
    assert attempts.failed("10.0.99.1") == 30
    assert attempts.locked_for("192.168.1.1") == 30  # everyone waits: the key is being guessed


def test_builds_run_one_at_a_time_in_order_with_positions():
    queue = BuildQueue(slots=1, per_session=5, window=600, capacity=10, clock=Clock())
    first, second, third = queue.join("s1"), queue.join("s2"), queue.join("s3")
    assert [first.position(), second.position(), third.position()] == [0, 1, 2]
    assert first.wait(0) and not second.wait(0)
    first.done()
    assert [second.position(), third.position()] == [0, 1]
    assert second.wait(0)
    third.done()  # a session that goes away while waiting leaves the queue
    second.done()
    assert queue.waiting() == 0


def test_a_waiting_build_starts_when_the_one_ahead_is_done():
    queue = BuildQueue(slots=1, clock=Clock())
    first, second = queue.join("s1"), queue.join("s2")
    started = threading.Event()

    def waiter():
        if second.wait(10):
            started.set()

    thread = threading.Thread(target=waiter)
    thread.start()
    assert not started.wait(0.2)
    first.done()
    thread.join(10)
    assert started.is_set()
    second.done()


def test_a_session_gets_one_build_at_a_time_and_a_few_per_window():
    clock = Clock()
    queue = BuildQueue(slots=1, per_session=2, window=600, capacity=10, clock=clock)
    ticket = queue.join("s1")
    with pytest.raises(QueueRefused) as already:
        queue.join("s1")
    assert already.value.key == "queue.already"
    ticket.done()
    queue.join("s1").done()
    with pytest.raises(QueueRefused) as limit:
        queue.join("s1")
    assert limit.value.key == "queue.limit" and limit.value.values == {"count": 2, "minutes": 10}
    clock.now += 601
    queue.join("s1").done()


def test_the_queue_has_a_capacity():
    queue = BuildQueue(slots=1, capacity=2, clock=Clock())
    queue.join("a"), queue.join("b")
    with pytest.raises(QueueRefused) as full:
        queue.join("c")
    assert full.value.key == "queue.full"
