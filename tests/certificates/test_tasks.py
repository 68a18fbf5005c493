from __future__ import annotations

import os

import pytest

from certificates import actions, tasks
from certificates.actions import do_issue_for_rule
from certificates.models import BulkJob, Certificate
from certificates.rendering import render_certificate_pdf
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
    monkeypatch.setattr(tasks, "PRINT_CHUNK", 3)
    real_render = actions.render_certificates
    calls = {"n": 0}

    def dies_in_the_second_batch(certificates):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_render(certificates)

    monkeypatch.setattr(actions, "render_certificates", dies_in_the_second_batch)
    job = create_issue_job(rule, [user.pk for user in cohort])
    with pytest.raises(SystemExit):
        tasks.run_bulk_job.call(job.pk)
    job.refresh_from_db()
    assert job.state == BulkJob.State.RUNNING  # what a killed worker leaves behind
    assert Certificate.objects.count() == 3  # the first batch; nothing of the second
    monkeypatch.setattr(actions, "render_certificates", real_render)
    job = start_job(job)
    assert job.state == BulkJob.State.DONE and job.done == 7
    assert Certificate.objects.count() == 7
    assert Certificate.objects.values("holder").distinct().count() == 7
    stored = files_under(settings.CERTIFICATES_PDF_ROOT)
    assert len(stored) == 8 and all(name.endswith(".pdf") for name in stored)  # 7 certificates and the print
    assert len(pdf_reader(job.output.read()).pages) == 7


def test_bulk_issue_gives_each_certificate_its_own_pdf_and_the_cohort_one_print(cohort, rule, monkeypatch):
    monkeypatch.setattr(tasks, "PRINT_CHUNK", 3)
    job = start_job(create_issue_job(rule, [user.pk for user in cohort]))
    printed = pdf_reader(job.output.read())
    assert len(printed.pages) == 7
    assert "赵一" in "".join(printed.pages[0].extract_text().split())  # in the order asked for
    for certificate in Certificate.objects.all():
        own = pdf_reader(certificate.pdf.read())
        assert len(own.pages) == 1
        text = "".join(own.pages[0].extract_text().split())
        assert certificate.holder_name in text and certificate.serial in text


def test_a_bulk_issued_certificate_pdf_holds_only_its_own_page_and_glyphs(cohort, rule):
    """Each page used to be split from the batch's document with the whole batch's font subset (183 KB where a
    certificate alone is 93 KB, and the other holders' name glyphs inside): now it is the certificate's own file."""
    actions.do_issue_for_rule_batch(cohort, rule)
    names = [user.last_name + user.first_name for user in cohort]
    for certificate in Certificate.objects.all():
        data = certificate.pdf.read()
        own = pdf_reader(data)
        assert len(own.pages) == 1
        text = "".join(own.pages[0].extract_text().split())
        assert [name for name in names if name in text] == [certificate.holder_name]
        alone = render_certificate_pdf(certificate)
        assert len(data) <= len(alone) * 1.01
        assert data == alone  # the same file as issuing it by itself


def test_a_batch_that_fails_leaves_no_certificate_and_no_file(cohort, rule, monkeypatch, settings):
    def storage_full(*args, **kwargs):
        raise OSError("No space left on device")

    calls = {"n": 0}
    real_store = actions.store_atomically

    def fails_on_the_third_file(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            return storage_full()
        return real_store(*args, **kwargs)

    monkeypatch.setattr(actions, "store_atomically", fails_on_the_third_file)
    with pytest.raises(OSError):
        actions.do_issue_for_rule_batch(cohort, rule)
    assert Certificate.objects.count() == 0
    assert [name for name in files_under(settings.CERTIFICATES_PDF_ROOT) if name.endswith(".pdf")] == []


def test_a_name_no_font_can_draw_is_reported_and_the_others_are_issued(cohort, rule):
    cohort[2].first_name = "\U000f0000"
    cohort[2].save()
    job = start_job(create_issue_job(rule, [user.pk for user in cohort]))
    assert job.state == BulkJob.State.DONE
    # the social worker reads whose certificate failed: the name as typed and the number that tells people apart
    assert "赵\U000f0000(v2)" in job.error
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

    monkeypatch.setattr(tasks, "PRINT_CHUNK", 3)
    real_render = actions.render_certificates
    calls = {"n": 0}

    def dies_in_the_second_batch(certificates):
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("worker killed")
        return real_render(certificates)

    monkeypatch.setattr(actions, "render_certificates", dies_in_the_second_batch)
    job = create_issue_job(rule, [user.pk for user in cohort])
    with pytest.raises(SystemExit):
        tasks.run_bulk_job.call(job.pk)
    monkeypatch.setattr(actions, "render_certificates", real_render)
    call_command("resume_certificate_jobs")
    job.refresh_from_db()
    assert job.state == BulkJob.State.DONE
    assert Certificate.objects.count() == 7


def test_prepare_font_command_prints_the_prepared_file(db, capsys):
    from django.core.management import call_command

    call_command("prepare_certificate_font")
    assert ".otf" in capsys.readouterr().out
