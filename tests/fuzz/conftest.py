"""Hypothesis settings for the bad-input suite: few examples, no deadline (the machine is shared)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=False,
)
settings.load_profile("fuzz")

CJK = re.compile(r"[\u4e00-\u9fff]")
