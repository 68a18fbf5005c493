"""Where a volunteer stands in their programme, and where a cohort stands: computed, never stored."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from courses import queries as courses

from .models import Cohort, Membership, Step, StepRecord


@dataclass
class StepStatus:
    step: Step
    due_on: datetime.date
    record: StepRecord | None
    locked: bool
    today: datetime.date
    enrolled: bool = False  # a course step: whether the volunteer is enrolled in the course already

    @property
    def done(self) -> bool:
        return self.record is not None

    @property
    def overdue(self) -> bool:
        return not self.done and self.due_on < self.today

    @property
    def due_soon(self) -> bool:
        return not self.done and self.today <= self.due_on <= self.today + datetime.timedelta(days=2)


@dataclass
class Progress:
    membership: Membership
    steps: list[StepStatus]
    today: datetime.date
    weeks_total: int
    week_now: int = field(init=False)

    def __post_init__(self) -> None:
        elapsed = (self.today - self.membership.cohort.start_date).days
        self.week_now = min(max(elapsed // 7 + 1, 1), self.weeks_total)

    @property
    def required(self) -> list[StepStatus]:
        return [status for status in self.steps if status.step.required]

    @property
    def done_count(self) -> int:
        return sum(1 for status in self.required if status.done)

    @property
    def percent(self) -> int:
        required = self.required
        return round(100 * self.done_count / len(required)) if required else 100

    @property
    def complete(self) -> bool:
        return all(status.done for status in self.required)

    @property
    def overdue(self) -> list[StepStatus]:
        return [status for status in self.steps if status.overdue]

    @property
    def next_step(self) -> StepStatus | None:
        return next((status for status in self.steps if not status.done and not status.locked), None)

    def weeks(self) -> list[tuple[int, list[StepStatus]]]:
        """Steps grouped by week, for the timeline."""
        return [(week, [s for s in self.steps if s.step.week == week]) for week in range(1, self.weeks_total + 1)]


def membership_of(user: User) -> Membership | None:
    return Membership.objects.select_related("cohort__programme__certificate_rule", "role").filter(user=user).first()


def automatic_step_done(user: User, step: Step) -> bool:
    """Whether ``courses`` says this course is completed or this quiz passed (by the quiz's grading method, not
    by any one attempt)."""
    if step.kind == Step.Kind.COURSE:
        return courses.course_completed(user, step.course)
    if step.kind == Step.Kind.QUIZ:
        return courses.quiz_passed(user, step.quiz)
    return False


def steps_for(membership: Membership) -> list[Step]:
    """The programme's steps that apply to this volunteer (everyone's, and those of their role)."""
    steps = membership.cohort.programme.steps.all()
    return [step for step in steps if step.role_id is None or step.role_id == membership.role_id]


def progress_for(membership: Membership, today: datetime.date | None = None) -> Progress:
    today = today or timezone.localdate()
    steps = steps_for(membership)
    records = {r.step_id: r for r in StepRecord.objects.filter(user_id=membership.user_id, step__in=steps)}
    statuses = [
        StepStatus(
            step=step,
            due_on=membership.cohort.due_date(step),
            record=records.get(step.pk),
            locked=bool(step.depends_on_id and step.depends_on_id not in records),
            today=today,
            enrolled=bool(
                step.kind == Step.Kind.COURSE
                and step.course_id
                and step.pk not in records
                and courses.is_enrolled(membership.user, step.course)
            ),
        )
        for step in sorted(steps, key=lambda s: (s.week, s.sort_order or 0, s.pk))
    ]
    return Progress(membership=membership, steps=statuses, today=today, weeks_total=membership.cohort.programme.weeks)


@dataclass
class CohortGrid:
    cohort: Cohort
    steps: list[Step]
    rows: list[tuple[Membership, Progress, list[StepStatus | None]]]


def cohort_grid(cohort: Cohort, today: datetime.date | None = None) -> CohortGrid:
    """Members × steps for the social worker, with three queries however large the cohort."""
    today = today or timezone.localdate()
    steps = sorted(cohort.programme.steps.all(), key=lambda s: (s.week, s.sort_order or 0, s.pk))
    memberships = list(cohort.memberships.select_related("user", "role", "cohort__programme"))
    records: dict[tuple[int, int], StepRecord] = {
        (r.user_id, r.step_id): r
        for r in StepRecord.objects.filter(user__in=[m.user_id for m in memberships], step__in=steps)
    }
    rows = []
    for membership in memberships:
        statuses: list[StepStatus | None] = []
        for step in steps:
            if step.role_id is not None and step.role_id != membership.role_id:
                statuses.append(None)
                continue
            record = records.get((membership.user_id, step.pk))
            locked = bool(step.depends_on_id and (membership.user_id, step.depends_on_id) not in records)
            statuses.append(StepStatus(step, cohort.due_date(step), record, locked, today))
        progress = Progress(
            membership=membership, steps=[s for s in statuses if s], today=today, weeks_total=cohort.programme.weeks
        )
        rows.append((membership, progress, statuses))
    return CohortGrid(cohort=cohort, steps=steps, rows=rows)
