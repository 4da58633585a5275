"""Load generator over Streamlit's own websocket protocol: sessions that load, navigate and filter as a browser does.

Issue #8 asks how the dashboard holds up when fifty delegates open it within a minute. A browser test cannot run
fifty Chromiums on two cores, and an HTTP benchmark does not exercise Streamlit at all (everything happens on one
websocket). So this module speaks the protocol of the installed Streamlit (1.67) itself, reading and writing the
`BackMsg`/`ForwardMsg` protobufs from `streamlit.proto`, and does what the browser frontend does on that socket:

- **Connection.** `ws://<host>/_stcore/stream` with the subprotocol list `["streamlit", <xsrf cookie or
  "PLACEHOLDER_AUTH_TOKEN">, <last session id when reconnecting>]`: the server repurposes the
  `Sec-WebSocket-Protocol` header to carry tokens and selects only the first entry
  (`streamlit/web/server/starlette/starlette_websocket.py`, `_parse_subprotocols`; frontend
  `frontend/connection/src/WebsocketConnection.tsx`, `getSessionTokens`/`connectToWebSocket`). Frames are binary
  protobufs; a text frame closes the connection. Without an `Origin` header the server accepts the connection, with
  one it checks same-origin; we send the page's origin as a browser does. Websocket compression is off by default
  (`server.enableWebsocketCompression`), so the bytes counted here are the bytes on the wire, less framing.
- **The first run.** On connect the frontend sends one `BackMsg.rerun_script` (a `ClientState`) with an empty
  `WidgetStates`, `page_script_hash=""` and `page_name` taken from the URL path (`""` for the default page),
  `query_string` from the URL, `cached_message_hashes` (empty at first) and `context_info` (timezone, offset,
  locale, url, is_embedded, color scheme) (`frontend/app/src/App.tsx`, `handleConnectionStateChanged` ->
  `sendRerunBackMsg`). The server answers with `new_session` (config incl. `max_cached_message_age`, and in
  `metadata.run` the run's `script_run_id`), `session_status_changed`, `navigation` (the app's pages: `url_pathname`
  and `page_script_hash` of each, and the current page's hash), deltas, and `script_finished`
  (`streamlit/runtime/app_session.py`, `_handle_scriptrunner_event_on_event_loop`). A run is timed from sending the
  rerun to the `script_finished` that follows a `new_session` sent after the request (the frontend's
  `hasReceivedNewSession` guard); `FINISHED_EARLY_FOR_RERUN` is not the end (an `st.rerun`/`st.switch_page` in the
  script starts another run in the same request, `streamlit/runtime/scriptrunner/script_runner.py`, `_run_script`).
- **The message cache.** The server hashes every ForwardMsg (metadata excluded) and marks a `new_element` delta of
  at least `global.minCachedMessageSize` (10 kB) `metadata.cacheable`; when the hash is among the
  `cached_message_hashes` of the run's `ClientState`, it sends a `ref_hash` message instead, carrying only the
  metadata (`streamlit/runtime/forward_msg_cache.py`; `streamlit/runtime/scriptrunner_utils/script_run_context.py`,
  `ScriptRunContext.enqueue`). The browser stores each cacheable message by hash, reports every stored hash in each
  rerun, resolves a `ref_hash` from the store (a miss is a fatal error there), and after each completed run
  (success or fragment success, after a `new_session`) expires entries not used for more than
  `max_cached_message_age` runs (2 by default) (`frontend/connection/src/ForwardMessageCache.ts`; `App.tsx`,
  `handleScriptFinished`). `ForwardMsgCache` below does the same. The server trusts the client's list: it keeps no
  per-session record of what was sent.
- **Navigation.** A click in the page menu sends `rerun_script` with the target's `page_script_hash`, the
  `query_string` cleared (only embed parameters survive a page change) and the widget states of the main script's
  widgets only (the sidebar of `app.py`), those of the old page being dropped (`App.tsx`, `onPageChange` and
  `sendRerunBackMsg`). A page the app does not have (typed URL) is requested by `page_name`; the server answers
  `page_not_found` (with an empty `page_name` under `st.navigation`) and runs the default page. The menu comes from
  the latest `navigation` message: once an app calls `st.navigation`, `new_session.app_pages` carries page titles
  in `url_pathname`, and the first run of a session sends two `navigation` messages, the legacy `pages/` folder's
  list first, then the app's. An app without pages sends no `navigation`; its one page is in `new_session`.
- **Widgets.** Every widget the frontend draws commits its value to the WidgetStateManager on mount without a
  rerun (`frontend/lib/src/hooks/useBasicWidgetState.ts`: the value the widget manager holds, else `raw_value`
  when the proto's `set_value` is set, else the default), and each rerun sends all held values as `WidgetState`s
  keyed by the element's `id`. In 1.67 a selectbox or radio value is `string_value` = the *formatted* option text
  (`options` in the proto are the formatted strings, `default` an index, `raw_value` the current text when
  `set_value`); multiselect and segmented control/pills (`button_group`) send `string_array_value`
  (`streamlit/elements/widgets/selectbox.py` `SelectboxSerde`, `radio.py`, `multiselect.py`, `button_group.py`).
  A change is a rerun of the current page (its `page_script_hash`, the current query string, and `fragment_id`
  when the widget is inside a fragment). After a completed full run, values of widgets that were not drawn are
  dropped (`removeInactive`).
- **Errors seen by a user.** `script_finished` with `FINISHED_WITH_COMPILE_ERROR`, a `session_event` with a
  `script_compilation_exception`, an exception element (`delta.new_element.exception`, also how the server reports
  a message over the size limit, `streamlit/runtime/runtime_util.py`), `page_not_found`, a connection failure and
  no `script_finished` within the timeout are all recorded as errors.
- **After a close.** The server keeps a disconnected session for `server.disconnectedSessionTTL` (120 s, up to 128
  sessions) so that a browser can reconnect to it (`streamlit/runtime/websocket_session_manager.py`,
  `disconnect_session`; `memory_session_storage.py`): the RSS "after the sessions close" includes them until then.

Public API: `Session`, `ForwardMsgCache`, `run_load`, `page_costs`, `ProcessMeter`, `check_loopback`. CLI:

    python tools/loadgen.py http://127.0.0.1:8501 --sessions 10 --think 1 3 --pages "" members offices --clicks 4
    python tools/loadgen.py http://127.0.0.1:8501 --costs --pages "" members offices programs budget changes

Only loopback servers are accepted, sessions are capped at MAX_SESSIONS, every run has a timeout and a whole load
run has a hard deadline. Measure a server started with `--server.fileWatcherType none`: with the watcher on, an
edit under the app's folder makes Streamlit drop changed modules from sys.modules while sessions import them
(a KeyError in the app). Timings and their targets belong to the benchmark (`make bench`), not to this module.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_SESSIONS = 500
MAX_CLICKS = 100
MAX_THINK_S = 600.0
STREAM_PATH = "_stcore/stream"
# What the frontend sends when it has no XSRF cookie and no host token (WebsocketConnection.tsx).
PLACEHOLDER_AUTH_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
# The delegates' browser: the meeting is in Seoul; any fixed value keeps runs comparable.
CONTEXT = {"timezone": "Asia/Seoul", "timezone_offset": -540, "locale": "en-US", "color_scheme": "light"}
# Choice widgets a "filter change" may use, and every widget kind whose value the client holds as a browser does.
CHOICE_KINDS = ("selectbox", "radio", "multiselect", "button_group")
VALUE_KINDS = (*CHOICE_KINDS, "checkbox", "text_input")
MAX_TEXT_CHARS = 300
MAX_ERRORS_REPORTED = 10


def check_loopback(url: str) -> str:
    """The server's base URL (scheme://host:port[/base]) when it is on loopback; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ws", "wss"):
        raise ValueError(f"not an http(s) or ws(s) URL: {url!r}")
    if parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"refusing a non-loopback server {parts.hostname!r}: only {', '.join(LOOPBACK_HOSTS)}")
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    port = f":{parts.port}" if parts.port else ""
    return f"{scheme}://{host}{port}{parts.path.rstrip('/')}"


