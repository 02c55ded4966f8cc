"""Writes and the one lookup of personal API tokens, each write recording its
audit event (scenarios/audit.py), as every write in the project does."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from scenarios import audit

from .models import PREFIX, ApiToken, digest

# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@transaction.atomic
def token_create(*, user, name, expires_at=None, ip=None):
    """(token, key): the key is returned here once and never stored."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, hint=key[: len(PREFIX) + 4], key_digest=digest(key), expires_at=expires_at
    )
    audit.record(
        "api_token_created",
        user=user,
        ip=ip,
        token_id=token.pk,
        token=token.name,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return token, key


@transaction.atomic
def token_revoke(*, token, user, ip=None):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record("api_token_revoked", user=user, ip=ip, token_id=token.pk, token=token.name)
    return token


def token_user(key):
    """The usable token a bearer key names, with its user (active), or None;
    notes when it was used, at most once a minute."""
    if not isinstance(key, str) or not key.startswith(PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_digest=digest(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
