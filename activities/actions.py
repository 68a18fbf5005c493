"""Every change to registrations, sign-ins, feedback and tallies: one function each, used by every path."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify, notify_phone
from kb.deidentify import find_care_details, find_identifiers
from roster import actions as roster_actions
from roster import queries as roster
from roster.crypto import keyed_hash

from .models import (
    ActivityPage,
    Feedback,
    FeedbackQuestion,
    FeedbackScore,
    Registration,
    Tally,
    VolunteerFeedbackLink,
)
from .queries import places_taken

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
MAX_PEOPLE = 5
PRIVACY_NOTICE_VERSION = "2026.1"


def _locked(activity: ActivityPage) -> ActivityPage:
    """The activity row, locked: every change to its places (register, cancel, promote) queues behind this."""
    return ActivityPage.objects.select_for_update(of=("self",)).get(pk=activity.pk)


def mobile_hash(mobile: str) -> str:
    return keyed_hash(f"activity-mobile:{mobile}")


def note_problems(note: str) -> list[str]:
    """Why a registration note may not be kept: identifiers, bed or ward numbers, or a diagnosis."""
    where = _("备注")
    findings = find_identifiers(note, where) + find_care_details(note, where)
    if not findings:
        return []
    kinds = "、".join(dict.fromkeys(finding.kind_label for finding in findings))
    return [_("备注中请不要填写%(kinds)s:报名只需要称呼和手机号,病情等信息请当面告诉社工。") % {"kinds": kinds}]


def public_url(path: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def _tell(registration: Registration, text: str) -> None:
    notify_phone(registration.mobile, text)


def _when(activity: ActivityPage) -> str:
    return f"{timezone.localtime(activity.starts_at):%m月%d日 %H:%M}"


@transaction.atomic
def do_register(
    activity: ActivityPage, *, salutation: str, mobile: str, people: int, note: str = "", consent: bool
) -> Registration:
    """Register a visitor without an account: a confirmed place while places last, else the waitlist.

    Capacity counts people, not forms. The activity row is locked first, so two visitors can never both take the
    last place, and a cancellation promoting the waitlist at the same moment waits its turn.
    """
    salutation, mobile, note = salutation.strip(), re.sub(r"[\s-]", "", mobile), note.strip()
    problems = []
    if not consent:
        problems.append(_("请阅读并同意隐私说明后再报名。"))
    if not salutation:
        problems.append(_("请填写称呼,如“张阿姨”。"))
    elif len(salutation) > 20:
        problems.append(_("称呼请不超过 20 个字。"))
    if not MOBILE_PATTERN.match(mobile):
        problems.append(_("请填写 11 位手机号,用于接收报名确认和提醒。"))
    if not 1 <= people <= MAX_PEOPLE:
        problems.append(_("人数请填写 1 到 %(max)d 人。") % {"max": MAX_PEOPLE})
    if len(note) > 200:
        problems.append(_("备注请不超过 200 字。"))
    problems += note_problems(note)
    if problems:
        raise ValidationError(problems)
    activity = _locked(activity)
    if not activity.live:
        raise ValidationError(_("该活动已下线。"))
    if activity.starts_at <= timezone.now():
        raise ValidationError(_("活动已开始或已结束,不能再报名。"))
    if people > activity.capacity:
        raise ValidationError(_("本活动共 %(n)d 个名额,请减少人数或联系社工。") % {"n": activity.capacity})
    hashed = mobile_hash(mobile)
    if activity.registrations.exclude(status=Registration.Status.CANCELLED).filter(mobile_hash=hashed).exists():
        raise ValidationError(_("这个手机号已报名本活动;如需更改人数,请先用短信中的链接取消再重新报名。"))
    fits = places_taken(activity) + people <= activity.capacity
    registration = Registration(
        activity=activity,
        salutation=salutation,
        people=people,
        note=note,
        status=Registration.Status.CONFIRMED if fits else Registration.Status.WAITLISTED,
        consented_at=timezone.now(),
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
        mobile_hash=hashed,
    )
    registration.set_mobile(mobile)
    registration.save()
    cancel = public_url(reverse("activities:cancel", args=[registration.token]))
    if fits:
        text = _("【双工学苑】%(name)s,您已报名「%(title)s」,%(when)s,%(place)s。如不能参加请取消:%(url)s") % {
            "name": salutation,
            "title": activity.title,
            "when": _when(activity),
            "place": activity.place,
            "url": cancel,
        }
    else:
        text = _("【双工学苑】%(name)s,「%(title)s」名额已满,您已进入候补,有空位时短信通知。取消候补:%(url)s") % {
            "name": salutation,
            "title": activity.title,
            "url": cancel,
        }
    _tell(registration, text)
    return registration


@dataclass(frozen=True)
class Cancellation:
    registration: Registration
    promoted: list[Registration]


@transaction.atomic
def do_cancel_registration(registration: Registration) -> Cancellation:
    """Cancel (idempotent) and give the freed places to the waitlist, in the order people joined it.

    A waitlisted group too large for the places freed is passed over for a smaller one behind it, and stays first
    in line for the next place. Both rows are locked: two cancellations at the same moment promote each waiting
    person once, and never beyond capacity.
    """
    activity = _locked(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        return Cancellation(registration, [])
    if activity.starts_at <= timezone.now():
        raise ValidationError(_("活动已开始,不能在线取消;如有需要请联系负责社工。"))
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    promoted = _promote_waitlist(activity) if was_confirmed else []
    return Cancellation(registration, promoted)


def _promote_waitlist(activity: ActivityPage) -> list[Registration]:
    free = activity.capacity - places_taken(activity)
    promoted = []
    waiting = activity.registrations.select_for_update().filter(status=Registration.Status.WAITLISTED)
    for candidate in waiting.order_by("created_at", "pk"):
        if free <= 0:
            break
        if candidate.people > free:
            continue
        candidate.status = Registration.Status.CONFIRMED
        candidate.promoted_at = timezone.now()
        candidate.save(update_fields=["status", "promoted_at"])
        free -= candidate.people
        promoted.append(candidate)
        cancel = public_url(reverse("activities:cancel", args=[candidate.token]))
        _tell(
            candidate,
            _("【双工学苑】%(name)s,「%(title)s」有空位了,您已由候补转为正式报名,%(when)s。如不能参加请取消:%(url)s")
            % {"name": candidate.salutation, "title": activity.title, "when": _when(activity), "url": cancel},
        )
    return promoted


@transaction.atomic
def do_sign_in(registration: Registration, at: datetime.datetime | None = None) -> Registration:
    """Tick a participant on the sign-in list (a confirmed place; a waitlisted person who came is promoted)."""
    # The registration only (see do_submit_feedback): participants scanning the QR code at the door sign in at once.
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("activity").get(pk=registration.pk)
    )
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("该报名已取消,不能签到。"))
    activity = registration.activity
    now = at or timezone.now()
    if timezone.localtime(now).date() < timezone.localtime(activity.starts_at).date():
        raise ValidationError(_("活动当天才能签到。"))
    if registration.signed_in_at:
        return registration
    registration.signed_in_at = now
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["signed_in_at", "status"])
    return registration


@transaction.atomic
def do_undo_sign_in(registration: Registration) -> Registration:
    """Untick a participant ticked by mistake (before anyone's feedback depends on it)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.feedback_given:
        raise ValidationError(_("已提交反馈,不能撤销签到。"))
    registration.signed_in_at = None
    registration.save(update_fields=["signed_in_at"])
    return registration


def _clean_scores(scores: dict[int, int]) -> list[tuple[FeedbackQuestion, int]]:
    questions = list(FeedbackQuestion.objects.filter(active=True))
    missing = [q.text for q in questions if scores.get(q.pk) not in (1, 2, 3, 4, 5)]
    if missing:
        raise ValidationError(_("请为每个问题选择 1–5 分:%(q)s") % {"q": "、".join(missing)})
    return [(q, scores[q.pk]) for q in questions]


def _store_feedback(activity: ActivityPage, scores: dict[int, int], comment: str, from_volunteer: bool) -> Feedback:
    comment = comment.strip()
    if len(comment) > 500:
        raise ValidationError(_("意见建议请不超过 500 字。"))
    problems = note_problems(comment)
    if problems:
        raise ValidationError(_("意见建议中请不要写手机号、身份证号、床号或病情,反馈是匿名的。"))
    cleaned = _clean_scores(scores)
    feedback = Feedback.objects.create(activity=activity, comment=comment, from_volunteer=from_volunteer)
    FeedbackScore.objects.bulk_create(
        [FeedbackScore(feedback=feedback, question=question, score=score) for question, score in cleaned]
    )
    return feedback


def _refuse_feedback_before_end(activity: ActivityPage) -> None:
    if activity.ends_at > timezone.now():
        raise ValidationError(_("活动结束后才能填写反馈。"))


@transaction.atomic
def do_submit_feedback(registration: Registration, scores: dict[int, int], comment: str = "") -> Feedback:
    """One anonymous 意见反馈表 per registration that came: the feedback row keeps no link back to it."""
    # The registration is locked, not the activity page read with it: feedback changes no places, and a lock on the
    # page's rows made everyone's feedback wait for each other's and held up editing the page.
    registration = (
        Registration.objects.select_for_update(of=("self",)).select_related("activity").get(pk=registration.pk)
    )
    _refuse_feedback_before_end(registration.activity)
    if registration.signed_in_at is None:
        raise ValidationError(_("签到参加了活动的人才能填写反馈。"))
    if registration.feedback_given:
        raise ValidationError(_("这个报名已经提交过反馈,谢谢您。"))
    feedback = _store_feedback(registration.activity, scores, comment, from_volunteer=False)
    registration.feedback_given = True
    registration.save(update_fields=["feedback_given"])
    return feedback


@transaction.atomic
def do_submit_volunteer_feedback(link: VolunteerFeedbackLink, scores: dict[int, int], comment: str = "") -> Feedback:
    link = VolunteerFeedbackLink.objects.select_for_update(of=("self",)).select_related("activity").get(pk=link.pk)
    _refuse_feedback_before_end(link.activity)
    if link.used:
        raise ValidationError(_("这个反馈链接已经用过了,谢谢您。"))
    feedback = _store_feedback(link.activity, scores, comment, from_volunteer=True)
    link.used = True
    link.save(update_fields=["used"])
    return feedback


@transaction.atomic
def do_send_feedback_links(activity: ActivityPage) -> int:
    """After the activity: a feedback link to each participant who signed in and each volunteer signed up."""
    _refuse_feedback_before_end(activity)
    sent = 0
    for registration in activity.registrations.filter(signed_in_at__isnull=False, feedback_given=False):
        url = public_url(reverse("activities:feedback", args=[registration.token]))
        _tell(
            registration,
            _("【双工学苑】感谢参加「%(title)s」,请花一分钟匿名填写意见反馈表:%(url)s")
            % {"title": activity.title, "url": url},
        )
        sent += 1
    if activity.roster_activity_id:
        for signup in roster.activity_signups(activity.roster_activity_id):
            link, _created = VolunteerFeedbackLink.objects.get_or_create(activity=activity, signup_id=signup.pk)
            user = signup.volunteer.user
            if link.used or user is None:
                continue
            notify(
                user,
                _("请为「%(title)s」填写意见反馈表") % {"title": activity.title},
                _("匿名填写,约一分钟。"),
                url=reverse("activities:volunteer_feedback", args=[link.token]),
            )
            sent += 1
    return sent


def do_sync_roster_activity(activity: ActivityPage) -> None:
    """The volunteers' side of a published activity: one roster activity, created or kept in step by roster."""
    if not (activity.volunteer_role_id and activity.volunteers_needed):
        return
    with transaction.atomic():
        roster_activity = roster_actions.do_save_activity(
            activity.roster_activity,
            name=activity.title,
            department=activity.department,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            role=activity.volunteer_role,
            capacity=activity.volunteers_needed,
            social_worker=activity.social_worker,
            description=activity.summary,
        )
        if activity.roster_activity_id != roster_activity.pk:
            ActivityPage.objects.filter(pk=activity.pk).update(roster_activity=roster_activity)
            activity.roster_activity = roster_activity


@transaction.atomic
def do_record_tally(*, date: datetime.date, category: str, count: int, summary: str = "", by: User | None) -> Tally:
    """A brief anonymous count of case work or aid; a summary that identifies a patient is refused."""
    problems = []
    if category not in Tally.Category.values:
        problems.append(_("请选择类别。"))
    if not 1 <= count <= 100:
        problems.append(_("数量请填写 1 到 100。"))
    if date > timezone.localdate():
        problems.append(_("日期不能晚于今天。"))
    if len(summary) > 100:
        problems.append(_("简要说明请不超过 100 字。"))
    if note_problems(summary):
        problems.append(_("简要说明中不能出现患者的手机号、身份证号、住院号、床号或诊断:这里只记数量。"))
    if problems:
        raise ValidationError(problems)
    return Tally.objects.create(date=date, category=category, count=count, summary=summary.strip(), recorded_by=by)


@dataclass(frozen=True)
class ReminderRun:
    sent: int


def send_activity_reminders(today: datetime.date | None = None) -> ReminderRun:
    """SMS each confirmed participant of tomorrow's activities, once: the row is claimed by a conditional update."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    sent = 0
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_on__isnull=True,
        activity__live=True,
        activity__starts_at__date=tomorrow,
    ).select_related("activity")
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, reminded_on__isnull=True).update(
                reminded_on=today
            )
            if not claimed:
                continue
            activity = registration.activity
            cancel = public_url(reverse("activities:cancel", args=[registration.token]))
            _tell(
                registration,
                _("【双工学苑】提醒:%(name)s,「%(title)s」明天%(when)s在%(place)s。%(bring)s不能参加请取消:%(url)s")
                % {
                    "name": registration.salutation,
                    "title": activity.title,
                    "when": f"{timezone.localtime(activity.starts_at):%H:%M}",
                    "place": activity.place,
                    "bring": _("请携带:%(b)s。") % {"b": activity.what_to_bring} if activity.what_to_bring else "",
                    "url": cancel,
                },
            )
            sent += 1
    return ReminderRun(sent=sent)


KEEP_CONTACT_DAYS = 365


def do_erase_old_contacts(today: datetime.date | None = None) -> int:
    """A year after an activity, its registrations lose the mobile number and the note (the privacy notice says so).

    The rows stay, with 称呼 and the number of people, so the sign-in counts behind a contract's figures still add up.
    """
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=KEEP_CONTACT_DAYS)
    return (
        Registration.objects.filter(activity__ends_at__date__lt=cutoff)
        .exclude(mobile_encrypted="")
        .update(mobile_encrypted="", mobile_masked="", mobile_hash="", note="")
    )


MAX_REPEATS = 20


def may_repeat(activity: ActivityPage, user: User) -> bool:
    """Who may add the other dates of a series: whoever may add pages beside this one (and publish, if it is live)."""
    permissions = activity.get_parent().permissions_for_user(user)
    return permissions.can_add_subpage() and (not activity.live or permissions.can_publish_subpage())


@transaction.atomic
def do_repeat_activity(activity: ActivityPage, *, every_days: int, times: int, by: User | None) -> list[ActivityPage]:
    """A series from one activity page: ``times`` copies, each ``every_days`` after the one before.

    "Every Tuesday 15:00 for 6 weeks" is the first page and ``every_days=7, times=5``. Each copy keeps the
    original's content and is published when the original is live, or kept as a draft when it is not; it gets its
    own registrations (none) and, when volunteers are needed, its own roster activity. The series name is the
    original's, or its title when it had none, so the calendar and each page can show the other dates.
    """
    if not 1 <= every_days <= 31:
        raise ValidationError(_("间隔天数应在 1 到 31 天之间。"))
    if not 1 <= times <= MAX_REPEATS:
        raise ValidationError(_("复制次数应在 1 到 %(n)d 次之间。") % {"n": MAX_REPEATS})
    activity = ActivityPage.objects.get(pk=activity.pk)
    if by is not None and not may_repeat(activity, by):
        raise ValidationError(_("您没有在这里添加活动页的权限;已发布的活动需由有发布权限的协调员复制。"))
    parent = activity.get_parent()
    series = activity.series or activity.title[:60]
    if not activity.series:
        activity.series = series
        revision = activity.save_revision(user=by)
        if activity.live:
            revision.publish(user=by, skip_permission_checks=by is None)
    copies = []
    for n in range(1, times + 1):
        shift = datetime.timedelta(days=every_days * n)
        starts_at = activity.starts_at + shift
        slug = f"{activity.slug}-{timezone.localtime(starts_at):%Y%m%d}"
        if parent.get_children().filter(slug=slug).exists():
            raise ValidationError(_("%(slug)s 已存在:这一天的活动已复制过,没有再复制。") % {"slug": slug})
        copy = activity.copy(
            to=parent,
            update_attrs={
                "slug": slug,
                "starts_at": starts_at,
                "ends_at": activity.ends_at + shift,
                "series": series,
                "roster_activity": None,
            },
            keep_live=False,
            copy_revisions=False,
            user=by,
            log_action="wagtail.copy",
        ).specific
        revision = copy.save_revision(user=by, log_action=False)
        if activity.live:
            revision.publish(user=by, skip_permission_checks=by is None)
            copy.refresh_from_db()
        copies.append(copy)
    return copies