def _ws_url(base: str) -> str:
    return ("wss" if base.startswith("https") else "ws") + base[base.index(":") :] + "/" + STREAM_PATH


class CacheMissError(RuntimeError):
    """A ref_hash for a message the client does not hold: the browser fails the same way."""


class ForwardMsgCache:
    """The browser's ForwardMsg cache (frontend/connection/src/ForwardMessageCache.ts), kept as encoded bytes."""

    def __init__(self) -> None:
        self._messages: dict[str, _CacheEntry] = {}
        self._run_count = 0

    def __contains__(self, msg_hash: str) -> bool:
        return msg_hash in self._messages

    def __len__(self) -> int:
        return len(self._messages)

    def hashes(self) -> list[str]:
        """What the next rerun reports as cached_message_hashes."""
        return list(self._messages)

    def process(self, data: bytes) -> tuple[ForwardMsg, bool]:
        """Decode one frame: store it when cacheable, resolve it when a ref_hash. Returns (message, was_ref)."""
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") != "ref_hash":
            if msg.metadata.cacheable and msg.hash:
                entry = self._messages.get(msg.hash)
                if entry is None:
                    self._messages[msg.hash] = _CacheEntry(bytes(data), self._run_count, msg.delta.fragment_id)
                else:
                    entry.used_at = self._run_count
            return msg, False
        entry = self._messages.get(msg.ref_hash)
        if entry is None:
            raise CacheMissError(f"ref_hash {msg.ref_hash} is not in the client's cache")
        entry.used_at = self._run_count
        resolved = ForwardMsg()
        resolved.ParseFromString(entry.encoded)
        resolved.metadata.CopyFrom(msg.metadata)  # the reference carries this run's metadata (delta path etc.)
        return resolved, True

    def increment_run_count(self, max_age: int, fragment_ids: list[str] | None = None) -> None:
        """After a completed run: expire entries unused for more than max_age runs (after a fragment run, only
        that fragment's entries)."""
        self._run_count += 1
        for msg_hash, entry in list(self._messages.items()):
            if fragment_ids and entry.fragment_id not in fragment_ids:
                continue
            if self._run_count - entry.used_at > max_age:
                del self._messages[msg_hash]


