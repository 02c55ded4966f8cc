"""Settings for the test suite (pytest)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# live_server serves static files through the finders, which know no
# manifest-hashed names, so the browser tests need plain storage.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Static files come from the finders in tests; there is no collectstatic output.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# A file, not memory, for the SQLite test database, so tests with real threads
# meet the same locking as a deployment.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"partnership-test-{os.getpid()}.sqlite3")
    }

# The write storm and the property-based tests post hundreds of creates in a
# minute; tests of the limits set their own small rates.
SCENARIO_WRITE_RATES = {"create": "100000/m", "clone": "100000/m", "share": "100000/m", "api": "100000/m"}
