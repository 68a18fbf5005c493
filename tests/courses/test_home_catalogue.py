from courses.models import CoursePage


def test_home_page_lists_live_volunteer_courses_but_not_social_worker_ones(client, course):
    index = course.get_parent()
    index.add_child(instance=CoursePage(title="医务社工督导实务", slug="sw", audience="social_worker"))
    html = client.get("/").content.decode()
    assert "培训课程" in html and "风险预防与安全" in html
    assert "医务社工督导实务" not in html