@dataclass
class _CacheEntry:
    encoded: bytes
    used_at: int  # the run count when the message was last received or referenced
    fragment_id: str


@dataclass
class RunResult:
    """One rerun: what was asked, how long until script_finished, what came back."""

    label: str
    page: str
    seconds: float | None = None  # None when the run never finished
    bytes: int = 0
    messages: int = 0
    ref_hits: int = 0
    finished: bool = False
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # what a user reads: headings, text, labels, in order
    headings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.finished and not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "page": self.page,
            "seconds": None if self.seconds is None else round(self.seconds, 4),
            "bytes": self.bytes,
            "messages": self.messages,
            "ref_hash_messages": self.ref_hits,
            "finished": self.finished,
            "errors": list(self.errors),
        }


@dataclass
class Widget:
    kind: str
    element: Any  # the widget's proto (Selectbox, Radio, ...)
    script_hash: str  # metadata.active_script_hash: the main script's or a page's
    fragment_id: str

    @property
    def id(self) -> str:
        return self.element.id

    @property
    def label(self) -> str:
        return self.element.label

    @property
    def options(self) -> list[str]:
        if self.kind == "button_group":
            return [o.content for o in self.element.options]
        return list(self.element.options)


@dataclass
class _PendingRun:
    result: RunResult
    started: float
    done: asyncio.Future
    saw_new_session: bool = False
    run_id: str = ""
    fragment_ids: list[str] = field(default_factory=list)
    widget_ids: list[str] = field(default_factory=list)


def _default_state(kind: str, el: Any) -> WidgetState | None:
    """The value a widget commits on mount when the server did not set one (useBasicWidgetState)."""
    state = WidgetState(id=el.id)
    if kind in ("selectbox", "radio"):
        if not el.HasField("default") or not 0 <= el.default < len(el.options):
            return None
        state.string_value = el.options[el.default]
    elif kind == "multiselect":
        state.string_array_value.data.extend(el.options[i] for i in el.default if 0 <= i < len(el.options))
    elif kind == "button_group":
        state.string_array_value.data.extend(el.options[i].content for i in el.default if 0 <= i < len(el.options))
    elif kind == "checkbox":
        state.bool_value = el.default
    elif kind == "text_input":
        if not el.HasField("default"):
            return None
        state.string_value = el.default
    return state


def _set_state(kind: str, el: Any) -> WidgetState | None:
    """The value the server set (proto set_value: session_state or the URL)."""
    state = WidgetState(id=el.id)
    if kind in ("selectbox", "radio"):
        if not el.HasField("raw_value"):
            return None
        state.string_value = el.raw_value
    elif kind in ("multiselect", "button_group"):
        state.string_array_value.data.extend(el.raw_values)
    elif kind == "checkbox":
        state.bool_value = el.value
    elif kind == "text_input":
        if not el.HasField("value"):
            return None
        state.string_value = el.value
    return state


def _visible_text(kind: str, el: Any) -> str | None:
    if kind in ("heading", "markdown", "text", "alert"):
        return getattr(el, kind).body
    if kind == "metric":
        return f"{el.metric.label}: {el.metric.body}"
    if kind in CHOICE_KINDS or kind in ("checkbox", "text_input"):
        return getattr(el, kind).label
    return None


