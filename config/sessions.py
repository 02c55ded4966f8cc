"""Database sessions, read without building a QuerySet (see config.rows)."""

from functools import cache

from django.contrib.sessions.backends import db
from django.db import router
from django.utils import timezone

from .rows import RowLoader


@cache
def _loader(model):
    return RowLoader(model, "session_key")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        session = _loader(self.model).get(self.session_key, using=router.db_for_read(self.model))
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
