import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# Import every view now (resolving the URLconf does) and exempt what the
# process has built so far from garbage collection: it lives as long as the
# process, and walking it made each full collection a 30 ms pause that every
# queued request waited through (bench/README.md, "Garbage collection").
get_resolver().url_patterns  # noqa: B018  (the import is the point)
gc.collect()
gc.freeze()
