"""docs/deploy.md schedules every command meant to run each day, so an operator who follows it misses none."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")


def _daily_commands() -> list[str]:
    """Our own commands whose help says they run once a day (每天运行)."""
    daily = []
    for name, app in get_commands().items():
        if app.split(".")[0] in {"accounts", "kb", "courses", "certificates", "roster", "onboarding", "activities"}:
            if "每天运行" in str(load_command_class(app, name).help):
                daily.append(name)
    return sorted(daily)


def test_the_daily_commands_are_known():
    assert {"close_forgotten_sign_outs", "record_no_shows", "send_record_reminders"} <= set(_daily_commands())


def test_every_daily_command_has_a_timer_and_a_cron_line():
    timers = "\n".join(re.findall(r"```ini\n(.*?)```", DEPLOY, flags=re.S))
    cron = "\n".join(re.findall(r"```cron\n(.*?)```", DEPLOY, flags=re.S))
    for name in [*_daily_commands(), "send_onboarding_reminders"]:
        assert f"manage.py {name}" in timers, name
        assert f"manage.py {name}" in cron, name
    assert "OnCalendar=*-*-* 07:30" in timers and "Persistent=true" in timers
