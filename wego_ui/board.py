"""The presenter's board: what the presenter shows, shared with every delegate who follows (issue #4).

One small interface, two implementations:

- `InProcessBoard` (the default) — a lock and a value in the server process; every browser session served by
  that process sees it. Enough for one `streamlit run`.
- `FileBoard` — a JSON file on a disk every server process can reach (one machine, or a shared volume). A larger
  meeting runs several Streamlit processes behind a load balancer; point each at the same file with
  `WEGO_PRESENTER_BOARD=file:/var/lib/wego/board.json`. Writes take an exclusive `flock` on a lock file beside it,
  write a temporary file, fsync it and `os.replace` it into place, so a reader never sees half a view and two
  presenters' writes never interleave; the version number only grows.

Both are tested through the same contract (tests/test_board.py). Nothing here imports streamlit.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class View:
    """What the presenter shows: the page (its url path), the shared URL settings and a highlighted item."""

    page: str
    params: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    highlight: str = ""

    @classmethod
    def of(cls, page: str, params: dict[str, str], highlight: str = "") -> View:
        return cls(page=page, params=tuple(sorted((str(k), str(v)) for k, v in params.items())), highlight=highlight)

    def to_dict(self) -> dict:
        return {"page": self.page, "params": [list(p) for p in self.params], "highlight": self.highlight}

    @classmethod
    def from_dict(cls, data: dict) -> View:
        return cls(
            page=str(data["page"]),
            params=tuple((str(k), str(v)) for k, v in data["params"]),
            highlight=str(data.get("highlight", "")),
        )


class Board(Protocol):
    def publish(self, view: View) -> int:
        """Make `view` the presenter's view; returns its version (unchanged when the view is the same)."""

    def latest(self) -> tuple[int, View] | None:
        """The current version and view, or None before anyone presented."""


class InProcessBoard:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple[int, View] | None = None

    def publish(self, view: View) -> int:
        with self._lock:
            if self._state is not None and self._state[1] == view:
                return self._state[0]
            version = 1 if self._state is None else self._state[0] + 1
            self._state = (version, view)
            return version

    def latest(self) -> tuple[int, View] | None:
        with self._lock:
            return self._state


class FileBoard:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock_path = self.path.with_name(self.path.name + ".lock")

    @contextlib.contextmanager
    def _exclusive(self):
        with open(self._lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _read(self) -> tuple[int, View] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return int(data["version"]), View.from_dict(data["view"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            # An empty or damaged file reads as "nobody presented yet"; the next publish replaces it.
            return None

    def publish(self, view: View) -> int:
        with self._exclusive():
            current = self._read()
            if current is not None and current[1] == view:
                return current[0]
            version = 1 if current is None else current[0] + 1
            fd, tmp = tempfile.mkstemp(prefix=".board-", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump({"version": version, "view": view.to_dict()}, f)
                    f.flush()
                    os.fsync(f.fileno())
                os.chmod(tmp, 0o644)  # readable by server processes running as other users
                os.replace(tmp, self.path)
                dir_fd = os.open(self.path.parent, os.O_RDONLY)
                try:
                    os.fsync(dir_fd)
                finally:
                    os.close(dir_fd)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            return version

    def latest(self) -> tuple[int, View] | None:
        return self._read()


def from_environment(env: dict[str, str] | None = None) -> Board:
    """`WEGO_PRESENTER_BOARD=file:/path/board.json` shares the board between processes; else in-process."""
    setting = (env if env is not None else os.environ).get("WEGO_PRESENTER_BOARD", "")
    if setting.startswith("file:"):
        return FileBoard(setting.removeprefix("file:"))
    return InProcessBoard()
