"""Personal API tokens: each shown once when made, kept only as its SHA-256
(a token is 256 random bits, so a slow hash would add nothing), revocable,
optionally expiring, with the time it was last used."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "pst_"  # "partnership scenarios token": findable by secret scanners


def digest(key):
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at=None).filter(models.Q(expires_at=None) | models.Q(expires_at__gt=now))


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. “Notebook on my laptop”.")
    # The first characters of the token, so its owner can tell tokens apart.
    hint = models.CharField(max_length=12)
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def state(self):
        """ "active", "expired" or "revoked", for the account page."""
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.is_usable() else "expired"
