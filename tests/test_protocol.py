"""What a script on the websocket can and cannot do (issue #9), against a real `streamlit run app.py` on loopback,
spoken to in Streamlit's own protocol (tools/loadgen.py) with no browser and no cookie:

- a public client gets no committee data, whatever page and filter it asks for;
- a client's `clear_cache` message is refused: the presenter's board (a cache_resource) survives it, so followers
  keep following."""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from conftest import PROJECT, streamlit_server
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from test_audience import secrets_of

from wego_data.warehouse import Warehouse

sys.path.insert(0, str(PROJECT / "tools"))
import loadgen  # noqa: E402

KEY = "protocol-test-key"


class Recording(loadgen.Session):
    """A session that keeps every frame the server sent, as bytes (Arrow tables inside them)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frames: list[bytes] = []

    def _on_frame(self, data):
        if isinstance(data, bytes):
            self.frames.append(data)
        super()._on_frame(data)

    def received(self) -> bytes:
        return b"\n".join(self.frames)


@pytest.fixture(scope="module")
def server(data_dir):
    env = {**os.environ, "WEGO_DATA_DIR": str(data_dir), "WEGO_PRESENTER_KEY": KEY}
    with streamlit_server(PROJECT / "app.py", env) as (base, _proc):
        yield base


@pytest.fixture(scope="module")
def committee(data_dir):
    wh = Warehouse(data_dir, audience="committee")
    yield wh
    wh.close()


def run(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize(
    "path,query,snapshot",
    [
        ("members", "snapshot=2016-10-11-excom&status=applicant", "2016-10-11-excom"),
        ("members", "snapshot=2016-10-11-excom", "2016-10-11-excom"),
        ("budget", "snapshot=2016-04-26", "2016-04-26"),
        ("present", "snapshot=2016-10-11-excom&slide=4", "2016-10-11-excom"),
        ("changes", "snapshot=2016-10-11-excom", "2016-10-11-excom"),
    ],
)
def test_a_script_without_a_browser_or_cookie_gets_no_committee_data(server, committee, path, query, snapshot):
    secrets = secrets_of(committee, snapshot)

    async def visit():
        async with Recording(server, timeout=60) as session:
            result = await session.load(path, query)
            assert result.finished and not result.errors, result.errors
            return session.received()

    sent = run(visit())
    assert sent, "the server answered"
    leaked = sorted(s for s in secrets if s.encode("utf-8") in sent)
    assert not leaked, f"/{path}?{query} sent committee-only text to an anonymous client: {leaked}"


def _key_widget(session: loadgen.Session) -> str:
    return next(w.id for w in session.widgets.values() if w.kind == "text_input" and w.label == "Presenter key")


def test_a_clients_clear_cache_message_leaves_the_board_and_caches_alone(server):
    async def scenario():
        async with loadgen.Session(server, timeout=60, name="presenter") as presenter:
            await presenter.load("")
            key = _key_widget(presenter)
            presenter.values[key] = WidgetState(id=key, string_value=KEY)
            result = await presenter.rerun()
            assert any("You are presenting" in t for t in result.texts), result.texts
            result = await presenter.navigate("offices")
            assert "Regional offices" in result.headings

            async with loadgen.Session(server, timeout=60, name="visitor") as visitor:
                await visitor.load("")
                await visitor._ws.send(BackMsg(clear_cache=True).SerializeToString())
                await asyncio.sleep(1.0)  # the server handles it on its event loop, between other messages
                again = await visitor.rerun()
                assert again.finished and not again.errors, again.errors

            async with loadgen.Session(server, timeout=60, name="follower") as follower:
                followed = await follower.load("", "follow=1")
                return followed

    followed = run(scenario())
    texts = " ".join(followed.texts)
    assert "Waiting for the presenter" not in texts
    assert "You follow the presenter" in texts
    assert "Regional offices" in followed.headings  # the presenter's page, from the board that survived
