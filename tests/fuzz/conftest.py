"""Hypothesis settings for the bad-input suite: few examples, no deadline (the machine is shared).

In CI the examples are derandomized, so a run is reproducible and a red CI means a change broke something, not that
this run's dice found an old bug. Exploring is done on purpose: `FUZZ_EXAMPLES=2000 pytest tests/fuzz` draws new
random examples (the README's "Bad input" section).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=os.environ.get("CI", "").lower() == "true",
)
settings.load_profile("fuzz")

CJK = re.compile(r"[\u4e00-\u9fff]")
