"""Helper of worker_kill.sh: set up, watch, resume and verify a bulk certificate issue run by ``db_worker``.

bulk_issue.py setup N      create N volunteers and a bulk issue job, queue it; prints the job id
bulk_issue.py status JOB   prints "state done total certificates"
bulk_issue.py resume JOB   queue the job again, as the admin's “重新排队” button does
bulk_issue.py verify JOB   no duplicate, none missing, every PDF complete (exit 1 if not); counts temporary files
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db.models import Count  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from accounts.roles import VOLUNTEER  # noqa: E402
from certificates.models import BulkJob, Certificate, CertificateTemplate, IssuingRule, Signatory  # noqa: E402
from certificates.tasks import create_issue_job, start_job  # noqa: E402
from courses.models import CoursePage  # noqa: E402


def make_rule() -> IssuingRule:
    """A completion certificate for the first demo course, when the demo has no issuing rule of its own."""
    template = CertificateTemplate.objects.create(
        name="结业证书(故障测试)",
        kind=CertificateTemplate.Kind.COMPLETION,
        title="结业证书",
        validity_months=24,
        body="{name} 同志于 {issued_on} 完成《{course}》学习,共计 {hours} 学时,考核合格,特发此证。",
    )
    Signatory.objects.create(template=template, name="陈嘉宁", title="医务社工部主任")
    course = CoursePage.objects.live().order_by("path").first()
    return IssuingRule.objects.create(template=template, course_page=course, hours=24, scope="工作职责\n风险预防")


def setup(count: int) -> None:
    group = Group.objects.get(name=VOLUNTEER)
    holders = []
    for n in range(1, count + 1):
        user, created = User.objects.get_or_create(
            username=f"fault_v{n:03d}", defaults={"last_name": "测", "first_name": f"试{n:03d}"}
        )
        if created:
            user.groups.add(group)
        holders.append(user.pk)
    rule = IssuingRule.objects.filter(active=True).select_related("template").order_by("pk").first() or make_rule()
    job = create_issue_job(rule, holders)
    start_job(job)
    print(job.pk)


def status(job_id: int) -> None:
    job = BulkJob.objects.get(pk=job_id)
    issued = Certificate.objects.filter(rule=job.rule, holder_id__in=job.user_ids).count()
    print(job.state, job.done, job.total, issued)


def resume(job_id: int) -> None:
    start_job(BulkJob.objects.get(pk=job_id))


def verify(job_id: int) -> None:
    job = BulkJob.objects.get(pk=job_id)
    certificates = Certificate.objects.filter(rule=job.rule, holder_id__in=job.user_ids)
    per_holder = dict(certificates.values_list("holder_id").annotate(n=Count("pk")))
    duplicates = {holder: n for holder, n in per_holder.items() if n > 1}
    missing = [holder for holder in job.user_ids if holder not in per_holder]
    broken = []
    for certificate in certificates:
        try:
            path = Path(certificate.pdf.path)
            data = path.read_bytes()
            assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
            assert len(PdfReader(path).pages) >= 1
        except Exception as error:  # noqa: BLE001 - any failure is a broken file, reported below
            broken.append(f"{certificate.serial}: {error}")
    root = Path(settings.CERTIFICATES_PDF_ROOT)
    # A SIGKILL during a write can leave a ``.part`` file: never under a certificate's name, so never served.
    leftovers = [str(p) for p in root.rglob("*") if p.is_file() and p.suffix != ".pdf"]
    print(f"job {job.pk}: state {job.state}, {job.done}/{job.total} done")
    print(f"certificates: {certificates.count()} for {len(job.user_ids)} holders")
    print(
        f"duplicates: {len(duplicates)}  missing: {len(missing)}  broken PDFs: {len(broken)}  "
        f"temporary files left: {len(leftovers)}"
    )
    for line in broken[:5] + leftovers[:5]:
        print("  ", line)
    sys.exit(0 if not (duplicates or missing or broken) and job.state == BulkJob.State.DONE else 1)


if __name__ == "__main__":
    command, argument = sys.argv[1], int(sys.argv[2])
    {"setup": setup, "status": status, "resume": resume, "verify": verify}[command](argument)
