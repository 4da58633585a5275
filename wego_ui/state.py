"""State in the URL: the sidebar's snapshot, language and unit, and each page's filters.

A value from the URL is used only when it is on the allow-list; anything else (an unknown snapshot, lang=xx,
year=abc, 5,000 characters, HTML or SQL) is ignored with a short notice and the default is used.

The URL is the record of what is shown (issue #10): the snapshot is always in it, so a copied link keeps its meaning;
each filter change is a browser history entry, and when the URL changes by any other way than this session's own
controls (Back, Forward, a click on a chart or map) the controls take the URL's values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import streamlit as st

from wego_view import i18n, params

MAX_PARAM_CHARS = 100
# The "all" choice of a filter. None cannot be an option: Streamlit shows a None value as an empty placeholder.
ALL = "all"
_BAD = "_wego_bad_params"
_BAD_CLICK = "_wego_bad_click"  # a refused click, noted before the run that shows the notice begins
_LEFT = "_wego_url_left"  # the URL as this session's last run left it
# The sidebar's settings. Streamlit's page menu opens a page with an empty query string (and a page link with only
# its own filters); a URL without the pinned snapshot is one of those, and keeps the session's settings.
SETTINGS = ("snapshot", "lang", "unit")


@dataclass(frozen=True)
class Context:
    snapshot_id: str
    as_of: object
    lang: str
    unit: str
    warnings: tuple
    t: Callable[..., str]
    audience: str = "public"  # wego_ui/auth.py: "committee" when signed in with that role


_HEADER_DONE = "_wego_header_done"


_IN_FRAME = "_wego_in_frame"


def begin_run() -> None:
    """Called by app.py at the top of every run; end_run() when the page has run."""
    st.session_state[_BAD] = list(st.session_state.pop(_BAD_CLICK, []))
    st.session_state[_HEADER_DONE] = False
    st.session_state[_IN_FRAME] = True
    follow_the_url()


def end_run() -> None:
    st.session_state[_IN_FRAME] = False
    st.session_state[_LEFT] = st.query_params.to_dict()


def follow_the_url() -> None:
    """Controls take the URL's values where the URL changed since the last run other than through them.

    Streamlit 1.67's frontend pushes a history entry for each change of st.query_params (App.handlePageInfoChanged:
    history.pushState, replaceState while it replays one), and on Back or Forward (popstate) reruns the page with
    the URL's query string (App.onHistoryChange). A control keeps its value in st.session_state, though, and would
    write it straight back to the URL: so a control whose parameter changed in the URL forgets its value here,
    before any widget is drawn, and reads the URL again (_init). A change made with a control leaves the URL as the
    last run left it (the control writes it during the run): the control's value stands."""
    left = st.session_state.get(_LEFT)
    now = st.query_params.to_dict()
    if left is not None and left != now:
        opened_from_menu = any(name not in now for name in params.PINNED)
        for name in set(left) | set(now):
            if left.get(name) == now.get(name):
                continue
            if opened_from_menu and name in SETTINGS and name not in now:
                continue
            st.session_state.pop(_key(name), None)
    st.session_state[_LEFT] = now


def header_done() -> None:
    """From here on a bad link setting is reported where its filter is, the header having been drawn."""
    st.session_state[_HEADER_DONE] = True


def notice(names: list[str], lang: str) -> None:
    st.warning(i18n.translate(lang, "notice.bad_param", names=", ".join(names)), icon=":material/link_off:")


def bad_params() -> list[str]:
    return list(st.session_state.get(_BAD, []))


def _note_bad(name: str) -> None:
    st.session_state.setdefault(_BAD, [])
    if name in st.session_state[_BAD]:
        return
    st.session_state[_BAD].append(name)
    if st.session_state.get(_HEADER_DONE):
        context = st.session_state.get("_wego_context")
        notice([name], context.lang if context else "en")


def from_url(name: str, allowed: Sequence, default, parse: Callable = str):
    """The URL's value for `name` when it parses to an allowed value; else the default (noting a bad value)."""
    raw = st.query_params.get(name)
    if raw is None or raw == "":
        return default
    if len(raw) <= MAX_PARAM_CHARS:
        try:
            value = parse(raw)
        except (TypeError, ValueError):
            value = None
        if value is not None and value in allowed:
            return value
    _note_bad(name)
    return default


def to_url(name: str, value, default) -> None:
    """Write `name` to the URL; absent when it is the default, unless it is pinned (the snapshot). Each change is a
    history entry in the browser."""
    param = params.PARAMS.get(name)
    if value is None or (value == default and not (param and param.pinned)):
        if name in st.query_params:
            del st.query_params[name]
    else:
        text = "1" if value is True else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text
    left = st.session_state.get(_LEFT)
    if left is not None:  # this session's own change: not one to follow in the next run
        if name in st.query_params:
            left[name] = st.query_params[name]
        else:
            left.pop(name, None)


def pin(name: str, value) -> None:
    """Put a pinned parameter (the snapshot) into the URL where no control writes it (presentation mode)."""
    to_url(name, value, None)


