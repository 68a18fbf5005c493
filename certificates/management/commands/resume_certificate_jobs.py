"""Re-queue bulk certificate jobs that a killed worker left unfinished (safe: jobs resume without duplicates)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from certificates.models import BulkJob
from certificates.tasks import start_job


class Command(BaseCommand):
    help = "重新排队未完成的批量证书任务(被中断的任务从中断处继续,不会重复颁发)。"

    def handle(self, *args, **options) -> None:
        unfinished = BulkJob.objects.exclude(state=BulkJob.State.DONE).order_by("pk")
        for job in unfinished:
            job = start_job(job)
            self.stdout.write(f"#{job.pk} {job.get_kind_display()} {job.done}/{job.total} {job.get_state_display()}")
