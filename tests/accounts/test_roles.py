from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from accounts.roles import COORDINATOR, SOCIAL_WORKER, VOLUNTEER


def page_permissions(name: str) -> set[str]:
    return set(GroupPagePermission.objects.filter(group__name=name).values_list("permission__codename", flat=True))


def test_migrations_create_the_three_role_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {VOLUNTEER, SOCIAL_WORKER, COORDINATOR}


def test_social_worker_can_enter_the_admin_author_pages_and_manage_domain_models(social_worker):
    assert social_worker.has_perm("wagtailadmin.access_admin")
    assert social_worker.has_perm("wagtailimages.add_image")
    assert {"add_page", "change_page"} <= page_permissions(SOCIAL_WORKER)
    # Social workers submit for approval; publishing is the coordinator's.
    assert "publish_page" not in page_permissions(SOCIAL_WORKER)


def test_coordinator_publishes_and_manages_users(coordinator):
    assert coordinator.has_perm("wagtailadmin.access_admin")
    assert coordinator.has_perm("auth.change_user")
    assert "publish_page" in page_permissions(COORDINATOR)


def test_volunteer_has_no_admin_access(volunteer, client, home_page):
    assert not volunteer.has_perm("wagtailadmin.access_admin")
    assert page_permissions(VOLUNTEER) == set()
    client.force_login(volunteer)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