class Session:
    """One browser tab: a websocket to the app, its message cache, its widget values and its current page."""

    def __init__(self, url: str, *, timeout: float = 120.0, name: str = "session") -> None:
        self.base = check_loopback(url)
        self.ws_url = _ws_url(self.base)
        self.timeout = timeout
        self.name = name
        self.cache = ForwardMsgCache()
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash, from the latest navigation message
        self.page_titles: dict[str, str] = {}
        self.main_script_hash = ""
        self.page_hash = ""  # the page the latest run was on
        self.query_string = ""
        self.max_cached_message_age = 2
        self.widgets: dict[str, Widget] = {}
        self.values: dict[str, WidgetState] = {}  # what the browser's WidgetStateManager holds
        self.errors: list[str] = []
        self.runs: list[RunResult] = []
        self.bytes_received = 0
        self.idle_bytes = 0  # received while no rerun of ours was pending
        self._last_widget_ids: list[str] = []
        self._navigation_seen = False
        self._ws: Any = None
        self._reader: asyncio.Task | None = None
        self._run: _PendingRun | None = None
        self._closing = False
        self.closed = True

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def path(self) -> str:
        """The url path of the page the latest run was on."""
        return next((p for p, h in self.pages.items() if h == self.page_hash), "")

    def _error(self, text: str) -> None:
        text = f"{self.name}: {text}"
        self.errors.append(text)
        if self._run is not None:
            self._run.result.errors.append(text)

    async def connect(self) -> bool:
        """Open the websocket as the frontend does; False (and an error recorded) when the server refuses."""
        origin = self.base.split("/", 3)
        try:
            self._ws = await websockets.connect(
                self.ws_url,
                subprotocols=["streamlit", PLACEHOLDER_AUTH_TOKEN],
                origin="/".join(origin[:3]),
                max_size=None,  # the server's own limit (server.maxMessageSize) applies
                ping_interval=None,  # browsers do not ping; the server pings and the library answers
                open_timeout=self.timeout,
            )
        except (TimeoutError, OSError, websockets.InvalidHandshake) as exc:
            self._error(f"connection failed: {type(exc).__name__}: {exc}")
            return False
        if self._ws.subprotocol != "streamlit":
            self._error(f"server selected subprotocol {self._ws.subprotocol!r}")
        self.closed = False
        self._reader = asyncio.create_task(self._read(), name=f"loadgen-reader-{self.name}")
        return True

    async def close(self) -> None:
        self._closing = True
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 10)
            except (TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
        self.closed = True

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self._on_frame(data)
        except websockets.ConnectionClosed as exc:
            if not self._closing:
                self._error(f"connection closed: {exc}")
        except Exception as exc:  # a bug here must end the run with an error, not hang it until the timeout
            self._error(f"client error: {type(exc).__name__}: {exc}")
        else:
            if not self._closing:
                self._error("connection closed by the server")
        finally:
            self.closed = True
            if self._run is not None and not self._run.done.done():
                self._run.done.set_result(None)

    def _on_frame(self, data: bytes | str) -> None:
        run = self._run
        self.bytes_received += len(data)
        if run is None:
            self.idle_bytes += len(data)
        else:
            run.result.bytes += len(data)
            run.result.messages += 1
        if isinstance(data, str):
            self._error("text frame received; Streamlit sends binary protobufs only")
            return
        try:
            msg, was_ref = self.cache.process(data)
        except CacheMissError as exc:
            self._error(str(exc))
            return
        if was_ref and run is not None:
            run.result.ref_hits += 1
        self._dispatch(msg, run)

    def _dispatch(self, msg: ForwardMsg, run: _PendingRun | None) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            session = msg.new_session
            self.main_script_hash = session.main_script_hash
            if session.config.max_cached_message_age > 0:
                self.max_cached_message_age = session.config.max_cached_message_age
            fragment_ids = list(msg.metadata.run.fragment_ids)
            if not fragment_ids:
                self.page_hash = session.page_script_hash
            if not self._navigation_seen:
                # An app without pages sends no navigation message; new_session lists its one page. (Once an app
                # has sent navigation, new_session's url_pathname holds page titles: navigation is the menu.)
                self.pages = {p.url_pathname: p.page_script_hash for p in session.app_pages}
                self.page_titles = {p.url_pathname: p.page_name for p in session.app_pages}
            if run is not None:
                run.saw_new_session = True
                run.run_id = msg.metadata.run.script_run_id
                run.fragment_ids = fragment_ids
                if not fragment_ids:
                    run.widget_ids = []
        elif kind == "navigation":
            self._navigation_seen = True
            nav = msg.navigation
            self.pages = {p.url_pathname: p.page_script_hash for p in nav.app_pages}
            self.page_titles = {p.url_pathname: p.page_name for p in nav.app_pages}
            if nav.page_script_hash:
                self.page_hash = nav.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            asked = f"/{run.result.page}" if run is not None else "?"
            self._error(f"page not found: asked for {asked}, the server ran the default page")
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            exc = msg.session_event.script_compilation_exception
            self._error(f"script compilation error: {exc.type}: {exc.message}")
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._on_element(msg, run)
        elif kind == "script_finished":
            self._on_script_finished(msg, run)

    def _on_element(self, msg: ForwardMsg, run: _PendingRun | None) -> None:
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        if kind == "exception":
            self._error(f"exception shown: {el.exception.type}: {el.exception.message[:MAX_TEXT_CHARS]}")
        text = _visible_text(kind, el)
        if text and run is not None:
            run.result.texts.append(text[:MAX_TEXT_CHARS])
            if kind == "heading":
                run.result.headings.append(text[:MAX_TEXT_CHARS])
            elif kind == "markdown" and text.startswith("#"):  # a section's heading, "## …" (wego_ui/layout.heading)
                run.result.headings.append(text.lstrip("#").strip()[:MAX_TEXT_CHARS])
        if kind not in VALUE_KINDS:
            return
        proto = getattr(el, kind)
        widget_id = proto.id
        if proto.set_value:
            state = _set_state(kind, proto)
            if state is None:
                self.values.pop(widget_id, None)
            else:
                self.values[widget_id] = state
        elif widget_id not in self.values:
            state = _default_state(kind, proto)
            if state is not None:
                self.values[widget_id] = state
        self.widgets[widget_id] = Widget(kind, proto, msg.metadata.active_script_hash, msg.delta.fragment_id)
        if run is not None:
            run.widget_ids.append(widget_id)

    def _on_script_finished(self, msg: ForwardMsg, run: _PendingRun | None) -> None:
        if run is None or not run.saw_new_session:
            return  # a run from before our request (the frontend ignores these too)
        if msg.metadata.run.script_run_id and run.run_id and msg.metadata.run.script_run_id != run.run_id:
            return
        status = msg.script_finished
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return  # the script asked for another run (st.rerun, st.switch_page): wait for that one
        if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self._error("script finished with a compile error")
        elif status in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            self.cache.increment_run_count(self.max_cached_message_age, run.fragment_ids)
            if not run.fragment_ids:
                drawn = set(run.widget_ids)
                for widget_id in [w for w in self.widgets if w not in drawn]:
                    self.widgets.pop(widget_id)
                    self.values.pop(widget_id, None)
                self._last_widget_ids = list(run.widget_ids)
        run.result.finished = True
        run.result.seconds = time.perf_counter() - run.started
        if not run.done.done():
            run.done.set_result(None)

    def _client_state(
        self,
        *,
        page_script_hash: str = "",
        page_name: str = "",
        query_string: str = "",
        widget_ids: list[str] | None = None,
        fragment_id: str = "",
        path: str = "",
    ) -> ClientState:
        state = ClientState(
            query_string=query_string,
            page_script_hash=page_script_hash,
            page_name=page_name,
            fragment_id=fragment_id,
        )
        state.widget_states.SetInParent()  # always present, if empty, as createWidgetStatesMsg() sends it
        ids = self.values if widget_ids is None else [w for w in widget_ids if w in self.values]
        state.widget_states.widgets.extend(self.values[w] for w in ids)
        state.cached_message_hashes.extend(self.cache.hashes())
        info = state.context_info
        info.timezone = CONTEXT["timezone"]
        info.timezone_offset = CONTEXT["timezone_offset"]
        info.locale = CONTEXT["locale"]
        info.url = f"{self.base}/{path}" + (f"?{query_string}" if query_string else "")
        info.is_embedded = False
        info.color_scheme = CONTEXT["color_scheme"]
        return state

    async def _rerun(self, label: str, page: str, state: ClientState) -> RunResult:
        result = RunResult(label=label, page=page)
        self.runs.append(result)
        if self.closed or self._ws is None:
            self._error(f"{label}: not connected")
            return result
        done = asyncio.get_running_loop().create_future()
        pending = _PendingRun(result=result, started=time.perf_counter(), done=done)
        self._run = pending
        try:
            await self._ws.send(BackMsg(rerun_script=state).SerializeToString())
            await asyncio.wait_for(pending.done, self.timeout)
        except TimeoutError:
            self._error(f"{label}: no script_finished within {self.timeout:g} s")
        except websockets.ConnectionClosed as exc:
            self._error(f"{label}: connection closed while sending: {exc}")
        finally:
            self._run = None
        if not result.finished and not result.errors:
            self._error(f"{label}: the run did not finish")
        return result

    async def load(self, path: str = "", query_string: str = "") -> RunResult:
        """The first run of a tab opened at /<path>?<query_string>: page by name, no widgets, nothing cached yet."""
        state = self._client_state(page_name=path, query_string=query_string, widget_ids=[], path=path)
        return await self._rerun(f"load /{path}", path, state)

    async def navigate(self, path: str) -> RunResult:
        """A click on the page menu: the target page by hash, the query string cleared, the sidebar's widgets kept."""
        main_widgets = [w for w in self._last_widget_ids if self.widgets[w].script_hash == self.main_script_hash]
        if path in self.pages:
            state = self._client_state(page_script_hash=self.pages[path], widget_ids=main_widgets, path=path)
        else:  # not in the app's menu: what a typed URL does (the server answers page_not_found)
            state = self._client_state(page_name=path, widget_ids=main_widgets, path=path)
        return await self._rerun(f"navigate /{path}", path, state)

    async def rerun(self) -> RunResult:
        """The current page again with every held widget value (what any widget interaction sends)."""
        path = self.path
        state = self._client_state(page_script_hash=self.page_hash, query_string=self.query_string, path=path)
        return await self._rerun(f"rerun /{path}", path, state)

    def filter_widgets(self) -> list[Widget]:
        """Choice widgets the latest run drew on the current page (in a single-script app: anywhere, sidebar too)."""
        single_script = self.page_hash == self.main_script_hash
        found = []
        for widget_id in self._last_widget_ids:
            widget = self.widgets.get(widget_id)
            if widget is None or widget.kind not in CHOICE_KINDS or widget.element.disabled:
                continue
            if len(widget.options) < 2 or (not single_script and widget.script_hash != self.page_hash):
                continue
            found.append(widget)
        return found

    async def change_filter(self, rng: random.Random | None = None) -> RunResult | None:
        """Pick a choice widget of the page and another of its options, as a user would; None when there is none.

        Without rng: the page's first such widget and its first option other than the held one (for tests)."""
        widgets = self.filter_widgets()
        if not widgets:
            return None
        widget = rng.choice(widgets) if rng else widgets[0]
        options = widget.options
        held = self.values.get(widget.id)
        if held is None:
            current: list[str] = []
        elif held.WhichOneof("value") == "string_value":
            current = [held.string_value]
        else:
            current = list(held.string_array_value.data)
        choices = [o for o in options if [o] != current]
        choice = rng.choice(choices) if rng else choices[0]
        state = WidgetState(id=widget.id)
        if widget.kind in ("selectbox", "radio"):
            state.string_value = choice
        else:
            state.string_array_value.data.append(choice)
        self.values[widget.id] = state
        path = self.path
        client_state = self._client_state(
            page_script_hash=self.page_hash, query_string=self.query_string, fragment_id=widget.fragment_id, path=path
        )
        return await self._rerun(f"filter /{path} {widget.label}={choice}", path, client_state)


def _percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), q in 0..100."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _summary(values: list[float]) -> dict[str, Any]:
    def r(v: float | None) -> float | None:
        return None if v is None else round(v, 4)

    return {
        "n": len(values),
        "p50": r(_percentile(values, 50)),
        "p95": r(_percentile(values, 95)),
        "max": r(max(values) if values else None),
        "values": [round(v, 4) for v in values],
    }


