"""Who may see a scenario: its visibility, named users with view or edit
rights, and read-only links. Each write records its own audit event."""

import secrets

from django.db import transaction
from django.utils import timezone

from .. import audit
from ..models import ScenarioShare, ShareLink


@transaction.atomic
def scenario_visibility_set(*, scenario, visibility, user, ip=None):
    scenario.visibility = visibility
    scenario.save(update_fields=["visibility", "updated_at"])
    audit.record("visibility_changed", user=user, ip=ip, scenario=scenario, visibility=scenario.visibility)
    return scenario


@transaction.atomic
def scenario_share_with_user(*, scenario, with_user, can_edit, user, ip=None):
    share, _ = ScenarioShare.objects.update_or_create(
        scenario=scenario, user=with_user, defaults={"can_edit": can_edit}
    )
    audit.record(
        "share_granted",
        user=user,
        ip=ip,
        scenario=scenario,
        with_user=with_user.get_username(),
        rights="edit" if can_edit else "view",
    )
    return share


@transaction.atomic
def scenario_unshare(*, share, user, ip=None):
    share.delete()
    audit.record(
        "share_removed", user=user, ip=ip, scenario=share.scenario, with_user=share.user.get_username()
    )


@transaction.atomic
def share_link_create(*, scenario, created_by, expires_at=None, ip=None):
    # 32 bytes from the OS's CSPRNG: 43 URL-safe characters, not guessable.
    link = ShareLink.objects.create(
        scenario=scenario, token=secrets.token_urlsafe(32), created_by=created_by, expires_at=expires_at
    )
    audit.record(
        "link_created",
        user=created_by,
        ip=ip,
        scenario=scenario,
        link_id=link.pk,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return link


@transaction.atomic
def share_link_revoke(*, link, user, ip=None):
    """Revoke the link (again is harmless: the first time stands)."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    audit.record("link_revoked", user=user, ip=ip, scenario=link.scenario, link_id=link.pk)
    return link
