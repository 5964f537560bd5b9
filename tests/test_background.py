"""background.in_child_process: work in a forked process, its result or its failure back."""

from __future__ import annotations

import os
import time

import pytest

from generator.common.background import in_child_process


def pid_and_sum(values):
    return os.getpid(), sum(values)


def fail():
    raise ValueError("dato imposible")


def sleep_forever():
    time.sleep(3600)


def test_the_result_comes_back_from_another_process():
    data = list(range(1000))  # in memory before the fork: not sent, inherited
    with in_child_process(pid_and_sum, data) as result:
        pid, total = result()
    assert pid != os.getpid()
    assert total == sum(data)


def test_a_failure_in_the_child_is_raised_with_its_traceback():
    with in_child_process(fail) as result, pytest.raises(RuntimeError, match="(?s)fail failed in its process.*ValueError: dato imposible"):
        result()


def test_leaving_the_context_early_ends_the_child():
    before = children()
    with pytest.raises(KeyError), in_child_process(sleep_forever):
        assert len(children() - before) == 1
        raise KeyError("el render falló")
    assert children() - before == set()  # terminated and joined, not left behind


def children() -> set[int]:
    return {int(p) for p in os.listdir("/proc") if p.isdigit() and _is_child(int(p))}


def _is_child(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1]) == os.getpid()
    except (OSError, IndexError, ValueError):
        return False
