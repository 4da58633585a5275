"""What no visitor can break (issue #9): the server-wide cache clear a client may ask for, guessing the presenter
key, and piling up briefing-pack builds. One of each per server process."""

from __future__ import annotations

import logging
import threading

import streamlit as st
from streamlit.runtime import app_session

from wego_ui import limits

LOG = logging.getLogger("wego.security")
_PATCH_LOCK = threading.Lock()


def _refuse_clear_cache(self) -> None:
    # Streamlit's own handler clears st.cache_data and st.cache_resource for every session of the process (the
    # presenter's board included) on one message from any client (runtime/app_session.py,
    # AppSession._handle_clear_cache_request, "Because this cache is global, it will be cleared for all users").
    # The dashboard's caches are keyed by immutable snapshots and bounded; nothing needs a client to clear them.
    LOG.warning("refused a clear_cache request from session %s", getattr(self, "id", "?"))


def refuse_clear_cache() -> None:
    """Replace the server's handler of the client's clear_cache message, once per process (called by app.py)."""
    with _PATCH_LOCK:
        if app_session.AppSession._handle_clear_cache_request is not _refuse_clear_cache:
            app_session.AppSession._handle_clear_cache_request = _refuse_clear_cache


@st.cache_resource(show_spinner=False)
def key_attempts() -> limits.Attempts:
    """Failed presenter-key guesses in this process: 5 free per client in 5 minutes, then 30 s, doubling to 15 min."""
    return limits.Attempts()


@st.cache_resource(show_spinner=False)
def pack_queue() -> limits.BuildQueue:
    """Briefing packs: one build at a time per process (each takes a Chromium and ~300 MB), at most 5 per session in
    10 minutes, at most 20 waiting."""
    return limits.BuildQueue(slots=1, per_session=5, window=600.0, capacity=20)


def client() -> str:
    """Who is guessing: the client's address as the server sees it (the proxy's forwarded one under make serve)."""
    headers = st.context.headers or {}
    forwarded = headers.get("X-Forwarded-For", "")
    address = st.context.ip_address
    # The proxy appends the address it saw last; anything not a string (no client context) counts as one unknown.
    return forwarded.split(",")[-1].strip() or (address if isinstance(address, str) and address else "unknown")


def session() -> str:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "unknown"
