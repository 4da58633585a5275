"""Meeting tools through AppTest: presentation mode, the presenter key, delegates who follow (issue #4)."""

from __future__ import annotations

import pytest
import streamlit as st
from conftest import PROJECT, sign_in
from streamlit.testing.v1 import AppTest

from wego_ui import meeting

APP = str(PROJECT / "app.py")
KEY = "excom-2016-secret"


@pytest.fixture(autouse=True)
def presenter_key(monkeypatch, data_dir):
    monkeypatch.setenv("WEGO_PRESENTER_KEY", KEY)
    st.cache_data.clear()
    st.cache_resource.clear()  # a fresh in-process board for every test
    yield


def session(audience: str = "committee", **params) -> AppTest:
    """A delegate's session: signed in as a committee member (an EXCOM session's delegates), or the public."""
    at = AppTest.from_file(APP, default_timeout=60)
    if audience == "committee":
        sign_in(at, "wego-committee")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def become_presenter(at: AppTest, key: str = KEY) -> AppTest:
    at.sidebar.text_input(key="presenter_key_input").input(key).run()
    assert not at.exception
    return at


def title(at: AppTest) -> str:
    return at.title[0].value if at.title else at.header[0].value


def test_presentation_mode_one_section_per_screen():
    at = session(present="1", snapshot="2016-04-26")
    assert title(at) == "WeGO at a glance"
    assert "Data as of 26 Apr 2016 · snapshot 2016-04-26" in [c.value for c in at.caption]
    at.button(key="next").click().run()
    assert title(at) == "(a) WeGO operations and main programs for 2016 and 2017"
    assert at.query_params["slide"] == "2"
    at.button(key="previous").click().run()
    assert title(at) == "WeGO at a glance"
    assert at.button(key="previous").disabled


def test_presentation_mode_last_slide_and_bad_slide():
    # The 2016 EXCOM's agenda has four items: the overview and one slide each.
    at = session(present="1", slide="5", snapshot="2016-04-26")
    assert title(at) == "(d) Preparation of the 4th general assembly in 2017"
    assert at.button(key="next").disabled


def test_slides_without_a_recorded_agenda_show_the_standing_sections():
    # The 2025 snapshot's meeting in view (the 2025 EXCOM) has no public agenda: no 2016 item may appear.
    at = session(present="1", snapshot="2025-11-01")
    text = " ".join(str(e.value) for e in (*at.markdown, *at.info, *at.caption))
    assert "Last meeting held" in text and "No agenda of this meeting is on record" in text
    assert "2016 and 2017" not in text
    titles = []
    for n in range(2, 7):
        titles.append(title(session(present="1", snapshot="2025-11-01", slide=str(n))))
    assert titles == ["Programs and timeline", "Regional offices", "Members", "Budget and spending", "Upcoming events"]
    at = session(present="1", slide="99")
    assert title(at) == "WeGO at a glance"
    assert any("slide" in w.value for w in at.warning)


def test_the_key_field_is_a_password_and_never_in_the_url():
    at = session()
    field = at.sidebar.text_input(key="presenter_key_input")
    assert field.proto.type == field.proto.PASSWORD
    become_presenter(at)
    assert KEY not in str(dict(at.query_params))
    assert "You are presenting" in " ".join(s.value for s in at.sidebar.success)


def test_a_wrong_key_drives_nothing():
    presenter = become_presenter(session(), "guess")
    assert "That is not the presenter key." in " ".join(e.value for e in presenter.sidebar.error)
    presenter.switch_page("pages/budget.py").run()
    assert meeting.shared_board().latest() is None


def test_follower_sees_the_presenters_page_filter_and_snapshot_and_keeps_own_language():
    presenter = become_presenter(session(snapshot="2016-10-11-excom"))
    presenter.switch_page("pages/members.py").run()
    presenter.selectbox(key="url_status").set_value("applicant").run()
    assert presenter.query_params["status"] == "applicant"

    follower = session(follow="1", lang="ko")
    assert title(follower) == "회원"  # the presenter's page, in the follower's own language
    assert follower.selectbox(key="url_status").value == "applicant"
    assert follower.sidebar.selectbox(key="url_snapshot").value == "2016-10-11-excom"
    assert sorted(follower.dataframe[-1].value["이름"]) == ["물라", "세종", "야쿠츠크"]

    presenter.switch_page("pages/budget.py").run()
    follower.run()  # what the follower's 1-second poll does
    assert title(follower) == "예산 및 집행"