def _check_load_args(
    sessions: int, pages: list[str], think: tuple[float, float], clicks: int, timeout: float = 120.0
) -> None:
    if not 1 <= sessions <= MAX_SESSIONS:
        raise ValueError(f"sessions must be 1..{MAX_SESSIONS}, not {sessions}")
    if not 0 <= clicks <= MAX_CLICKS:
        raise ValueError(f"clicks must be 0..{MAX_CLICKS}, not {clicks}")
    if not pages:
        raise ValueError("pages must name at least one page ('' is the default page)")
    if not 0 < timeout <= 3600:
        raise ValueError(f"timeout must be 0 < timeout <= 3600 s, not {timeout}")
    low, high = think
    if not 0 <= low <= high <= MAX_THINK_S:
        raise ValueError(f"think must be 0 <= low <= high <= {MAX_THINK_S:g}, not {think}")


async def _delegate(
    index: int,
    url: str,
    pages: list[str],
    think: tuple[float, float],
    clicks: int,
    rng: random.Random,
    timeout: float,
    connect_spread: float,
    out: list[Session | None],
) -> None:
    """One delegate: open the link, then alternate page clicks and (where the page has one) a filter change."""
    if connect_spread > 0:
        await asyncio.sleep(rng.uniform(0, connect_spread))
    session = Session(url, timeout=timeout, name=f"s{index}")
    out[index] = session
    if not await session.connect():
        return
    await session.load()
    position = pages.index("") if "" in pages else -1
    filter_next = False
    for _ in range(clicks):
        if session.closed:
            return
        await asyncio.sleep(rng.uniform(*think))
        if filter_next and session.filter_widgets():
            await session.change_filter(rng)
            filter_next = False
        else:
            position = (position + 1) % len(pages)
            await session.navigate(pages[position])
            filter_next = True