def clicked(name: str, raw) -> None:
    """A click on a chart's mark or a map's point (a widget callback, before the run): the filter `name` to `raw`,
    checked like a URL value, into the URL; the run that follows gives the filter's control the URL's value
    (follow_the_url). A value not allowed is refused with the notice a bad link gets."""
    value, ok = params.clicked_value(name, raw)
    if not ok:
        bad = st.session_state.setdefault(_BAD_CLICK, [])
        if name not in bad:
            bad.append(name)
        return
    if value is not None:
        text = params.PARAMS[name].to_text(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text


def _key(name: str) -> str:
    return f"url_{name}"


def _init(name: str, options: Sequence, default, parse: Callable) -> str:
    key = _key(name)
    if key not in st.session_state or st.session_state[key] not in options:
        st.session_state[key] = from_url(name, options, default, parse)
    return key


def initial(name: str, options: Sequence, default, parse: Callable = str):
    """The value selectbox(name, ...) shows in this run, known before the widget is drawn."""
    return st.session_state[_init(name, options, default, parse)]


def selectbox(
    name: str,
    label: str,
    options: Sequence,
    default,
    format_func: Callable = str,
    parse: Callable = str,
    container=st,
    **kwargs,
):
    """A selectbox whose value lives in the URL as `name` (absent when it is the default)."""
    key = _init(name, options, default, parse)
    value = container.selectbox(label, options, key=key, format_func=format_func, **kwargs)
    to_url(name, value, default)
    return value


def segmented(name: str, label: str, options: Sequence, default, format_func: Callable = str, container=st):
    key = _init(name, options, default, str)
    value = container.segmented_control(label, options, key=key, format_func=format_func, selection_mode="single")
    if value is None:  # a click on the selected option clears it; keep the choice instead
        value = default
    to_url(name, value, default)
    return value


def toggle(name: str, label: str, container=st) -> bool:
    key = _key(name)
    if key not in st.session_state:
        st.session_state[key] = from_url(name, ("1", "0"), "0") == "1"
    value = container.toggle(label, key=key)
    to_url(name, bool(value), False)
    return bool(value)


def text(name: str, label: str, container=st, **kwargs) -> str | None:
    key = _key(name)
    if key not in st.session_state:
        raw = st.query_params.get(name)
        if raw is not None and len(raw) > MAX_PARAM_CHARS:
            _note_bad(name)
            raw = None
        st.session_state[key] = raw or ""
    value = container.text_input(label, key=key, max_chars=MAX_PARAM_CHARS, **kwargs).strip()
    to_url(name, value or None, None)
    return value or None


def int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 6 else None


def filter_select(
    name: str,
    label: str,
    values: Sequence,
    t: Callable,
    label_prefix: str | None = None,
    parse: Callable = str,
    container=st,
    **kwargs,
):
    """A filter with an "All" choice first; returns None for All (what the queries take), else the value."""

    def show(value):
        if value == ALL:
            return t("all")
        return t(f"{label_prefix}.{value}") if label_prefix else str(value)

    def parse_or_all(text: str):
        return ALL if text == ALL else parse(text)

    value = selectbox(
        name, label, (ALL, *values), ALL, format_func=show, parse=parse_or_all, container=container, **kwargs
    )
    return None if value == ALL else value


def current() -> Context:
    """The context app.py set up for this run (snapshot, language, unit)."""
    if not st.session_state.get(_IN_FRAME) or "_wego_context" not in st.session_state:
        _run_through_the_frame()
    return st.session_state["_wego_context"]


# The pages/ folder next to app.py, and Streamlit 1.67 (paths under site-packages/streamlit/):
# - PagesManager.__init__ sets the class flag `uses_pages_directory` once per process, from `<app dir>/pages`
#   existing (runtime/pages_manager.py:60-63). While it is set, ScriptRunner runs `_mpa_v1` instead of app.py
#   (runtime/scriptrunner/script_runner.py:933-934): pages/*.py become a legacy page list beside app.py, and the
#   page the URL names runs on its own (script_runner.py:144-181). No config option turns that off.
# - The public way out is st.navigation: "As soon as any session of your app executes the st.navigation command,
#   your app will ignore the pages/ directory (across all sessions)" (commands/navigation.py:181, done at :399).
# So app.py calls st.navigation before it draws any widget, on every run. On a process's first request app.py runs
# as the legacy main page, under another page id; st.navigation switches the run back to the main script's id
# (ScriptRunContext.set_mpa_v2_page, runtime/scriptrunner_utils/script_run_context.py:290-292), and widget ids
# include that id (elements/lib/utils.py:306), so the widgets drawn after it keep their state into the next run.
# A deep link as that first request (/members) runs the page without app.py; the page's first call here
# (layout.header -> current()) lands in _run_through_the_frame. AppTest starts every run from the legacy state
# (testing/v1/app_test.py:666), so the AppTest suites go through both paths; tests/test_browser.py's
# test_fresh_server_* tests start a new server process for each scenario.
PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"


def _run_through_the_frame() -> NoReturn:
    """A page ran without app.py (Streamlit's legacy pages/ handling ran it, see above). Call st.navigation with
    the pages that handling offers (st.Page(file) names each page as it does), so the page in the URL stays the
    page to show, and run again at once, before any widget exists: now through app.py. (st.navigation's docs say
    to call it from the entrypoint; this run is the one Streamlit started without it, and it ends here.)"""
    legacy = sorted(p for p in PAGES_DIR.glob("*.py") if not p.name.startswith((".", "__")))
    st.navigation([st.Page(p) for p in legacy], position="hidden")
    st.rerun()


def set_current(context: Context) -> None:
    st.session_state["_wego_context"] = context


def translator() -> Callable[..., str]:
    return current().t
