"""Certificate PDF benchmark: per-certificate render time and size, and bulk issue + print of N certificates.

Run from the project root:  .venv/bin/python benchmarks/certificates/run.py [--count 500] [--samples 30]

Uses a throw-away SQLite database and file folders; the prepared certificate font is shared with the project
(its one-time preparation is timed separately, into a temporary folder). Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="sg-cert-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from wagtail.models import Page  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"  # noqa: E501


def names(count: int, seed: int = 7) -> list[tuple[str, str]]:
    generator = random.Random(seed)
    return [
        (generator.choice(SURNAMES), "".join(generator.choices(GIVEN, k=generator.choice((1, 2)))))
        for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from certificates import demo, fonts
    from certificates.actions import do_issue_for_rule
    from certificates.models import Certificate, CertificateTemplate, IssuingRule
    from certificates.rendering import render_certificate_pdf
    from certificates.tasks import create_issue_job, create_print_job, start_job

    source = fonts.find_cjk_font()
    started = time.perf_counter()
    fonts._prepare(source, WORK / "fonts" / "cold.otf")
    preparation = time.perf_counter() - started
    prepared_size = (WORK / "fonts" / "cold.otf").stat().st_size
    fonts.prepared_font()

    templates = demo._templates()
    template = templates[CertificateTemplate.Kind.ONBOARDING]
    root = Page.get_first_root_node()
    course = root.add_child(instance=Page(title="医务社工志愿者岗前培训", slug="bench-course"))
    rule = IssuingRule.objects.create(
        template=template, course_page=course, hours=24, scope="工作职责\n风险预防\n心理支持"
    )

    people = names(args.count + args.samples)
    users = User.objects.bulk_create(
        [User(username=f"u{index}", last_name=last, first_name=first) for index, (last, first) in enumerate(people)]
    )
    sample_users, cohort = users[: args.samples], users[args.samples :]

    # Warm-up (first use loads the prepared font into WeasyPrint).
    warm = do_issue_for_rule(sample_users[0], rule).certificate
    times, cpu_times, sizes = [], [], []
    for user in sample_users[1:]:
        certificate = do_issue_for_rule(user, rule).certificate
        started, cpu_started = time.perf_counter(), time.process_time()
        data = render_certificate_pdf(certificate)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        sizes.append(len(data) / 1024)

    started, cpu_started = time.perf_counter(), time.process_time()
    job = start_job(create_issue_job(rule, [user.pk for user in cohort]))
    issue_seconds, issue_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert job.state == job.State.DONE, job.error
    issued_with_print = bool(job.output)  # since issue 18 the issue job also makes the cohort's print PDF
    bulk_sizes = [c.pdf.size / 1024 for c in Certificate.objects.filter(holder__in=cohort)[:50]]
    ids = list(Certificate.objects.filter(holder__in=cohort).values_list("pk", flat=True))
    started, cpu_started = time.perf_counter(), time.process_time()
    job = start_job(create_print_job(ids))
    print_seconds, print_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    merged_size = job.output.size / 1024 / 1024

    # The same certificates set directly in the installed font (no prepared file), for the ratio.
    from certificates import rendering

    unprepared = fonts.PreparedFont(path=WORK / "absent.otf", family="Absent", fallback_family=source.family)
    original = rendering.prepared_font
    rendering.prepared_font = lambda: unprepared
    full_times, full_sizes = [], []
    try:
        for user in sample_users[1:6]:
            certificate = Certificate.objects.get(holder=user)
            started = time.perf_counter()
            data = render_certificate_pdf(certificate)
            full_times.append((time.perf_counter() - started) * 1000)
            full_sizes.append(len(data) / 1024)
    finally:
        rendering.prepared_font = original

    print(f"font: {source.family} ({source.path.name}#{source.index})")
    print(f"one-time font preparation: {preparation:.1f} s -> {prepared_size / 1024 / 1024:.1f} MB cached file")
    print(
        f"single certificate ({len(times)} samples, warm): median {statistics.median(times):.0f} ms, "
        f"p90 {sorted(times)[int(len(times) * 0.9)]:.0f} ms, CPU median {statistics.median(cpu_times):.0f} ms, "
        f"median size {statistics.median(sizes):.0f} KB "
        f"(max {max(sizes):.0f} KB)"
    )
    print(
        f"same, installed font used directly: median {statistics.median(full_times):.0f} ms, "
        f"{statistics.median(full_sizes):.0f} KB"
    )
    print(
        f"bulk issue {len(cohort)} (render + store + rows): {issue_seconds:.1f} s "
        f"({issue_seconds * 1000 / len(cohort):.0f} ms each; CPU {issue_cpu:.1f} s)"
    )
    median_size = statistics.median(bulk_sizes)
    print(f"certificate PDF from the bulk issue: median {median_size:.0f} KB (max {max(bulk_sizes):.0f} KB)")
    print(f"print {len(ids)} as one merged PDF: {print_seconds:.1f} s (CPU {print_cpu:.1f} s), {merged_size:.1f} MB")
    if issued_with_print:
        print(
            f"bulk issue + print {len(cohort)} (one pass: the issue job made the print PDF): {issue_seconds:.1f} s "
            f"({issue_seconds * 1000 / len(cohort):.0f} ms each), CPU {issue_cpu:.1f} s"
        )
    else:
        total = issue_seconds + print_seconds
        print(
            f"bulk issue + print {len(cohort)}: {total:.1f} s ({total * 1000 / len(cohort):.0f} ms each), "
            f"CPU {issue_cpu + print_cpu:.1f} s"
        )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    del warm


if __name__ == "__main__":
    main()
