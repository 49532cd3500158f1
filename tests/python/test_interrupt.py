"""Long work from Python: Ctrl-C (SIGINT → KeyboardInterrupt) stops it quickly, the GIL is released
while C++ computes, and a progress function is called and may stop the work."""
import threading
import time

import pytest

import hippo
from conftest import sigint_after

MANY = 10**8  # samples: hours of work, so only an interrupt ends the call


def test_sigint_stops_montecarlo_quickly(python_sigint):
    t, sent = sigint_after(0.5)
    with pytest.raises(KeyboardInterrupt):
        hippo.montecarlo("default", samples=MANY)
    stopped = time.monotonic()
    t.join()
    assert stopped - sent["at"] < 1.0


def test_progress_of_a_simulated_capacity_search():
    # fleet.sizing: simulated runs one-replica simulations, each followed by a progress call (the
    # place where Ctrl-C stops it)
    calls = []
    r = hippo.run("default", set={"fleet.sizing": "simulated"}, progress=lambda *a: calls.append(a))
    assert r.fleet["sizing"] == "simulated"
    assert calls and calls[0] == (1, 0, "capacity simulations")


def test_the_module_works_after_an_interrupt(python_sigint):
    t, _ = sigint_after(0.2)
    with pytest.raises(KeyboardInterrupt):
        hippo.montecarlo("default", samples=MANY)
    t.join()
    assert hippo.run("default").to_dict() == hippo.run("default").to_dict()


def test_the_gil_is_released_while_cpp_computes():
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1

    thread = threading.Thread(target=count)
    thread.start()
    try:
        before = ticks
        hippo.montecarlo("default", samples=20_000)
        during = ticks - before
    finally:
        stop.set()
        thread.join()
    # With the GIL held for the whole call the counter would stand still (or move by a handful
    # of ticks at the brief progress checks).
    assert during > 10_000


def test_progress_is_called_and_may_stop_the_work():
    calls = []

    def progress(done, total, unit):
        calls.append((done, total, unit))
        if len(calls) == 3:
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        hippo.montecarlo("default", samples=MANY, progress=progress)
    assert len(calls) == 3 and all(total == MANY and unit == "samples" for _, total, unit in calls)
    assert calls[0][0] < calls[1][0] < calls[2][0]
