"""Wall time of the generator's steps, for the benchmark (`make bench`) and nothing else."""

from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager

seconds: dict[str, float] = defaultdict(float)


@contextmanager
def step(name: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] += time.perf_counter() - start
