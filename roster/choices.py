"""Fixed lists the recruitment form, the record, matching and the import share."""

from __future__ import annotations

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")


class IdType(models.TextChoices):
    """身份证件类型 (办法 第五条): not only the resident ID card."""

    RESIDENT = "resident", _("居民身份证")
    HMT_RESIDENCE = "hmt_residence", _("港澳台居民居住证")
    HK_MACAO_PERMIT = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN_PERMIT = "taiwan_permit", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    FOREIGNER_RESIDENCE = "foreigner_residence", _("外国人永久居留身份证")


class HeardFrom(models.TextChoices):
    PUBLIC = "public", _("社会招募")
    COMMUNITY = "community", _("社区推荐")
    SCHOOL = "school", _("学校")
    OTHER = "other", _("其他")


class Skill(models.TextChoices):
    ART = "art", _("艺术专长")
    LANGUAGE = "language", _("外语")
    SIGN = "sign", _("手语")
    MEDICAL = "medical", _("医学或护理背景")
    PSYCHOLOGY = "psychology", _("心理咨询")
    PHOTO = "photo", _("摄影摄像")
    WRITING = "writing", _("文字写作")
    COMPUTER = "computer", _("计算机")


DAYS = (
    ("mon", _("周一")),
    ("tue", _("周二")),
    ("wed", _("周三")),
    ("thu", _("周四")),
    ("fri", _("周五")),
    ("sat", _("周六")),
    ("sun", _("周日")),
)
# Periods of the weekly availability grid and the hours each covers (start inclusive, end exclusive).
PERIODS = (("am", _("上午"), 8, 12), ("pm", _("下午"), 12, 18), ("eve", _("晚上"), 18, 22))
AVAILABILITY_CHOICES = [
    (f"{day}-{period}", format_lazy("{}{}", day_label, period_label))
    for day, day_label in DAYS
    for period, period_label, _s, _e in PERIODS
]
AVAILABILITY_CODES = frozenset(code for code, _label in AVAILABILITY_CHOICES)