async def run_load(
    url: str,
    sessions: int,
    *,
    pages: list[str],
    think: tuple[float, float] = (5.0, 15.0),
    clicks: int = 4,
    seed: int = 42,
    timeout: float = 120.0,
    connect_spread: float = 0.0,
) -> dict[str, Any]:
    """N delegates at once: each loads the default page, then makes `clicks` timed clicks, each after a think time.

    A click is a page-menu click to the next page of `pages` (cyclically, starting after the default page); when
    the page reached has a choice filter, the next click changes it instead (another option, both drawn from the
    session's own `random.Random(seed + i)`), then the click after moves on. Every session stays open until all are
    done, as the delegates' tabs would. Each run may take `timeout` seconds; the whole load has a hard deadline."""
    base = check_loopback(url)
    pages = list(pages)
    _check_load_args(sessions, pages, think, clicks, timeout)
    deadline_s = connect_spread + (clicks + 1) * timeout + clicks * think[1] + 30
    out: list[Session | None] = [None] * sessions
    started = time.perf_counter()
    tasks = [
        asyncio.create_task(
            _delegate(i, base, pages, think, clicks, random.Random(seed + i), timeout, connect_spread, out)
        )
        for i in range(sessions)
    ]
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    wall_s = time.perf_counter() - started
    errors: list[str] = []
    for task in done:
        if task.exception() is not None:
            errors.append(f"delegate crashed: {type(task.exception()).__name__}: {task.exception()}")
    if pending:
        errors.append(f"{len(pending)} sessions unfinished at the {deadline_s:.0f} s deadline")
    await asyncio.gather(*(s.close() for s in out if s is not None), return_exceptions=True)

    first_load, click_s, navigate_s, filter_s = [], [], [], []
    bytes_first, bytes_clicks, ref_hits, completed = 0, 0, 0, 0
    for session in out:
        if session is None:
            continue
        errors.extend(session.errors)
        if session.runs and all(r.finished for r in session.runs) and len(session.runs) == clicks + 1:
            completed += 1
        for number, run in enumerate(session.runs):
            ref_hits += run.ref_hits
            if number == 0:
                bytes_first += run.bytes
                if run.finished:
                    first_load.append(run.seconds)
                continue
            bytes_clicks += run.bytes
            if run.finished:
                click_s.append(run.seconds)
                (filter_s if run.label.startswith("filter") else navigate_s).append(run.seconds)
    total_bytes = sum(s.bytes_received for s in out if s is not None)
    return {
        "url": base,
        "sessions": sessions,
        "completed_sessions": completed,
        "clicks_per_session": clicks,
        "pages": pages,
        "think_s": list(think),
        "seed": seed,
        "connect_spread_s": connect_spread,
        "wall_s": round(wall_s, 3),
        "first_load_s": _summary(first_load),
        "click_s": _summary(click_s),
        "navigate_s": _summary(navigate_s),
        "filter_s": _summary(filter_s),
        "errors": {"count": len(errors), "first": errors[:MAX_ERRORS_REPORTED]},
        "bytes_received": {
            "total": total_bytes,
            "first_loads": bytes_first,
            "clicks": bytes_clicks,
            "per_first_load": round(bytes_first / sessions),
            "per_click": round(bytes_clicks / max(len(click_s), 1)),
        },
        "ref_hash_messages": ref_hits,
    }


