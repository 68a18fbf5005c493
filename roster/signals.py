"""What the roster announces (an accepted application), and star levels that follow hours and thresholds,
whichever path (action, admin form, delete) changed them."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from .models import ServiceRecord, StarThresholds
from .stars import recompute_star_levels

# Sent inside do_accept_application's transaction with ``volunteer`` (the new Volunteer), ``cohort_id`` (the
# onboarding cohort chosen on the screening form, or None) and ``by``. Onboarding, the layer above, enrols the
# volunteer; an error it raises undoes the acceptance.
application_accepted = Signal()


@receiver(post_save, sender=StarThresholds)
def thresholds_changed(sender, instance: StarThresholds, **kwargs) -> None:
    recompute_star_levels()


@receiver(post_save, sender=ServiceRecord)
@receiver(post_delete, sender=ServiceRecord)
def hours_changed(sender, instance: ServiceRecord, **kwargs) -> None:
    recompute_star_levels([instance.volunteer_id])
