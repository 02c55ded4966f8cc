"""The project's admin site: Django's, refusing selections that are not ids."""

from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


def _readable_ids(model, values):
    key = model._meta.pk
    try:
        for value in values:
            key.run_validators(key.to_python(value))  # the validators include the column's range
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def _refusing_unreadable_selections(view, model_admin):
    """Django's ModelAdmin.response_action filters pk__in on the posted selection
    as it comes, so a value that is no id ('abc', '1\\x00') raised a 500. Such a
    post gets the admin's own warning and changes nothing."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME) if request.method == "POST" else []
        if selected and not _readable_ids(model_admin.model, selected):
            model_admin.message_user(
                request, "The selection could not be read. No items have been changed.", messages.WARNING
            )
            return HttpResponseRedirect(request.get_full_path())
        return view(request, *args, **kwargs)

    return checked


class AdminSite(admin.AdminSite):
    site_header = "Partnership scenarios: data"
    site_title = "Partnership scenarios admin"

    def admin_view(self, view, cacheable=False):
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin):
            view = _refusing_unreadable_selections(view, model_admin)
        return super().admin_view(view, cacheable)