async def page_costs(url: str, pages: list[str], *, timeout: float = 120.0) -> list[dict[str, Any]]:
    """What each page costs one session: its first visit, and a second one with the cache reported.

    One session loads the default page (the first visit of ""), then for each other page: visits it, visits the
    default page, visits it again. The default page's second visit comes last, after the page visited before it.
    A second visit within max_cached_message_age runs gets its large elements back as ref_hash references,
    unless the page builds them differently each run."""
    pages = list(pages)
    if not pages:
        raise ValueError("pages must name at least one page ('' is the default page)")
    rows: dict[str, dict[str, Any]] = {}
    async with Session(url, timeout=timeout, name="costs") as session:
        load = await session.load()
        for path in [p for p in pages if p != ""]:
            if path in rows:
                continue
            first = await session.navigate(path)
            await session.navigate("")
            second = await session.navigate(path)
            rows[path] = _cost_row(path, session, first, second)
        if "" in pages:
            others = [p for p in pages if p != ""]
            if others:
                await session.navigate(others[-1])
                second = await session.navigate("")
            else:
                second = await session.rerun()
            rows[""] = _cost_row("", session, load, second)
    return [rows[p] for p in dict.fromkeys(pages)]


def _cost_row(path: str, session: Session, first: RunResult, second: RunResult) -> dict[str, Any]:
    return {
        "page": path,
        "menu_title": session.page_titles.get(path),
        "heading": first.headings[0] if first.headings else None,
        "first": first.to_dict(),
        "second": second.to_dict(),
    }


