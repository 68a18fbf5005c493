"""What onboarding announces. ``daily_reminders`` is sent by the daily reminder command after its own reminders,
so apps above onboarding (public activities) send theirs in the same run without onboarding importing them.
Each receiver returns a short line for the command's output."""

from __future__ import annotations

from django.dispatch import Signal

daily_reminders = Signal()  # sent with today=<date>
