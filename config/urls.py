from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.health import healthz


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links; the hashed static file is named only at run time."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.ico")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("search/", include("kb.search.urls")),
    path("", include("certificates.urls")),
    path("", include("courses.urls")),
    path("", include("onboarding.urls")),
    path("sitemap.xml", sitemap),
    path("", include("kb.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include("roster.urls"))]  # /join/ and /roster/…
urlpatterns += [path("", include("activities.urls"))]  # /activities/<id>/register/, cancel and feedback links

# Wagtail's page serving catches every other URL, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