class ProcessMeter:
    """CPU seconds and RSS of some processes and all their descendants, sampled from /proc in a thread.

    cpu_s: utime+stime consumed during the window (processes born in it count from zero; time of a child that
    exits between two samples is lost, and reaped children's cutime is not counted). RSS is the sum of VmRSS over
    the tree (shared pages counted once per process). Linux only; no psutil."""

    def __init__(self, pids: int | list[int], interval: float = 0.2) -> None:
        self.roots = [pids] if isinstance(pids, int) else list(pids)
        self.interval = interval
        self._ticks = os.sysconf("SC_CLK_TCK")
        self._baseline: dict[tuple[int, int], int] = {}
        self._last: dict[tuple[int, int], int] = {}
        self._peak_rss = 0
        self._rss_now = 0
        self._samples = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started_at = 0.0
        self._stopped_at: float | None = None

    def __enter__(self) -> ProcessMeter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> ProcessMeter:
        self._sample(first=True)
        self._started_at = time.perf_counter()
        self._thread = threading.Thread(target=self._loop, name="loadgen-meter", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._sample()
        self._stopped_at = time.perf_counter()
        return self.result()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    @staticmethod
    def tree(roots: list[int]) -> list[int]:
        """The roots that still exist and all their descendants."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            stat = _read_stat(int(entry))
            if stat is not None:
                children.setdefault(stat[0], []).append(int(entry))
        found, todo = [], [r for r in roots if os.path.exists(f"/proc/{r}")]
        while todo:
            pid = todo.pop()
            if pid not in found:
                found.append(pid)
                todo.extend(children.get(pid, []))
        return found

    @classmethod
    def rss_bytes(cls, pids: int | list[int]) -> int:
        """Total VmRSS of the processes and their descendants now."""
        return sum(_read_rss(p) for p in cls.tree([pids] if isinstance(pids, int) else list(pids)))

    def _sample(self, first: bool = False) -> None:
        rss = 0
        with self._lock:
            for pid in self.tree(self.roots):
                stat = _read_stat(pid)
                if stat is None:
                    continue
                _, starttime, ticks = stat
                key = (pid, starttime)
                if key not in self._baseline:
                    self._baseline[key] = ticks if first else 0
                self._last[key] = ticks
                rss += _read_rss(pid)
            self._rss_now = rss
            self._peak_rss = max(self._peak_rss, rss)
            self._samples += 1

    def result(self) -> dict[str, Any]:
        with self._lock:
            ticks = sum(self._last[k] - self._baseline[k] for k in self._last)
            end = self._stopped_at if self._stopped_at is not None else time.perf_counter()
            return {
                "cpu_s": round(ticks / self._ticks, 3),
                "wall_s": round(end - self._started_at, 3),
                "peak_rss_bytes": self._peak_rss,
                "rss_now_bytes": self._rss_now,
                "samples": self._samples,
                "processes": len(self._last),
            }


def _read_stat(pid: int) -> tuple[int, int, int] | None:
    """(ppid, starttime, utime+stime in clock ticks) from /proc/<pid>/stat, None when the process is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            raw = f.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces or ")": fields start after the last ")".
    fields = raw[raw.rfind(")") + 2 :].split()
    # fields[0] is field 3 (state) of proc(5): ppid is 4, utime 14, stime 15, starttime 22.
    return int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12])


def _read_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0  # gone, or a kernel thread / zombie without VmRSS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the Streamlit server, on loopback, e.g. http://127.0.0.1:8501")
    parser.add_argument("--sessions", type=int, default=10, help=f"concurrent sessions (at most {MAX_SESSIONS})")
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"), help="seconds")
    parser.add_argument("--pages", nargs="+", default=[""], help='url paths to visit in turn; "" is the default page')
    parser.add_argument("--clicks", type=int, default=4, help="clicks per session after the first load")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one run may take")
    parser.add_argument("--spread", type=float, default=0.0, help="connect over this many seconds, not at once")
    parser.add_argument("--costs", action="store_true", help="one session: each page's first and second visit")
    parser.add_argument("--meter-pid", type=int, action="append", default=[], help="also meter this pid's tree")
    args = parser.parse_args(argv)
    try:
        check_loopback(args.url)
        if not args.costs:
            _check_load_args(args.sessions, args.pages, tuple(args.think), args.clicks, args.timeout)
    except ValueError as exc:
        parser.error(str(exc))
    meter = ProcessMeter(args.meter_pid).start() if args.meter_pid else None
    if args.costs:
        result: Any = asyncio.run(page_costs(args.url, args.pages, timeout=args.timeout))
    else:
        result = asyncio.run(
            run_load(
                args.url,
                args.sessions,
                pages=args.pages,
                think=tuple(args.think),
                clicks=args.clicks,
                seed=args.seed,
                timeout=args.timeout,
                connect_spread=args.spread,
            )
        )
    if meter is not None:
        result = {"result": result, "server": meter.stop()}
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