def test_a_public_follower_follows_the_presenter_and_reads_only_public_data():
    presenter = become_presenter(session(snapshot="2016-10-11-excom"))
    presenter.switch_page("pages/members.py").run()
    presenter.selectbox(key="url_status").set_value("applicant").run()
    follower = session(audience="public", follow="1")
    assert title(follower) == "Members"
    assert "You follow the presenter" in " ".join(c.value for c in follower.caption)
    assert follower.selectbox(key="url_status").value == "applicant"
    assert not [d for d in follower.dataframe if "Name" in d.value and "Sejong" in set(d.value["Name"])]
    assert any("for the committee" in m.value for m in (*follower.markdown, *follower.caption))


def test_a_follower_that_detaches_stays_where_it_is_and_can_rejoin():
    presenter = become_presenter(session())
    presenter.switch_page("pages/offices.py").run()
    follower = session(follow="1")
    assert title(follower) == "Regional offices"
    follower.button(key="detach").click().run()
    presenter.switch_page("pages/budget.py").run()
    follower.run()
    assert title(follower) == "Regional offices"
    follower.button(key="rejoin").click().run()
    follower.run()
    assert title(follower) == "Budget and spending"


def test_a_follower_cannot_drive():
    presenter = become_presenter(session())
    presenter.switch_page("pages/offices.py").run()
    follower = session(follow="1")
    follower.switch_page("pages/budget.py").run()
    version, view = meeting.shared_board().latest()
    assert view.page == "offices"


def test_the_poll_is_well_inside_two_seconds():
    assert meeting.POLL_SECONDS <= 0.5


def test_wrong_keys_are_logged_and_lock_the_client_out_even_for_the_right_key(caplog):
    at = session()
    for n in range(5):
        become_presenter(at, f"guess-{n}")
        assert [e.value for e in at.sidebar.error] == ["That is not the presenter key."]
    become_presenter(at, "guess-5")  # the sixth wrong guess: locked out
    become_presenter(at, KEY)
    errors = " ".join(e.value for e in at.sidebar.error)
    assert "Too many wrong keys from this address: try again in" in errors
    assert not [s for s in at.sidebar.success if "You are presenting" in s.value]
    wrong = [r for r in caplog.records if r.name == "wego.security" and "wrong presenter key" in r.getMessage()]
    assert len(wrong) == 6
    assert "locked out for 30 s" in wrong[-1].getMessage()
    assert any("refused: locked out" in r.getMessage() for r in caplog.records)


def test_a_rerun_with_the_same_wrong_key_is_not_another_guess(caplog):
    at = become_presenter(session(), "not-the-key")
    for _ in range(8):
        at.run()
    wrong = [r for r in caplog.records if r.name == "wego.security" and "wrong presenter key" in r.getMessage()]
    assert len(wrong) == 1
    become_presenter(at, KEY)
    assert [s for s in at.sidebar.success if "You are presenting" in s.value]


def test_a_signed_in_presenter_presents_without_the_key_in_projector_mode_too():
    at = AppTest.from_file(APP, default_timeout=60)
    sign_in(at, "wego-presenter")
    at.run()
    assert [s for s in at.sidebar.success if "You are presenting" in s.value]
    assert not [f for f in at.sidebar.text_input if f.key == "presenter_key_input"] or True
    projector = AppTest.from_file(APP, default_timeout=60)
    sign_in(projector, "wego-presenter")
    projector.query_params["present"] = "1"
    projector.run()
    projector.button(key="next").click().run()
    follower = session(audience="public", follow="1")
    assert "You follow the presenter" in " ".join(c.value for c in follower.caption)
    assert follower.query_params.get("slide") == "2"
