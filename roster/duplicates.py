"""The one definition of "this person is already known": the same mobile number or the same ID number (compared
by its keyed hash, never in clear). Screening, its list flag and the Excel import all ask here.
"""

from __future__ import annotations

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from . import crypto
from .models import Application, Volunteer


def same_person(mobile: str, id_hash: str = "") -> Q:
    """Rows of Application or Volunteer (both carry ``mobile`` and ``id_number_hash``) that are the same person."""
    match = Q(mobile=mobile) if mobile else Q(pk__in=[])
    if id_hash:
        match |= Q(id_number_hash=id_hash)
    return match


def find_duplicates(
    mobile: str, id_number: str = "", *, id_hash: str = "", exclude_application: int | None = None
) -> dict[str, list]:
    """Earlier applications and volunteers with the same mobile or ID number."""
    id_hash = id_hash or (crypto.keyed_hash(id_number) if id_number else "")
    applications = Application.objects.filter(same_person(mobile, id_hash))
    volunteers = Volunteer.objects.filter(same_person(mobile, id_hash))
    if exclude_application:
        applications = applications.exclude(pk=exclude_application)
        volunteers = volunteers.exclude(application_id=exclude_application)
    return {"applications": list(applications.distinct()), "volunteers": list(volunteers.distinct())}


def has_duplicate() -> ExpressionWrapper:
    """For annotating a list of applications: does another application or a volunteer share mobile or ID hash?"""
    same_mobile = Q(mobile=OuterRef("mobile"))
    same_id = ~Q(id_number_hash="") & Q(id_number_hash=OuterRef("id_number_hash"))
    other_applications = Application.objects.filter(same_mobile | same_id).exclude(pk=OuterRef("pk"))
    volunteers = Volunteer.objects.filter(same_mobile | same_id).exclude(application_id=OuterRef("pk"))
    return ExpressionWrapper(Exists(other_applications) | Exists(volunteers), output_field=BooleanField())


def known_volunteer_keys() -> tuple[set[str], set[str]]:
    """Mobiles and ID hashes already on the roster, for checking a whole import file with two queries."""
    mobiles = set(Volunteer.objects.exclude(mobile="").values_list("mobile", flat=True))
    id_hashes = set(Volunteer.objects.exclude(id_number_hash="").values_list("id_number_hash", flat=True))
    return mobiles, id_hashes
