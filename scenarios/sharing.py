"""Sharing a scenario with named users and through read-only links."""

import re
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ScenarioShare, ShareLink

# token_urlsafe's alphabet; 32 bytes make 43 characters.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def share_with(scenario, user, *, can_edit):
    share, _ = ScenarioShare.objects.update_or_create(
        scenario=scenario, user=user, defaults={"can_edit": can_edit}
    )
    return share


def create_link(scenario, *, created_by, expires_at=None):
    # 32 bytes from the OS's CSPRNG: 43 URL-safe characters, not guessable.
    return ShareLink.objects.create(
        scenario=scenario, token=secrets.token_urlsafe(32), created_by=created_by, expires_at=expires_at
    )


@transaction.atomic
def revoke_link(link):
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def active_link(token):
    """The scenario behind a live token, or None for unknown, revoked and expired ones."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None  # never send a malformed token (a NUL byte, say) to the database
    link = ShareLink.objects.active(timezone.now()).select_related("scenario").filter(token=token).first()
    return link
