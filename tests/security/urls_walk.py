"""Every named URL of the app, reversed with real arguments, found by walking
the URL configuration itself: a URL added later is covered without anyone
remembering to list it."""

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Sample values for each kind of URL argument, filled in by the caller.
ARGUMENT_NAMES = {
    "pk",
    "number",
    "share_id",
    "link_id",
    "token",
    "slug",
    "pipeline_pk",
    "deal_pk",
    "case_pk",
    "scenario_pk",
    "pipeline_share_pk",
}


def named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def arguments_of(pattern):
    return list(pattern.pattern.converters)


def app_urls(values):
    """(name, url, argument names) for every named URL outside the admin and the
    JSON API. The API answers 401, 405 and 422 where pages redirect or show a
    form: tests/api walks its every operation for every kind of user
    (test_access_matrix.py) and fuzzes it from its schema (test_schema_fuzz.py)."""
    for name, pattern in named_patterns():
        if name.startswith(("admin:", "api:")):
            continue
        args = arguments_of(pattern)
        unknown = set(args) - ARGUMENT_NAMES
        assert not unknown, f"{name} takes {unknown}: teach the security tests a sample value"
        yield name, reverse(name, kwargs={arg: values[arg] for arg in args}), args
