"""Limits one server process keeps for every session (issue #9): failed presenter-key guesses, and the queue of
briefing-pack builds. Plain Python with an injectable clock, so tests drive them without waiting; nothing here
imports streamlit (wego_ui/protect.py holds one of each per process)."""

from __future__ import annotations

import collections
import itertools
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class Attempts:
    """Failed guesses per client (an IP address): `free` failures within `window` seconds cost nothing; each further
    failure locks that client out for `lock` seconds, doubling up to `max_lock`. All clients together get
    `free_total` failures per window before every guess waits `lock` seconds: a guesser with many addresses is
    slowed as one. A correct guess clears the client's count (not the total)."""

    EVERYONE = "*"

    def __init__(
        self,
        free: int = 5,
        window: float = 300.0,
        lock: float = 30.0,
        max_lock: float = 900.0,
        free_total: int = 30,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free, self.window, self.lock, self.max_lock, self.free_total = free, window, lock, max_lock, free_total
        self._clock = clock
        self._failures: dict[str, collections.deque] = collections.defaultdict(collections.deque)
        self._until: dict[str, float] = {}
        self._mutex = threading.Lock()

    def _recent(self, who: str, now: float) -> collections.deque:
        failures = self._failures[who]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def locked_for(self, who: str) -> float:
        """Seconds before `who` may guess again (0: now)."""
        with self._mutex:
            now = self._clock()
            return max(0.0, self._until.get(who, 0.0) - now, self._until.get(self.EVERYONE, 0.0) - now)

    def failed(self, who: str) -> float:
        """Count a wrong guess; returns the lockout now in force for `who` in seconds (0: none yet)."""
        with self._mutex:
            now = self._clock()
            mine, everyone = self._recent(who, now), self._recent(self.EVERYONE, now)
            mine.append(now)
            everyone.append(now)
            if len(mine) > self.free:
                self._until[who] = now + min(self.lock * 2 ** (len(mine) - self.free - 1), self.max_lock)
            if len(everyone) > self.free_total:
                self._until[self.EVERYONE] = now + self.lock
            return max(0.0, self._until.get(who, 0.0) - now, self._until.get(self.EVERYONE, 0.0) - now)

    def succeeded(self, who: str) -> None:
        with self._mutex:
            self._failures.pop(who, None)
            self._until.pop(who, None)


class QueueRefused(Exception):
    """A build the queue will not take now; the message key and values say why (wego_view.i18n_access)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


@dataclass(eq=False)
class Ticket:
    session: str
    number: int
    queue: BuildQueue = field(repr=False)

    def position(self) -> int:
        """0 while this build runs; else how many builds are ahead of it (1: next)."""
        return self.queue._position(self)

    def wait(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for this build's turn; True when it may run."""
        return self.queue._wait(self, timeout)

    def done(self) -> None:
        self.queue._leave(self)


class BuildQueue:
    """Builds run `slots` at a time in arrival order. A session has at most one build queued or running, and at most
    `per_session` builds in `window` seconds; the queue holds at most `capacity` builds. Always leave with
    ticket.done() (in a finally: a session that goes away mid-wait must not hold the queue)."""

    def __init__(
        self,
        slots: int = 1,
        per_session: int = 5,
        window: float = 600.0,
        capacity: int = 20,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.slots, self.per_session, self.window, self.capacity = slots, per_session, window, capacity
        self._clock = clock
        self._line: list[Ticket] = []
        self._started: dict[str, collections.deque] = collections.defaultdict(collections.deque)
        self._numbers = itertools.count(1)
        self._turn = threading.Condition()

    def join(self, session: str) -> Ticket:
        with self._turn:
            if any(t.session == session for t in self._line):
                raise QueueRefused("queue.already")
            now = self._clock()
            started = self._started[session]
            while started and started[0] <= now - self.window:
                started.popleft()
            if len(started) >= self.per_session:
                wait = started[0] + self.window - now
                raise QueueRefused("queue.limit", count=self.per_session, minutes=max(1, math.ceil(wait / 60)))
            if len(self._line) >= self.capacity:
                raise QueueRefused("queue.full")
            started.append(now)
            ticket = Ticket(session, next(self._numbers), self)
            self._line.append(ticket)
            return ticket

    def _position(self, ticket: Ticket) -> int:
        with self._turn:
            if ticket not in self._line:
                return 0
            return max(0, self._line.index(ticket) - self.slots + 1)

    def _wait(self, ticket: Ticket, timeout: float) -> bool:
        with self._turn:
            return self._turn.wait_for(lambda: ticket not in self._line or self._position(ticket) == 0, timeout)

    def _leave(self, ticket: Ticket) -> None:
        with self._turn:
            if ticket in self._line:
                self._line.remove(ticket)
            self._turn.notify_all()

    def waiting(self) -> int:
        with self._turn:
            return len(self._line)
