"""iCalendar (RFC 5545) for one activity or the whole calendar, so a family can add it to their phone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from .models import ActivityPage


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (continuation lines start with a space), as the RFC requires."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def calendar(activities: Iterable[ActivityPage], base_url: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Shuanggong//activities//ZH", "CALSCALE:GREGORIAN"]
    now = _stamp(timezone.now())
    for activity in activities:
        url = f"{base_url}{activity.url}" if activity.url else base_url
        lines += [
            "BEGIN:VEVENT",
            f"UID:activity-{activity.pk}@shuanggong",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(activity.starts_at)}",
            f"DTEND:{_stamp(activity.ends_at)}",
            f"SUMMARY:{_escape(activity.title)}",
            f"LOCATION:{_escape(activity.place)}",
            f"DESCRIPTION:{_escape(activity.summary)}",
            f"URL:{url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
