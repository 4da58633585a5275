"""Delegates follow the presenter: the presenter key, publishing the presenter's view, following it (issue #4).

The presenter is whoever types the key (WEGO_PRESENTER_KEY, or presenter_key in .streamlit/secrets.toml) into the
sidebar's password field; it is compared in constant time and never put in a URL. Followers (`?follow=1`) keep
their own language and unit, take everything else from the board, and can detach and rejoin with one click.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

from wego_ui import board as boards
from wego_ui import layout

# A follower's session asks the board this often whether the presenter moved; with the rerun that follows, the
# follower's screen changes well inside the 2 seconds promised (`make bench` measures it end to end).
POLL_SECONDS = 0.5
PERSONAL = ("lang", "unit", "follow", "present")
_KEY_INPUT = "presenter_key_input"
_APPLIED = "_wego_follow_version"
_DETACHED = "_wego_detached"
_PROVEN = "_wego_presenter"


@st.cache_resource(show_spinner=False)
def shared_board() -> boards.Board:
    """One board per server process (or one file shared by several processes, see wego_ui/board.py)."""
    return boards.from_environment()


def configured_key() -> str | None:
    key = os.environ.get("WEGO_PRESENTER_KEY")
    if key:
        return key
    try:
        return st.secrets.get("presenter_key") or None
    except (FileNotFoundError, KeyError, AttributeError):  # no secrets.toml: no key from there
        return None
    except Exception:  # a damaged secrets.toml must not take the dashboard down
        return None


def is_presenter(t, show_field: bool = True) -> bool:
    """Show the presenter-key field in the sidebar; True when this session typed the right key. Presentation mode
    has no sidebar: a session that proved the key before keeps presenting there."""
    key = configured_key()
    if not key:
        return False
    if not show_field:
        return bool(st.session_state.get(_PROVEN))
    typed = st.sidebar.text_input(t("meeting.key"), type="password", key=_KEY_INPUT, help=t("meeting.key_help"))
    proven = bool(typed) and hmac.compare_digest(typed.encode("utf-8"), key.encode("utf-8"))
    st.session_state[_PROVEN] = proven
    if proven:
        st.sidebar.success(t("meeting.presenting"), icon=":material/co_present:")
    elif typed:
        st.sidebar.error(t("meeting.wrong_key"), icon=":material/key_off:")
    return proven


def wants_to_follow() -> bool:
    return st.query_params.get("follow") == "1" and not st.session_state.get(_DETACHED, False)


def apply_latest() -> str | None:
    """Put the presenter's latest view into this session's URL and filters; returns the page to show."""
    latest = shared_board().latest()
    if latest is None:
        return None
    version, view = latest
    if st.session_state.get(_APPLIED) != version:
        shared = dict(view.params)
        for name in list(st.query_params):
            if name not in PERSONAL and name not in shared:
                del st.query_params[name]
        for name, value in shared.items():
            st.query_params[name] = value
        # Widgets read the URL only when they have no state of their own yet: forget theirs (not lang and unit).
        for key in [k for k in st.session_state if str(k).startswith("url_") and k not in ("url_lang", "url_unit")]:
            del st.session_state[key]
        st.session_state[_APPLIED] = version
    return view.page


def highlight() -> str:
    latest = shared_board().latest()
    return latest[1].highlight if latest else ""


def publish(page: str, highlight_text: str = "") -> None:
    shared = {k: v for k, v in st.query_params.items() if k not in PERSONAL}
    shared_board().publish(boards.View.of(page, shared, highlight_text))


def detach() -> None:
    st.session_state[_DETACHED] = True
    st.session_state.pop(_APPLIED, None)
    if "follow" in st.query_params:
        del st.query_params["follow"]


def detached() -> bool:
    return bool(st.session_state.get(_DETACHED, False))


def rejoin() -> None:
    st.session_state[_DETACHED] = False
    st.session_state.pop(_APPLIED, None)
    st.query_params["follow"] = "1"


@st.fragment(run_every=POLL_SECONDS)
def follow_bar(t, pages: dict, shown_url: str | None = None) -> None:
    """The follower's bar: says whom they follow, detaches with one click, and reruns the app on a new view."""
    latest = shared_board().latest()
    if latest is not None and latest[0] != st.session_state.get(_APPLIED):
        st.rerun(scope="app")
    if shown_url is not None and st.context.url != shown_url:
        # A timer request sent before the page changed ran after the change (Streamlit ran it for the old page and
        # the browser cleared the new page's content): run the app again to draw the page on screen.
        st.rerun(scope="app")
    with st.container(horizontal=True, vertical_alignment="center"):
        if latest is None:
            st.caption(t("meeting.waiting"))
        else:
            st.caption(t("meeting.following"))
        st.button(t("meeting.detach"), on_click=detach, icon=":material/logout:", key="detach")
    text = highlight()
    if text:
        st.info(t("meeting.highlight", text=layout.md_escape(text)), icon=":material/ads_click:")


def rejoin_bar(t) -> None:
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t("meeting.detached"))
        st.button(t("meeting.rejoin"), on_click=rejoin, icon=":material/login:", key="rejoin")
