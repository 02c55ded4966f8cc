"""The model backend, loading the logged-in user without building a QuerySet
(every request does it; see config.rows)."""

from functools import cache

from django.contrib.auth import backends, get_user_model
from django.db import router

from .rows import RowLoader


@cache
def _loader(model):
    return RowLoader(model)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        user = _loader(model).get(user_id, using=router.db_for_read(model))
        return user if user is not None and self.user_can_authenticate(user) else None
