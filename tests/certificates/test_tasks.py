from __future__ import annotations

import os

import pytest

from certificates import actions, tasks
from certificates.actions import do_issue_for_rule
from certificates.models import BulkJob, Certificate
from certificates.tasks import create_issue_job, create_print_job, start_job

from ..conftest import make_user
from .conftest import pdf_reader


@pytest.fixture
def cohort(db):
    from accounts.roles import VOLUNTEER

    return [make_user(f"v{i}", VOLUNTEER, last_name="赵", first_name=f"{'一二三四五六七'[i]}") for i in range(7)]


def files_under(root) -> list[str]:
    return [name for _dir, _dirs, names in os.walk(root) for name in names]


def test_bulk_issue_issues_one_certificate_per_person_and_reports_progress(cohort, rule):
    job = start_job(create_issue_job(rule, [user.pk for user in cohort]))
    assert job.state == BulkJob.State.DONE
    assert (job.done, job.total, job.percent) == (7, 7, 100)
    assert Certificate.objects.filter(rule=rule).count() == 7


def test_bulk_issuing_twice_creates_no_duplicates(cohort, rule):
    ids = [user.pk for user in cohort]
    start_job(create_issue_job(rule, ids))
    start_job(create_issue_job(rule, ids + ids[:2]))
    assert Certificate.objects.filter(rule=rule).count() == 7
    assert sorted(Certificate.objects.values_list("holder_id", flat=True)) == sorted(ids)


def test_bulk_issue_killed_half_way_resumes_without_duplicates_or_partial_files(cohort, rule, monkeypatch, settings):
    real_issue = actions.do_issue_certificate
    calls = {"n": 0}

    def dies_on_the_fourth(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise SystemExit("worker killed")
        return real_issue(*args, **kwargs)

    monkeypatch.setattr(actions, "do_issue_certificate", dies_on_the_fourth)
    job = create_issue_job(rule, [user.pk for user in cohort])
    with pytest.raises(SystemExit):
        tasks.run_bulk_job.call(job.pk)
    job.refresh_from_db()
    assert job.state == BulkJob.State.RUNNING  # what a killed worker leaves behind
    assert Certificate.objects.count() == 3
    monkeypatch.setattr(actions, "do_issue_certificate", real_issue)
    job = start_job(job)
    assert job.state == BulkJob.State.DONE and job.done == 7
    assert Certificate.objects.count() == 7
    assert Certificate.objects.values("holder").distinct().count() == 7
    stored = files_under(settings.CERTIFICATES_PDF_ROOT)
    assert len(stored) == 7 and all(name.endswith(".pdf") for name in stored)


def test_a_name_no_font_can_draw_is_reported_and_the_others_are_issued(cohort, rule):
    cohort[2].first_name = "\U000f0000"
    cohort[2].save()
    job = start_job(create_issue_job(rule, [user.pk for user in cohort]))
    assert job.state == BulkJob.State.DONE
    assert "v2" in job.error
    assert Certificate.objects.count() == 6


def test_bulk_print_gives_one_merged_pdf_with_a_page_per_certificate(cohort, rule, monkeypatch):
    monkeypatch.setattr(tasks, "PRINT_CHUNK", 3)
    certificates = [do_issue_for_rule(user, rule).certificate for user in cohort]
    job = start_job(create_print_job([c.pk for c in reversed(certificates)]))
    assert job.state == BulkJob.State.DONE and job.done == 7
    reader = pdf_reader(job.output.read())
    assert len(reader.pages) == 7
    assert "赵七" in "".join(reader.pages[0].extract_text().split())  # in the order asked for
    assert files_under(os.path.dirname(job.output.path)) == [os.path.basename(job.output.path)]


def test_bulk_print_killed_half_way_resumes_from_finished_chunks(cohort, rule, monkeypatch, settings):
    monkeypatch.setattr(tasks, "PRINT_CHUNK", 3)
    certificates = [do_issue_for_rule(user, rule).certificate for user in cohort]
    real_render = tasks.render_certificates_pdf
    rendered = []

    def dies_on_the_second_chunk(chunk):
        rendered.append(len(chunk))
        if len(rendered) == 2:
            raise SystemExit("worker killed")
        return real_render(chunk)

    monkeypatch.setattr(tasks, "render_certificates_pdf", dies_on_the_second_chunk)
    job = create_print_job([c.pk for c in certificates])
    with pytest.raises(SystemExit):
        tasks.run_bulk_job.call(job.pk)
    assert not any(name.endswith((".part", ".tmp")) for name in files_under(settings.CERTIFICATES_PDF_ROOT))
    assert not os.path.exists(os.path.join(settings.CERTIFICATES_PDF_ROOT, f"prints/job-{job.pk}.pdf"))
    job = start_job(job)
    assert rendered == [3, 3, 3, 1]  # the first chunk was not rendered again
    assert len(pdf_reader(job.output.read()).pages) == 7


def test_resume_command_finishes_jobs_a_killed_worker_left(cohort, rule, monkeypatch):
    from django.core.management import call_command

    real_issue = actions.do_issue_certificate
    calls = {"n": 0}

    def dies_on_the_third(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("worker killed")
        return real_issue(*args, **kwargs)

    monkeypatch.setattr(actions, "do_issue_certificate", dies_on_the_third)
    job = create_issue_job(rule, [user.pk for user in cohort])
    with pytest.raises(SystemExit):
        tasks.run_bulk_job.call(job.pk)
    monkeypatch.setattr(actions, "do_issue_certificate", real_issue)
    call_command("resume_certificate_jobs")
    job.refresh_from_db()
    assert job.state == BulkJob.State.DONE
    assert Certificate.objects.count() == 7


def test_prepare_font_command_prints_the_prepared_file(db, capsys):
    from django.core.management import call_command

    call_command("prepare_certificate_font")
    assert ".otf" in capsys.readouterr().out
