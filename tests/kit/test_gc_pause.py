"""collection_paused: garbage collection is off inside, back on after, however the pauses nest or overlap."""

from __future__ import annotations

import gc
import threading

import pytest

from app.kit.gc_pause import collection_paused


@pytest.fixture(autouse=True)
def _collection_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_inside_and_on_again_after_even_when_the_body_fails():
    with pytest.raises(ValueError), collection_paused():
        assert not gc.isenabled()
        raise ValueError("a failed write")
    assert gc.isenabled()


def test_nested_pauses_resume_once_the_outer_one_ends():
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer write is still going
    assert gc.isenabled()


def test_overlapping_pauses_on_two_threads_leave_collection_on():
    """Thread A starts, B starts, A ends, B ends: a naive 'put back what I found' would leave it off."""
    a_started, b_started, a_done = threading.Event(), threading.Event(), threading.Event()

    def a():
        with collection_paused():
            a_started.set()
            b_started.wait(5)
        a_done.set()

    def b():
        a_started.wait(5)
        with collection_paused():
            b_started.set()
            a_done.wait(5)
            assert not gc.isenabled()  # A has ended, B is still writing

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert gc.isenabled()


def test_a_pause_keeps_collection_off_if_it_was_off():
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()
