"""A stamp that changes whenever staff change reference data.

Pages that show company or component names (scenario pages, for one) put the
stamp in their cache keys, so an edit in the admin retires every cached
fragment at once, without knowing which fragments there are.
"""

import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

STAMP_KEY = "reference-data-stamp"


def reference_data_stamp():
    # add, then read back: two processes starting at once agree on one stamp.
    return cache.get_or_set(STAMP_KEY, time.time_ns, timeout=None)


def bump_reference_data_stamp(**kwargs):
    cache.set(STAMP_KEY, time.time_ns(), timeout=None)


def connect_signals():
    from .models import Company, ComponentCategory, Fact, Source, SupplyRelationship

    # Relationships too: a scenario page's evidence coverage reads their status and grade.
    for model in (Company, ComponentCategory, Source, Fact, SupplyRelationship):
        post_save.connect(
            bump_reference_data_stamp, sender=model, dispatch_uid=f"stamp-save-{model.__name__}"
        )
        post_delete.connect(
            bump_reference_data_stamp, sender=model, dispatch_uid=f"stamp-del-{model.__name__}"
        )
