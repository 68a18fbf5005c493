from django.contrib.auth.models import User
from django.core.management import call_command
from wagtail.models import Page, Site

from kb.models import HomePage


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo", stdout=open(__import__("os").devnull, "w"))
    counts = (User.objects.count(), Page.objects.count(), Site.objects.count())
    call_command("load_demo", stdout=open(__import__("os").devnull, "w"))
    assert (User.objects.count(), Page.objects.count(), Site.objects.count()) == counts
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
    assert User.objects.get(username="socialworker").groups.filter(name="医务社工").exists()
