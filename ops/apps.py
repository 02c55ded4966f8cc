from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(**kwargs):
    # Saving reference data writes to the cache, so on the production settings
    # (a database cache without REDIS_URL) any command after `migrate` needs the
    # table. createcachetable leaves an existing table alone and skips caches
    # that are not database caches.
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Operations: backups, restores, demo data, audit pruning"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="ops.create_cache_table")
