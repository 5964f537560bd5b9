"""Work done beside the build, on the machine's other core."""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def in_child_process(function: Callable[..., T], *args) -> Iterator[Callable[[], T]]:
    """Run `function(*args)` in a forked process; the context gives a call that waits for its result.

    Forked, not spawned: the child starts with the data already in memory, and only the
    result travels back, pickled through a pipe. Leaving the context ends the child.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(receiver, sender, function, args), daemon=True)
    process.start()
    sender.close()

    def result() -> T:
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            raise RuntimeError(f"{function.__qualname__} ended without a result (exit code {process.exitcode})") from None
        if not succeeded:
            raise RuntimeError(f"{function.__qualname__} failed in its process:\n{value}")
        return value

    try:
        yield result
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def die_with_parent() -> None:
    """In a child process: the kernel kills it when its parent dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _run(receiver, sender, function, args) -> None:
    receiver.close()  # only the parent reads: a child holding the read end would block forever on a dead parent
    die_with_parent()
    try:
        outcome = (True, function(*args))
    except BaseException:
        outcome = (False, traceback.format_exc())
    sender.send(outcome)
    sender.close()
