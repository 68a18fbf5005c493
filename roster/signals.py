"""Star levels follow the thresholds: saving them in the admin recomputes every volunteer's level."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import StarThresholds
from .stars import recompute_star_levels


@receiver(post_save, sender=StarThresholds)
def thresholds_changed(sender, instance: StarThresholds, **kwargs) -> None:
    recompute_star_levels()
