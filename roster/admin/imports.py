"""导入志愿者名册: upload the Excel roster (all rows checked first, nothing imported on any error) and its template."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import excel, importer
from ..forms import ImportForm
from ..models import Volunteer


class ImportView(AdminScreen, FormView):
    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "add"
    page_title = gettext_lazy("导入志愿者名册")
    header_icon = "upload"
    template_name = "roster/admin/import.html"
    form_class = ImportForm

    def form_valid(self, form):
        try:
            count = importer.import_roster(form.cleaned_data["file"], by=self.request.user)
        except importer.ImportFailed as failure:
            return self.render_to_response(self.get_context_data(form=form, errors=failure.errors))
        messages.success(self.request, _("已导入 %(n)d 名志愿者。") % {"n": count})
        return redirect("roster_admin:volunteer_index")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("errors", [])
        return {**super().get_context_data(**kwargs), "columns": importer.COLUMNS}


def import_template(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("roster.add_volunteer"):
        raise PermissionDenied
    return excel.response(excel.import_template_workbook(), "roster-import-template.xlsx")
