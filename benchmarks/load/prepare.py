"""Set up what the load run needs in the (already migrated, demo-loaded) database and print it as JSON.

Volunteers and social workers get sessions made here rather than through the login form: logging 200 people in
would measure the password hasher, not the site. Run by ``run.sh``; needs the same environment as gunicorn.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from wagtail.models import Page  # noqa: E402

from accounts.roles import SOCIAL_WORKER, VOLUNTEER  # noqa: E402
from courses.models import Question, Quiz, QuizQuestion  # noqa: E402

VOLUNTEERS = int(os.environ.get("LOAD_VOLUNTEERS", "200"))
SOCIAL_WORKERS = int(os.environ.get("LOAD_SOCIAL_WORKERS", "10"))


def users(prefix: str, count: int, role: str, **fields) -> list[User]:
    group = Group.objects.get(name=role)
    found = []
    for n in range(1, count + 1):
        user, created = User.objects.get_or_create(username=f"{prefix}{n:03d}", defaults=fields)
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        found.append(user)
    return found


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def benchmark_quiz() -> Quiz:
    """Ten auto-graded questions from the demo banks, no attempt limit, not tied to a course or certificate."""
    quiz = Quiz.objects.filter(title="压测测验").first()
    if quiz is None:
        questions = list(Question.objects.exclude(qtype="essay").order_by("pk")[:10])
        quiz = Quiz(title="压测测验", live=True, pass_mark=60, max_attempts=None)
        quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(questions)]
        quiz.save()
    return quiz


def main() -> None:
    pages = [page.url for page in Page.objects.live().public().filter(depth__gte=2).specific()[:40] if page.url]
    plan = {
        "pages": pages,
        "quiz": benchmark_quiz().pk,
        "volunteers": [session_for(u) for u in users("load_v", VOLUNTEERS, VOLUNTEER)],
        "social_workers": [session_for(u) for u in users("load_sw", SOCIAL_WORKERS, SOCIAL_WORKER, is_staff=True)],
    }
    json.dump(plan, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
