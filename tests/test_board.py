"""The presenter's board: one contract, checked on the in-process board and on the file board that several server
processes share (issue #4)."""

from __future__ import annotations

import multiprocessing
import sys
import threading

import pytest

from wego_ui.board import FileBoard, InProcessBoard, View, from_environment


@pytest.fixture(params=["in-process", "file"])
def board(request, tmp_path):
    return InProcessBoard() if request.param == "in-process" else FileBoard(tmp_path / "board.json")


def test_empty_before_anyone_presents(board):
    assert board.latest() is None


def test_publish_and_read_back(board):
    view = View.of("members", {"snapshot": "2016-04-26", "region": "Africa"}, "Nairobi")
    version = board.publish(view)
    assert board.latest() == (version, view)


def test_same_view_keeps_its_version_a_new_one_advances(board):
    first = board.publish(View.of("members", {"region": "Africa"}))
    assert board.publish(View.of("members", {"region": "Africa"})) == first
    second = board.publish(View.of("budget", {}))
    assert second == first + 1


def test_concurrent_publishers_never_lose_a_version(board):
    def publish_many(offset):
        for i in range(25):
            board.publish(View.of("members", {"n": str(offset * 100 + i)}))

    threads = [threading.Thread(target=publish_many, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert board.latest()[0] == 100


def _publish_from_another_process(path, n):
    FileBoard(path).publish(View.of("offices", {"from": str(n)}))


def test_file_board_is_shared_between_processes(tmp_path, monkeypatch):
    # An AppTest earlier in the run leaves app.py as __main__; a spawned process would run it again before its
    # target (multiprocessing's main fixup), outside Streamlit. The children need only the board.
    main = sys.modules["__main__"]
    monkeypatch.delattr(main, "__file__", raising=False)
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    path = tmp_path / "shared" / "board.json"
    reader = FileBoard(path)
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_publish_from_another_process, args=(path, n)) for n in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=30)
    version, view = reader.latest()
    assert version == 3 and view.page == "offices"


def test_the_environment_chooses_the_board(tmp_path):
    assert isinstance(from_environment({}), InProcessBoard)
    chosen = from_environment({"WEGO_PRESENTER_BOARD": f"file:{tmp_path / 'b.json'}"})
    assert isinstance(chosen, FileBoard) and chosen.path == tmp_path / "b.json"
