import datetime

from django.core import mail
from django.core.management import call_command

from accounts.models import Notification
from onboarding.models import Reminder
from onboarding.reminders import send_due_reminders


def test_overdue_and_due_soon_steps_are_reminded_by_email_and_in_site(
    member, steps, cohort, django_capture_on_commit_callbacks
):
    today = cohort.start_date + datetime.timedelta(days=12)  # pledge overdue (day 6), week-2 steps due day 13
    with django_capture_on_commit_callbacks(execute=True):
        run = send_due_reminders(today)
    kinds = {(r.step_id, r.kind) for r in Reminder.objects.filter(user=member.user)}
    assert (steps["pledge"].pk, Reminder.Kind.OVERDUE) in kinds
    assert (steps["course"].pk, Reminder.Kind.DUE_SOON) in kinds
    assert (steps["shadow"].pk, Reminder.Kind.DUE_SOON) not in kinds  # due in week 4
    assert run.sent == len(kinds)
    assert len(mail.outbox) == run.sent
    assert any("已逾期" in message.subject for message in mail.outbox)
    assert Notification.objects.filter(user=member.user).count() == run.sent


def test_a_reminder_is_never_sent_twice_for_the_same_step_and_day(member, cohort, django_capture_on_commit_callbacks):
    today = cohort.start_date + datetime.timedelta(days=12)
    with django_capture_on_commit_callbacks(execute=True):
        first = send_due_reminders(today)
        second = send_due_reminders(today)
    assert first.sent > 0
    assert second.sent == 0 and second.skipped == first.sent
    assert len(mail.outbox) == first.sent
    # The next day the still-overdue step is reminded again, once.
    assert send_due_reminders(today + datetime.timedelta(days=1)).sent > 0


def test_done_steps_and_finished_members_get_no_reminders(member, steps, cohort, volunteer):
    from onboarding.actions import do_acknowledge

    do_acknowledge(volunteer, steps["pledge"])
    send_due_reminders(cohort.start_date + datetime.timedelta(days=12))
    assert not Reminder.objects.filter(step=steps["pledge"]).exists()


def test_the_daily_command_sends_reminders(member, cohort, settings):
    call_command("send_onboarding_reminders", stdout=open("/dev/null", "w"))
    assert Reminder.objects.filter(user=member.user).exists()  # started ten days ago: the pledge is overdue
