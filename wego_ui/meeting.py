"""Delegates follow the presenter: who presents, publishing the presenter's view, following it (issues #4, #9).

The presenter is whoever signed in with the presenter role (wego_ui/auth.py; the role survives a reload and works
in projector mode), or, in a meeting without an identity provider, whoever types the key (WEGO_PRESENTER_KEY, or
presenter_key in .streamlit/secrets.toml) into the sidebar's password field. The key is compared in constant time,
never put in a URL; wrong guesses are logged and limited per client address (wego_ui/protect.py). Followers
(`?follow=1`) keep their own language and unit, take everything else from the board, and can detach and rejoin with
one click.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import urllib.parse

import streamlit as st

from wego_ui import auth, layout, protect
from wego_ui import board as boards

# A follower's session asks the board this often whether the presenter moved; with the rerun that follows, the
# follower's screen changes well inside the 2 seconds promised (`make bench` measures it end to end).
POLL_SECONDS = 0.5
PERSONAL = ("lang", "unit", "follow", "present")
_KEY_INPUT = "presenter_key_input"
_APPLIED = "_wego_follow_version"
_DETACHED = "_wego_detached"
_PROVEN = "_wego_presenter"
_CHECKED = "_wego_key_checked"


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
    """True when this session presents: signed in with the presenter role, or (without one) typed the right key
    into the sidebar's field. Presentation mode has no sidebar: a session that proved the key keeps presenting."""
    if auth.is_presenter():
        if show_field:
            st.sidebar.success(t("meeting.presenting"), icon=":material/co_present:")
            projector_link(t)
        return True
    key = configured_key()
    if not key:
        return False
    if not show_field:
        return bool(st.session_state.get(_PROVEN))
    typed = st.sidebar.text_input(t("meeting.key"), type="password", key=_KEY_INPUT, help=t("meeting.key_help"))
    proven = _check_key(typed, key, t) if typed else False
    st.session_state[_PROVEN] = proven
    if proven:
        st.sidebar.success(t("meeting.presenting"), icon=":material/co_present:")
        projector_link(t)
    return proven


def _check_key(typed: str, key: str, t) -> bool:
    """Each newly typed value counts once (a rerun with the same field value is not another guess); a client over
    its allowance of wrong guesses is locked out for a while, and every wrong guess is logged with its address."""
    fingerprint = hashlib.sha256(typed.encode("utf-8")).hexdigest()
    checked = st.session_state.get(_CHECKED)
    if checked is not None and checked[0] == fingerprint and checked[1] is not None:
        if not checked[1]:
            st.sidebar.error(t("meeting.wrong_key"), icon=":material/key_off:")
        return checked[1]
    attempts, who = protect.key_attempts(), protect.client()
    wait = attempts.locked_for(who)
    if wait > 0:
        # Not compared at all while locked out, and not remembered: the same value is checked once the lock ends.
        protect.LOG.warning("presenter key attempt from %s refused: locked out for %.0f s more", who, wait)
        st.session_state[_CHECKED] = (fingerprint, None)
        st.sidebar.error(t("meeting.locked", seconds=int(wait) + 1), icon=":material/lock_clock:")
        return False
    ok = hmac.compare_digest(typed.encode("utf-8"), key.encode("utf-8"))
    st.session_state[_CHECKED] = (fingerprint, ok)
    if ok:
        attempts.succeeded(who)
        protect.LOG.info("presenter key accepted from %s (session %s)", who, protect.session())
        return True
    locked = attempts.failed(who)
    protect.LOG.warning(
        "wrong presenter key from %s (session %s)%s",
        who,
        protect.session(),
        f"; locked out for {locked:.0f} s" if locked else "",
    )
    st.sidebar.error(t("meeting.wrong_key"), icon=":material/key_off:")
    return False


def projector_link(t) -> None:
    """One click from the presenter's screen to the projector view of the same snapshot, language and unit."""
    personal = {k: v for k, v in st.query_params.items() if k in ("lang", "unit", "snapshot")}
    query = urllib.parse.urlencode({"present": "1", **personal})
    # Relative to the app's root (every page is one level below it), so it also works under a base URL path.
    st.sidebar.link_button(
        t("meeting.projector"), f"./?{query}", icon=":material/slideshow:", help=t("meeting.projector_help")
    )


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
