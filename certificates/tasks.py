"""Bulk issuing and printing as background tasks (django-tasks), with progress on the BulkJob row.

Both are safe to run again at any point, which is also how a job resumes after its worker was killed:
issuing skips holders who already have the certificate (``do_issue_for_rule_batch`` is idempotent), and printing
keeps each finished chunk of pages as a file written by write-then-rename, so only missing chunks are rendered again.
The merged PDF appears under its final name only once it is complete.

Issuing is done in batches of ``PRINT_CHUNK`` holders, each in one pass: one document for the batch, laid out once
and written both as every certificate's own PDF and as that chunk of the job's merged print PDF, so an issue job
ends with the cohort ready to print and nothing laid out twice. A batch is all or nothing.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import Case, IntegerField, When
from django.utils.translation import gettext as _
from django_tasks import task

from .actions import do_issue_for_rule_batch
from .issuing import store_atomically
from .models import BulkJob, Certificate
from .rendering import render_certificates_pdf

logger = logging.getLogger(__name__)

PRINT_CHUNK = 50  # pages rendered per document before merging: bounded memory, visible progress


def start_job(job: BulkJob) -> BulkJob:
    """Queue a job (new, failed or interrupted); the worker picks it up, or it runs now with the immediate backend."""
    job.state = BulkJob.State.QUEUED
    job.save(update_fields=["state", "updated_at"])
    run_bulk_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


@task()
def run_bulk_job(job_id: int) -> None:
    job = BulkJob.objects.get(pk=job_id)
    if job.state == BulkJob.State.DONE:
        return
    job.state = BulkJob.State.RUNNING
    job.error = ""
    job.save(update_fields=["state", "error", "updated_at"])
    try:
        if job.kind == BulkJob.Kind.ISSUE:
            _run_issue(job)
        else:
            _run_print(job)
    except Exception as error:
        logger.exception("Bulk job %s failed", job.pk)
        job.state = BulkJob.State.FAILED
        job.error = f"{job.error}\n{error}".strip()
        job.save(update_fields=["state", "error", "updated_at"])
        raise
    job.state = BulkJob.State.DONE
    job.save(update_fields=["state", "updated_at"])


def _progress(job: BulkJob, done: int) -> None:
    job.done = done
    job.save(update_fields=["done", "updated_at"])


def _run_issue(job: BulkJob) -> None:
    users = get_user_model().objects.in_bulk(job.user_ids)
    storage = job.output.storage
    failures = [_("#%(id)s:用户不存在") % {"id": pk} for pk in job.user_ids if pk not in users]
    holders = [users[pk] for pk in job.user_ids if pk in users]
    certificate_ids: list[int] = []
    chunks = []
    done = len(job.user_ids) - len(holders)
    for index, start in enumerate(range(0, len(holders), PRINT_CHUNK)):
        batch = holders[start : start + PRINT_CHUNK]
        try:
            outcome = do_issue_for_rule_batch(batch, job.rule, issued_by=job.created_by)
        except ValueError as error:  # e.g. a template text no font can draw: report it, go on with the next batch
            failures.append(str(error))
        else:
            failures.extend(outcome.failures)
            certificates = [item.certificate for item in outcome.outcomes]
            certificate_ids.extend(certificate.pk for certificate in certificates)
            name = _chunk_path(job, index)
            if certificates and not storage.exists(name):
                # Issued now: the batch's document is this chunk. Issued before (a resumed job): render it.
                store_atomically(storage, name, outcome.document or render_certificates_pdf(certificates))
            if certificates:
                chunks.append(index)
        done += len(batch)
        _progress(job, done)
    job.certificate_ids = certificate_ids
    job.error = "\n".join(failures)
    job.save(update_fields=["certificate_ids", "error", "updated_at"])
    if chunks:
        _merge_chunks(job, chunks)


def _chunk_path(job: BulkJob, index: int) -> str:
    return f"prints/job-{job.pk}/chunk-{index:04d}.pdf"


def _merge_chunks(job: BulkJob, chunks: list[int]) -> None:
    """The job's one PDF from its chunk files, stored under its final name once complete; the chunks are removed."""
    from pypdf import PdfWriter

    storage = job.output.storage
    writer = PdfWriter()
    for index in chunks:
        writer.append(storage.path(_chunk_path(job, index)))
    merged = io.BytesIO()
    writer.write(merged)
    output_name = f"prints/job-{job.pk}.pdf"
    store_atomically(storage, output_name, merged.getvalue())
    job.output.name = output_name
    job.save(update_fields=["output", "updated_at"])
    for index in chunks:
        storage.delete(_chunk_path(job, index))
    chunk_dir = Path(storage.path(f"prints/job-{job.pk}"))
    if chunk_dir.is_dir() and not any(chunk_dir.iterdir()):
        chunk_dir.rmdir()


def _run_print(job: BulkJob) -> None:
    storage = job.output.storage
    order = Case(
        *(When(pk=pk, then=position) for position, pk in enumerate(job.certificate_ids)), output_field=IntegerField()
    )
    certificates = list(
        Certificate.objects.filter(pk__in=job.certificate_ids)
        .select_related("template")
        .prefetch_related("template__signatories")
        .order_by(order)
    )
    chunks = [certificates[start : start + PRINT_CHUNK] for start in range(0, len(certificates), PRINT_CHUNK)]
    done = 0
    for index, chunk in enumerate(chunks):
        name = _chunk_path(job, index)
        if not storage.exists(name):
            store_atomically(storage, name, render_certificates_pdf(chunk))
        done += len(chunk)
        _progress(job, done)
    _merge_chunks(job, list(range(len(chunks))))


def create_issue_job(rule, user_ids: list[int], created_by=None) -> BulkJob:
    unique_ids = list(dict.fromkeys(user_ids))
    return BulkJob.objects.create(
        kind=BulkJob.Kind.ISSUE, rule=rule, user_ids=unique_ids, total=len(unique_ids), created_by=created_by
    )


def create_print_job(certificate_ids: list[int], created_by=None, rule=None) -> BulkJob:
    unique_ids = list(dict.fromkeys(certificate_ids))
    return BulkJob.objects.create(
        kind=BulkJob.Kind.PRINT, rule=rule, certificate_ids=unique_ids, total=len(unique_ids), created_by=created_by
    )
